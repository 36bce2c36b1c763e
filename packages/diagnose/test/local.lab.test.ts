import { describeLab } from '@netcheck/netlab/vitest';
import { expect, it } from 'vitest';

interface Out {
  version: number;
  findings: Array<{ check: string; state: string; severity: string; text: string }>;
}
/** A problem reads as its severity, anything else as its state. */
const severities = (o: Out) =>
  Object.fromEntries(o.findings.map((f) => [f.check, f.state === 'problem' ? f.severity : f.state]));

describeLab('netcheck with no target, on a healthy client', { scenario: 'standard' }, (lab) => {
  it('checks interfaces, pings the default gateway and finds the resolver answering', async () => {
    const r = await lab().cli('client', ['--json']);
    expect(r.exitCode).toBe(0);
    const out = JSON.parse(r.stdout) as Out;
    expect(out.version).toBe(2);
    expect(severities(out)).toEqual({ interfaces: 'fine', gateway: 'fine', resolvers: 'fine', sockets: 'fine' });
    expect(out.findings.find((f) => f.check === 'gateway')!.text).toMatch(
      /^gateway 10\.0\.1\.1 \(to-r1\) answers ping/,
    );
    const human = await lab().cli('client', []);
    expect(human.stdout).toContain('this machine looks healthy');
    expect(human.stdout).not.toMatch(/\u001b\[/); // no colour when not a terminal
  });
});

describeLab('netcheck with no target, first resolver dead', { scenario: 'dead-resolver' }, (lab) => {
  it('names the resolver that does not answer, and exits 1', async () => {
    const r = await lab().cli('client', ['--json']);
    expect(r.exitCode).toBe(1);
    const out = JSON.parse(r.stdout) as Out;
    expect(severities(out)).toEqual({ interfaces: 'fine', gateway: 'fine', resolvers: 'warning', sockets: 'fine' });
    expect(out.findings.find((f) => f.check === 'resolvers')!.text).toMatch(/^resolver 10\.0\.4\.3 does not answer/);
  });
});

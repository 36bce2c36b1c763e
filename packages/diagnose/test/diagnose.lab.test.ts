import type { Lab } from '@netcheck/netlab';
import { describeLab } from '@netcheck/netlab/vitest';
import { expect, it } from 'vitest';
import type { DiagnosisReport } from '../src/index.js';
import { schemaErrors } from './schema.js';

async function run(lab: () => Lab, args: string[]): Promise<{ code: number | undefined; report: DiagnosisReport }> {
  const r = await lab().cli('client', [...args, '--json']);
  let report: DiagnosisReport;
  try {
    report = JSON.parse(r.stdout) as DiagnosisReport;
  } catch {
    throw new Error(`not JSON (exit ${r.exitCode}): ${r.stdout.slice(0, 300)} ${r.stderr.slice(0, 300)}`);
  }
  expect(schemaErrors(report)).toEqual([]);
  return { code: r.exitCode, report };
}
const ids = (r: DiagnosisReport) => r.findings.map((f) => f.id);
const texts = (r: DiagnosisReport) => r.findings.map((f) => f.title).join('\n');

describeLab('netcheck <target> on the standard lab', { scenario: 'standard' }, (lab) => {
  it('healthy: resolves, answers ping 3 routers away, port 80 connects; exit 0', async () => {
    const { code, report } = await run(lab, ['web.lab:80']);
    expect(code).toBe(0);
    expect(report.category).toBe('healthy');
    expect(report.headline).toMatch(/^web\.lab resolves to 10\.0\.4\.2, answers ping \(3 routers away, \d+ ms\), port 80 accepts connections/);
    expect((report.results.path as { status: string }).status).toBe('skipped');
  });

  it('NXDOMAIN', async () => {
    const { code, report } = await run(lab, ['nosuch.lab']);
    expect(code).toBe(1);
    expect(report.category).toBe('nxdomain');
    expect(report.headline).toBe('nosuch.lab does not exist (NXDOMAIN)');
  });

  it('port refused: the host answered, nothing listens', async () => {
    const { report } = await run(lab, ['web.lab:81']);
    expect(report.category).toBe('refused');
    expect(report.headline).toBe('web.lab resolves and answers ping, but nothing listens on port 81: connection refused by 10.0.4.2');
  });

  it('port filtered: dropped, and the path is clean', async () => {
    const { report } = await run(lab, ['http://web.lab:82/']);
    expect(report.category).toBe('filtered');
    expect(ids(report)).toContain('connect-etimedout');
    expect(ids(report)).not.toContain('path-link-loss');
    // the TCP trace to port 82 shows where the SYNs vanish: past the last router, at the server's firewall
    expect(texts(report)).toContain('TCP packets to web.lab port 82 vanish after hop 3 (10.0.3.2), the last to answer');
  });

  it('admin-prohibited port', async () => {
    const { report } = await run(lab, ['web.lab:83']);
    expect(report.category).toBe('prohibited');
    expect(report.headline).toBe('web.lab resolves and answers ping, but port 83 is refused by a firewall: 10.0.4.2 at hop 4 says communication administratively prohibited');
  });

  it('host unreachable at a router: names 10.0.3.2 at hop 3', async () => {
    const { report } = await run(lab, ['10.0.5.1']);
    expect(report.category).toBe('unreachable');
    expect(report.headline).toBe('10.0.5.1 is unreachable: 10.0.3.2 at hop 3 says host unreachable');
  });

  it('blackholed destination: names the last hop that answered (10.0.2.2)', async () => {
    const { report } = await run(lab, ['10.0.5.3']);
    expect(report.category).toBe('blackhole');
    expect(report.headline).toBe('10.0.5.3 does not answer: packets to 10.0.5.3 vanish after hop 2 (10.0.2.2), the last to answer');
  });

  it('local TIME_WAIT exhaustion toward the target', async () => {
    // 200 ephemeral ports, then 170 short connections to the server closed from our side: each leaves a TIME_WAIT.
    await lab().exec('client', 'sysctl', ['-qw', 'net.ipv4.ip_local_port_range=40000 40199']);
    try {
      const made = await lab().nodeScript('client', `
        import net from 'node:net';
        let ok = 0;
        for (let batch = 0; batch < 17; batch++) await Promise.all(Array.from({ length: 10 }, () => new Promise((res) => {
          const s = net.connect(80, '10.0.4.2', () => { ok++; s.end(); });
          s.on('close', res); s.on('error', res);
        })));
        console.log(ok);`);
      expect(Number(made.stdout)).toBeGreaterThanOrEqual(150);
      const { report } = await run(lab, ['web.lab:80']);
      expect(report.category).toBe('local-ports');
      expect(report.headline).toMatch(/^web\.lab cannot be reached from here: /);
      expect(texts(report)).toMatch(/TIME_WAIT/);
    } finally {
      await lab().exec('client', 'sysctl', ['-qw', 'net.ipv4.ip_local_port_range=32768 60999']);
    }
  });
});

describeLab('netcheck <target> with a dead first resolver', { scenario: 'dead-resolver' }, (lab) => {
  it('still resolves through the second, and names the dead one', async () => {
    const { report } = await run(lab, ['web.lab:80']);
    expect(report.category).toBe('degraded');
    expect(report.results.address).toBe('10.0.4.2');
    expect(ids(report)).toContain('dns-timeout');
    expect(texts(report)).toContain('10.0.4.3 did not answer; 10.0.4.2 did');
  });
});

describeLab('netcheck <target> with resolvers that disagree', { scenario: 'disagree' }, (lab) => {
  it('says they disagree, with both answers', async () => {
    const { report } = await run(lab, ['web.lab:80']);
    expect(report.category).toBe('degraded');
    expect(texts(report)).toContain('resolvers disagree on web.lab: 10.0.4.2 → 10.0.4.2; 10.0.4.4 → 10.0.4.66');
  });
});

describeLab('netcheck <target> over the lossy link', { scenario: 'lossy' }, (lab) => {
  it('--deep names the lossy link, not the rate-limited r1', async () => {
    const { report } = await run(lab, ['10.0.4.2', '--deep']);
    expect(report.category).toBe('lossy-path');
    // The link is named first, or, when the rounds within the step's budget cannot yet tell it from the next
    // one (4 and 15 of 100 lost behind it, as in one CI run), named beside it: never a wrong link alone.
    expect(report.headline).toMatch(/^10\.0\.4\.2 is reachable but packets are lost on the way: forwarding loss starts on the link (10\.0\.2\.2 → 10\.0\.3\.2: |.*\(or on the link 10\.0\.2\.2 → 10\.0\.3\.2: the rounds so far cannot tell which\)$)/);
    expect(texts(report)).not.toMatch(/10\.0\.1\.1/);
  });
});

describeLab('netcheck <target> past a rate-limited router', { scenario: 'ratelimited' }, (lab) => {
  it('is healthy; r1 is not blamed', async () => {
    const { report } = await run(lab, ['10.0.4.2', '--deep']);
    expect(report.category, JSON.stringify(report.findings)).toBe('healthy');
    expect(report.findings.filter((f) => f.severity !== 'info')).toEqual([]);
  });
});

describeLab('netcheck <target> past a silent router', { scenario: 'silent' }, (lab) => {
  it('is healthy; r2 is not blamed', async () => {
    const { report } = await run(lab, ['10.0.4.2', '--deep']);
    expect(report.category, JSON.stringify(report.findings)).toBe('healthy');
    expect(report.findings.filter((f) => f.severity !== 'info')).toEqual([]);
  });
});

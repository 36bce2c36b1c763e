import type { Lab } from '@netcheck/netlab';
import { describeLab } from '@netcheck/netlab/vitest';
import { expect, it } from 'vitest';
import type { NameResolution, QueryResult } from '@netcheck/dns';

/** resolveName inside the client namespace; `tookMs` is measured around the call (the process may outlive it). */
async function resolveInClient(lab: () => Lab, name: string): Promise<NameResolution & { tookMs: number }> {
  const code = [
    "import { resolveName } from '@netcheck/dns';",
    'const t0 = performance.now();',
    `const r = await resolveName(${JSON.stringify(name)});`,
    'console.log(JSON.stringify({ ...r, tookMs: performance.now() - t0 }));',
    // getaddrinfo may still be waiting on its thread: do not let it hold the answer back.
    'process.exit(0);',
  ].join('\n');
  const r = await lab().nodeScript('client', code);
  if (r.exitCode !== 0) throw new Error(`snippet failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as NameResolution & { tookMs: number };
}

/** `getent ahosts NAME` timed in the client: what applications wait, measured independently of our code. */
async function timeGetent(lab: () => Lab, name: string): Promise<{ ms: number; stdout: string }> {
  const t0 = performance.now();
  const r = await lab().exec('client', 'getent', ['ahosts', name]);
  return { ms: performance.now() - t0, stdout: r.stdout };
}

const outcome = (r: QueryResult | undefined) => (r?.ok ? r.response.rcode : r?.reason);
const resolverStates = (r: NameResolution) =>
  r.resolvers.map((v) => `${v.server} A:${outcome(v.a?.result)} AAAA:${outcome(v.aaaa?.result)}`);

describeLab('resolveName on a clean lab', { scenario: 'standard' }, (lab) => {
  it('web.lab: A and AAAA, getaddrinfo agrees, no warning, in about 100 ms', async () => {
    const r = await resolveInClient(lab, 'web.lab');
    console.log(
      `[standard] resolveName web.lab ${Math.round(r.tookMs)} ms; getaddrinfo ${JSON.stringify(r.system)}; ` +
        `tryFirst ${JSON.stringify(r.tryFirst)}`,
    );
    expect(resolverStates(r)).toEqual(['10.0.4.2 A:NOERROR AAAA:NOERROR']);
    expect(r.system.state).toBe('answered');
    expect(r.addresses).toEqual({ v4: ['10.0.4.2'], v6: ['fd0c:4::2'], source: 'system' });
    expect(r.exists).toBe('yes');
    expect(r.verdict.status).toBe('answer');
    expect(r.findings).toEqual([]);
    expect(r.tryFirst?.address).toBe(r.system.state === 'answered' ? r.system.addresses[0]?.address : undefined);
    expect(r.tookMs).toBeLessThan(300);
  });

  it('a name that does not exist: NXDOMAIN for both types, after both search candidates', async () => {
    const r = await resolveInClient(lab, 'nosuch');
    expect(r.candidates).toEqual(['nosuch.lab', 'nosuch']);
    expect(r).toMatchObject({ exists: 'no', verdict: { status: 'nxdomain' }, addresses: { v4: [], v6: [] } });
    expect(r.system).toMatchObject({ state: 'failed' });
  });
});

describeLab(
  'resolveName behind a silent first resolver, with glibc default options',
  { scenario: 'dead-resolver' },
  (lab) => {
    it('answers from 10.0.4.2 within 3 s and says every lookup waits 5 s because of 10.0.4.3', async () => {
      const getent = await timeGetent(lab, 'web.lab');
      console.log(`[dead-resolver] getent ahosts web.lab took ${Math.round(getent.ms)} ms`);
      expect(getent.stdout).toContain('10.0.4.2');
      expect(getent.ms).toBeGreaterThan(4900); // glibc: timeout 5 s on 10.0.4.3, then 10.0.4.2
      expect(getent.ms).toBeLessThan(6500);

      const r = await resolveInClient(lab, 'web.lab');
      console.log(
        `[dead-resolver] resolveName web.lab ${Math.round(r.tookMs)} ms; getaddrinfo ${JSON.stringify(r.system)}`,
      );
      expect(r.resolvConf).toMatchObject({ timeoutMs: 5000, attempts: 2 });
      expect(r.tookMs).toBeLessThan(3000);
      expect(resolverStates(r)).toEqual(['10.0.4.3 A:timeout AAAA:timeout', '10.0.4.2 A:NOERROR AAAA:NOERROR']);
      const slowEnough = r.system.state === 'slow' || (r.system.state === 'answered' && r.system.durationMs >= 5000);
      expect(slowEnough).toBe(true);
      expect(r.addresses).toMatchObject({ v4: ['10.0.4.2'], v6: ['fd0c:4::2'] });
      expect(r.exists).toBe('yes');
      expect(r.verdict.status).toBe('answer');
      const slow = r.findings.find((f) => f.id === 'slow-system-lookup');
      expect(slow).toMatchObject({ severity: 'warning', servers: ['10.0.4.3'] });
      expect(slow?.title).toBe(
        'every lookup waits 5 s: 10.0.4.3 does not answer; fix or remove it, or set `options timeout:1`',
      );
      expect(slow?.evidence.join('\n')).toMatch(/10\.0\.4\.2: web\.lab A 10\.0\.4\.2 in \d+ ms/);
      expect(r.findings.find((f) => f.id === 'timeout')).toMatchObject({
        servers: ['10.0.4.3'],
        severity: 'warning',
      });
    });
  },
);

describeLab(
  'resolveName with a resolver that answers NXDOMAIN to A for an AAAA-only name',
  { scenario: 'aaaa-only' },
  (lab) => {
    it('v6only.lab exists, with its IPv6 address, and the broken resolver is named', async () => {
      const getent = await timeGetent(lab, 'v6only.lab');
      console.log(
        `[aaaa-only] getent ahosts v6only.lab: ${getent.stdout.split('\n')[0]} (${Math.round(getent.ms)} ms)`,
      );
      const r = await resolveInClient(lab, 'v6only.lab');
      console.log(`[aaaa-only] resolveName ${Math.round(r.tookMs)} ms; getaddrinfo ${JSON.stringify(r.system)}`);
      expect(resolverStates(r)).toEqual(['10.0.4.5 A:NXDOMAIN AAAA:NOERROR']);
      expect(r.exists).toBe('yes');
      expect(r.addresses.v6).toEqual(['fd0c:4::2']);
      expect(r.addresses.v4).toEqual([]);
      expect(r.verdict.status).toBe('answer');
      expect(r.tryFirst).toMatchObject({ address: 'fd0c:4::2', family: 6 });
      const f = r.findings.find((x) => x.id === 'nxdomain-for-type');
      expect(f?.title).toBe(
        '10.0.4.5 answers NXDOMAIN for v6only.lab A although it has AAAA fd0c:4::2: a broken resolver ' +
          '(RFC 8020: NXDOMAIN means no record of any type); applications that ask for A only will fail',
      );
      expect(f?.severity).toBe('warning');
    });
  },
);

import { LAB_ADDR } from '@netcheck/netlab';
import { describeLab } from '@netcheck/netlab/vitest';
import { expect, it } from 'vitest';

/** Run the library inside the client namespace and return what the snippet printed as JSON. */
async function inClient<T>(lab: () => import('@netcheck/netlab').Lab, code: string): Promise<T> {
  const r = await lab().nodeScript(
    'client',
    `import * as dns from '@netcheck/dns';\n` +
      `const out = await (async () => { ${code} })();\nconsole.log(JSON.stringify(out));`,
  );
  if (r.exitCode !== 0) throw new Error(`snippet failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as T;
}

describeLab('the DNS client against dnsmasq', { scenario: 'standard' }, (lab) => {
  it('every record type', async () => {
    const got = await inClient<Record<string, string[]>>(
      lab,
      `
      const out = {};
      for (const [name, type] of [['web.lab','A'],['web.lab','AAAA'],['www.lab','CNAME'],['lab','MX'],['web.lab','TXT'],['lab','SOA'],['_http._tcp.lab','SRV'],['2.4.0.10.in-addr.arpa','PTR'],['lab','CAA'],['web.lab','TYPE65']]) {
        const t = dns.parseRecordType(type);
        const r = await dns.query(name, { server: '${LAB_ADDR.server}', type: t.wire });
        out[type] = r.ok ? [r.response.rcode, ...r.response.answers.map((a) => a.type + ' ' + a.data)] : [r.reason];
      }
      return out;`,
    );
    expect(got.A).toEqual(['NOERROR', 'A 10.0.4.2']);
    expect(got.AAAA).toEqual(['NOERROR', 'AAAA fd0c:4::2']);
    expect(got.CNAME).toEqual(['NOERROR', 'CNAME alias.lab.']);
    expect(got.MX).toEqual(['NOERROR', 'MX 10 mail.lab.']);
    expect(got.TXT).toEqual(['NOERROR', 'TXT "netcheck lab web server"']);
    expect(got.SRV).toEqual(['NOERROR', 'SRV 0 10 80 web.lab.']);
    expect(got.PTR).toEqual(['NOERROR', 'PTR web.lab.']);
    expect(got.CAA).toEqual(['NOERROR', 'CAA 0 issue "letsencrypt.org"']);
    expect(got.SOA![0]).toBe('NOERROR');
    expect(got.TYPE65).toEqual(['NOERROR']); // a type by number: asked and answered (NODATA)
  });

  it('follows a CNAME chain step by step, applies the search list and agrees with getaddrinfo', async () => {
    const r = await inClient<{
      candidates: string[];
      chain: Array<{ from: string; to: string }>;
      verdict: { status: string; text: string };
      system: { addresses: string[] };
      answered: string;
    }>(
      lab,
      `
      const r = await dns.lookup('www');
      return { candidates: r.candidates, chain: r.resolvers[0].chain, verdict: r.verdict, system: r.system, answered: r.resolvers[0].candidate };`,
    );
    expect(r.candidates).toEqual(['www.lab', 'www']);
    expect(r.answered).toBe('www.lab');
    expect(r.chain.map((c) => `${c.from}>${c.to}`)).toEqual(['www.lab.>alias.lab.', 'alias.lab.>web.lab.']);
    expect(r.verdict.status).toBe('answer');
    expect(r.system.addresses).toEqual(['10.0.4.2']);
  });

  it('NXDOMAIN, explained with the candidates tried', async () => {
    const r = await inClient<{ status: string; text: string }>(lab, `return (await dns.lookup('nosuch')).verdict;`);
    expect(r.status).toBe('nxdomain');
    expect(r.text).toContain('(tried nosuch.lab, nosuch)');
  });

  it('a truncated answer is retried over TCP', async () => {
    const r = await inClient<{ ok: boolean; transport: string; retried: boolean; size: number }>(
      lab,
      `
      const r = await dns.query('big.lab', { server: '${LAB_ADDR.server}', type: 'TXT', ednsUdpSize: null });
      return { ok: r.ok, transport: r.transport, retried: r.retriedOverTcp, size: r.response?.sizeBytes };`,
    );
    expect(r).toMatchObject({ ok: true, transport: 'tcp', retried: true });
    expect(r.size).toBeGreaterThan(512);
  });

  it('/etc/hosts overriding DNS is said', async () => {
    const r = await inClient<{ hosts: string[]; findings: Array<{ text: string }> }>(
      lab,
      `const r = await dns.lookup('override.lab'); return { hosts: r.hosts, findings: r.findings };`,
    );
    expect(r.hosts).toEqual(['10.0.4.77']);
    expect(r.findings.map((f) => f.text).join()).toContain(
      '/etc/hosts overrides DNS for override.lab: the system uses 10.0.4.77',
    );
  });

  it('the CLI: dig-like sections, --short, --json, exit codes', async () => {
    const r = await lab().cli('client', ['dns', 'www', 'A']);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain(';; ANSWER SECTION:');
    expect(r.stdout).toMatch(/^web\.lab\.\s+\d+\s+IN\s+A\s+10\.0\.4\.2$/m);
    expect(r.stdout).toContain(';; CNAME chain: www.lab. → alias.lab. → web.lab.');
    expect((await lab().cli('client', ['dns', '-x', '10.0.4.2', '--short'])).stdout).toBe('web.lab.\n');
    const nx = await lab().cli('client', ['dns', 'nosuch.lab', '--json']);
    expect(nx.exitCode).toBe(1);
    expect(JSON.parse(nx.stdout)).toMatchObject({ verdict: { status: 'nxdomain' } });
    const bad = await lab().cli('client', ['dns', 'web.lab', '@not_a;server']);
    expect(bad.exitCode).toBe(2);
  });
});

describeLab('a dead resolver beside a working one', { scenario: 'dead-resolver' }, (lab) => {
  it('falls over to the second as the system does (one 5 s try on glibc defaults), and names the dead one', async () => {
    const r = await inClient<{
      verdict: { status: string };
      servers: string[];
      findings: Array<{ kind: string; servers: string[] }>;
      ms: number;
      detail: string;
      system: unknown;
    }>(
      lab,
      `
      const t0 = performance.now();
      const r = await dns.lookup('web.lab');
      const ms = performance.now() - t0;
      return { ms, detail: r.resolvers[0].result.detail, system: r.system, verdict: r.verdict, servers: r.resolvers.map((v) => v.server + ':' + (v.result.ok ? 'ok' : v.result.reason)), findings: r.findings };`,
    );
    expect(r.servers).toEqual(['10.0.4.3:timeout', '10.0.4.2:ok']);
    // glibc's own order: 10.0.4.3 gets one try of the default 5 s, then 10.0.4.2 answers; getaddrinfo waits as long, beside it.
    expect(r.detail).toBe('no answer within 5000 ms');
    expect(r.ms).toBeGreaterThan(4900);
    expect(r.ms).toBeLessThan(7000);
    expect(r.system).toEqual({ addresses: ['10.0.4.2'] });
    expect(r.verdict.status).toBe('answer');
    expect(r.findings).toEqual([expect.objectContaining({ kind: 'timeout', servers: ['10.0.4.3'] })]);
  });
});

describeLab('two resolvers that disagree', { scenario: 'disagree' }, (lab) => {
  it('--all-resolvers finds the disagreement and the NXDOMAIN rewriting', async () => {
    const web = await lab().cli('client', ['dns', 'web.lab', '--all-resolvers', '--json']);
    expect(web.exitCode).toBe(1);
    expect(JSON.parse(web.stdout).findings).toEqual([
      expect.objectContaining({
        kind: 'disagree',
        text: 'resolvers disagree on web.lab: 10.0.4.2 → 10.0.4.2; 10.0.4.4 → 10.0.4.66',
      }),
    ]);
    const nx = await lab().cli('client', ['dns', 'nosuch.lab', '--all-resolvers']);
    expect(nx.stdout).toMatch(
      /critical: 10\.0\.4\.4 answers nosuch\.lab with 10\.0\.4\.99 while 10\.0\.4\.2 says it does not exist: NXDOMAIN rewriting/,
    );
  });
});

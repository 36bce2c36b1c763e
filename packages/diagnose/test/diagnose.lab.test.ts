import type { Lab } from '@netcheck/netlab';
import { describeLab } from '@netcheck/netlab/vitest';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import type { DiagnosisReport } from '../src/index.js';
import { schemaErrors } from './schema.js';

interface Want {
  category: DiagnosisReport['category'];
  code: number;
  headline?: RegExp;
}

/** The CLI's JSON report and exit code, validated against the schema. */
async function viaCli(lab: () => Lab, args: string[]): Promise<{ code: number | undefined; report: DiagnosisReport }> {
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

/** The library's report for the same target, with the exit code the CLI would give it. */
async function viaLibrary(
  lab: () => Lab,
  target: string,
  deep: boolean,
): Promise<{ code: number; report: DiagnosisReport }> {
  const r = await lab().nodeScript(
    'client',
    `import { diagnose, exitCodeForDiagnosis } from '@netcheck/diagnose';
     const report = await diagnose(${JSON.stringify(target)}, { deep: ${deep} });
     console.log(JSON.stringify({ code: exitCodeForDiagnosis(report), report }));`,
  );
  try {
    return JSON.parse(r.stdout) as { code: number; report: DiagnosisReport };
  } catch {
    throw new Error(`library run failed (exit ${r.exitCode}): ${r.stdout.slice(0, 300)} ${r.stderr.slice(0, 500)}`);
  }
}

/** Run a target through the CLI and the library; both must give the category, the exit code and the headline. */
async function check(lab: () => Lab, args: string[], want: Want): Promise<DiagnosisReport> {
  const cli = await viaCli(lab, args);
  const lib = await viaLibrary(lab, args[0]!, args.includes('--deep'));
  for (const [how, x] of [
    ['cli', cli],
    ['library', lib],
  ] as const) {
    const why = `${how}: ${x.report.headline}\n${JSON.stringify(x.report.facts)}`;
    expect(x.report.category, why).toBe(want.category);
    expect(x.code, why).toBe(want.code);
    if (want.headline) expect(x.report.headline, why).toMatch(want.headline);
  }
  return cli.report;
}
const ids = (r: DiagnosisReport) => r.findings.map((f) => f.id);
const texts = (r: DiagnosisReport) => r.findings.map((f) => f.title).join('\n');

describeLab('netcheck <target> on the standard lab', { scenario: 'standard' }, (lab) => {
  it('healthy by name: the address getaddrinfo gives first, ping, 3 handshakes, loss bounded, 1500-byte packets; exit 0', async () => {
    const r = await check(lab, ['web.lab:80'], {
      category: 'healthy',
      code: 0,
      headline:
        /^web\.lab resolves to (fd0c:4::2 \(IPv6; also 10\.0\.4\.2\)|10\.0\.4\.2 \(IPv4; also fd0c:4::2\)), answers ping \(3 routers away, \d+ ms\), port 80 accepts connections \(\d+ ms\), 0 of 60 lost: loss below 5% \(95%\), 1500-byte packets pass$/,
    });
    expect(r.results.path).toMatchObject({ status: 'not-run' });
    expect(r.results['tcp-loss']).toMatchObject({ status: 'not-run' });
    expect(r.facts.filter((f) => f.state !== 'fine').map((f) => f.step)).toEqual(['tcp-loss', 'path']);
  });

  it('healthy over IPv4 and over IPv6 literals, and an http URL fetched whole', async () => {
    await check(lab, ['10.0.4.2:80'], {
      category: 'healthy',
      code: 0,
      headline: /^10\.0\.4\.2 answers ping \(3 routers away/,
    });
    await check(lab, ['[fd0c:4::2]:80'], {
      category: 'healthy',
      code: 0,
      headline: /^fd0c:4::2 answers ping \(3 routers away/,
    });
    const r = await check(lab, ['http://web.lab/'], {
      category: 'healthy',
      code: 0,
      headline: /HTTP 200, 65536 bytes in \d+ ms$/,
    });
    expect(ids(r)).toContain('http-ok');
  });

  it('--deep on kernel defaults: every router rate-limits its answers, none is blamed, the path is clean', async () => {
    const r = await check(lab, ['10.0.4.2', '--deep'], { category: 'healthy', code: 0 });
    expect(r.results.path).toMatchObject({ status: 'done' });
    expect(r.findings.filter((f) => f.severity !== 'info')).toEqual([]);
  });

  it("the connect time is the network's: within 5 ms of curl's time_connect on the same path", async () => {
    const curl = [];
    for (let i = 0; i < 3; i++) {
      const c = await lab().exec('client', 'curl', [
        '-s',
        '-o',
        '/dev/null',
        '-w',
        '%{time_connect}',
        'http://10.0.4.2/',
      ]);
      curl.push(Number(c.stdout) * 1000);
    }
    const curlMs = curl.sort((a, b) => a - b)[1]!;
    const { report } = await viaCli(lab, ['10.0.4.2:80']);
    const c = report.results.connect;
    if (c?.status !== 'done') throw new Error(`connect ${JSON.stringify(c)}`);
    expect(c.value.samplesMs).toHaveLength(3);
    expect(Math.abs(c.value.ms - curlMs), `netcheck ${c.value.ms} ms, curl ${curl.join(', ')} ms`).toBeLessThan(5);
    expect(ids(report)).not.toContain('connect-slow');
  });

  it('NXDOMAIN', async () => {
    await check(lab, ['nosuch.lab'], {
      category: 'nxdomain',
      code: 1,
      headline: /^nosuch\.lab does not exist \(NXDOMAIN\)$/,
    });
  });

  it('port refused: the host answered, nothing listens (IPv4 and IPv6)', async () => {
    await check(lab, ['10.0.4.2:81'], {
      category: 'refused',
      code: 1,
      headline: /^10\.0\.4\.2 answers ping, but nothing listens on port 81: connection refused by 10\.0\.4\.2$/,
    });
    await check(lab, ['web.lab:81'], {
      category: 'refused',
      code: 1,
      headline:
        /^web\.lab resolves and answers ping, but nothing listens on port 81: connection refused by (fd0c:4::2|10\.0\.4\.2)$/,
    });
  });

  it('port filtered: dropped at the server; the TCP trace shows where the SYNs vanish', async () => {
    const r = await check(lab, ['http://10.0.4.2:82/'], {
      category: 'filtered',
      code: 1,
      headline: /port 82 does not answer: it is filtered/,
    });
    expect(ids(r)).not.toContain('mtr-link-loss');
    expect(texts(r)).toContain('TCP packets to 10.0.4.2 port 82 vanish after hop 3 (10.0.3.2), the last to answer');
  });

  it('admin-prohibited port, over IPv4 (EHOSTUNREACH) and IPv6 (EACCES)', async () => {
    await check(lab, ['10.0.4.2:83'], {
      category: 'prohibited',
      code: 1,
      headline:
        /^10\.0\.4\.2 answers ping, but port 83 is refused by a firewall: 10\.0\.4\.2 at hop 4 says communication administratively prohibited$/,
    });
    await check(lab, ['[fd0c:4::2]:83'], {
      category: 'prohibited',
      code: 1,
      headline: /^fd0c:4::2 answers ping, but port 83 is refused by a firewall/,
    });
  });

  it('host unreachable at a router: names the router at hop 3 (IPv4 and IPv6)', async () => {
    await check(lab, ['10.0.5.1'], {
      category: 'unreachable',
      code: 1,
      headline: /^10\.0\.5\.1 is unreachable: 10\.0\.3\.2 (at hop 3 says host unreachable|says)/,
    });
    await check(lab, ['fd0c:5::1'], {
      category: 'unreachable',
      code: 1,
      headline: /^fd0c:5::1 is unreachable: fd0c:3::2/,
    });
  });

  it('blackholed destination: names the last hop that answered (10.0.2.2)', async () => {
    await check(lab, ['10.0.5.3'], {
      category: 'blackhole',
      code: 1,
      headline:
        /^10\.0\.5\.3 does not answer: packets to 10\.0\.5\.3 vanish after hop 2 \(10\.0\.2\.2\), the last to answer$/,
    });
  });

  it('a required tool that cannot run (no ping on PATH): exit 3, never healthy', async () => {
    // `ip netns exec` needs the PATH; the CLI inside it gets one where no tool is found.
    const bin = fileURLToPath(new URL('../../cli/dist/bin.js', import.meta.url));
    const run = await lab().exec('client', '/usr/bin/env', [
      'PATH=/nonexistent',
      'FORCE_COLOR=0',
      process.execPath,
      bin,
      '10.0.4.2:80',
      '--json',
    ]);
    const code = run.exitCode;
    const report = JSON.parse(run.stdout) as DiagnosisReport;
    expect(schemaErrors(report)).toEqual([]);
    expect(code).toBe(3);
    expect(report.category).not.toBe('healthy');
    expect(report.results.ping).toMatchObject({ status: 'failed', failure: { reason: 'tool-missing' } });
    expect(report.findings[0]).toMatchObject({ id: 'step-failed', severity: 'critical' });
  });

  it('local TIME_WAIT exhaustion toward the target', async () => {
    // 200 ephemeral ports, then 170 short connections to the server closed from our side: each leaves a TIME_WAIT.
    await lab().exec('client', 'sysctl', ['-qw', 'net.ipv4.ip_local_port_range=40000 40199']);
    try {
      const made = await lab().nodeScript(
        'client',
        `
        import net from 'node:net';
        let ok = 0;
        for (let batch = 0; batch < 17; batch++) await Promise.all(Array.from({ length: 10 }, () => new Promise((res) => {
          const s = net.connect(80, '10.0.4.2', () => { ok++; s.end(); });
          s.on('close', res); s.on('error', res);
        })));
        console.log(ok);`,
      );
      expect(Number(made.stdout)).toBeGreaterThanOrEqual(150);
      const { report } = await viaCli(lab, ['10.0.4.2:80']);
      expect(report.category).toBe('local-ports');
      expect(report.headline).toMatch(/^10\.0\.4\.2 cannot be reached from here: /);
      expect(texts(report)).toMatch(/TIME_WAIT/);
    } finally {
      await lab().exec('client', 'sysctl', ['-qw', 'net.ipv4.ip_local_port_range=32768 60999']);
    }
  });
});

describeLab(
  'netcheck <target> with a dead first resolver and default resolv.conf options',
  { scenario: 'dead-resolver' },
  (lab) => {
    it("names the slow resolution and the dead resolver, keeps the second's answer, within its budget", async () => {
      const t0 = performance.now();
      const r = await check(lab, ['web.lab:80'], {
        category: 'degraded',
        code: 1,
        headline: /^web\.lab works, with a problem: .*10\.0\.4\.3/,
      });
      expect(performance.now() - t0).toBeLessThan(2 * 8000);
      expect(r.durationMs).toBeLessThan(6000);
      expect(r.results.address?.address).toMatch(/^(10\.0\.4\.2|fd0c:4::2)$/);
      expect(ids(r)).toContain('dns-slow-system-lookup');
      expect(texts(r)).toMatch(/every lookup waits 5 s/);
      expect(r.results.connect).toMatchObject({ status: 'done', value: { ok: true } });
    });
  },
);

describeLab('netcheck <target> with resolvers that disagree', { scenario: 'disagree' }, (lab) => {
  it('says they disagree, with both answers', async () => {
    const r = await check(lab, ['web.lab:80'], { category: 'degraded', code: 1 });
    expect(texts(r)).toMatch(/resolvers disagree on web\.lab: .*10\.0\.4\.2.*10\.0\.4\.66/);
  });
});

describeLab('netcheck <target> over the lossy link, without --deep', { scenario: 'lossy' }, (lab) => {
  it('the default run sees the loss (60 echoes) and names the lossy link, not a rate-limiting router', async () => {
    // The link is named first, or, when the rounds within the step's budget cannot yet tell it from the next
    // one, named beside it: never a wrong link alone.
    const r = await check(lab, ['10.0.4.2'], {
      category: 'lossy-path',
      code: 1,
      headline:
        /^10\.0\.4\.2 is reachable but packets are lost on the way: forwarding loss starts on the link (10\.0\.2\.2 → 10\.0\.3\.2: |.*\(or on the link 10\.0\.2\.2 → 10\.0\.3\.2: the rounds so far cannot tell which\)$)/,
    });
    // 10.0.1.1 rate-limits its ICMP: never blamed, and when the rounds saw it, named as information only.
    const blamed = r.findings.filter((f) => f.severity !== 'info');
    expect(blamed.map((f) => `${f.title}\n${f.nextSteps.join('\n')}`).join('\n')).not.toMatch(/10\.0\.1\.1/);
    for (const f of r.findings.filter((x) => x.id === 'mtr-not-blamed'))
      expect(f.title).toMatch(/not a problem for traffic through it|does not answer|rate limiting and loss look alike/);
    expect(ids(r)).toContain('mtr-link-loss');
    expect(r.durationMs).toBeLessThan(10_000);
  });
});

describeLab('netcheck <target> past silent routers and rate limits', { scenario: 'silent' }, (lab) => {
  it('--deep is healthy; the silent r2 is not blamed', async () => {
    const r = await check(lab, ['10.0.4.2', '--deep'], { category: 'healthy', code: 0 });
    expect(r.findings.filter((f) => f.severity !== 'info')).toEqual([]);
  });
});

describeLab('netcheck <target> when the host drops ping', { scenario: 'icmp-filtered' }, (lab) => {
  it('a completed handshake means reachable: ping is filtered (info), loss measured with handshakes, nobody blamed', async () => {
    const r = await check(lab, ['web.lab:80'], {
      category: 'healthy',
      code: 0,
      headline: /port 80 accepts connections \(\d+ ms\), TCP handshakes: 0 of 30 lost: loss below 10% \(95%\)/,
    });
    // The cross-tool finding replaces ping's own "no reply" (critical on its own): ping's title is its evidence.
    expect(ids(r)).toContain('icmp-filtered');
    expect(ids(r)).not.toContain('ping-no-reply');
    expect(r.findings.find((f) => f.id === 'icmp-filtered')?.evidence[0]).toMatch(
      /^ping: no reply from (fd0c:4::2|10\.0\.4\.2) to any of \d+ probes/,
    );
    expect(r.findings.filter((f) => f.severity !== 'info')).toEqual([]);
    expect(r.results.path).toMatchObject({ status: 'not-run' });
  });
  it('without a port: the host answers traceroute, so ping is filtered and loss unmeasured: inconclusive, exit 4', async () => {
    const r = await check(lab, ['10.0.4.2'], {
      category: 'inconclusive',
      code: 4,
      headline: /ping is filtered, so loss was not measured/,
    });
    expect(texts(r)).not.toMatch(/forwarding loss/);
  });
});

describeLab(
  'netcheck <target> for a name with only AAAA behind a resolver that says NXDOMAIN for A',
  { scenario: 'aaaa-only' },
  (lab) => {
    it('the name resolves over IPv6 and works; the resolver that lies about A is named', async () => {
      const r = await check(lab, ['v6only.lab:80'], {
        category: 'degraded',
        code: 1,
        headline: /^v6only\.lab works, with a problem: 10\.0\.4\.5 answers NXDOMAIN for v6only\.lab A/,
      });
      expect(r.results.address).toMatchObject({ address: 'fd0c:4::2', family: 6 });
      expect(r.results.connect).toMatchObject({ status: 'done', value: { ok: true } });
      expect(ids(r)).not.toContain('dns-nxdomain');
    });
  },
);

describeLab('netcheck <target> across a path MTU blackhole', { scenario: 'pmtu-blackhole' }, (lab) => {
  it('ping and connect work, downloads stall: the MTU is named, placed after hop 2, with the fixes', async () => {
    const r = await check(lab, ['http://10.0.4.2/'], {
      category: 'pmtu-blackhole',
      code: 1,
      headline:
        /^10\.0\.4\.2 answers small packets, but packets over 1280 bytes to 10\.0\.4\.2 vanish after hop 2 \(10\.0\.2\.2\) and no "fragmentation needed" comes back/,
    });
    expect(ids(r)).toContain('http-stalled');
    const f = r.findings.find((x) => x.id === 'mtu-blackhole')!;
    expect(f.nextSteps.join('\n')).toMatch(/fragmentation needed.*\n.*clamp TCP MSS/);
  });
  it('over IPv6 too, without a URL', async () => {
    await check(lab, ['fd0c:4::2'], {
      category: 'pmtu-blackhole',
      code: 1,
      headline: /packets over 1280 bytes to fd0c:4::2 vanish/,
    });
  });
});

import type { Capabilities } from '@netcheck/core';
import { ExitCode, NetcheckError, parseTarget } from '@netcheck/core';
import type { NameResolution } from '@netcheck/dns';
import { deriveNameOutcome } from '@netcheck/dns';
import type { PathpingReport } from '@netcheck/pathping';
import { derivePathpingFindings } from '@netcheck/pathping';
import type { PathMtuReport, PingReport } from '@netcheck/ping';
import { derivePathMtuFindings, derivePingFindings } from '@netcheck/ping';
import type { TraceReport } from '@netcheck/traceroute';
import { deriveTraceFindings } from '@netcheck/traceroute';
import { describe, expect, it } from 'vitest';
import { schemaErrors } from '../test/schema.js';
import { diagnose, diagnoseStream } from './diagnose.js';
import { exitCodeForDiagnosis } from './headline.js';
import { makePlan } from './make-plan.js';
import type { Probes } from './probes/index.js';
import type { ConnectResult, DiagnosisEvent, HttpResult } from './types.js';

const caps: Capabilities = {
  platform: 'linux',
  tools: {} as Capabilities['tools'],
  isRoot: true,
  rawSockets: true,
  unprivilegedIcmp: false,
};

describe('makePlan', () => {
  it('resolves names first; connect alone; then ping, MTU, local; handshakes, fetch and the path on conditions', () => {
    const plan = makePlan(parseTarget('http://web.lab/'), caps);
    expect(plan.map((s) => [s.id, s.when, s.dependsOn.join('+'), s.exclusive])).toEqual([
      ['resolve', 'always', '', false],
      ['connect', 'always', 'resolve', true],
      ['ping', 'always', 'resolve', false],
      ['mtu', 'always', 'resolve', false],
      ['http', 'if-connected', 'connect', false],
      ['tcp-loss', 'if-ping-silent', 'ping+connect', true],
      ['local', 'always', 'resolve', false],
      ['path', 'on-trouble', 'resolve+connect+ping+mtu+http+tcp-loss', false],
    ]);
    expect(plan.every((s) => s.budgetMs > 0 && s.why.length > 10)).toBe(true);
    expect(plan.find((s) => s.id === 'ping')!.params).toEqual({ count: 60, intervalMs: 10, timeoutMs: 1000 });
    expect(plan.find((s) => s.id === 'http')!.params).toMatchObject({ url: 'http://web.lab/' });
  });
  it('an address needs no resolution; no port, no connect; --deep always traces; fewer, slower echoes without root', () => {
    const plan = makePlan(parseTarget('10.0.4.2'), { ...caps, isRoot: false, rawSockets: false }, { deep: true });
    expect(plan.map((s) => s.id)).toEqual(['ping', 'mtu', 'local', 'path']);
    expect(plan.find((s) => s.id === 'path')).toMatchObject({ when: 'always', params: { measureLoss: true } });
    expect(plan.find((s) => s.id === 'ping')!.params).toEqual({ count: 10, intervalMs: 200, timeoutMs: 1000 });
  });
});

// Fake probes: each returns only the fields the rules read.
type NameOver = Partial<NameResolution>;
const resolution = (over: NameOver = {}): NameResolution => {
  const r = {
    name: 'web.lab',
    candidates: ['web.lab'],
    resolvConf: undefined,
    resolvers: [
      { server: '10.0.4.2', a: { explanation: { status: 'answer' } }, aaaa: { explanation: { status: 'answer' } } },
    ],
    system: {
      state: 'answered',
      addresses: [
        { address: '10.0.4.2', family: 4 },
        { address: 'fd0c:4::2', family: 6 },
      ],
      durationMs: 12,
    },
    hosts: [],
    addresses: { v4: ['10.0.4.2'], v6: ['fd0c:4::2'], source: 'system' },
    tryFirst: { address: '10.0.4.2', family: 4, why: 'getaddrinfo lists it first' },
    exists: 'yes',
    findings: [],
    verdict: { status: 'answer', text: 'web.lab A: 10.0.4.2, AAAA: fd0c:4::2', nextStep: undefined },
    interrupted: false,
    durationMs: 12,
    ...over,
  } as unknown as NameResolution;
  // The resolution's own finding, made as resolveName makes it.
  return { ...r, outcome: deriveNameOutcome(r) };
};
const pingReport = (kind: PingReport['verdict']['kind'], sent = 60, received = sent) =>
  ({
    summary: { sent, received, avgMs: received ? 31 : undefined, minMs: 30, maxMs: 33, jitterMs: 0.5 },
    hops: received
      ? { hops: 3, initialTtl: 64, osHint: 'Linux/Unix (Linux, macOS, BSD)', confidence: 'high', reasons: [] }
      : undefined,
    verdict: { kind, text: `${kind} text` },
    events: [],
    failure:
      kind === 'failed'
        ? { ok: false, reason: 'tool-missing', detail: 'ping is not installed', hint: 'apt-get install iputils-ping' }
        : undefined,
  }) as unknown as PingReport;
const connect = (code?: string, samplesMs = [31, 30, 32], port = 80): ConnectResult => ({
  address: '10.0.4.2',
  port,
  ok: !code,
  ms: code ? 1900 : 31,
  samplesMs: code ? [] : samplesMs,
  code,
  errno: code ? 111 : undefined,
  meaning: code ? 'meaning' : undefined,
});
const mtu = (pathMtu: PathMtuReport['pathMtu']): PathMtuReport => {
  const r = {
    address: '10.0.4.2',
    family: 4 as const,
    pathMtu,
    probes: [{ packetBytes: 1280, sent: 2, received: 2, tooBig: [] }],
    failure: undefined,
  };
  // ping's findings, made as probePathMtu makes them.
  return { ...r, findings: derivePathMtuFindings(r) } as unknown as PathMtuReport;
};
const trace = (stop: TraceReport['stop']) =>
  ({
    hops: [
      { ttl: 1, responders: [{ address: '10.0.1.1' }], annotations: [], silent: false },
      { ttl: 2, responders: [{ address: '10.0.2.2' }], annotations: [], silent: false },
    ],
    stop,
  }) as unknown as TraceReport;
const cleanPathping = {
  rounds: 10,
  attribution: { trouble: undefined, unplacedLoss: undefined, summary: 'the path is clean', verdicts: [] },
  hops: [],
  failure: undefined,
} as unknown as PathpingReport;
const http = (verdict: HttpResult['verdict']): HttpResult => ({
  transfer: { url: 'http://web.lab/' } as HttpResult['transfer'],
  verdict,
});
/**
 * The tools' findings, made from a fake report the way each tool makes them (the rules read the findings the tools
 * return beside their data).
 */
const toolFindings = (all: Partial<Probes>): Partial<Probes> => ({
  ...all,
  ...(all.ping && {
    ping: async (address, family, p, signal) => {
      const r = await all.ping!(address, family, p, signal);
      return { ...r, findings: derivePingFindings(address, { ...r, command: ['ping'] }) };
    },
  }),
  ...(all.trace && {
    trace: async (address, family, waitMs, tcpPort, signal) => {
      const r = await all.trace!(address, family, waitMs, tcpPort, signal);
      const probe = {
        tool: 'traceroute' as const,
        method: tcpPort ? ('tcp' as const) : ('udp' as const),
        port: tcpPort,
      };
      const facts = { rateLimits: [], hopComparison: undefined, pathLength: undefined, target: address, ...r };
      return { ...r, findings: deriveTraceFindings(facts, probe) };
    },
  }),
  ...(all.pathping && {
    pathping: async (address, family, p, signal) => {
      const r = await all.pathping!(address, family, p, signal);
      return { ...r, findings: derivePathpingFindings({ ...r, target: address }) };
    },
  }),
});
const probes = (over: Partial<Probes>): Partial<Probes> =>
  toolFindings({
    resolve: async () => resolution(),
    ping: async () => pingReport('healthy'),
    connect: async (_a, p) => connect(undefined, undefined, p.port),
    tcpLoss: async () => ({ address: '10.0.4.2', port: 80, sent: 30, answered: 30, lost: 0, samplesMs: [31] }),
    mtu: async () => mtu({ kind: 'full', mtuBytes: 1500 }),
    http: async () => http({ kind: 'complete', text: 'GET / → 200, 65536 bytes in 40 ms' } as HttpResult['verdict']),
    local: async () => ({
      table: '/proc/net/tcp',
      toTarget: { timeWait: 0, synSent: 0, established: 0 },
      ephemeralPorts: 28232,
      findings: [],
    }),
    trace: async () => trace({ kind: 'reached', hop: 4, address: '10.0.4.2' }),
    pathping: async () => cleanPathping,
    locateMtu: async () => undefined,
    ...over,
  });

describe('diagnose with fake probes: each headline category and exit code, every report valid against the schema', () => {
  const unreachable = trace({
    kind: 'unreachable',
    hop: 3,
    by: '10.0.3.2',
    annotation: { code: '!H', kind: 'host-unreachable', meaning: 'host unreachable', terminal: true },
  });
  it.each<[string, string, Partial<Probes>, string, RegExp, number]>([
    [
      'healthy',
      'web.lab:80',
      {},
      'healthy',
      /^web\.lab resolves to 10\.0\.4\.2 \(IPv4; also fd0c:4::2\), answers ping \(3 routers away, 31 ms\), port 80 accepts connections \(31 ms\), 0 of 60 lost: loss below 5% \(95%\), 1500-byte packets pass$/,
      0,
    ],
    [
      'NXDOMAIN',
      'nosuch.lab',
      {
        resolve: async () =>
          resolution({
            name: 'nosuch.lab',
            candidates: ['nosuch.lab'],
            exists: 'no',
            tryFirst: undefined,
            verdict: { status: 'nxdomain', text: 'nosuch.lab does not exist', nextStep: undefined },
          }),
      },
      'nxdomain',
      /^nosuch\.lab does not exist \(NXDOMAIN\)$/,
      1,
    ],
    [
      'refused',
      'web.lab:81',
      { connect: async (_a, p) => connect('ECONNREFUSED', [], p.port) },
      'refused',
      /^web\.lab resolves and answers ping, but nothing listens on port 81: connection refused by 10\.0\.4\.2$/,
      1,
    ],
    [
      'filtered',
      'web.lab:82',
      { connect: async () => connect('ETIMEDOUT') },
      'filtered',
      /port 82 does not answer: it is filtered/,
      1,
    ],
    [
      'prohibited',
      'web.lab:83',
      { connect: async () => connect('EHOSTUNREACH') },
      'prohibited',
      /port 83 is refused by a firewall/,
      1,
    ],
    [
      'unreachable',
      '10.0.5.1',
      { ping: async () => pingReport('unreachable', 60, 0), trace: async () => unreachable },
      'unreachable',
      /10\.0\.3\.2 at hop 3 says host unreachable/,
      1,
    ],
    [
      'blackhole',
      '10.0.5.3',
      {
        ping: async () => pingReport('no-reply', 60, 0),
        mtu: async () => mtu({ kind: 'no-reply' }),
        trace: async () => trace({ kind: 'gave-up', silentHops: 3, lastResponder: { hop: 2, address: '10.0.2.2' } }),
      },
      'blackhole',
      /vanish after hop 2 \(10\.0\.2\.2\)/,
      1,
    ],
    [
      'local ports',
      'web.lab:80',
      {
        local: async () => ({
          table: '/proc/net/tcp',
          toTarget: { timeWait: 150, synSent: 0, established: 0 },
          ephemeralPorts: 200,
          findings: [
            {
              rule: 'ephemeral-port-exhaustion',
              severity: 'critical',
              title: '150 TIME_WAIT toward 10.0.4.2:80 hold 75% of the ephemeral ports',
              detail: 'x',
              evidence: ['150 TIME_WAIT toward 10.0.4.2:80'],
              nextSteps: ['ss -tan state time-wait dst 10.0.4.2'],
            },
          ],
        }),
      },
      'local-ports',
      /cannot be reached from here: 150 TIME_WAIT/,
      1,
    ],
    [
      'pmtu blackhole',
      'http://web.lab/',
      {
        mtu: async () => mtu({ kind: 'blackhole', largestOkBytes: 1280, smallestLostBytes: 1400 }),
        http: async () =>
          http({
            kind: 'stalled',
            afterBytes: 190,
            stalledForMs: 1000,
            text: 'headers, then 190 bytes, then nothing for 1000 ms',
          } as HttpResult['verdict']),
        locateMtu: async () => ({
          afterHop: 2,
          address: '10.0.2.2',
          beforeHop: 3,
          beforeAddress: '10.0.3.2',
          packetBytes: 1400,
          hops: [],
        }),
      },
      'pmtu-blackhole',
      new RegExp(
        /^web\.lab answers small packets, but packets over 1280 bytes to 10\.0\.4\.2 vanish after hop 2 /.source +
          /\(10\.0\.2\.2\) and no "fragmentation needed" comes back/.source,
      ),
      1,
    ],
    [
      'stalled download, MTU fine',
      'http://web.lab/',
      {
        http: async () =>
          http({ kind: 'stalled', afterBytes: 190, stalledForMs: 1000, text: 'stalled' } as HttpResult['verdict']),
      },
      'stalled',
      /the download from web\.lab stalls after 190 bytes/,
      1,
    ],
  ])('%s', async (_n, target, over, category, headline, code) => {
    const r = await diagnose(target, { capabilities: caps, probes: probes(over) });
    expect(r.category).toBe(category);
    expect(r.headline).toMatch(headline);
    expect(exitCodeForDiagnosis(r)).toBe(code);
    expect(schemaErrors(r)).toEqual([]);
  });

  it('a host that drops ping but completes the handshake is reachable: ping filtered (info), loss from handshakes, no path blamed', async () => {
    let traced = 0;
    const r = await diagnose('web.lab:80', {
      capabilities: caps,
      probes: probes({
        ping: async () => pingReport('no-reply', 60, 0),
        mtu: async () => mtu({ kind: 'no-reply' }),
        trace: async () => (traced++, trace({ kind: 'reached', hop: 4, address: '10.0.4.2' })),
      }),
    });
    expect(r.category).toBe('healthy');
    expect(traced).toBe(0);
    // The cross-tool finding explains ping's own "no reply", which it replaces (ping's title in its evidence).
    expect(r.findings.find((f) => f.id === 'icmp-filtered')).toMatchObject({
      severity: 'info',
      explains: ['ping-no-reply'],
      evidence: ['ping: no-reply text', 'TCP handshake to 10.0.4.2 port 80 completed'],
    });
    expect(r.findings.map((f) => f.id)).not.toContain('ping-no-reply');
    expect(schemaErrors(r)).toEqual([]);
    expect(r.headline).toMatch(
      /port 80 accepts connections \(31 ms\), TCP handshakes: 0 of 30 lost: loss below 10% \(95%\) \(not checked: path MTU: no DF probe/,
    );
    expect(r.findings.some((f) => f.id.startsWith('path-'))).toBe(false);
  });

  it('a dropped ping, no port: the trace reaches the host, so ping is filtered and loss unmeasured: inconclusive, exit 4', async () => {
    const r = await diagnose('10.0.4.2', {
      capabilities: caps,
      probes: probes({ ping: async () => pingReport('no-reply', 60, 0), mtu: async () => mtu({ kind: 'no-reply' }) }),
    });
    expect(r.category).toBe('inconclusive');
    expect(r.headline).toMatch(/ping is filtered, so loss was not measured/);
    expect(exitCodeForDiagnosis(r)).toBe(ExitCode.Inconclusive);
  });

  it('an AAAA-only name behind a resolver that says NXDOMAIN for A exists: it resolves, with the broken resolver named', async () => {
    const nx = {
      id: 'nxdomain-for-type',
      severity: 'warning',
      servers: ['10.0.4.5'],
      source: 'the configured resolvers, A and AAAA',
      title: '10.0.4.5 answers NXDOMAIN for v6only.lab A although it has AAAA fd0c:4::2',
      evidence: ['e'],
      nextSteps: ['n'],
    };
    const resolve = async () =>
      resolution({
        name: 'v6only.lab',
        findings: [nx] as NameResolution['findings'],
        tryFirst: { address: 'fd0c:4::2', family: 6, why: 'the name has IPv6 only' },
      });
    let pinged: string | undefined;
    const r = await diagnose('v6only.lab:80', {
      capabilities: caps,
      probes: probes({ resolve, ping: async (a, fam) => ((pinged = `${a}/${fam}`), pingReport('healthy')) }),
    });
    expect(pinged).toBe('fd0c:4::2/6');
    expect(r.results.address).toMatchObject({ address: 'fd0c:4::2', family: 6 });
    expect(r.category).toBe('degraded');
    expect(r.headline).toBe(
      'v6only.lab works, with a problem: 10.0.4.5 answers NXDOMAIN for v6only.lab A although it has AAAA fd0c:4::2',
    );
  });

  it('a slow getaddrinfo is the verdict, with the addresses the resolvers gave', async () => {
    const slow = {
      id: 'slow-system-lookup',
      severity: 'warning',
      servers: ['10.0.4.3'],
      source: 'getaddrinfo, timed, and resolv.conf',
      title: 'every lookup waits 5 s: 10.0.4.3 does not answer',
      evidence: [],
      nextSteps: [],
    };
    const resolve = async () =>
      resolution({ system: { state: 'slow', waitedMs: 2500 }, findings: [slow] as NameResolution['findings'] });
    const r = await diagnose('web.lab:80', { capabilities: caps, probes: probes({ resolve }) });
    expect(r.category).toBe('degraded');
    expect(r.headline).toBe('web.lab works, with a problem: every lookup waits 5 s: 10.0.4.3 does not answer');
    expect(r.findings[0]).toMatchObject({
      id: 'dns-slow-system-lookup',
      severity: 'warning',
      source: 'getaddrinfo, timed, and resolv.conf',
    });
    expect(r.findings[0]).not.toHaveProperty('servers');
  });

  it('loss seen by default (no --deep) escalates to the path, which names the link', async () => {
    const link = { fromTtl: 2, from: '10.0.2.2', to: '10.0.3.2' };
    const ci = { lowPct: 6.6, highPct: 15 };
    const trouble = {
      ttl: 3,
      kind: 'link-loss',
      link,
      linkLossPct: 10,
      linkLossCi95: ci,
      alternativeTtls: [],
      alternativeLinks: [],
    };
    const lossy = {
      ...cleanPathping,
      attribution: { trouble, summary: 's', verdicts: [] },
    } as unknown as PathpingReport;
    const r = await diagnose('10.0.4.2', {
      capabilities: caps,
      probes: probes({ ping: async () => pingReport('loss', 60, 54), pathping: async () => lossy }),
    });
    expect(r.category).toBe('lossy-path');
    expect(r.headline).toBe(
      '10.0.4.2 is reachable but packets are lost on the way: forwarding loss starts on the link 10.0.2.2 → ' +
        '10.0.3.2: ' +
        '10% (6.6–15%), carried on to every later hop',
    );
    // ping's own finding, as ping made it; the mtr rounds' own, as they made it.
    expect(r.findings.find((f) => f.id === 'ping-loss')).toMatchObject({ severity: 'warning', title: 'loss text' });
    expect(r.findings.find((f) => f.id === 'mtr-link-loss')).toMatchObject({
      severity: 'critical',
      source: 'mtr rounds',
    });
  });

  it('an echo or two lost, then a hundred probes a hop that lose nothing: transient, not a problem', async () => {
    let rounds = 0;
    const r = await diagnose('10.0.4.2', {
      capabilities: caps,
      probes: probes({ ping: async () => pingReport('loss', 60, 59), pathping: async () => (rounds++, cleanPathping) }),
    });
    expect(rounds).toBe(1);
    expect(r.category).toBe('healthy');
    expect(r.findings.find((f) => f.id === 'loss-transient')).toMatchObject({
      severity: 'info',
      explains: ['ping-loss'],
    });
    expect(r.findings.map((f) => f.id)).not.toContain('ping-loss');
    expect(schemaErrors(r)).toEqual([]);
    expect(r.headline).toMatch(/1 of 60 lost: 1\.7% \(95% CI .*\); the mtr rounds lost nothing/);
  });

  it('15% of echoes lost, rounds that lost none at the server but 3 pings to r3: not transient', async () => {
    // a lab run (lossy, 10% on r2 -> r3): the rounds cut at 50 probes by their budget, 0 of 50 lost at the server by
    // chance; the direct pings to r3, across the same lossy link, lost 3 of 50
    const endProbes = { ttl: 4, address: '10.0.4.2', sent: 50, lost: 0, lossUpperPct: 5.8 };
    const routerPings = [
      { ttl: 1, address: '10.0.1.1', sent: 50, received: 50 },
      { ttl: 3, address: '10.0.3.2', sent: 50, received: 47 },
    ];
    const chance = {
      ...cleanPathping,
      rounds: 5,
      routerPings,
      attribution: { ...cleanPathping.attribution, endProbes },
    } as unknown as PathpingReport;
    const r = await diagnose('10.0.4.2', {
      capabilities: caps,
      probes: probes({ ping: async () => pingReport('loss', 60, 51), pathping: async () => chance }),
    });
    expect(r.findings.map((f) => f.id)).not.toContain('loss-transient');
    expect(r.findings.find((f) => f.id === 'ping-loss')).toMatchObject({ severity: 'warning' });
    expect(r.category).toBe('degraded');
    // one probe lost at the server is loss the rounds saw too, however thin
    const thin = { ...endProbes, sent: 100, lost: 1 };
    const one = { ...chance, routerPings: [], attribution: { ...chance.attribution, endProbes: thin } };
    const r1 = await diagnose('10.0.4.2', {
      capabilities: caps,
      probes: probes({ ping: async () => pingReport('loss', 60, 59), pathping: async () => one as PathpingReport }),
    });
    expect(r1.findings.map((f) => f.id)).not.toContain('loss-transient');
    expect(r1.category).toBe('degraded');
  });

  it('one slow connect among three is not "a busy server"; three slow ones are', async () => {
    const once = await diagnose('web.lab:80', {
      capabilities: caps,
      probes: probes({ connect: async () => connect(undefined, [200, 31, 30]) }),
    });
    expect(once.findings.map((f) => f.id)).not.toContain('connect-slow');
    const always = await diagnose('web.lab:80', {
      capabilities: caps,
      probes: probes({ connect: async () => connect(undefined, [200, 190, 210]) }),
    });
    expect(always.findings.map((f) => f.id)).toContain('connect-slow');
  });

  it('a required tool that cannot run: exit 3, the step failed with the fix, never healthy', async () => {
    const r = await diagnose('web.lab:80', {
      capabilities: caps,
      probes: probes({ ping: async () => pingReport('failed', 0, 0) }),
    });
    expect(r.results.ping).toMatchObject({ status: 'failed', failure: { reason: 'tool-missing' } });
    expect(r.category).not.toBe('healthy');
    expect(exitCodeForDiagnosis(r)).toBe(ExitCode.ToolFailed);
    expect(r.findings[0]).toMatchObject({
      id: 'step-failed',
      severity: 'critical',
      nextSteps: ['apt-get install iputils-ping'],
    });
  });

  it('a step past its budget keeps what it had, and is evidence, not "healthy"', async () => {
    const r = await diagnose('web.lab:80', {
      capabilities: caps,
      probes: probes({ local: () => new Promise(() => {}) }),
    });
    expect(r.results.local).toMatchObject({ status: 'over-budget', value: undefined, budgetMs: 1000 });
    expect(r.category).toBe('degraded');
    expect(r.findings.find((f) => f.id === 'step-over-budget')?.title).toBe(
      'local sockets toward it takes longer than 1 s',
    );
  });

  it('escalates to the path only when something is wrong; a refused port does not escalate', async () => {
    let traced = 0;
    const count = { trace: async () => (traced++, trace({ kind: 'reached', hop: 4, address: '10.0.4.2' })) };
    await diagnose('web.lab:81', {
      capabilities: caps,
      probes: probes({ ...count, connect: async () => connect('ECONNREFUSED') }),
    });
    expect(traced).toBe(0);
    await diagnose('web.lab:82', {
      capabilities: caps,
      probes: probes({ ...count, connect: async () => connect('ETIMEDOUT') }),
    });
    expect(traced).toBe(1);
    await diagnose('web.lab:80', { capabilities: caps, deep: true, probes: probes(count) });
    expect(traced).toBe(2);
  });

  it('the connect runs alone: no other probe starts before it is over', async () => {
    const log: string[] = [];
    const track =
      <A extends unknown[], T>(name: string, f: (...a: A) => Promise<T>) =>
      async (...a: A) => {
        log.push(`${name}+`);
        const v = await f(...a);
        log.push(`${name}-`);
        return v;
      };
    const base = probes({}) as Probes;
    await diagnose('web.lab:80', {
      capabilities: caps,
      probes: {
        ...base,
        connect: track('connect', base.connect),
        ping: track('ping', base.ping),
        mtu: track('mtu', base.mtu),
        local: track('local', base.local),
      },
    });
    expect(log.slice(0, 2)).toEqual(['connect+', 'connect-']);
  });

  it('--deep, a host that drops echo: rounds use TCP to the port it accepted, none run without a port', async () => {
    const asked: Array<{ echoFiltered: boolean; tcpPort: number | undefined }> = [];
    const silent = {
      ping: async () => pingReport('no-reply', 60, 0),
      pathping: async (_a: string, _f: 4 | 6, p: { echoFiltered: boolean; tcpPort: number | undefined }) => {
        asked.push({ echoFiltered: p.echoFiltered, tcpPort: p.tcpPort });
        return cleanPathping;
      },
    } as Partial<Probes>;
    const withPort = await diagnose('web.lab:80', { capabilities: caps, deep: true, probes: probes(silent) });
    expect(asked).toEqual([{ echoFiltered: true, tcpPort: 80 }]);
    expect(withPort.category).toBe('healthy');
    // Without a port only the target's "port unreachable" would answer UDP rounds, as rate-limited as the routers'
    // TTL answers: the rounds would call that loss. None run; the loss stays unmeasured (inconclusive).
    const noPort = await diagnose('10.0.4.2', { capabilities: caps, deep: true, probes: probes(silent) });
    expect(asked).toHaveLength(1);
    expect(noPort.results.path).toMatchObject({ status: 'done', value: { pathping: undefined } });
    expect(noPort.category).toBe('inconclusive');
  });

  it('--deep: loss the mtr rounds could not yet place is a warning with the next step, not "healthy"', async () => {
    const unplacedLoss = { ttl: 4, lossPct: 10, ci95: { lowPct: 3.5, highPct: 26 }, sent: 30 };
    const summary =
      '10% of 30 probes (3.5–26%) to 10.0.4.2 were lost, too few to say which link loses them: run more rounds';
    const pathping = async () =>
      ({
        ...cleanPathping,
        attribution: { trouble: undefined, unplacedLoss, summary, verdicts: [] },
      }) as unknown as PathpingReport;
    const r = await diagnose('web.lab:80', { capabilities: caps, deep: true, probes: probes({ pathping }) });
    expect(r.category).toBe('degraded');
    expect(r.headline).toBe(
      'web.lab works, with a problem: 10% of 30 probes (3.5–26%) to 10.0.4.2 were lost, too few to say which link ' +
        'loses them: run more rounds',
    );
    expect(schemaErrors(r)).toEqual([]);
  });

  it('streams the plan, each step with its fact, then the report', async () => {
    const s = diagnoseStream('web.lab:80', { capabilities: caps, probes: probes({}) });
    const types: string[] = [];
    for await (const e of s as AsyncIterable<DiagnosisEvent>)
      types.push(e.type === 'step-done' ? `done:${e.step}:${e.state}` : e.type);
    expect(types[0]).toBe('plan');
    expect(types.at(-1)).toBe('report');
    expect(types).toEqual(
      expect.arrayContaining([
        'done:resolve:fine',
        'done:ping:fine',
        'done:connect:fine',
        'done:local:fine',
        'done:mtu:fine',
      ]),
    );
  });

  it('after an abort no step starts, and the run says interrupted (exit 130)', async () => {
    const ac = new AbortController();
    const r = await diagnose('web.lab:80', {
      capabilities: caps,
      signal: ac.signal,
      probes: probes({ connect: async () => (ac.abort(), connect('ECANCELED')) }),
    });
    expect(r.results.ping).toEqual({ status: 'interrupted' });
    expect(exitCodeForDiagnosis(r)).toBe(ExitCode.Interrupted);
  });

  it('an invalid target throws before anything runs', () => {
    expect(() => diagnose('-rf', { capabilities: caps, probes: probes({}) })).toThrow(NetcheckError);
  });
});

import type { Capabilities } from '@netcheck/core';
import { NetcheckError, parseTarget } from '@netcheck/core';
import type { LookupReport } from '@netcheck/dns';
import type { PathpingReport } from '@netcheck/pathping';
import type { PingReport } from '@netcheck/ping';
import type { TraceReport } from '@netcheck/traceroute';
import { describe, expect, it } from 'vitest';
import { schemaErrors } from '../test/schema.js';
import { diagnose, diagnoseStream } from './diagnose.js';
import { makePlan } from './make-plan.js';
import type { Probes } from './probes/index.js';
import type { ConnectResult, DiagnosisEvent } from './types.js';

const caps: Capabilities = { platform: 'linux', tools: {} as Capabilities['tools'], isRoot: true, rawSockets: true, unprivilegedIcmp: false };

describe('makePlan', () => {
  it('resolves names first, runs ping/connect/local after it, and keeps the path for escalation', () => {
    const plan = makePlan(parseTarget('web.lab:81'), caps);
    expect(plan.map((s) => [s.id, s.when, s.dependsOn.join('+')])).toEqual([
      ['resolve', 'always', ''],
      ['ping', 'always', 'resolve'],
      ['connect', 'always', 'resolve'],
      ['local', 'always', 'resolve'],
      ['path', 'escalation', 'resolve+ping+connect'],
    ]);
    expect(plan.every((s) => s.budgetMs > 0 && s.why.length > 10)).toBe(true);
  });
  it('an address needs no resolution; no port, no connect; --deep always traces; slow ping without root', () => {
    const plan = makePlan(parseTarget('10.0.4.2'), { ...caps, isRoot: false, rawSockets: false }, { deep: true });
    expect(plan.map((s) => s.id)).toEqual(['ping', 'local', 'path']);
    expect(plan.find((s) => s.id === 'path')!.when).toBe('always');
    expect(plan.find((s) => s.id === 'ping')!.budgetMs).toBe(6000);
  });
});

// Fake probes: each returns only the fields the rules read.
const dnsAnswer = (status: 'answer' | 'nxdomain', address?: string) =>
  ({
    name: 'web.lab', type: 'A', candidates: ['web.lab'], resolvConf: undefined, hosts: [], findings: [],
    system: address ? { addresses: [address] } : { error: 'ENOTFOUND' },
    verdict: { status, text: status === 'answer' ? `web.lab A: ${address}` : 'web.lab does not exist (NXDOMAIN from 10.0.4.2)', nextStep: undefined },
    resolvers: [{ server: '10.0.4.2', candidate: 'web.lab', chain: [], explanation: { status }, result: { ok: true, rttMs: 30, response: { rcode: status === 'answer' ? 'NOERROR' : 'NXDOMAIN', answers: address ? [{ name: 'web.lab.', type: 'A', ttl: 0, data: address }] : [] } } }],
  }) as unknown as LookupReport;
const pingReport = (kind: PingReport['verdict']['kind'], received = 4) =>
  ({ summary: { sent: 4, received, avgMs: received ? 31 : undefined, jitterMs: 0.5, lossCi95: { lowPct: 0, highPct: 49 } }, hops: received ? { hops: 3, initialTtl: 64, osHint: 'Linux/Unix (Linux, macOS, BSD, most network gear)', confidence: 'high', reasons: [] } : undefined, verdict: { kind, text: `${kind} text` }, events: [], failure: undefined }) as unknown as PingReport;
const connect = (code?: string): ConnectResult => ({ address: '10.0.4.2', port: 81, ok: !code, ms: 55, code, errno: code ? 111 : undefined, meaning: code ? 'meaning' : undefined });
const trace = (stop: TraceReport['stop']) => ({ hops: [{ ttl: 1, responders: [{ address: '10.0.1.1' }], annotations: [], silent: false }], stop }) as unknown as TraceReport;
const probes = (over: Partial<Probes>): Partial<Probes> => ({
  resolve: async () => dnsAnswer('answer', '10.0.4.2'),
  ping: async () => pingReport('healthy'),
  connect: async () => connect(),
  local: async () => ({ toTarget: { timeWait: 0, synSent: 0, established: 0 }, ephemeralPorts: 28232, findings: [] }),
  trace: async () => trace({ kind: 'reached', hop: 4, address: '10.0.4.2' }),
  pathping: async () => ({ attribution: { trouble: undefined, summary: 'clean', verdicts: [] }, hops: [] }) as unknown as PathpingReport,
  ...over,
});

describe('diagnose with fake probes: each headline category, every report valid against the schema', () => {
  it.each<[string, string, Partial<Probes>, string, RegExp]>([
    ['healthy', 'web.lab:80', {}, 'healthy', /^web\.lab resolves to 10\.0\.4\.2, answers ping \(3 routers away, 31 ms\), port 81 accepts connections/],
    ['NXDOMAIN', 'nosuch.lab', { resolve: async () => dnsAnswer('nxdomain') }, 'nxdomain', /does not exist \(NXDOMAIN\)/],
    ['refused', 'web.lab:81', { connect: async () => connect('ECONNREFUSED') }, 'refused', /^web\.lab resolves and answers ping, but nothing listens on port 81: connection refused by 10\.0\.4\.2$/],
    ['filtered', 'web.lab:82', { connect: async () => connect('ETIMEDOUT') }, 'filtered', /port 82 does not answer: it is filtered/],
    ['prohibited', 'web.lab:83', { connect: async () => connect('EHOSTUNREACH') }, 'prohibited', /port 83 is refused by a firewall/],
    ['unreachable', '10.0.5.1', { ping: async () => pingReport('unreachable', 0), trace: async () => trace({ kind: 'unreachable', hop: 3, by: '10.0.3.2', annotation: { code: '!H', kind: 'host-unreachable', meaning: 'host unreachable', terminal: true } }) }, 'unreachable', /10\.0\.3\.2 at hop 3 says host unreachable/],
    ['blackhole', '10.0.5.3', { ping: async () => pingReport('no-reply', 0), trace: async () => trace({ kind: 'gave-up', silentHops: 3, lastResponder: { hop: 2, address: '10.0.2.2' } }) }, 'blackhole', /vanish after hop 2 \(10\.0\.2\.2\)/],
    ['local ports', 'web.lab:80', { local: async () => ({ toTarget: { timeWait: 150, synSent: 0, established: 0 }, ephemeralPorts: 200, findings: [{ rule: 'ephemeral-port-exhaustion', severity: 'critical', title: '150 TIME_WAIT toward 10.0.4.2:80 hold 75% of the ephemeral ports', detail: 'x' }] }) }, 'local-ports', /cannot be reached from here: 150 TIME_WAIT/],
  ])('%s', async (_n, target, over, category, headline) => {
    const r = await diagnose(target, { capabilities: caps, probes: probes(over) });
    expect(r.category).toBe(category);
    expect(r.headline).toMatch(headline);
    expect(schemaErrors(r)).toEqual([]);
  });

  it('escalates to the path only when something is wrong; a refused port does not escalate', async () => {
    let traced = 0;
    const count = { trace: async () => { traced++; return trace({ kind: 'reached', hop: 4, address: '10.0.4.2' }); } };
    await diagnose('web.lab:81', { capabilities: caps, probes: probes({ ...count, connect: async () => connect('ECONNREFUSED') }) });
    expect(traced).toBe(0);
    await diagnose('web.lab:82', { capabilities: caps, probes: probes({ ...count, connect: async () => connect('ETIMEDOUT') }) });
    expect(traced).toBe(1);
    await diagnose('web.lab:80', { capabilities: caps, deep: true, probes: probes(count) });
    expect(traced).toBe(2);
  });

  it('--deep: loss the mtr rounds could not yet place is a warning with the next step, not "healthy"', async () => {
    const unplacedLoss = { ttl: 4, lossPct: 10, ci95: { lowPct: 3.5, highPct: 26 }, sent: 30 };
    const summary = '10% of 30 probes (3.5–26%) to 10.0.4.2 were lost, too few to say which link loses them: run more rounds';
    const pathping = async () => ({ attribution: { trouble: undefined, unplacedLoss, summary, verdicts: [] }, hops: [] }) as unknown as PathpingReport;
    const r = await diagnose('web.lab:80', { capabilities: caps, deep: true, probes: probes({ pathping }) });
    expect(r.category).toBe('degraded');
    expect(r.headline).toBe('web.lab works, with a problem: 10% of probes to web.lab are lost, too few rounds to say which link loses them');
    expect(r.findings.find((f) => f.id === 'path-loss-unplaced')).toMatchObject({ severity: 'warning', evidence: [summary], nextSteps: ['netcheck mtr web.lab -c 100'] });
    expect(schemaErrors(r)).toEqual([]);
  });

  it('a step past its budget is skipped, said so, and the rest goes on', async () => {
    const r = await diagnose('web.lab:80', { capabilities: caps, probes: probes({ connect: () => new Promise(() => {}) }) });
    expect(r.results.connect).toEqual({ status: 'skipped', why: 'ran past its 2000 ms budget and was stopped' });
    expect(r.category).toBe('healthy');
  });

  it('streams the plan, each step, then the report', async () => {
    const s = diagnoseStream('web.lab:80', { capabilities: caps, probes: probes({}) });
    const types: string[] = [];
    for await (const e of s as AsyncIterable<DiagnosisEvent>) types.push(e.type === 'step-done' ? `done:${e.step}` : e.type);
    expect(types[0]).toBe('plan');
    expect(types.at(-1)).toBe('report');
    expect(types).toEqual(expect.arrayContaining(['done:resolve', 'done:ping', 'done:connect', 'done:local']));
  });

  it('an invalid target throws before anything runs', () => {
    expect(() => diagnose('-rf', { capabilities: caps, probes: probes({}) })).toThrow(NetcheckError);
  });
});

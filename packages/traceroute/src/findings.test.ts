import { describe, expect, it } from 'vitest';
import { readFixture } from '../test/fixtures.js';
import { parseTraceOutput } from './accumulate.js';
import type { TraceProbe } from './findings.js';
import { buildTraceSource, deriveTraceFindings, exitCodeForTrace } from './findings.js';
import { deriveRateLimitNotes } from './reprobe.js';
import { deriveStopReason } from './stop-reason.js';
import type { TraceReport } from './types.js';

/** A report's facts from a recorded lab trace, as `traceroute()` derives them. */
const facts = (name: string, target: string) => {
  const p = parseTraceOutput(readFixture(name).text, 'traceroute');
  const stop = deriveStopReason(p.hops, p.address, { maxTtl: 30, giveUpAfter: 3 });
  const pathLength = stop.kind === 'reached' ? stop.hop : undefined;
  const rateLimits = deriveRateLimitNotes(p.hops, p.address);
  return { target, hops: p.hops, stop, pathLength, hopComparison: undefined, rateLimits };
};

/** The probe a finding's source names. */
const probeOf = (source: string): TraceProbe =>
  source.includes('-T') ? { tool: 'traceroute', method: 'tcp', port: Number(source.split(' ').at(-1)) } : UDP;
const UDP: TraceProbe = { tool: 'traceroute', method: 'udp', port: undefined };

describe('deriveTraceFindings (recorded lab traces)', () => {
  it.each<[string, string, string, string[], number]>([
    ['linux/udp-numeric', '10.0.4.2', 'traceroute', ['trace-reached:info'], 0],
    ['linux/host-unreachable', '10.0.5.1', 'traceroute', ['trace-unreachable:critical'], 1],
    ['linux/tcp-83-prohibited', '10.0.4.2', 'traceroute -T -p 83', ['trace-unreachable:critical'], 1],
    ['linux/blackhole-m6', '10.0.5.3', 'traceroute', ['trace-blackhole:critical'], 1],
    [
      'linux/host-unreachable-burst',
      '10.0.5.1',
      'traceroute',
      ['trace-unreachable:critical', 'trace-rate-limit:info'],
      1,
    ],
  ])('%s → %s', (name, target, source, want, exit) => {
    const f = facts(name, target);
    const findings = deriveTraceFindings(f, probeOf(source));
    expect(findings.map((x) => `${x.id}:${x.severity}`)).toEqual(want);
    expect(findings.every((x) => x.source === source && x.evidence.length > 0)).toBe(true);
    expect(exitCodeForTrace({ stop: f.stop, findings })).toBe(exit);
  });

  it('names the router that said unreachable, and the hops as evidence', () => {
    const [f] = deriveTraceFindings(facts('linux/host-unreachable', '10.0.5.1'), UDP);
    expect(f).toMatchObject({
      title: '10.0.3.2 at hop 3 says host unreachable',
      evidence: [
        'host unreachable (!H) at hop 3, said by 10.0.3.2',
        'hop 1: 10.0.1.1',
        'hop 2: 10.0.2.2',
        'hop 3: 10.0.3.2 !H',
      ],
      nextSteps: ['netcheck mtr 10.0.5.1', 'ask whoever runs 10.0.3.2 about it'],
    });
  });

  it('names where packets vanish: the last hop to answer, and what was sent (TCP to a port, or any packet)', () => {
    const f = facts('linux/blackhole-m6', '10.0.5.3');
    const [udp] = deriveTraceFindings(f, UDP);
    expect(udp?.title).toBe('packets to 10.0.5.3 vanish after hop 2 (10.0.2.2), the last to answer');
    expect(udp?.evidence[0]).toMatch(/^gave up after \d+ silent hops: the last to answer was 10.0.2.2 at hop 2/);
    expect(udp?.nextSteps).toEqual(['ask whoever runs 10.0.2.2 about routes to 10.0.5.3']);
    const [tcp] = deriveTraceFindings(f, { tool: 'traceroute', method: 'tcp', port: 443 });
    expect(tcp?.title).toBe('TCP packets to 10.0.5.3 port 443 vanish after hop 2 (10.0.2.2), the last to answer');
    expect(tcp?.source).toBe('traceroute -T -p 443');
    const maxTtl: TraceReport['stop'] = { kind: 'max-ttl', maxTtl: 6 };
    const [m] = deriveTraceFindings({ ...f, stop: maxTtl }, UDP);
    expect(m).toMatchObject({
      id: 'trace-blackhole',
      title: 'packets to 10.0.5.3 do not reach 10.0.5.3 within 6 hops',
    });
    const silent: TraceReport['stop'] = { kind: 'gave-up', silentHops: 3, lastResponder: undefined };
    expect(deriveTraceFindings({ ...f, stop: silent }, UDP)[0]?.title).toBe('nothing on the path to 10.0.5.3 answers');
  });

  it('a trace that could not run has no finding; its failure decides the exit code (3 for a missing tool)', () => {
    const stop: TraceReport['stop'] = { kind: 'failed', failure: { ok: false, reason: 'tool-missing', detail: 'x' } };
    const findings = deriveTraceFindings({ ...facts('linux/udp-numeric', '10.0.4.2'), hops: [], stop }, UDP);
    expect(findings).toEqual([]);
    expect(exitCodeForTrace({ stop, findings })).toBe(3);
    const unknown: TraceReport['stop'] = {
      kind: 'failed',
      failure: { ok: false, reason: 'unknown-host', detail: 'x' },
    };
    expect(exitCodeForTrace({ stop: unknown, findings })).toBe(1);
  });

  it('stopped on request: a warning, exit 1', () => {
    const stop: TraceReport['stop'] = { kind: 'aborted' };
    const findings = deriveTraceFindings({ ...facts('linux/udp-numeric', '10.0.4.2'), stop }, UDP);
    expect(findings.map((x) => x.id)).toEqual(['trace-stopped']);
    expect(exitCodeForTrace({ stop, findings })).toBe(1);
  });
});

describe('buildTraceSource', () => {
  it('names the tool and its probes', () => {
    expect(buildTraceSource('traceroute', 'udp', undefined)).toBe('traceroute');
    expect(buildTraceSource('traceroute', 'icmp', undefined)).toBe('traceroute -I');
    expect(buildTraceSource('traceroute', 'tcp', 443)).toBe('traceroute -T -p 443');
    expect(buildTraceSource('traceroute', 'tcp', undefined)).toBe('traceroute -T -p 80');
    expect(buildTraceSource('tracepath', 'tcp', 443)).toBe('tracepath');
  });
});

import { describe, expect, it } from 'vitest';
import { readFixture } from '../test/fixtures.js';
import { parseTraceOutput } from './accumulate.js';
import { decodeAnnotation } from './annotations.js';
import { deriveStopReason, renderStopReason } from './stop-reason.js';
import type { TraceTool } from './types.js';

const parse = (name: string, tool: TraceTool = 'traceroute') => parseTraceOutput(readFixture(name).text, tool);
const path = (name: string, tool: TraceTool = 'traceroute') =>
  parse(name, tool).hops.map((h) => h.responders[0]?.address ?? '*');
const stop = (name: string, tool: TraceTool = 'traceroute', giveUpAfter = 3, maxTtl = 30) => {
  const p = parse(name, tool);
  return deriveStopReason(p.hops, p.address, { maxTtl, giveUpAfter });
};

describe('Linux traceroute fixtures recorded in the lab', () => {
  it.each(['linux/udp-numeric', 'linux/icmp', 'linux/tcp-80', 'linux/q1', 'linux/udp-names'])(
    '%s: r1, r2, r3, server in order, reached at hop 4',
    (name) => {
      const p = parse(name);
      expect(p.warnings).toEqual([]);
      expect(path(name)).toEqual(['10.0.1.1', '10.0.2.2', '10.0.3.2', '10.0.4.2']);
      expect(p.address).toBe('10.0.4.2');
      expect(stop(name)).toEqual({ kind: 'reached', hop: 4, address: '10.0.4.2' });
    },
  );

  it('per-probe RTTs and reverse names', () => {
    const p = parse('linux/udp-numeric');
    expect(p.hops[1]!.probes).toHaveLength(3);
    expect(p.hops[1]!.probes.every((x) => x.address === '10.0.2.2' && x.rttMs! > 5)).toBe(true);
    expect(parse('linux/udp-names').hops[3]!.responders[0]).toMatchObject({ address: '10.0.4.2', name: 'web.lab' });
  });

  it.each([
    ['linux/host-unreachable', '!H', 'host-unreachable'],
    ['linux/prohibited', '!X', 'prohibited'],
    ['linux/net-unreachable', '!N', 'net-unreachable'],
  ])('%s stops at hop 3 with %s from 10.0.3.2', (name, code, kind) => {
    expect(stop(name)).toMatchObject({ kind: 'unreachable', hop: 3, by: '10.0.3.2', annotation: { code, kind } });
  });

  it('the destination itself can say prohibited (TCP to an admin-prohibited port)', () => {
    expect(stop('linux/tcp-83-prohibited')).toMatchObject({
      kind: 'unreachable',
      hop: 4,
      by: '10.0.4.2',
      annotation: { code: '!X' },
    });
  });

  it('a blackhole: silent from hop 3, gave up naming r2 as the last to answer', () => {
    const s = stop('linux/blackhole-m6');
    expect(s).toEqual({ kind: 'gave-up', silentHops: 4, lastResponder: { hop: 2, address: '10.0.2.2' } });
    expect(renderStopReason(s, '10.0.5.3')).toBe(
      'gave up after 4 silent hops: the last to answer was 10.0.2.2 at hop 2; packets to 10.0.5.3 are lost after it',
    );
    expect(stop('linux/blackhole-m6', 'traceroute', 0, 6)).toEqual({ kind: 'max-ttl', maxTtl: 6 });
  });

  it('a silent router is a silent hop, not the end', () => {
    const p = parse('linux/silent-hop');
    expect(p.hops[1]).toMatchObject({ ttl: 2, silent: true, responders: [] });
    expect(p.hops[1]!.probes).toHaveLength(3);
    expect(stop('linux/silent-hop')).toMatchObject({ kind: 'reached', hop: 4 });
  });

  it('a filtered TCP port looks like silence after the last router', () => {
    expect(stop('linux/tcp-82-filtered')).toMatchObject({
      kind: 'gave-up',
      lastResponder: { hop: 3, address: '10.0.3.2' },
    });
  });

  it('a destination that rate-limits its ICMP answers shows as silent hops before it (a real-world trap for UDP traces)', () => {
    // Recorded while the lab server kept the kernel's ICMP rate limit; -I (echo replies are not rate-limited) avoids it.
    expect(path('linux/dest-ratelimited-q1').slice(2, 5)).toEqual(['10.0.3.2', '*', '*']);
    expect(stop('linux/dest-ratelimited-q1', 'traceroute', 0)).toEqual({
      kind: 'reached',
      hop: 20,
      address: '10.0.4.2',
    });
  });

  it('an unknown host is a failure with a hint', () => {
    const p = parse('linux/unknown-host');
    expect(p.failure).toMatchObject({ reason: 'unknown-host' });
    expect(p.warnings).toEqual([]);
  });
});

describe('documented-format fixtures (marked as such in their headers)', () => {
  it('Linux: ECMP responders, inline MPLS, !F-<mtu>, !P, !S, !<num>', () => {
    const p = parse('linux/ecmp-mpls-annotations');
    expect(p.warnings).toEqual([]);
    const [, h2, h3, h4, h5, h6] = p.hops;
    expect(h2).toMatchObject({ ecmp: true });
    expect(h2!.responders.map((r) => [r.address, r.rttsMs.length])).toEqual([
      ['203.0.113.5', 2],
      ['203.0.113.6', 1],
    ]);
    expect(h3!.mpls).toEqual([{ label: 24001, exp: 0, bottomOfStack: true, ttl: 1 }]);
    expect(h4!.annotations).toEqual([
      expect.objectContaining({ code: '!F-1400', kind: 'fragmentation-needed', mtu: 1400 }),
    ]);
    expect(h5!.annotations.map((a) => a.code)).toEqual(['!P', '!S']);
    expect(h6!.annotations.map((a) => [a.code, a.meaning])).toEqual([
      ['!13', 'communication administratively prohibited'],
      ['!<10>', 'host administratively prohibited'],
    ]);
  });

  it('macOS/BSD: MPLS label lines attach to the hop before; !H stops', () => {
    const p = parse('darwin/mpls-unreachable', 'bsd-traceroute');
    expect(p.warnings).toEqual([]);
    expect(p.hops[2]!.mpls).toEqual([{ label: 299808, exp: 0, ttl: 1, bottomOfStack: true }]);
    expect(p.hops[1]!.silent).toBe(true);
    expect(deriveStopReason(p.hops, p.address, { maxTtl: 64, giveUpAfter: 3 })).toMatchObject({
      kind: 'unreachable',
      hop: 4,
      by: '198.51.100.13',
    });
  });

  it('Windows tracert: <1 ms, timeouts, partial answers, "reports:"', () => {
    const p = parse('win32/tracert', 'tracert');
    expect(p.warnings).toEqual([]);
    expect(p.address).toBe('192.0.2.80');
    expect(p.hops.map((h) => h.responders[0]?.address ?? '*')).toEqual([
      '192.168.1.1',
      '198.51.100.1',
      '*',
      '198.51.100.9',
      '192.0.2.80',
    ]);
    expect(p.hops[0]!.responders[0]!.rttsMs).toEqual([0.5, 0.5, 0.5]);
    expect(p.hops[3]!.probes.map((x) => x.rttMs)).toEqual([15, undefined, 14]);
    expect(deriveStopReason(p.hops, p.address, { maxTtl: 30, giveUpAfter: 3 })).toMatchObject({
      kind: 'reached',
      hop: 5,
    });
    const u = parse('win32/tracert-unreachable', 'tracert');
    expect(u.hops[0]!.responders[0]).toMatchObject({ address: '192.168.1.1', name: 'router.example' });
    expect(deriveStopReason(u.hops, u.address, { maxTtl: 30, giveUpAfter: 3 })).toMatchObject({
      kind: 'unreachable',
      hop: 3,
      by: '198.51.100.1',
      annotation: { code: '!H' },
    });
  });
});

describe('tracepath fixtures recorded in the lab', () => {
  it('merges a TTL printed twice and knows "reached"', () => {
    const p = parse('tracepath/standard', 'tracepath');
    expect(p.warnings).toEqual([]);
    expect(p.hops.map((h) => [h.ttl, h.responders[0]?.address, h.probes.length])).toEqual([
      [1, '10.0.1.1', 2],
      [2, '10.0.2.2', 1],
      [3, '10.0.3.2', 1],
      [4, '10.0.4.2', 1],
    ]);
    expect(deriveStopReason(p.hops, p.address, { maxTtl: 30, giveUpAfter: 3 })).toMatchObject({
      kind: 'reached',
      hop: 4,
      address: '10.0.4.2',
    });
  });
  it('"no reply" hops and !H', () => {
    expect(path('tracepath/blackhole', 'tracepath')).toEqual(['10.0.1.1', '10.0.2.2', '*', '*', '*', '*']);
    expect(stop('tracepath/unreachable', 'tracepath')).toMatchObject({ kind: 'unreachable', hop: 3, by: '10.0.3.2' });
  });
});

describe('robustness', () => {
  it('unknown lines become warnings, never exceptions', () => {
    const p = parseTraceOutput(
      ' 1  10.0.1.1  0.1 ms\n 2  what is this\nsomething else\n 3  10.0.3.2  1.0 ms !Q9\n',
      'traceroute',
    );
    expect(p.hops).toHaveLength(1);
    expect(p.warnings).toEqual([' 2  what is this', 'something else', ' 3  10.0.3.2  1.0 ms !Q9']);
  });
  it('decodes annotations into words', () => {
    expect(decodeAnnotation('!H')).toMatchObject({ meaning: 'host unreachable', terminal: true });
    expect(decodeAnnotation('!F')).toMatchObject({ kind: 'fragmentation-needed' });
    expect(decodeAnnotation('!99')).toMatchObject({ meaning: 'ICMP unreachable code 99' });
    expect(decodeAnnotation('!?')).toBeUndefined();
  });
});

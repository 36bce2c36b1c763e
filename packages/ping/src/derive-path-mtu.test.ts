import { describe, expect, it } from 'vitest';
import type { MtuHopProbe, PathMtu } from './derive-path-mtu.js';
import { deriveMtuDrop, derivePathMtu } from './derive-path-mtu.js';
import type { MtuProbe } from './mtu-probe.js';

/**
 * Compact probes: "SIZE:RECEIVED/SENT", then optionally "@ROUTER=MTU" (a router's frag-needed / packet too big)
 * or "L=MTU" (this machine refused: message too long). "1400:0/0" is a size ping could not probe.
 */
function probes(text: string): MtuProbe[] {
  return text.split(/\s+/).map((item) => {
    const m = /^(\d+):(\d+)\/(\d+)(?:@([\w.:]+)=(\d+))?(?:L=(\d+))?$/.exec(item);
    if (!m) throw new Error(`bad probe ${item}`);
    return {
      packetBytes: Number(m[1]),
      received: Number(m[2]),
      sent: Number(m[3]),
      tooBig: m[4] ? [{ from: m[4], mtuBytes: Number(m[5]) }] : [],
      localMtuBytes: m[6] ? Number(m[6]) : undefined,
      errors: 0,
      failure:
        Number(m[3]) === 0
          ? { ok: false, reason: 'permission-denied', detail: 'ping: socket: not permitted' }
          : undefined,
      warnings: [],
    };
  });
}

describe('derivePathMtu', () => {
  it.each<[string, string, PathMtu]>([
    ['every size answered', '1280:3/3 1400:3/3 1420:3/3 1480:3/3 1492:3/3 1500:3/3', { kind: 'full', mtuBytes: 1500 }],
    ['answered with some random loss is still full', '1280:2/3 1400:3/3 1500:1/3', { kind: 'full', mtuBytes: 1500 }],
    ['order of the input does not matter', '1500:3/3 1280:3/3', { kind: 'full', mtuBytes: 1500 }],
    [
      'the lab black hole: 1280 fits, 1400 and up vanish',
      '1280:3/3 1400:0/3 1420:0/3 1480:0/3 1492:0/3 1500:0/3',
      { kind: 'blackhole', largestOkBytes: 1280, smallestLostBytes: 1400 },
    ],
    [
      'PPPoE black hole: only 1500 vanishes',
      '1280:3/3 1400:3/3 1420:3/3 1480:3/3 1492:3/3 1500:0/3',
      { kind: 'blackhole', largestOkBytes: 1492, smallestLostBytes: 1500 },
    ],
    [
      'a little loss below a wide step is still a black hole (1/9 lost below, 9 lost above: 0.11^9)',
      '1280:2/3 1400:3/3 1420:3/3 1480:0/3 1492:0/3 1500:0/3',
      { kind: 'blackhole', largestOkBytes: 1420, smallestLostBytes: 1480 },
    ],
    [
      'a router says frag needed: reported by it, whatever else was lost',
      '1280:3/3 1400:0/3@10.0.2.2=1280L=1280 1500:0/3L=1280',
      { kind: 'reported', mtuBytes: 1280, by: { kind: 'router', address: '10.0.2.2' } },
    ],
    [
      'two routers: the smaller MTU wins',
      '1280:3/3 1420:0/3@10.0.2.2=1400 1500:0/3@10.0.1.1=1480',
      { kind: 'reported', mtuBytes: 1400, by: { kind: 'router', address: '10.0.2.2' } },
    ],
    [
      'cached PMTU (or our own link): refused locally above it, answered below',
      '1280:3/3 1400:3/3 1420:0/3L=1400 1500:0/3L=1400',
      { kind: 'reported', mtuBytes: 1400, by: { kind: 'local' } },
    ],
    [
      'a black hole below our own link MTU: the step decides, the local cap does not hide it',
      '1280:3/3 1400:0/3 1420:0/3 1480:0/3L=1420 1500:0/3L=1420',
      { kind: 'blackhole', largestOkBytes: 1280, smallestLostBytes: 1400 },
    ],
    ['nothing answered', '1280:0/3 1400:0/3 1500:0/3', { kind: 'no-reply' }],
    ['nothing answered below the local cap', '1280:0/3 1400:0/3L=1280 1500:0/3L=1280', { kind: 'no-reply' }],
    [
      'one lost at 1280 does not hide the lab black hole: (1/3)^15',
      '1280:2/3 1400:0/3 1420:0/3 1480:0/3 1492:0/3 1500:0/3',
      { kind: 'blackhole', largestOkBytes: 1280, smallestLostBytes: 1400 },
    ],
    [
      'a 3-of-15 loss below and 3 lost above is just under 1% (0.2^3 = 0.008): a black hole',
      '1280:2/3 1400:2/3 1420:3/3 1480:2/3 1492:3/3 1500:0/3',
      { kind: 'blackhole', largestOkBytes: 1492, smallestLostBytes: 1500 },
    ],
  ])('%s', (_title, text, want) => {
    expect(derivePathMtu(probes(text))).toEqual(want);
  });

  it.each([
    ['random loss across sizes', '1280:3/3 1400:0/3 1420:2/3 1480:3/3 1492:0/3 1500:3/3', /loss does not follow size/],
    ['the smallest lost, larger answered', '1280:0/3 1400:3/3 1500:3/3', /smallest size was lost/],
    ['a larger size partly answered', '1280:3/3 1400:0/3 1500:1/3', /loss does not follow size/],
    [
      'a lossy path: 1500 lost, but 4 of 15 lost below (0.27^3 = 0.019)',
      '1280:2/3 1400:2/3 1420:2/3 1480:2/3 1492:3/3 1500:0/3',
      /random loss could do that/,
    ],
    ['ping could not run', '1280:0/0 1400:0/0', /ping could not probe: ping: socket: not permitted/],
  ])('inconclusive: %s', (_title, text, why) => {
    const r = derivePathMtu(probes(text));
    expect(r.kind).toBe('inconclusive');
    expect(r.kind === 'inconclusive' && r.why).toMatch(why);
  });

  it('the inconclusive text names each size', () => {
    expect(derivePathMtu(probes('1280:3/3 1400:0/3 1500:3/3'))).toEqual({
      kind: 'inconclusive',
      why: 'loss does not follow size: 1280 B 3/3, 1400 B 0/3, 1500 B 3/3',
    });
  });
});

/** Compact hops: "ADDRESS:BIG_RECEIVED/SMALL_RECEIVED" (2 sent of each), "-" for a hop the trace did not see. */
function hops(text: string): MtuHopProbe[] {
  return text.split(/\s+/).flatMap((item, i) => {
    if (item === '-') return [];
    const [address, big, small] = /^(.+):(\d)\/(\d)$/.exec(item)!.slice(1) as [string, string, string];
    const [b, s] = probes(`1400:${big}/2 84:${small}/2`) as [MtuProbe, MtuProbe];
    return [{ hop: i + 1, address, big: b, small: s }];
  });
}

describe('deriveMtuDrop', () => {
  it.each<[string, string, [number, string | undefined, number] | undefined]>([
    ['the lab: r2 answers 1400, r3 and the server only small', 'r1:2/2 r2:2/2 r3:0/2 srv:0/2', [2, 'r2', 3]],
    ['a router that answers no ping says nothing', 'r1:2/2 r2:0/0 r3:0/2 srv:0/2', [1, 'r1', 3]],
    ['rate-limited: one of two is enough', 'r1:1/2 r2:1/1 r3:0/1 srv:0/2', [2, 'r2', 3]],
    ['the first hop already only small', 'r1:0/2 r2:0/2', [0, undefined, 1]],
    ['hops unseen by the trace keep their numbers', 'r1:2/2 - r3:0/2', [1, 'r1', 3]],
    ['every hop answers big: no drop on the path', 'r1:2/2 r2:2/2 srv:2/2', undefined],
    ['a later hop answers big again: contradictory', 'r1:2/2 r2:0/2 r3:2/2', undefined],
    ['nobody answers at all', 'r1:0/0 r2:0/0', undefined],
  ])('%s', (_title, text, want) => {
    const r = deriveMtuDrop(hops(text), 1400);
    expect(r && [r.afterHop, r.address, r.beforeHop]).toEqual(want);
    if (r) expect(r.packetBytes).toBe(1400);
  });
});

import { describe, expect, it } from 'vitest';
import { renderAttributionSummary, renderHopVerdict } from './render-verdict.js';
import type { HopVerdict } from './types.js';

const r2r3 = { fromTtl: 2, from: '10.0.2.2', to: '10.0.3.2' };

describe('renderHopVerdict: one sentence per kind', () => {
  it.each<[HopVerdict, string]>([
    [{ ttl: 1, kind: 'no-data' }, 'hop 1: no probes'],
    [{ ttl: 2, kind: 'silent' }, 'hop 2 does not answer probes (a silent router); traffic passes through it'],
    [{ ttl: 1, kind: 'clean', address: '10.0.1.1' }, '10.0.1.1: no loss of its own'],
    [{ ttl: 4, kind: 'destination', address: '10.0.4.2', lossPct: 6.5 }, '10.0.4.2: 6.5% loss end to end'],
    [{ ttl: 4, kind: 'destination', address: '10.0.4.2', lossPct: undefined }, '10.0.4.2: 0% loss end to end'],
    [
      {
        ttl: 3,
        kind: 'link-loss',
        link: r2r3,
        linkLossPct: 10,
        linkLossCi95: { lowPct: 6.6, highPct: 15.2 },
        alternativeTtls: [4],
        alternativeLinks: [{ fromTtl: 3, from: '10.0.3.2', to: '10.0.4.2' }],
      },
      'forwarding loss starts on the link 10.0.2.2 → 10.0.3.2: 10% (6.6–15%), carried on to every later hop ' +
        '(or on the link 10.0.3.2 → 10.0.4.2: the rounds so far cannot tell which)',
    ],
    [
      {
        ttl: 3,
        kind: 'link-loss',
        link: r2r3,
        linkLossPct: 8,
        pooledLossPct: 12,
        linkLossCi95: { lowPct: 9.4, highPct: 15 },
        alternativeTtls: [],
        alternativeLinks: [],
      },
      'forwarding loss starts on the link 10.0.2.2 → 10.0.3.2: 12% from there on (9.4–15%), 8.0 points more than ' +
        'before it, carried on to every later hop',
    ],
    [
      {
        ttl: 3,
        kind: 'link-loss',
        link: r2r3,
        linkLossPct: 0,
        pooledLossPct: 12,
        linkLossCi95: { lowPct: 9.4, highPct: 15 },
        alternativeTtls: [],
        alternativeLinks: [],
      },
      'forwarding loss starts on the link 10.0.2.2 → 10.0.3.2: 12% from there on (9.4–15%), carried on to every ' +
        'later hop',
    ],
    [
      {
        ttl: 1,
        kind: 'node-loss',
        nodeLossPct: 47,
        cause: { why: 'icmp-limit', address: '10.0.1.1', lossPct: 46.7, beyondPct: 4, end: '10.0.4.2', endLossPct: 6 },
      },
      '10.0.1.1 rate-limits or deprioritises ICMP: 47% unanswered here but 6.0% at 10.0.4.2, whose probes all ' +
        'crossed it; not a problem for traffic through it',
    ],
    [
      {
        ttl: 1,
        kind: 'node-loss',
        nodeLossPct: 35,
        cause: { why: 'icmp-limit', address: '10.0.1.1', lossPct: 40, beyondPct: 5, end: '10.0.4.2', endLossPct: 60 },
      },
      '10.0.1.1 rate-limits or deprioritises ICMP: 40% unanswered here but 5.0% at the hops after it; ' +
        'not a problem for traffic through it',
    ],
    [
      { ttl: 2, kind: 'node-loss', nodeLossPct: 33.3, cause: { why: 'no-destination' } },
      'hop 2: 33% unanswered; with no destination answering, rate limiting and loss look alike',
    ],
    [
      { ttl: 3, kind: 'link-latency', link: r2r3, riseMs: 80.4 },
      'latency rises by 80 ms on the link 10.0.2.2 → 10.0.3.2 and stays for every later hop',
    ],
    [
      { ttl: 2, kind: 'node-latency', address: '10.0.2.2', p50Ms: 80.2, laterMs: 20.1 },
      '10.0.2.2 answers slowly (80 ms, later hops 20 ms): its own ICMP is slow; not a problem for traffic through it',
    ],
    [
      { ttl: 3, kind: 'unreachable', by: undefined, meaning: 'host unreachable', code: '!H', target: '10.0.5.1' },
      'the router at hop 3 at hop 3 says host unreachable (!H)',
    ],
  ])('%o', (v, want) => {
    expect(renderHopVerdict(v)).toBe(want);
  });
});

describe('renderAttributionSummary', () => {
  const unreachable = {
    ttl: 3,
    kind: 'unreachable' as const,
    by: '10.0.3.2',
    meaning: 'host unreachable',
    code: '!H',
    target: '10.0.5.1',
  };
  it.each<[string, Parameters<typeof renderAttributionSummary>[0], string]>([
    [
      'unreachable: the verdict, no note',
      { verdicts: [], trouble: unreachable, unplacedLoss: undefined, notBlamed: { ttls: [1], why: 'own' } },
      '10.0.5.1 is unreachable: 10.0.3.2 at hop 3 says host unreachable (!H)',
    ],
    [
      'a latency step, one hop not blamed',
      {
        verdicts: [],
        trouble: { ttl: 3, kind: 'link-latency', link: r2r3, riseMs: 60 },
        unplacedLoss: undefined,
        notBlamed: { ttls: [1], why: 'icmp-limit' },
      },
      'trouble begins at hop 3: latency rises by 60 ms on the link 10.0.2.2 → 10.0.3.2 and stays for every later ' +
        'hop; hop 1 limits its ICMP errors (direct pings answered), not blamed',
    ],
    [
      'loss not yet placed',
      {
        verdicts: [],
        trouble: undefined,
        unplacedLoss: { ttl: 4, address: '10.0.4.2', lossPct: 6.67, ci95: { lowPct: 1.85, highPct: 21.3 }, sent: 30 },
        notBlamed: undefined,
      },
      '6.7% of 30 probes (1.9–21%) to 10.0.4.2 were lost, too few to say which link loses them: run more rounds',
    ],
    [
      'clean, two hops not blamed',
      { verdicts: [], trouble: undefined, unplacedLoss: undefined, notBlamed: { ttls: [1, 2], why: 'own' } },
      'the path is clean: no forwarding loss and no latency step; hop 1, hop 2 show loss or delay of its own only, ' +
        'not blamed',
    ],
  ])('%s', (_name, a, want) => {
    expect(renderAttributionSummary(a)).toBe(want);
  });
});

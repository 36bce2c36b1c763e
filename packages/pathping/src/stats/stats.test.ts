import { describe, expect, it } from 'vitest';
import { findChangePoints } from './change-points.js';
import { derivePersistingMedians, derivePersistingSources, latencyStepT, medianStdErrMs } from './latency.js';
import { logLikelihood } from './likelihood.js';
import { findOwnLoss } from './own-loss.js';
import { makePool, poolLossPct } from './pool.js';
import { zCritical, zGreater } from './two-proportion.js';

/** Hops as "lost/sent". */
const hops = (spec: string[]) =>
  spec.map((x) => {
    const [lost = 0, sent = 0] = x.split('/').map(Number);
    return { sent, received: sent - lost };
  });

describe('pool', () => {
  it('adds lost and sent over hops; an empty pool has no loss figure', () => {
    expect(makePool(hops(['3/30', '1/10']))).toEqual({ lost: 4, sent: 40 });
    expect(poolLossPct({ lost: 4, sent: 40 })).toBe(10);
    expect(poolLossPct({ lost: 0, sent: 0 })).toBeUndefined();
  });
});

describe('two-proportion test', () => {
  it.each<[string, [number, number], [number, number], number]>([
    ['10 of 100 against 0 of 100', [10, 100], [0, 100], 3.244],
    ['the same share', [5, 50], [10, 100], 0],
    ['less loss is a negative z', [0, 100], [10, 100], -3.244],
    ['2 of 30 against 0 of 60', [2, 30], [0, 60], 2.023],
  ])('%s', (_name, [al, as], [bl, bs], z) => {
    expect(zGreater({ lost: al, sent: as }, { lost: bl, sent: bs })).toBeCloseTo(z, 2);
  });
  it('an empty pool proves nothing; no variance at all is certain when a loses more', () => {
    expect(zGreater({ lost: 1, sent: 1 }, { lost: 0, sent: 0 })).toBe(0);
    expect(zGreater({ lost: 0, sent: 10 }, { lost: 0, sent: 10 })).toBe(0);
  });
  it('Bonferroni: one comparison at 5% needs z 1.645; three need 2.128; k below 1 counts as 1', () => {
    expect(zCritical(1, 0.05)).toBeCloseTo(1.645, 2);
    expect(zCritical(3, 0.05)).toBeCloseTo(2.128, 2);
    expect(zCritical(0, 0.05)).toBeCloseTo(1.645, 2);
  });
});

describe('binomial log-likelihood', () => {
  it('is 0 for an empty pool and for no loss or all loss; the rate maximises it', () => {
    expect(logLikelihood({ lost: 0, sent: 0 })).toBe(0);
    expect(logLikelihood({ lost: 0, sent: 10 })).toBe(0);
    expect(logLikelihood({ lost: 10, sent: 10 })).toBe(0);
    expect(logLikelihood({ lost: 10, sent: 100 })).toBeCloseTo(10 * Math.log(0.1) + 90 * Math.log(0.9), 9);
  });
});

describe('own loss (a router limiting its ICMP)', () => {
  it.each<[string, string[], boolean[], (number | undefined)[]]>([
    [
      '47% at a router, 0% after it',
      ['14/30', '0/30', '0/30', '0/30'],
      [false, false, false, false],
      [0, undefined, undefined, undefined],
    ],
    [
      'loss that carries on is not its own',
      ['0/100', '10/100', '10/100'],
      [false, false, false],
      [undefined, undefined, undefined],
    ],
    ['the last hop is never a candidate', ['0/30', '15/30'], [false, false], [undefined, undefined]],
    [
      'a silent hop is not a candidate, nor in the pool after',
      ['30/30', '0/30', '0/30'],
      [true, false, false],
      [undefined, undefined, undefined],
    ],
  ])('%s', (_name, spec, silent, beyond) => {
    expect(findOwnLoss(hops(spec), silent, 5).map((x) => x?.beyondPct)).toEqual(beyond);
  });
});

describe('change points (binary segmentation)', () => {
  const found = (spec: string[]) => {
    const h = hops(spec);
    const points = [...findChangePoints(h, (j) => (h[j]?.sent ?? 0) > 0, 2).entries()];
    return points.sort(([a], [b]) => a - b).map(([i, p]) => [i, p.alternatives]);
  };
  it.each<[string, string[], unknown]>([
    ['clean', ['0/100', '0/100', '0/100'], []],
    ['one lossy link into hop index 2', ['0/100', '0/100', '10/100', '10/100'], [[2, []]]],
    ['loss from the first link', ['10/100', '10/100', '10/100'], [[0, []]]],
    [
      'two lossy links, both found',
      ['0/200', '20/200', '20/200', '66/200'],
      [
        [1, []],
        [3, []],
      ],
    ],
    ['two links explain it almost equally: both named', ['0/100', '0/100', '4/100', '15/100'], [[2, [3]]]],
    ['too thin to place', ['0/30', '0/30', '2/30', '2/30'], []],
  ])('%s', (_name, spec, want) => {
    expect(found(spec)).toEqual(want);
  });
});

describe('persisting medians (latency)', () => {
  it('the smallest median from each hop on; silent hops left out', () => {
    expect(derivePersistingMedians([0.1, 80, 20, 30])).toEqual([0.1, 20, 20, 30]);
    expect(derivePersistingMedians([1, undefined, 90])).toEqual([1, 90, 90]);
    expect(derivePersistingMedians([undefined])).toEqual([undefined]);
    expect(derivePersistingSources([0.1, 80, 20, 30])).toEqual([0, 2, 2, 3]);
    expect(derivePersistingSources([1, undefined, 90, undefined])).toEqual([0, 2, 2, undefined]);
  });
  it('a median of n samples moves by sqrt(pi/2) standard deviations over sqrt(n)', () => {
    expect(medianStdErrMs(13, 10)).toBeCloseTo(5.15, 2);
    expect(medianStdErrMs(13, 0)).toBeUndefined();
    expect(medianStdErrMs(undefined, 10)).toBeUndefined();
    expect([1, 2, 3, 11, 25, 100].map(latencyStepT)).toEqual([
      Number.POSITIVE_INFINITY,
      6.314,
      2.92,
      1.812,
      1.697,
      1.645,
    ]);
  });
});

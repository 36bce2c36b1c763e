import { describe, expect, it } from 'vitest';
import { compareHopCounts } from '@netcheck/core';
import { estimateHops } from './estimate-hops.js';

describe('estimateHops', () => {
  it.each([
    // reply TTLs, initial, hops, confidence
    [[56], 64, 8, 'high'],
    [[61, 61, 61], 64, 3, 'high'],
    [[64], 64, 0, 'high'],
    [[117], 128, 11, 'high'],
    [[128], 128, 0, 'high'],
    [[244], 255, 11, 'high'],
    [[30], 32, 2, 'medium'], // rule 5c: 32 is rare
    [[66], 128, 62, 'low'], // rule 5b: implausibly far
    [[130], 255, 125, 'low'],
    [[61, 61, 60], 64, 3, 'low'], // rule 5a: different TTLs; the most common wins
  ] as const)('TTL %j → initial %i, %i hops, %s confidence', (ttls, initial, hops, confidence) => {
    const e = estimateHops(ttls)!;
    expect([e.initialTtl, e.hops, e.confidence]).toEqual([initial, hops, confidence]);
    if (confidence !== 'high') expect(e.reasons.length).toBeGreaterThan(0);
  });

  it('hints the OS family from the initial TTL', () => {
    expect(estimateHops([61])!.osHint).toMatch(/^Linux\/Unix/);
    expect(estimateHops([120])!.osHint).toBe('Windows');
    expect(estimateHops([250])!.osHint).toMatch(/router/);
  });

  it('is undefined without replies, and ignores impossible values', () => {
    expect(estimateHops([])).toBeUndefined();
    expect(estimateHops([0, 300, NaN])).toBeUndefined();
  });

  it('ties go to the shorter path', () => {
    expect(estimateHops([60, 61])!.replyTtl).toBe(61);
  });

  it('rule 5d: replies crossed more routers than the TTL we sent with allows one way', () => {
    const e = estimateHops([58], 3)!;
    expect(e.hops).toBe(6);
    expect(e.confidence).toBe('medium');
    expect(e.reasons.join()).toMatch(/asymmetric/);
  });
});

describe('compareHopCounts', () => {
  it('agrees when traceroute reached the host at hop routers+1', () => {
    expect(compareHopCounts(3, 4)).toMatchObject({ match: true, traceHops: 3 });
  });
  it('explains a mismatch', () => {
    const c = compareHopCounts(5, 4);
    expect(c.match).toBe(false);
    expect(c.explanation).toMatch(/the way back is longer.*asymmetric.*rewrites the TTL/);
  });
});

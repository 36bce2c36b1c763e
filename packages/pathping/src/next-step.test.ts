import { describe, expect, it } from 'vitest';
import type { RoundLimits, RoundState, RoundStep, SettleEvidence } from './next-step.js';
import { hasSettled, isRoundLeftOut, nextStep } from './next-step.js';

/** Rounds 250 ms apart, up to 5 in flight, at most 60 rounds or 30 s; the run started at 0. */
const limits: RoundLimits = { count: undefined, maxRounds: 60, maxDurationMs: 30_000, intervalMs: 250, maxInFlight: 5 };
const state: RoundState = {
  startedAt: 0,
  lastLaunchAt: undefined,
  launched: 0,
  inFlight: 0,
  failedInARow: 0,
  settled: false,
  aborted: false,
  lastTtl: 4,
};
const launch: RoundStep = { kind: 'launch' };
const end = (reason: string, cutRoundsInFlight: boolean) => ({ kind: 'end', reason, cutRoundsInFlight });

describe('nextStep: what the round loop does next (state in, decision out)', () => {
  it.each<[string, Partial<RoundState>, Partial<RoundLimits>, number, unknown]>([
    ['the first round starts at once', {}, {}, 0, launch],
    [
      'the next round waits out the interval',
      { lastLaunchAt: 100, launched: 1, inFlight: 1 },
      {},
      200,
      { kind: 'wait', until: 350 },
    ],
    [
      'a new round starts every interval while earlier ones are in flight (overlap)',
      { lastLaunchAt: 100, launched: 3, inFlight: 3 },
      {},
      350,
      launch,
    ],
    [
      'at most maxInFlight rounds in flight: wait for one',
      { lastLaunchAt: 0, launched: 5, inFlight: 5 },
      {},
      300,
      { kind: 'wait-for-round' },
    ],
    [
      'every counted round is launched: the rounds in flight finish',
      { launched: 10, inFlight: 2 },
      { count: 10 },
      5000,
      { kind: 'wait-for-round' },
    ],
    [
      'every counted round finished: end by count',
      { launched: 10, inFlight: 0 },
      { count: 10 },
      5000,
      end('count', false),
    ],
    [
      'maxRounds launched: rounds in flight finish first',
      { launched: 60, inFlight: 1 },
      {},
      20_000,
      { kind: 'wait-for-round' },
    ],
    ['maxRounds finished: end max-rounds', { launched: 60, inFlight: 0 }, {}, 20_000, end('max-rounds', false)],
    [
      'maxDuration passed: end, cutting rounds in flight short',
      { launched: 20, inFlight: 3, lastLaunchAt: 29_900 },
      {},
      30_000,
      end('max-duration', true),
    ],
    [
      'a count is exact: maxDuration does not cut it short',
      { launched: 20, inFlight: 3, lastLaunchAt: 29_900 },
      { count: 200 },
      30_000,
      { kind: 'wait', until: 30_150 },
    ],
    [
      'the caller aborted: end, cutting rounds in flight',
      { aborted: true, launched: 3, inFlight: 3 },
      {},
      700,
      end('aborted', true),
    ],
    [
      'the verdicts settled: end, cutting rounds in flight',
      { settled: true, launched: 14, inFlight: 4 },
      {},
      4000,
      end('settled', true),
    ],
    [
      'three failed rounds in a row end the run',
      { failedInARow: 3, launched: 3, inFlight: 2 },
      {},
      800,
      end('failed', true),
    ],
    [
      'two failed rounds in a row do not',
      { failedInARow: 2, launched: 3, inFlight: 0, lastLaunchAt: 500 },
      {},
      800,
      launch,
    ],
    [
      'three failures end even a counted run',
      { failedInARow: 3, launched: 3, inFlight: 0 },
      { count: 10 },
      800,
      end('failed', true),
    ],
    ['nothing to probe (the first hop says unreachable): end at once', { lastTtl: 0 }, {}, 0, end('count', false)],
    ['an abort wins over a finished count', { aborted: true, launched: 10 }, { count: 10 }, 3000, end('aborted', true)],
  ])('%s', (_name, s, l, now, want) => {
    expect(nextStep({ ...state, ...s }, { ...limits, ...l }, now)).toEqual(want);
  });
});

describe('isRoundLeftOut: a round that finishes after the run ended otherwise than by its count', () => {
  it.each<[string, Partial<RoundState>, Parameters<typeof isRoundLeftOut>[1], boolean]>([
    ['running', {}, undefined, false],
    ['ended by its count (the last rounds are awaited)', {}, 'count', false],
    ['ended by max-duration', {}, 'max-duration', true],
    ['settled by an earlier round', { settled: true }, undefined, true],
    ['three rounds failed', { failedInARow: 3 }, undefined, true],
  ])('%s → %s', (_name, s, ended, want) => {
    expect(isRoundLeftOut({ ...state, ...s }, ended)).toBe(want);
  });
});

const clean = { unplacedLoss: undefined, verdicts: [] };
const evidence: SettleEvidence = {
  completed: 12,
  minRounds: 10,
  signatures: ['1:clean,2:destination', '1:clean,2:destination', '1:clean,2:destination'],
  destinationCi95: { lowPct: 0, highPct: 3.6 },
  unreachable: false,
  attribution: clean,
};
const unplaced = { ttl: 4, address: 'x', lossPct: 7, ci95: { lowPct: 2, highPct: 21 }, sent: 30 };
const doubt = {
  ttl: 4,
  kind: 'link-loss' as const,
  link: { fromTtl: 3, from: 'a', to: 'b' },
  linkLossPct: 10,
  linkLossCi95: { lowPct: 6, highPct: 15 },
  alternativeTtls: [3],
  alternativeLinks: [],
};

describe('hasSettled: when an unbounded run may stop (evidence in, yes or no out)', () => {
  it.each<[string, Partial<SettleEvidence>, boolean]>([
    ['10 rounds or more, the same verdicts 3 rounds running, a narrow destination interval', {}, true],
    ['fewer than minRounds', { completed: 9 }, false],
    ['the verdicts changed in the last 3 rounds', { signatures: ['1:clean', '1:node-loss', '1:clean'] }, false],
    ['only 2 rounds of verdicts', { signatures: ['1:clean', '1:clean'] }, false],
    ['the destination interval wider than 25 points', { destinationCi95: { lowPct: 5, highPct: 31 } }, false],
    ['nothing probed at the destination', { destinationCi95: undefined }, false],
    ['unreachable: no destination interval to narrow', { destinationCi95: undefined, unreachable: true }, true],
    ['loss not yet placed', { attribution: { ...clean, unplacedLoss: unplaced } }, false],
    ['a lossy link named with a rival', { attribution: { ...clean, verdicts: [doubt] } }, false],
    ['a lossy link without rivals', { attribution: { ...clean, verdicts: [{ ...doubt, alternativeTtls: [] }] } }, true],
  ])('%s → %s', (_name, e, want) => {
    expect(hasSettled({ ...evidence, ...e })).toBe(want);
  });
});

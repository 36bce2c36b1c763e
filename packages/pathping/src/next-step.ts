import type { PctInterval } from '@netcheck/core';
import type { Attribution } from './types.js';

/** Why probing ended: the count was reached, the verdicts settled, a limit, an abort, or rounds kept failing. */
export type EndReason = 'count' | 'settled' | 'max-rounds' | 'max-duration' | 'aborted' | 'failed';

/** Where the rounds stand: what the loop has done so far, and what the rounds themselves decided. */
export interface RoundState {
  /** When probing started (ms, the loop's clock). */
  startedAt: number;
  /** When the last round was launched; `undefined` before the first. */
  lastLaunchAt: number | undefined;
  launched: number;
  inFlight: number;
  /** Rounds whose traceroute failed (could not start, crashed), one after the other. */
  failedInARow: number;
  /** The verdicts settled (see hasSettled): no more rounds are needed. */
  settled: boolean;
  /** The caller aborted. */
  aborted: boolean;
  /** The last TTL probed in rounds; below 1 there is nothing to probe (the first hop says unreachable). */
  lastTtl: number;
}

/** The limits the rounds run under (from the options). */
export interface RoundLimits {
  /** Exactly this many rounds; `undefined`: until settled, or a limit. */
  count: number | undefined;
  maxRounds: number;
  maxDurationMs: number;
  /** Time between round starts (ms). */
  intervalMs: number;
  /** Rounds in flight at once at most. */
  maxInFlight: number;
}

/** Rounds whose traceroute failed one after the other that end the run with the failure. */
export const FAILED_ROUNDS_TO_END = 3;

/** What the loop does next. */
export type RoundStep =
  | { kind: 'launch' }
  /** Sleep until this time (the loop's clock), or until a round ends the run or the caller aborts. */
  | { kind: 'wait'; until: number }
  /** Wait for a round in flight to finish. */
  | { kind: 'wait-for-round' }
  /** Probing is over; `cutRoundsInFlight`: rounds still in flight are stopped and left out whole. */
  | { kind: 'end'; reason: EndReason; cutRoundsInFlight: boolean };

/**
 * What the round loop does next (pure), first rule that holds:
 * 1 - nothing to probe (the last TTL is below 1) → end `count`;
 * 2 - `FAILED_ROUNDS_TO_END` rounds failed in a row → end `failed`, cutting rounds in flight;
 * 3 - the caller aborted → end `aborted`, cutting rounds in flight;
 * 4 - the verdicts settled → end `settled`, cutting rounds in flight (they add nothing);
 * 5 - every round is launched (the count, or `maxRounds`): wait for the rounds in flight (a count needs every
 *     one of them), then end `count` / `max-rounds`;
 * 6 - no count and `maxDurationMs` has passed → end `max-duration`, cutting rounds in flight;
 * 7 - the interval since the last launch has not passed → wait until it has (each router sees at most a
 *     round's probes per interval);
 * 8 - `maxInFlight` rounds in flight → wait for one (rounds overlap, so a round waiting out a lost probe does not
 *     hold up the next, but not without bound);
 * 9 - otherwise launch a round.
 */
export function nextStep(s: RoundState, limits: RoundLimits, now: number): RoundStep {
  const end = (reason: EndReason, cutRoundsInFlight: boolean): RoundStep => ({
    kind: 'end',
    reason,
    cutRoundsInFlight,
  });
  if (s.lastTtl < 1) return end('count', false);
  if (s.failedInARow >= FAILED_ROUNDS_TO_END) return end('failed', true);
  if (s.aborted) return end('aborted', true);
  if (s.settled) return end('settled', true);
  if (s.launched >= (limits.count ?? limits.maxRounds)) {
    if (s.inFlight > 0) return { kind: 'wait-for-round' };
    return end(limits.count !== undefined ? 'count' : 'max-rounds', false);
  }
  if (limits.count === undefined && now - s.startedAt >= limits.maxDurationMs) return end('max-duration', true);
  if (s.lastLaunchAt !== undefined && now < s.lastLaunchAt + limits.intervalMs)
    return { kind: 'wait', until: s.lastLaunchAt + limits.intervalMs };
  if (s.inFlight >= limits.maxInFlight) return { kind: 'wait-for-round' };
  return { kind: 'launch' };
}

/** Whether a finished round is left out: the run already ended otherwise than by its count, or is ending. */
export function isRoundLeftOut(s: RoundState, ended: EndReason | undefined): boolean {
  return (ended !== undefined && ended !== 'count') || s.settled || s.failedInARow >= FAILED_ROUNDS_TO_END;
}

/** What the rounds so far say, for hasSettled. */
export interface SettleEvidence {
  /** Rounds counted so far. */
  completed: number;
  minRounds: number;
  /** One signature of the verdicts per counted round, oldest first (see verdictSignature). */
  signatures: readonly string[];
  /** The loss interval at the last hop; `undefined` when nothing was probed there. */
  destinationCi95: PctInterval | undefined;
  /** The destination is unreachable: there is no end-to-end loss to narrow. */
  unreachable: boolean;
  attribution: Pick<Attribution, 'unplacedLoss' | 'verdicts'>;
}

/** How many rounds in a row the verdicts must stay the same, and how narrow the destination's interval must be. */
export const SETTLE = { sameRounds: 3, maxDestinationCiWidthPct: 25 } as const;

/** The verdicts of one round in a comparable form: each hop's TTL and kind. */
export function verdictSignature(a: Pick<Attribution, 'verdicts'>): string {
  return a.verdicts.map((v) => `${v.ttl}:${v.kind}`).join(',');
}

/**
 * Whether an unbounded run may stop (pure): all of
 * 1 - at least `minRounds` rounds counted;
 * 2 - the verdicts the same over the last `SETTLE.sameRounds` rounds;
 * 3 - the destination's loss interval at most `SETTLE.maxDestinationCiWidthPct` points wide (or unreachable);
 * 4 - no loss left unplaced, and no lossy link named with rivals: more rounds would place them.
 */
export function hasSettled(e: SettleEvidence): boolean {
  const last = e.signatures.slice(-SETTLE.sameRounds);
  const same = last.length === SETTLE.sameRounds && new Set(last).size === 1;
  const ci = e.destinationCi95;
  const narrow = e.unreachable || (ci !== undefined && ci.highPct - ci.lowPct <= SETTLE.maxDestinationCiWidthPct);
  const unsure =
    e.attribution.unplacedLoss !== undefined ||
    e.attribution.verdicts.some((v) => v.kind === 'link-loss' && v.alternativeTtls.length > 0);
  return e.completed >= e.minRounds && same && narrow && !unsure;
}

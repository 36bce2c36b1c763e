import { setTimeout as sleep } from 'node:timers/promises';

/** Where a repeat loop is. Times in ms from `performance.now()`-like clocks. */
export interface RepeatState {
  /** Runs started so far. */
  runs: number;
  /** When the last run started; `undefined` before the first. */
  lastStartMs: number | undefined;
}

/** What a repeat loop does next. */
export type RepeatMove = { kind: 'run' } | { kind: 'wait'; ms: number } | { kind: 'end'; reason: 'count' | 'aborted' };

/** Options of `--every`. */
export interface RepeatOptions {
  /** Time between run starts (`--every 30s`). */
  everyMs: number;
  /** Stop after this many runs; `undefined` runs until aborted. */
  maxRuns?: number;
}

/**
 * The next move of `--every` (pure):
 * 1 - aborted: end;
 * 2 - `maxRuns` reached: end;
 * 3 - the first run starts at once;
 * 4 - later runs start `everyMs` after the previous start; a run that took longer than that is followed at once,
 *     never overlapped (two diagnoses of one target at once would measure each other).
 */
export function decideRepeat(state: RepeatState, nowMs: number, options: RepeatOptions, aborted: boolean): RepeatMove {
  if (aborted) return { kind: 'end', reason: 'aborted' };
  if (options.maxRuns !== undefined && state.runs >= options.maxRuns) return { kind: 'end', reason: 'count' };
  if (state.lastStartMs === undefined) return { kind: 'run' };
  const waitMs = state.lastStartMs + options.everyMs - nowMs;
  return waitMs > 0 ? { kind: 'wait', ms: waitMs } : { kind: 'run' };
}

/** One run of a repeat loop: the NDJSON record `--every` prints. */
export interface RepeatRecord<R> {
  /** 1-based. */
  run: number;
  /** ISO 8601 start time (UTC). */
  time: string;
  durationMs: number;
  result: R;
}

/** Clock of the loop (tests inject one). */
export interface RepeatClock {
  nowMs(): number;
  wallTime(): Date;
}

const SYSTEM_CLOCK: RepeatClock = { nowMs: () => performance.now(), wallTime: () => new Date() };

/**
 * Carry out `--every`: ask decideRepeat, run, yield the record, until it says end. Each run gets the loop's signal;
 * Ctrl-C ends the wait at once and the run in progress through its own signal handling.
 */
export async function* runRepeatedly<R>(
  run: (signal: AbortSignal) => Promise<R>,
  options: RepeatOptions & { signal: AbortSignal; clock?: RepeatClock },
): AsyncGenerator<RepeatRecord<R>, RepeatMove & { kind: 'end' }> {
  const clock = options.clock ?? SYSTEM_CLOCK;
  const state: RepeatState = { runs: 0, lastStartMs: undefined };
  for (;;) {
    const move = decideRepeat(state, clock.nowMs(), options, options.signal.aborted);
    if (move.kind === 'end') return move;
    if (move.kind === 'wait') {
      await sleep(move.ms, undefined, { signal: options.signal }).catch(() => undefined);
      continue;
    }
    state.runs++;
    state.lastStartMs = clock.nowMs();
    const time = clock.wallTime().toISOString();
    const result = await run(options.signal);
    yield { run: state.runs, time, durationMs: Math.round(clock.nowMs() - state.lastStartMs), result };
  }
}

/** A run's figures for the one-line view, by name in display order (`loss` → `"0%"`). */
export type RunFigures = Readonly<Record<string, string>>;

/**
 * The one-line-per-run view of `--every` in a terminal (pure): the run's time and figures, and what changed since the
 * previous run (`loss 0% → 10%`), or `no change`.
 */
export function renderRepeatLine(
  record: { run: number; time: string },
  figures: RunFigures,
  previous: RunFigures | undefined,
): string {
  const now = Object.entries(figures)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
  const changed =
    previous === undefined
      ? []
      : Object.entries(figures)
          .filter(([k, v]) => previous[k] !== v)
          .map(([k, v]) => `${k} ${previous[k] ?? '-'} → ${v}`);
  const tail = previous === undefined ? '' : changed.length ? `  changed: ${changed.join('; ')}` : '  no change';
  return `${record.time.slice(11, 19)} #${record.run}  ${now}${tail}`;
}

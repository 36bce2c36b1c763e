import type { TcpCounterName, TcpCounters } from './kernel-counters.js';
import { TCP_COUNTERS } from './kernel-counters.js';
import type { StateCounts, TcpState } from './tcp-state.js';
import { TCP_STATES } from './tcp-state.js';

/** One sample of `--watch`: states and counters, and their change since the previous sample. */
export interface SocketSample {
  /** 0 for the first sample. */
  index: number;
  /** ISO 8601 time of the sample. */
  at: string;
  /** Since the previous sample; 0 for the first. */
  elapsedMs: number;
  total: number;
  states: StateCounts;
  counters: TcpCounters | undefined;
  /** This sample's states minus the previous one's; `undefined` for the first. */
  stateDeltas: StateCounts | undefined;
  /** Counter increases since the previous sample; `undefined` for the first or when counters are unknown. */
  counterDeltas: Partial<Record<TcpCounterName, number>> | undefined;
}

/** How a state's count moved over a watch: a leak grows steadily, a burst rises and falls back. */
export interface StateTrend {
  first: number;
  last: number;
  min: number;
  max: number;
  /** 'growing' rose in most intervals (a leak looks like this), 'burst' rose then fell back at least halfway,
   * 'falling' ended lower, 'steady' none of these. */
  verdict: 'growing' | 'burst' | 'falling' | 'steady';
}

/** How a kernel counter moved over a watch. */
export interface CounterTrend {
  total: number;
  /** Intervals in which it rose. */
  risingIntervals: number;
  /** 'rising' in most intervals, 'burst' in a few, 'quiet' never. */
  verdict: 'rising' | 'burst' | 'quiet';
}

/** Trends over a series of samples; `undefined` below 3 samples (2 intervals), too few to tell a leak from a burst. */
export interface SocketTrends {
  intervals: number;
  states: Record<TcpState, StateTrend>;
  counters: Partial<Record<TcpCounterName, CounterTrend>>;
}

/** The difference between two samples, as `SocketSample`'s delta fields. */
export function makeSampleDeltas(
  prev: { states: StateCounts; counters: TcpCounters | undefined } | undefined,
  states: StateCounts,
  counters: TcpCounters | undefined,
): Pick<SocketSample, 'stateDeltas' | 'counterDeltas'> {
  if (!prev) return { stateDeltas: undefined, counterDeltas: undefined };
  const stateDeltas = Object.fromEntries(TCP_STATES.map((s) => [s, states[s] - prev.states[s]])) as StateCounts;
  let counterDeltas: Partial<Record<TcpCounterName, number>> | undefined;
  if (counters && prev.counters) {
    counterDeltas = {};
    for (const n of Object.keys(TCP_COUNTERS) as TcpCounterName[]) {
      const a = prev.counters[n];
      const b = counters[n];
      if (a !== undefined && b !== undefined) counterDeltas[n] = b - a;
    }
  }
  return { stateDeltas, counterDeltas };
}

/**
 * Tell a leak from a burst (what `sar -n SOCK` is watched for).
 * For each state, over the samples' counts:
 * 1 - 'growing': it ended at least minChange higher and rose in at least 3/4 of the intervals;
 * 2 - 'burst': it peaked at least minChange above the start and came back down at least halfway;
 * 3 - 'falling': it ended at least minChange lower;
 * 4 - 'steady' otherwise.
 * For each counter (CurrEstab, a gauge, excluded): 'rising' when it rose in at least 3/4 of the
 * intervals, 'burst' when it rose in some, 'quiet' when never.
 */
export function deriveTrends(samples: readonly SocketSample[], minChange = 5): SocketTrends | undefined {
  if (samples.length < 3) return undefined;
  const intervals = samples.length - 1;
  const states = {} as Record<TcpState, StateTrend>;
  for (const s of TCP_STATES) {
    const v = samples.map((x) => x.states[s]);
    const first = v[0] ?? 0;
    const last = v.at(-1) ?? 0;
    const min = Math.min(...v);
    const max = Math.max(...v);
    let rises = 0;
    for (let i = 1; i < v.length; i++) if ((v[i] ?? 0) > (v[i - 1] ?? 0)) rises++;
    let verdict: StateTrend['verdict'] = 'steady';
    if (last - first >= minChange && rises >= 0.75 * intervals) verdict = 'growing';
    else if (max - first >= minChange && max - last >= (max - first) / 2) verdict = 'burst';
    else if (first - last >= minChange) verdict = 'falling';
    states[s] = { first, last, min, max, verdict };
  }
  const counters: Partial<Record<TcpCounterName, CounterTrend>> = {};
  for (const n of Object.keys(TCP_COUNTERS) as TcpCounterName[]) {
    if (n === 'CurrEstab') continue;
    const d = samples.slice(1).map((x) => x.counterDeltas?.[n]);
    if (d.some((x) => x === undefined)) continue;
    const risingIntervals = d.filter((x) => x! > 0).length;
    const total = d.reduce((a, b) => a! + b!, 0)!;
    counters[n] = {
      total,
      risingIntervals,
      verdict: risingIntervals === 0 ? 'quiet' : risingIntervals >= 0.75 * intervals ? 'rising' : 'burst',
    };
  }
  return { intervals, states, counters };
}

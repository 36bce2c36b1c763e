/** Arithmetic mean; `undefined` for no samples. */
export function mean(values: readonly number[]): number | undefined {
  if (values.length === 0) return undefined;
  let sum = 0;
  for (const v of values) sum += v;
  return sum / values.length;
}

/** Population standard deviation (what ping's `mdev` and mtr's `StDev` report); `undefined` for no samples. */
export function stdev(values: readonly number[]): number | undefined {
  const m = mean(values);
  if (m === undefined) return undefined;
  let acc = 0;
  for (const v of values) acc += (v - m) ** 2;
  return Math.sqrt(acc / values.length);
}

/**
 * Percentile by linear interpolation between closest ranks (p in 0..100);
 * `undefined` for no samples.
 */
export function percentile(values: readonly number[], p: number): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (Math.min(Math.max(p, 0), 100) / 100) * (sorted.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  const a = sorted[lo]!;
  const b = sorted[hi]!;
  return a + (b - a) * (rank - lo);
}

/**
 * Jitter as the mean absolute difference of successive samples (RFC 3550's
 * idea without the smoothing; what mtr's "Javg" reports); `undefined` below two samples.
 */
export function jitter(valuesInOrder: readonly number[]): number | undefined {
  if (valuesInOrder.length < 2) return undefined;
  let acc = 0;
  for (let i = 1; i < valuesInOrder.length; i++) acc += Math.abs(valuesInOrder[i]! - valuesInOrder[i - 1]!);
  return acc / (valuesInOrder.length - 1);
}

/** A proportion's interval, in percent. */
export interface PctInterval {
  lowPct: number;
  highPct: number;
}

/**
 * 95% Wilson score interval for `lost` out of `sent`, in percent. Chosen over
 * the normal approximation because it stays inside 0..100 and is honest at 0
 * or n losses: 0 of 10 lost gives 0–27.8%, not "0%". `undefined` when nothing was sent.
 */
export function wilsonIntervalPct(lost: number, sent: number, z = 1.959964): PctInterval | undefined {
  if (sent <= 0) return undefined;
  const p = lost / sent;
  const z2 = z * z;
  const denom = 1 + z2 / sent;
  const centre = (p + z2 / (2 * sent)) / denom;
  const half = (z * Math.sqrt((p * (1 - p)) / sent + z2 / (4 * sent * sent))) / denom;
  const lowPct = Math.max(0, centre - half) * 100;
  const highPct = Math.min(1, centre + half) * 100;
  return { lowPct: lost === 0 ? 0 : lowPct, highPct: lost === sent ? 100 : highPct };
}

/** Summary of a set of round-trip samples in milliseconds; fields are `undefined` when there are no samples. */
export interface RttSummary {
  count: number;
  minMs: number | undefined;
  avgMs: number | undefined;
  maxMs: number | undefined;
  stdevMs: number | undefined;
  jitterMs: number | undefined;
  p50Ms: number | undefined;
  p95Ms: number | undefined;
}

/** Summarise RTT samples given in the order they were received. */
export function summariseRtts(rttsMs: readonly number[]): RttSummary {
  return {
    count: rttsMs.length,
    minMs: rttsMs.length ? Math.min(...rttsMs) : undefined,
    avgMs: mean(rttsMs),
    maxMs: rttsMs.length ? Math.max(...rttsMs) : undefined,
    stdevMs: stdev(rttsMs),
    jitterMs: jitter(rttsMs),
    p50Ms: percentile(rttsMs, 50),
    p95Ms: percentile(rttsMs, 95),
  };
}

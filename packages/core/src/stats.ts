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

/**
 * The standard normal quantile: z with P(Z ≤ z) = p, for 0 < p < 1 (Acklam's rational approximation,
 * relative error below 1.2e-9). Used for one-sided critical values corrected for several comparisons:
 * `normalQuantile(1 - 0.01 / k)` keeps the chance of any false alarm among k tests at 1%.
 */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`normalQuantile needs 0 < p < 1 (got ${p})`);
  const a = [
    -3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1,
    2.506628277459239,
  ];
  const b = [
    -5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1,
  ];
  const c = [
    -7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968,
    2.938163982698783,
  ];
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
  const tail = (q: number) =>
    (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) /
    ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  const pLow = 0.02425;
  if (p < pLow) return tail(Math.sqrt(-2 * Math.log(p)));
  if (p > 1 - pLow) return -tail(Math.sqrt(-2 * Math.log(1 - p)));
  const q = p - 0.5;
  const r = q * q;
  return (
    ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) /
    (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1)
  );
}

/**
 * The one-sided upper confidence bound on a loss rate, in percent (exact Clopper–Pearson): the largest rate
 * that would still show `lost` or fewer losses out of `sent` with probability at least 1 − `confidence`.
 * 0 of 60 lost gives 4.9% at 95%: "loss below 5%". `undefined` when nothing was sent.
 * 1 - for no loss it is 1 − (1 − confidence)^(1/sent);
 * 2 - otherwise the binomial CDF is solved for the rate by bisection (60 halvings: far below a rounding step).
 */
export function lossUpperBoundPct(lost: number, sent: number, confidence = 0.95): number | undefined {
  if (sent <= 0) return undefined;
  if (lost >= sent) return 100;
  const alpha = 1 - confidence;
  if (lost === 0) return (1 - alpha ** (1 / sent)) * 100;
  const cdf = (p: number) => {
    let term = (1 - p) ** sent;
    let sum = term;
    for (let k = 1; k <= lost; k++) {
      term *= ((sent - k + 1) / k) * (p / (1 - p));
      sum += term;
    }
    return sum;
  };
  let lo = lost / sent;
  let hi = 1;
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    if (cdf(mid) > alpha) lo = mid;
    else hi = mid;
  }
  return hi * 100;
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

/**
 * Milliseconds on a monotonic clock, for the time a query took. Not `performance.now()`: the first read of the
 * global `performance` loads node's perf_hooks (~0.6 ms, 12 modules), a cost every one-shot lookup would pay.
 */
export function monotonicMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

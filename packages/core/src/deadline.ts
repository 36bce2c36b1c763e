/** A signal that aborts at a deadline or with an outer signal, and how to let it go. */
export interface Deadline {
  signal: AbortSignal;
  /** Clear the timer and the listener on the outer signal (call when the work is over). */
  dispose(): void;
}

/**
 * A signal that aborts after `ms` or when `outer` aborts, whichever comes first. Built on a timer and a listener,
 * not on `AbortSignal.any([AbortSignal.timeout(ms), outer])`: on Node 20 `any()` holds the signals it combines
 * weakly, so a garbage collection can drop the timeout signal and the deadline never fires (the exporter's probes
 * ran past their Prometheus deadline that way). The timer keeps its controller alive until it fires or is disposed.
 */
export function makeDeadline(ms: number, outer?: AbortSignal): Deadline {
  const ac = new AbortController();
  const onOuter = () => ac.abort(outer?.reason);
  const timer = setTimeout(() => ac.abort(new DOMException(`deadline of ${ms} ms`, 'TimeoutError')), ms);
  if (outer?.aborted) onOuter();
  else outer?.addEventListener('abort', onOuter, { once: true });
  return {
    signal: ac.signal,
    dispose() {
      clearTimeout(timer);
      outer?.removeEventListener('abort', onOuter);
    },
  };
}

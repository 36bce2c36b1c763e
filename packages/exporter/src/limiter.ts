/** A concurrency limit: at most `size` holders; others wait in order until a slot frees or their signal fires. */
export interface Limiter {
  /** A release function, or `undefined` when the signal fired first (the caller gives up). */
  acquire(signal: AbortSignal): Promise<(() => void) | undefined>;
  readonly active: number;
  readonly waiting: number;
}

export function makeLimiter(size: number): Limiter {
  let active = 0;
  const queue: Array<() => boolean> = [];
  const release = () => {
    active--;
    // hand the slot to the first waiter still waiting
    while (queue.length) if (queue.shift()!()) return;
  };
  return {
    get active() {
      return active;
    },
    get waiting() {
      return queue.length;
    },
    acquire(signal) {
      if (signal.aborted) return Promise.resolve(undefined);
      if (active < size) {
        active++;
        return Promise.resolve(once(release));
      }
      return new Promise((resolve) => {
        let settled = false;
        const onAbort = () => {
          if (settled) return;
          settled = true;
          const i = queue.indexOf(take);
          if (i >= 0) queue.splice(i, 1);
          resolve(undefined);
        };
        function take(): boolean {
          if (settled) return false;
          if (signal.aborted) {
            onAbort();
            return false;
          }
          settled = true;
          signal.removeEventListener('abort', onAbort);
          active++;
          resolve(once(release));
          return true;
        }
        queue.push(take);
        signal.addEventListener('abort', onAbort, { once: true });
      });
    },
  };
}

function once(f: () => void): () => void {
  let done = false;
  return () => {
    if (!done) {
      done = true;
      f();
    }
  };
}

import type { CommandRunner, Platform } from '@netcheck/core';
import { detectPlatform } from '@netcheck/core';
import { inspectSockets } from './inspect.js';
import { countSocketStates } from './inspect/collect-proc.js';
import type { TcpCounters } from './kernel-counters.js';
import { readProcCounters } from './read-proc.js';
import type { StateCounts } from './tcp-state.js';
import type { SocketSample } from './trend.js';
import { makeSampleDeltas } from './trend.js';
import type { SocketFilter } from './types.js';

/** Options of `watchSockets`. */
export interface WatchSocketsOptions {
  /** Time between samples (default 1000). */
  intervalMs?: number;
  /** Stop after this many samples (default: until aborted). */
  samples?: number;
  signal?: AbortSignal;
  filter?: SocketFilter;
  runner?: CommandRunner;
  platform?: Platform;
  procRoot?: string;
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const t = setTimeout(done, Math.max(0, ms));
    function done() {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

/**
 * Sample the table's states and the kernel counters every `intervalMs` and yield each
 * sample with its change since the previous one (like `sar -n SOCK 1`). Without a filter
 * on Linux each sample is a counts-only pass over /proc/net/tcp (no object per socket).
 * Ends after `samples`, or when `signal` aborts (the samples so far stand).
 */
export async function* watchSockets(options: WatchSocketsOptions = {}): AsyncGenerator<SocketSample> {
  const intervalMs = options.intervalMs ?? 1000;
  const platform = options.platform ?? detectPlatform();
  const procRoot = options.procRoot ?? '/proc';
  let prev: { states: StateCounts; counters: TcpCounters | undefined; atMs: number } | undefined;
  for (let index = 0; options.samples === undefined || index < options.samples; index++) {
    if (options.signal?.aborted) return;
    const atMs = performance.now();
    let states: StateCounts | undefined;
    let total = 0;
    let counters: TcpCounters | undefined;
    if (platform === 'linux' && !options.filter) {
      counters = readProcCounters(procRoot).counters;
      const c = countSocketStates(procRoot);
      if (c) {
        states = c.states;
        total = c.total;
      }
    }
    if (!states) {
      const r = await inspectSockets({
        countsOnly: true,
        filter: options.filter,
        runner: options.runner,
        platform,
        procRoot,
        signal: options.signal,
      });
      if (!r.ok) return;
      states = r.states;
      total = r.total;
      counters = r.counters;
    }
    yield {
      index,
      at: new Date().toISOString(),
      elapsedMs: prev ? atMs - prev.atMs : 0,
      total,
      states,
      counters,
      ...makeSampleDeltas(prev, states, counters),
    };
    prev = { states, counters, atMs };
    if (options.samples !== undefined && index + 1 >= options.samples) return;
    await sleep(intervalMs - (performance.now() - atMs), options.signal);
  }
}

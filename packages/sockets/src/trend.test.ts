import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixture, makeFakeProc } from '../test/helpers.js';
import { makeStateCounts } from './tcp-state.js';
import type { SocketSample } from './trend.js';
import { deriveTrends, makeSampleDeltas } from './trend.js';
import { watchSockets } from './watch.js';

/** Samples from compact series: CLOSE_WAIT counts and ListenOverflows values per sample. */
function series(closeWait: number[], overflows: number[]): SocketSample[] {
  const out: SocketSample[] = [];
  let prev: { states: ReturnType<typeof makeStateCounts>; counters: { ListenOverflows: number } } | undefined;
  closeWait.forEach((cw, i) => {
    const states = { ...makeStateCounts(), CLOSE_WAIT: cw, ESTABLISHED: 100 };
    const counters = { ListenOverflows: overflows[i]! };
    out.push({
      index: i,
      at: '',
      elapsedMs: i ? 1000 : 0,
      total: cw + 100,
      states,
      counters,
      ...makeSampleDeltas(prev, states, counters),
    });
    prev = { states, counters };
  });
  return out;
}

describe('leak or burst', () => {
  it.each([
    ['steady growth: a leak', [10, 20, 31, 40, 52], 'growing'],
    ['up then back down: a burst', [10, 10, 60, 30, 12], 'burst'],
    ['flat', [10, 11, 10, 12, 10], 'steady'],
    ['draining', [80, 60, 40, 20, 10], 'falling'],
  ] as const)('%s', (_n, cw, verdict) => {
    expect(deriveTrends(series([...cw], [0, 0, 0, 0, 0]))!.states.CLOSE_WAIT.verdict).toBe(verdict);
  });

  it.each([
    ['every interval', [0, 5, 9, 20, 26], 'rising'],
    ['once', [0, 0, 30, 30, 30], 'burst'],
    ['never', [7, 7, 7, 7, 7], 'quiet'],
  ] as const)('a counter rising %s', (_n, values, verdict) => {
    expect(deriveTrends(series([1, 1, 1, 1, 1], [...values]))!.counters.ListenOverflows).toMatchObject({ verdict });
  });

  it('too few samples to tell', () => {
    expect(deriveTrends(series([1, 50], [0, 0]))).toBeUndefined();
  });

  it('the first sample has no deltas, the next ones do', () => {
    const s = series([1, 4], [0, 2]);
    expect(s[0]!.stateDeltas).toBeUndefined();
    expect(s[1]!.stateDeltas!.CLOSE_WAIT).toBe(3);
    expect(s[1]!.counterDeltas).toEqual({ ListenOverflows: 2 });
  });
});

describe('watchSockets', () => {
  it('samples the table and the counters, with deltas from one sample to the next', async () => {
    const root = makeFakeProc({
      net: {
        tcp: fixture('linux/all-states.proc-net-tcp.txt'),
        netstat: fixture('linux/counters-before.proc-net-netstat.txt'),
        snmp: fixture('linux/counters-before.proc-net-snmp.txt'),
      },
    });
    try {
      const samples: SocketSample[] = [];
      for await (const s of watchSockets({ procRoot: root, platform: 'linux', intervalMs: 60, samples: 3 })) {
        samples.push(s);
        if (s.index === 0) {
          writeFileSync(join(root, 'net', 'tcp'), fixture('linux/syn-flood.proc-net-tcp.txt'));
          writeFileSync(join(root, 'net', 'netstat'), fixture('linux/counters-after.proc-net-netstat.txt'));
        }
      }
      expect(samples).toHaveLength(3);
      expect(samples[1]!.stateDeltas!.SYN_RECV).toBeGreaterThan(0);
      expect(samples[1]!.counterDeltas!.SyncookiesSent).toBeGreaterThan(0);
      expect(samples[2]!.counterDeltas!.SyncookiesSent).toBe(0);
      expect(samples[1]!.elapsedMs).toBeGreaterThanOrEqual(50);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('stops when aborted', async () => {
    const root = makeFakeProc({ net: { tcp: fixture('linux/all-states.proc-net-tcp.txt') } });
    const ac = new AbortController();
    const seen: number[] = [];
    setTimeout(() => ac.abort(), 150);
    for await (const s of watchSockets({ procRoot: root, platform: 'linux', intervalMs: 100, signal: ac.signal }))
      seen.push(s.index);
    rmSync(root, { recursive: true, force: true });
    expect(seen.length).toBeGreaterThanOrEqual(1);
    expect(seen.length).toBeLessThanOrEqual(3);
  });
});

import type { TraceReport } from '@netcheck/traceroute';
import { deriveStopReason, parseTraceOutput } from '@netcheck/traceroute';
import { describe, expect, it } from 'vitest';
import { applyMaxUnknown, buildGiveUpAfter, deriveUnknownLimit } from './max-unknown.js';
import { planRounds } from './plan-rounds.js';

/**
 * A discovery from a compact path: one word a TTL, `*` for a hop that never answered, a number n for the router
 * 10.0.n.1 (the destination is 10.0.9.1, `9`). Typed by hand: the shapes below are what the rule is about.
 */
function discovery(path: string): Pick<TraceReport, 'hops' | 'stop' | 'pathLength' | 'address'> {
  const lines = path
    .split(' ')
    .filter(Boolean)
    .map((w, i) => (w === '*' ? ` ${i + 1}  * * *` : ` ${i + 1}  10.0.${w}.1  ${w}.000 ms`));
  const { hops } = parseTraceOutput(
    ['traceroute to 10.0.9.1 (10.0.9.1), 30 hops max', ...lines].join('\n'),
    'traceroute',
  );
  const stop = deriveStopReason(hops, '10.0.9.1', { maxTtl: 30, giveUpAfter: 0 });
  return { hops, stop, pathLength: stop.kind === 'reached' ? stop.hop : undefined, address: '10.0.9.1' };
}

describe('deriveUnknownLimit: the last TTL mtr -U probes', () => {
  it.each([
    // A silent tail after 3 routers (the lab's icmp-filtered server, ICMP probes): mtr 0.95 sent TTLs 1-7 with
    // -U 2 and 1-10 with -U 5 (nftables counters in the lab client); -U 0 is taken as 1.
    ['1 2 3 * * * * * * * * * *', 2, 7],
    ['1 2 3 * * * * * * * * * *', 5, 10],
    ['1 2 3 * * * * * * * * * *', 1, 6],
    ['1 2 3 * * * * * * * * * *', 0, 6],
    // Not yet more than -U unknown hops: the destination or the max TTL ends probing.
    ['1 2 3 * * * * * * * * * *', 10, undefined],
    ['1 * 3 9', 1, undefined],
    // mtr counts every hop that never answered, not only a run of them: 2 and 4 are two.
    ['1 * 3 * * 9', 1, 5],
    // Measured the same way with r2 silent too: mtr -U 2 sent TTLs 1-6, not 1-7.
    ['1 * 3 * * * * * * *', 2, 6],
    // The third unknown hop makes TTL 6 the last probed: the destination answers there all the same.
    ['1 * 3 * * 9', 2, 6],
    ['* * * * * *', 2, 4],
    ['', 5, undefined],
  ])('%j with -U %i: %s', (path, maxUnknown, limit) => {
    expect(deriveUnknownLimit(discovery(path).hops, maxUnknown)).toBe(limit);
  });
});

describe('buildGiveUpAfter: how many silent hops in a row the discovery waits for', () => {
  it.each([
    [5, 7],
    [2, 4],
    [0, 3],
  ])('-U %i: %i, the silent hops mtr probes past the last answer', (maxUnknown, silent) => {
    expect(buildGiveUpAfter(maxUnknown)).toBe(silent);
    const path = `1 2 3 ${'* '.repeat(20)}`;
    expect(deriveUnknownLimit(discovery(path).hops, maxUnknown)).toBe(3 + silent);
  });
});

describe('applyMaxUnknown: the discovery as mtr -U would have found it', () => {
  it('within the limit: the same discovery', () => {
    const d = discovery('1 * 3 9');
    expect(applyMaxUnknown(d, 1, 30)).toBe(d);
    const late = discovery('1 * 3 * * 9');
    expect(applyMaxUnknown(late, 2, 30)).toBe(late);
  });

  it('past it: the hops after the limit are gone, and so is the destination found behind them', () => {
    const d = applyMaxUnknown(discovery('1 * 3 * * 9'), 1, 30);
    expect(d.hops.map((h) => h.ttl)).toEqual([1, 2, 3, 4, 5]);
    expect(d.stop).toEqual({ kind: 'gave-up', silentHops: 2, lastResponder: { hop: 3, address: '10.0.3.1' } });
    expect(d.pathLength).toBeUndefined();
    // The rounds then probe one hop past the last answer, as for any path that goes dark.
    const plan = planRounds(d, { maxTtl: 30, intervalMs: 250, probesPerRound: 10, waitMs: 1000, paced: false });
    expect(plan.lastTtl).toBe(4);
  });

  it('a silent tail: the trace stops at the limit, the rounds probe one hop past the last answer whatever -U', () => {
    const o = { maxTtl: 30, intervalMs: 250, probesPerRound: 10, waitMs: 1000, paced: false };
    for (const u of [2, 5]) {
      const d = applyMaxUnknown(discovery(`1 2 3 ${'* '.repeat(20)}`), u, 30);
      expect(d.hops.at(-1)?.ttl).toBe(3 + buildGiveUpAfter(u));
      expect(planRounds(d, o).lastTtl).toBe(4);
    }
  });

  it('a failed or aborted trace is left as it is', () => {
    const d = { ...discovery('* * * * * *'), stop: { kind: 'aborted' as const } };
    expect(applyMaxUnknown(d, 1, 30)).toBe(d);
  });
});

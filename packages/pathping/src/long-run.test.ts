import { readFileSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { CommandSpec } from '@netcheck/core';
import { FakeCommandRunner, parseRecordedRun } from '@netcheck/core';
import { describe, expect, it } from 'vitest';
import { aggregateRounds, makeHopAccumulator, RTT_WINDOW } from './aggregate.js';
import { PROBE_HISTORY_ROUNDS, pathping } from './run.js';
import type { ProbeOutcome } from './types.js';

// Discovery: real `traceroute -n -I 10.0.4.2` output from the lab (3 probes a hop).
const icmp = new URL('../../traceroute/fixtures/linux/icmp.txt', import.meta.url);
const discovery = parseRecordedRun(readFileSync(icmp, 'utf8')).stdout;
const rtts = (i: number) => Array.from({ length: 10 }, (_, k) => `${(10 * i + 0.5 + k / 10).toFixed(3)} ms`).join('  ');
const round = [
  'traceroute to 10.0.4.2 (10.0.4.2), 4 hops max, 60 byte packets',
  ...['10.0.1.1', '10.0.2.2', '10.0.3.2', '10.0.4.2'].map((a, i) => ` ${i + 1}  ${a}  ${rtts(i)}`),
].join('\n');
const isRound = (s: CommandSpec) => s.command === 'traceroute' && s.args.join(' ').includes('-q 10');
const runner = () =>
  new FakeCommandRunner([
    { match: isRound, stdout: round },
    { match: 'traceroute', stdout: discovery },
  ]);

describe('pathping long runs', () => {
  it('per-round work is constant: the last rounds of a long run cost what the early ones did', async () => {
    const count = 600;
    const run = pathping('10.0.4.2', { runner: runner(), platform: 'linux', method: 'icmp', count, intervalMs: 1 });
    const at: number[] = [];
    for await (const e of run) at[e.round] = process.cpuUsage().user;
    const r = await run.result;
    expect(r.rounds).toBe(count);
    const early = (at[200] ?? 0) - (at[100] ?? 0);
    const late = (at[600] ?? 0) - (at[500] ?? 0);
    expect(late).toBeLessThan(early * 2.5);
    // Statistics still cover every round; the kept probes are bounded.
    expect(r.hops.map((h) => h.sent)).toEqual([6000, 6000, 6000, 6000]);
    expect(r.probes.length).toBeLessThanOrEqual(PROBE_HISTORY_ROUNDS * 40);
    expect(r.probes.at(-1)?.round).toBeGreaterThan(count - PROBE_HISTORY_ROUNDS);
  }, 120_000);
});

describe('pathping memory on long runs', () => {
  it('the heap after a collection stays flat from round 1,000 to round 4,000', async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const r = runner();
    const run = pathping('10.0.4.2', { runner: r, platform: 'linux', method: 'icmp', count: 4000, intervalMs: 1 });
    const heapMb: Record<number, number> = {};
    for await (const e of run) {
      // The fake runner logs every call it gets: the test's memory, not the run's.
      if (r.calls.length > 100) r.calls.length = 0;
      if (e.round % 1000 === 0) {
        gc();
        heapMb[e.round] = process.memoryUsage().heapUsed / 1e6;
      }
    }
    expect((await run.result).rounds).toBe(4000);
    expect((heapMb[4000] ?? 0) - (heapMb[1000] ?? 0)).toBeLessThan(1.5);
  }, 120_000);
});

describe('makeHopAccumulator', () => {
  const probes = (spec: [number, number, string | undefined, number | undefined][]): ProbeOutcome[] =>
    spec.map(([round, ttl, responder, rttMs]) => ({ round, ttl, responder, rttMs }));

  it('gives what aggregateRounds gives over the same probes fed round by round', () => {
    const ps = probes([
      [1, 1, '10.0.1.1', 1.2],
      [1, 2, undefined, undefined],
      [1, 2, '10.0.2.2', 5.5],
      [2, 1, '10.0.1.1', 0.9],
      [2, 1, '10.0.1.9', 3.1],
      [2, 2, '10.0.2.2', 4.0],
      [3, 1, undefined, undefined],
      [3, 2, '10.0.2.2', 7.25],
    ]);
    const acc = makeHopAccumulator();
    for (const r of [1, 2, 3]) acc.add(ps.filter((p) => p.round === r));
    expect(acc.hops()).toEqual(aggregateRounds(ps));
  });

  it('drops the TTLs past a shrunk path', () => {
    const acc = makeHopAccumulator();
    acc.add(
      probes([
        [1, 1, 'a', 1],
        [1, 2, 'b', 2],
        [1, 3, undefined, undefined],
      ]),
    );
    acc.dropAbove(2);
    expect(acc.hops().map((h) => h.ttl)).toEqual([1, 2]);
  });

  it('percentiles over the last RTT_WINDOW answers; best, worst, mean and counts over all', () => {
    const acc = makeHopAccumulator();
    const n = RTT_WINDOW + 500;
    for (let i = 0; i < n; i++) acc.add(probes([[i + 1, 1, 'a', i < 500 ? 1000 : 1]]));
    const [h] = acc.hops();
    expect(h).toMatchObject({ sent: n, received: n, worstMs: 1000, bestMs: 1, p95Ms: 1, p50Ms: 1 });
    expect(h?.avgMs).toBeCloseTo((500 * 1000 + RTT_WINDOW) / n, 6);
  });
});

import { describe, expect, it } from 'vitest';
import { decideRepeat, renderRepeatLine, runRepeatedly } from './repeat.js';

describe('decideRepeat', () => {
  it.each([
    {
      state: { runs: 0, lastStartMs: undefined },
      now: 0,
      opts: { everyMs: 1000 },
      aborted: false,
      want: { kind: 'run' },
    },
    {
      state: { runs: 1, lastStartMs: 0 },
      now: 300,
      opts: { everyMs: 1000 },
      aborted: false,
      want: { kind: 'wait', ms: 700 },
    },
    { state: { runs: 1, lastStartMs: 0 }, now: 1000, opts: { everyMs: 1000 }, aborted: false, want: { kind: 'run' } },
    { state: { runs: 1, lastStartMs: 0 }, now: 2500, opts: { everyMs: 1000 }, aborted: false, want: { kind: 'run' } },
    {
      state: { runs: 3, lastStartMs: 0 },
      now: 5000,
      opts: { everyMs: 1000, maxRuns: 3 },
      aborted: false,
      want: { kind: 'end', reason: 'count' },
    },
    {
      state: { runs: 0, lastStartMs: undefined },
      now: 0,
      opts: { everyMs: 1000 },
      aborted: true,
      want: { kind: 'end', reason: 'aborted' },
    },
  ])('runs=$state.runs now=$now -> $want.kind', ({ state, now, opts, aborted, want }) =>
    expect(decideRepeat(state, now, opts, aborted)).toEqual(want),
  );
});

describe('runRepeatedly', () => {
  it('runs, waits between starts, numbers and timestamps each record, and stops at the count', async () => {
    let t = 0;
    const clock = { nowMs: () => t, wallTime: () => new Date(Date.UTC(2026, 0, 1, 0, 0, t / 1000)) };
    const records = [];
    const gen = runRepeatedly(
      async () => {
        t += 400;
        return t;
      },
      { everyMs: 10, maxRuns: 3, signal: new AbortController().signal, clock },
    );
    for await (const r of gen) records.push(r);
    expect(records.map((r) => [r.run, r.durationMs, r.result])).toEqual([
      [1, 400, 400],
      [2, 400, 800],
      [3, 400, 1200],
    ]);
    expect(records[0]!.time).toBe('2026-01-01T00:00:00.000Z');
  });
  it('ends a wait at once on abort', async () => {
    const ac = new AbortController();
    const started = performance.now();
    const runs: number[] = [];
    for await (const r of runRepeatedly(async () => 1, { everyMs: 60_000, signal: ac.signal })) {
      runs.push(r.run);
      setTimeout(() => ac.abort(), 20);
    }
    expect(runs).toEqual([1]);
    expect(performance.now() - started).toBeLessThan(2000);
  });
});

describe('renderRepeatLine', () => {
  const rec = { run: 2, time: '2026-01-01T10:20:30.000Z' };
  it('says what changed since the previous run', () =>
    expect(renderRepeatLine(rec, { verdict: 'lossy-path', loss: '10%' }, { verdict: 'healthy', loss: '0%' })).toBe(
      '10:20:30 #2  verdict lossy-path, loss 10%  changed: verdict healthy → lossy-path; loss 0% → 10%',
    ));
  it('says no change, and nothing for the first run', () => {
    expect(renderRepeatLine(rec, { loss: '0%' }, { loss: '0%' })).toBe('10:20:30 #2  loss 0%  no change');
    expect(renderRepeatLine(rec, { loss: '0%' }, undefined)).toBe('10:20:30 #2  loss 0%');
  });
});

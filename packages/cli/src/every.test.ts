import { FakeCommandRunner } from '@netcheck/core';
import type { DiagnosisReport } from '@netcheck/diagnose';
import type { PingReport } from '@netcheck/ping';
import { describe, expect, it } from 'vitest';
import type { CliContext } from './context.js';
import { everyOption, runEvery } from './every.js';
import { deriveDiagnosisFigures, derivePingFigures } from './render/every.js';
import { captureIo } from './test-io.js';

const reports = [
  { category: 'healthy', findings: [{ id: 'ping-healthy', severity: 'info' }] },
  { category: 'healthy', findings: [] },
  { category: 'lossy-path', findings: [{ id: 'path-loss', severity: 'warning' }] },
] as unknown as DiagnosisReport[];

function context(isTTY: boolean): CliContext & { io: ReturnType<typeof captureIo> } {
  return {
    io: captureIo({ isTTY }),
    runner: new FakeCommandRunner([]),
    signal: new AbortController().signal,
    exitCode: 0,
  };
}

describe('runEvery', () => {
  it('prints one timestamped NDJSON record per run when not on a terminal, exit code the last run', async () => {
    const ctx = context(false);
    let i = 0;
    await runEvery(ctx, {
      everyMs: 10,
      maxRuns: 3,
      ndjson: false,
      run: async () => reports[i++]!,
      figures: deriveDiagnosisFigures,
      exitCode: (r) => (r.category === 'healthy' ? 0 : 1),
    });
    const records = ctx.io.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { run: number; time: string; exitCode: number; report: DiagnosisReport });
    expect(records.map((r) => [r.run, r.exitCode, r.report.category])).toEqual([
      [1, 0, 'healthy'],
      [2, 0, 'healthy'],
      [3, 1, 'lossy-path'],
    ]);
    for (const r of records) expect(r.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(ctx.exitCode).toBe(1);
  });

  it('prints one line per run on a terminal, saying what changed', async () => {
    const ctx = context(true);
    let i = 0;
    await runEvery(ctx, {
      everyMs: 10,
      maxRuns: 3,
      ndjson: false,
      run: async () => reports[i++]!,
      figures: deriveDiagnosisFigures,
      exitCode: () => 0,
    });
    const lines = ctx.io.stdout
      .trim()
      .split('\n')
      .map((l) => l.slice(9)); // without the time
    expect(lines).toEqual([
      '#1  verdict healthy, findings none',
      '#2  verdict healthy, findings none  no change',
      '#3  verdict lossy-path, findings path-loss  changed: verdict healthy → lossy-path; findings none → path-loss',
    ]);
  });
});

describe('everyOption and the figures', () => {
  it.each([
    ['30s', 30_000],
    ['5m', 300_000],
    ['1m30s', 90_000],
    ['2', 2000],
  ])('--every %s', (v, ms) => expect(everyOption(v)).toBe(ms));
  it.each(['0s', '500ms', '2d', 'often'])('refuses --every %s', (v) =>
    expect(() => everyOption(v)).toThrow(/--every takes a duration/),
  );
  it('takes replies, loss, RTT and hops from a ping', () =>
    expect(
      derivePingFigures({
        summary: { sent: 10, received: 9, lossPct: 10, avgMs: 31.25 },
        hops: { hops: 3 },
      } as unknown as PingReport),
    ).toEqual({
      replies: '9/10',
      loss: '10%',
      rtt: '31.25 ms',
      hops: '3',
    }));
});

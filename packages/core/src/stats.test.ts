import { describe, expect, it } from 'vitest';
import {
  jitter,
  lossUpperBoundPct,
  mean,
  normalQuantile,
  percentile,
  stdev,
  summariseRtts,
  wilsonIntervalPct,
} from './stats.js';

describe('statistics', () => {
  it('normalQuantile gives the textbook critical values and rejects p outside (0, 1)', () => {
    expect(normalQuantile(0.5)).toBeCloseTo(0, 9);
    expect(normalQuantile(0.95)).toBeCloseTo(1.644854, 5);
    expect(normalQuantile(0.975)).toBeCloseTo(1.959964, 5);
    expect(normalQuantile(0.99)).toBeCloseTo(2.326348, 5);
    expect(normalQuantile(1 - 0.01 / 3)).toBeCloseTo(2.713052, 5);
    expect(normalQuantile(0.001)).toBeCloseTo(-3.090232, 5);
    expect(() => normalQuantile(1)).toThrow(/0 < p < 1/);
  });
  it('gives undefined, never 0, for missing measurements', () => {
    expect(mean([])).toBeUndefined();
    expect(stdev([])).toBeUndefined();
    expect(percentile([], 50)).toBeUndefined();
    expect(jitter([5])).toBeUndefined();
    expect(wilsonIntervalPct(0, 0)).toBeUndefined();
    expect(summariseRtts([])).toMatchObject({ count: 0, minMs: undefined, avgMs: undefined, p95Ms: undefined });
  });

  it('matches ping-style figures', () => {
    const s = summariseRtts([10, 20, 30, 40]);
    expect(s).toMatchObject({ count: 4, minMs: 10, avgMs: 25, maxMs: 40 });
    expect(s.stdevMs).toBeCloseTo(11.1803, 3);
    expect(s.jitterMs).toBe(10);
    expect(s.p50Ms).toBe(25);
    expect(s.p95Ms).toBeCloseTo(38.5, 6);
  });

  it('jitter is the mean absolute successive difference', () => {
    expect(jitter([10, 14, 11, 11])).toBeCloseTo((4 + 3 + 0) / 3, 9);
  });

  it.each([
    // lost, sent, low, high (reference values from the Wilson formula, z=1.96)
    [0, 10, 0, 27.75],
    [10, 10, 72.25, 100],
    [1, 10, 1.79, 40.42],
    [20, 200, 6.6, 14.96],
  ])('Wilson 95%% interval for %i of %i', (lost, sent, low, high) => {
    const ci = wilsonIntervalPct(lost, sent)!;
    expect(ci.lowPct).toBeCloseTo(low, 1);
    expect(ci.highPct).toBeCloseTo(high, 1);
  });
});

import { parseRecordedRun } from './fixture.js';

describe('parseRecordedRun', () => {
  it('splits header, stdout, stderr and the exit code', () => {
    const r = parseRecordedRun('# command: ping x\n# tool: iputils\nPING x\n# stderr: oops\n# exit: 2\n');
    expect(r.header).toEqual({ command: 'ping x', tool: 'iputils' });
    expect(r.stdout).toBe('PING x\n');
    expect(r.stderr).toBe('oops\n');
    expect(r.exitCode).toBe(2);
  });
});

import { ExitCode, exitCodeForFailure } from './errors.js';

describe('exitCodeForFailure', () => {
  it('a network answer is a problem (1); a tool that cannot run is 3', () => {
    for (const reason of ['unknown-host', 'unreachable', 'timeout', 'refused', 'nxdomain'])
      expect(exitCodeForFailure({ reason })).toBe(ExitCode.Problem);
    for (const reason of ['tool-missing', 'permission-denied', 'tool-error'])
      expect(exitCodeForFailure({ reason })).toBe(ExitCode.ToolFailed);
  });
});

describe('lossUpperBoundPct', () => {
  it.each([
    // [lost, sent, expected %]: 0 lost is 1 - 0.05^(1/n); others are scipy beta.ppf(0.95, k + 1, n - k)
    [0, 30, 9.503],
    [0, 60, 4.87],
    [1, 30, 14.86],
    [3, 60, 12.42],
    [5, 5, 100],
  ])('%i of %i lost: below %f%%', (lost, sent, pct) => {
    expect(lossUpperBoundPct(lost, sent)).toBeCloseTo(pct, 1);
  });
  it('is undefined when nothing was sent', () => expect(lossUpperBoundPct(0, 0)).toBeUndefined());
});

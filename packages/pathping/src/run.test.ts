import { readFileSync } from 'node:fs';
import type { CommandSpec } from '@netcheck/core';
import { FakeCommandRunner, parseRecordedRun } from '@netcheck/core';
import { describe, expect, it } from 'vitest';
import { pathping } from './run.js';

// Discovery: real `traceroute -n -I 10.0.4.2` output from the lab (3 probes a hop).
const icmp = new URL('../../traceroute/fixtures/linux/icmp.txt', import.meta.url);
const discovery = parseRecordedRun(readFileSync(icmp, 'utf8')).stdout;
// A round: the same path, every one of 10 probes a hop answered.
const rtts = (i: number) => Array.from({ length: 10 }, () => `${(10 * i + 0.5).toFixed(3)} ms`).join('  ');
const round = [
  'traceroute to 10.0.4.2 (10.0.4.2), 4 hops max, 60 byte packets',
  ...['10.0.1.1', '10.0.2.2', '10.0.3.2', '10.0.4.2'].map((a, i) => ` ${i + 1}  ${a}  ${rtts(i)}`),
].join('\n');
const isRound = (s: CommandSpec) => s.command === 'traceroute' && s.args.join(' ').includes('-q 10');

describe('pathping rounds (fake traceroute)', () => {
  it('a round whose traceroute fails is left out, not counted as loss from the first hop', async () => {
    let rounds = 0;
    const runner = new FakeCommandRunner([
      {
        match: (s) => isRound(s) && ++rounds === 2,
        failure: { reason: 'tool-error', detail: 'traceroute: sendto: No buffer space available' },
      },
      { match: isRound, stdout: round },
      { match: 'traceroute', stdout: discovery },
    ]);
    const r = await pathping('10.0.4.2', { runner, platform: 'linux', method: 'icmp', count: 4, intervalMs: 5 }).result;
    expect(r.ended).toBe('count');
    expect(r.rounds).toBe(3);
    expect(r.hops.map((h) => [h.ttl, h.sent, h.received])).toEqual([
      [1, 30, 30],
      [2, 30, 30],
      [3, 30, 30],
      [4, 30, 30],
    ]);
    expect(r.attribution.summary).toMatch(/^the path is clean/);
    expect(runner.running).toBe(0);
  });

  it('three failed rounds in a row end the run with the failure', async () => {
    const runner = new FakeCommandRunner([
      {
        match: isRound,
        failure: { reason: 'permission-denied', detail: 'traceroute: socket: Operation not permitted' },
      },
      { match: 'traceroute', stdout: discovery },
    ]);
    const r = await pathping('10.0.4.2', { runner, platform: 'linux', method: 'icmp', intervalMs: 5 }).result;
    expect(r.ended).toBe('failed');
    expect(r.failure).toMatchObject({ reason: 'permission-denied' });
    expect(r.rounds).toBe(0);
    expect(r.hops).toEqual([]);
  });

  it('rounds overlap: every probe gets the whole wait (-w 1, not adaptive); rounds start every interval', async () => {
    const runner = new FakeCommandRunner([
      { match: isRound, stdout: round, lineDelayMs: 20 },
      { match: 'traceroute', stdout: discovery },
    ]);
    const t0 = performance.now();
    const options = { runner, platform: 'linux' as const, method: 'icmp' as const, count: 6, intervalMs: 10 };
    const r = await pathping('10.0.4.2', options).result;
    // Each fake round takes 100 ms (5 lines, 20 ms apart); one after another, six would take 600 ms.
    expect(performance.now() - t0).toBeLessThan(400);
    expect(r.rounds).toBe(6);
    const roundCall = runner.calls.find(isRound);
    expect(roundCall?.args.join(' ')).toContain('-w 1 ');
  });
});

describe('pathping rounds: how an unbounded run ends (fake traceroute)', () => {
  it('a clean path settles once the verdicts held for 3 rounds and at least minRounds were counted', async () => {
    const runner = new FakeCommandRunner([
      { match: isRound, stdout: round },
      { match: 'traceroute', stdout: discovery },
    ]);
    const options = { runner, platform: 'linux' as const, method: 'icmp' as const, intervalMs: 5, minRounds: 4 };
    const r = await pathping('10.0.4.2', options).result;
    expect(r.ended).toBe('settled');
    expect(r.rounds).toBeGreaterThanOrEqual(4);
    expect(r.rounds).toBeLessThan(60);
    expect(r.findings.map((f) => f.id)).toEqual(['mtr-path-clean']);
    expect(runner.running).toBe(0);
  });

  it('maxDurationMs cuts the rounds in flight short, and they are left out whole', async () => {
    const runner = new FakeCommandRunner([
      { match: isRound, stdout: round, lineDelayMs: 40 },
      { match: 'traceroute', stdout: discovery },
    ]);
    const options = { runner, platform: 'linux' as const, method: 'icmp' as const, intervalMs: 30, maxDurationMs: 300 };
    const r = await pathping('10.0.4.2', options).result;
    expect(r.ended).toBe('max-duration');
    expect(r.rounds).toBeGreaterThan(0);
    expect(r.rounds).toBeLessThan(10);
    // Rounds take 200 ms: the ones still in flight at 300 ms are cut, none counted half.
    expect(r.hops.every((h) => h.sent === r.rounds * 10)).toBe(true);
    expect(runner.running).toBe(0);
  });
});

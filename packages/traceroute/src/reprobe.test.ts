import type { CommandSpec } from '@netcheck/core';
import { FakeCommandRunner } from '@netcheck/core';
import { describe, expect, it } from 'vitest';
import { readFixture } from '../test/fixtures.js';
import { parseTraceOutput } from './accumulate.js';
import { applyReprobe, deriveRateLimitNotes, planReprobe } from './reprobe.js';
import { traceroute } from './run.js';
import { deriveStopReason } from './stop-reason.js';

const parse = (name: string) => parseTraceOutput(readFixture(name).text, 'traceroute');
const opts = { pauseMs: 2000, waitMs: 2000 };
const stopOf = (hops: ReturnType<typeof parse>['hops'], destination: string) =>
  deriveStopReason(hops, destination, { maxTtl: 30, giveUpAfter: 3 });

describe('planReprobe: where silence is checked once more (recorded lab traces on kernel defaults)', () => {
  it.each([
    [
      'linux/prohibited-bucket-empty',
      '10.0.5.2',
      { firstTtl: 3, lastTtl: 6, why: 'silent-after-last-answer', waitMs: 500 },
    ],
    ['linux/blackhole-m6', '10.0.5.3', { firstTtl: 3, lastTtl: 6, why: 'silent-after-last-answer' }],
    ['linux/dest-ratelimited-q1', '10.0.4.2', { firstTtl: 4, lastTtl: 20, why: 'silent-before-the-end' }],
    ['linux/host-unreachable-late', '10.0.5.1', { firstTtl: 3, lastTtl: 8, why: 'silent-before-the-end' }],
    ['linux/host-unreachable-burst', '10.0.5.1', undefined],
    ['linux/udp-numeric', '10.0.4.2', undefined],
    ['linux/silent-hop', '10.0.4.2', undefined],
    // one silent hop right before the destination: a silent router as far as anyone can tell
    ['linux/dest-ratelimited-q1', '10.0.4.2', undefined, 15],
  ])('%s → %o', (name, destination, want, dropSilent = 0) => {
    // dropSilent: leave out that many silent hops before the destination (to make a shorter silent run)
    const all = parse(name).hops;
    const hops = dropSilent ? [...all.slice(0, 3), ...all.slice(3 + dropSilent)] : all;
    const plan = planReprobe(hops, destination, opts);
    if (want === undefined) expect(plan).toBeUndefined();
    else expect(plan).toMatchObject(want);
  });

  it('re-probing off, or no hops: no re-probe', () => {
    expect(
      planReprobe(parse('linux/prohibited-bucket-empty').hops, '10.0.5.2', { ...opts, pauseMs: 0 }),
    ).toBeUndefined();
    expect(planReprobe([], '10.0.5.2', opts)).toBeUndefined();
  });
});

describe('applyReprobe and deriveRateLimitNotes', () => {
  it('an empty bucket at r3: the re-probe gets !X, the trace ends there, and r3 is named as rate-limiting', () => {
    const hops = applyReprobe(
      parse('linux/prohibited-bucket-empty').hops,
      parse('linux/prohibited-reprobe').hops,
      2000,
      '10.0.5.2',
    );
    expect(hops.map((h) => h.ttl)).toEqual([1, 2, 3]);
    expect(hops[2]).toMatchObject({ silent: false, reprobedAfterMs: 2000, responders: [{ address: '10.0.3.2' }] });
    expect(stopOf(hops, '10.0.5.2')).toMatchObject({
      kind: 'unreachable',
      hop: 3,
      by: '10.0.3.2',
      annotation: { code: '!X' },
    });
    expect(deriveRateLimitNotes(hops, '10.0.5.2')).toEqual([
      {
        ttl: 3,
        address: '10.0.3.2',
        answers: 'unreachable',
        text: '10.0.3.2 at hop 3 did not answer the first 3 probes but answered one sent 2.0 s later: it rate-limits its ICMP errors (!X); not loss, not a blackhole',
      },
    ]);
  });

  it('!H first seen at hop 8 after silent hops: the re-probe finds 10.0.3.2 saying it at hop 3', () => {
    const late = parse('linux/host-unreachable-late').hops;
    expect(stopOf(late, '10.0.5.1')).toMatchObject({ kind: 'unreachable', hop: 8 });
    const hops = applyReprobe(late, parse('linux/host-unreachable-reprobe').hops, 2000, '10.0.5.1');
    expect(stopOf(hops, '10.0.5.1')).toMatchObject({
      kind: 'unreachable',
      hop: 3,
      by: '10.0.3.2',
      annotation: { code: '!H' },
    });
    expect(hops).toHaveLength(3);
  });

  it('a destination that limited its answers: the re-probe finds it at hop 4, not 20', () => {
    const hops = applyReprobe(
      parse('linux/dest-ratelimited-q1').hops,
      parse('linux/dest-reprobe').hops,
      2000,
      '10.0.4.2',
    );
    expect(hops.map((h) => h.responders[0]?.address ?? '*')).toEqual(['10.0.1.1', '10.0.2.2', '10.0.3.2', '10.0.4.2']);
    expect(stopOf(hops, '10.0.4.2')).toEqual({ kind: 'reached', hop: 4, address: '10.0.4.2' });
    expect(deriveRateLimitNotes(hops, '10.0.4.2')).toMatchObject([{ ttl: 4, answers: 'destination' }]);
  });

  it('a real blackhole stays silent: still lost after hop 2, and no rate limit is claimed', () => {
    const hops = applyReprobe(
      parse('linux/blackhole-m6').hops,
      parse('linux/blackhole-reprobe').hops,
      2000,
      '10.0.5.3',
    );
    expect(hops[2]).toMatchObject({ silent: true, reprobedAfterMs: 2000 });
    expect(hops[2]!.probes).toHaveLength(parse('linux/blackhole-m6').hops[2]!.probes.length + 1);
    expect(stopOf(hops, '10.0.5.3')).toMatchObject({ kind: 'gave-up', lastResponder: { hop: 2, address: '10.0.2.2' } });
    expect(deriveRateLimitNotes(hops, '10.0.5.3')).toEqual([]);
  });

  it('answered some probes with !H, then went silent: rate-limiting, not loss', () => {
    expect(deriveRateLimitNotes(parse('linux/host-unreachable-burst').hops, '10.0.5.1')).toEqual([
      {
        ttl: 3,
        address: '10.0.3.2',
        answers: 'unreachable',
        text: '10.0.3.2 at hop 3 answered 2 of 3 probes, then went silent: it rate-limits its ICMP errors (!H); not loss',
      },
    ]);
    expect(deriveRateLimitNotes(parse('linux/udp-numeric').hops, '10.0.4.2')).toEqual([]);
  });

  it('a probe lost between two answers is what loss looks like, not a bucket run out', () => {
    // The lossy lab: ` 4  10.0.4.2  32.290 ms *  32.310 ms` read "answered 2 of 3 probes, then went silent".
    const text = ' 1  10.0.1.1  0.061 ms  0.020 ms  0.018 ms\n 2  10.0.4.2  32.290 ms *  32.310 ms\n';
    const gap = parseTraceOutput(text, 'traceroute').hops;
    expect(gap[1]?.probes.map((p) => p.address !== undefined)).toEqual([true, false, true]);
    expect(deriveRateLimitNotes(gap, '10.0.4.2')).toEqual([]);
    const tail = parseTraceOutput(' 1  10.0.1.1  0.061 ms  0.020 ms *\n', 'traceroute').hops;
    expect(deriveRateLimitNotes(tail, '10.0.4.2').map((n) => n.ttl)).toEqual([1]);
  });
});

describe('traceroute() re-probes before concluding (fake runner, recorded output)', () => {
  const ttlArg = (spec: CommandSpec) => spec.args[spec.args.indexOf('-f') + 1];
  const script = (first: string, reprobe: string) => [
    {
      match: (s: CommandSpec) => s.command === 'traceroute' && ttlArg(s) === '1',
      stdout: readFixture(first).stdout,
      exitCode: 0,
    },
    {
      match: (s: CommandSpec) => s.command === 'traceroute' && ttlArg(s) !== '1',
      stdout: readFixture(reprobe).stdout,
      exitCode: 0,
    },
  ];

  it('an empty bucket: one probe per silent hop from hop 3 after the pause: !X by 10.0.3.2; the silent hops are never streamed', async () => {
    const fake = new FakeCommandRunner(script('linux/prohibited-bucket-empty', 'linux/prohibited-reprobe'));
    const run = traceroute('10.0.5.2', { runner: fake, platform: 'linux', reprobeAfterMs: 50 });
    const streamed: string[] = [];
    for await (const h of run) streamed.push(`${h.ttl}:${h.silent ? '*' : h.responders[0]!.address}`);
    const r = await run.result;
    expect(streamed).toEqual(['1:10.0.1.1', '2:10.0.2.2', '3:10.0.3.2']);
    expect(r.stop).toMatchObject({ kind: 'unreachable', hop: 3, by: '10.0.3.2', annotation: { code: '!X' } });
    expect(r.rateLimits).toMatchObject([{ ttl: 3, address: '10.0.3.2', answers: 'unreachable' }]);
    const reprobe = fake.calls.find((c) => ttlArg(c) === '3')!;
    expect(reprobe.args).toEqual(['-f', '3', '-m', '5', '-q', '1', '-w', '0.5', '-N', '1', '-n', '--', '10.0.5.2']);
  });

  it('a blackhole: the re-probe stays silent and the verdict is unchanged', async () => {
    const fake = new FakeCommandRunner(script('linux/blackhole-m6', 'linux/blackhole-reprobe'));
    const r = await traceroute('10.0.5.3', { runner: fake, platform: 'linux', reprobeAfterMs: 50 }).result;
    expect(r.stop).toMatchObject({ kind: 'gave-up', lastResponder: { hop: 2, address: '10.0.2.2' } });
    expect(r.rateLimits).toEqual([]);
    expect(fake.calls.filter((c) => ttlArg(c) !== '1')).toHaveLength(1);
  });
});

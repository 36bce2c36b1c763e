import { FakeCommandRunner, NetcheckError } from '@netcheck/core';
import { describe, expect, it } from 'vitest';
import { buildPingArgs, validatePingOptions } from './build-args.js';
import { ping } from './run.js';
import type { PingEvent } from './types.js';

import { readFixture } from '../test/fixtures.js';

const fixtureOutput = (p: string) => readFixture(p).stdout;
/** A fake ping that replays a recorded run: its stdout, stderr and exit code. */
const replay = (p: string, lineDelayMs?: number) => {
  const f = readFixture(p);
  return new FakeCommandRunner([
    {
      match: 'ping',
      stdout: f.stdout,
      stderr: f.stderr,
      exitCode: f.exitCode ?? 0,
      ...(lineDelayMs ? { lineDelayMs } : {}),
    },
  ]);
};

describe('buildPingArgs', () => {
  it('Linux: numeric, report timeouts, the host last after --', () => {
    expect(
      buildPingArgs('10.0.4.2', { count: 5, intervalMs: 200, timeoutMs: 1500, ttl: 3, family: 4 }, 'linux'),
    ).toEqual({
      command: 'ping',
      args: ['-n', '-O', '-c', '5', '-i', '0.2', '-W', '1.5', '-t', '3', '-4', '--', '10.0.4.2'],
    });
  });
  it('other platforms use their own flags', () => {
    expect(buildPingArgs('h', { ttl: 5 }, 'darwin').args).toEqual([
      '-n',
      '-c',
      '4',
      '-i',
      '1',
      '-W',
      '2000',
      '-m',
      '5',
      '--',
      'h',
    ]);
    expect(buildPingArgs('h', { ttl: 5, sizeBytes: 100 }, 'win32')).toEqual({
      command: 'ping',
      args: ['-n', '4', '-w', '2000', '-l', '100', '-i', '5', 'h'],
    });
    expect(buildPingArgs('h', {}, 'busybox')).toEqual({
      command: 'busybox',
      args: ['ping', '-c', '4', '-W', '2', 'h'],
    });
  });
  it('rejects bad option values with the reason', () => {
    expect(validatePingOptions({ count: 0 })).toMatch(/count/);
    expect(validatePingOptions({ ttl: 256 })).toMatch(/ttl/);
    expect(validatePingOptions({ source: '-f' })).toMatch(/source/);
    expect(validatePingOptions({ count: 3, ttl: 64 })).toBeUndefined();
  });
});

describe('ping() with a fake runner', () => {
  it('streams events as lines arrive and ends with a summary, hops and a verdict', async () => {
    const fake = new FakeCommandRunner([{ match: 'ping', stdout: fixtureOutput('linux/reply-3hops'), lineDelayMs: 5 }]);
    const run = ping('10.0.4.2', { runner: fake, platform: 'linux', count: 4 });
    const seen: PingEvent['type'][] = [];
    for await (const e of run) seen.push(e.type);
    const r = await run.result;
    expect(seen).toEqual(['start', 'reply', 'reply', 'reply', 'reply']);
    expect(r.summary).toMatchObject({ sent: 4, received: 4, lossPct: 0 });
    expect(r.hops).toMatchObject({ initialTtl: 64, hops: 3, confidence: 'high' });
    expect(r.verdict.kind).toBe('healthy');
    expect(r.failure).toBeUndefined();
    expect(fake.calls[0]!.args.at(-1)).toBe('10.0.4.2');
    expect(fake.calls[0]!.timeoutMs).toBe(4 * 1000 + 2000 + 3000);
  });

  it('abort kills the process and returns the partial summary', async () => {
    const fake = new FakeCommandRunner([{ match: 'ping', stdout: fixtureOutput('linux/lossy'), lineDelayMs: 10 }]);
    const ac = new AbortController();
    const run = ping('10.0.4.2', { runner: fake, platform: 'linux', signal: ac.signal, count: 30 });
    let replies = 0;
    for await (const e of run) if (e.type === 'reply' && ++replies === 5) ac.abort();
    const r = await run.result;
    expect(r.aborted).toBe(true);
    expect(r.summary.received).toBe(5);
    expect(r.summary.sent).toBe(5);
    expect(r.verdict.kind).toBe('healthy');
    expect(fake.running).toBe(0);
  });

  it.each([
    ['linux/unknown-host', 'unknown-host', 'failed'],
    ['linux/blackhole', undefined, 'no-reply'],
    ['linux/host-unreachable', undefined, 'unreachable'],
    ['linux/ttl-exceeded', undefined, 'ttl-exceeded'],
    ['linux/lossy', undefined, 'loss'],
  ])('%s → failure %s, verdict %s', async (name, reason, kind) => {
    const r = await ping('10.0.4.2', { runner: replay(name), platform: 'linux' }).result;
    expect(r.failure?.reason).toBe(reason);
    expect(r.verdict.kind).toBe(kind);
  });

  it.each([
    ['linux/permission-denied', 'permission-denied', /cap_net_raw/],
    ['linux/name-resolution-failure', 'unknown-host', /netcheck dns/],
    ['linux/no-route', 'unreachable', /ip route/],
  ])('%s (stderr only) → %s with a hint', async (name, reason, hint) => {
    const r = await ping('10.0.4.2', { runner: replay(name), platform: 'linux' }).result;
    expect(r.failure?.reason).toBe(reason);
    expect(r.failure?.hint).toMatch(hint);
    expect(r.verdict.kind).toBe('failed');
  });

  it('SIGTERM (what abort sends) prints no closing figures: the summary comes from the events', async () => {
    const r = await ping('10.0.4.2', { runner: replay('linux/sigterm'), platform: 'linux' }).result;
    expect(r.reported).toEqual({});
    expect(r.summary).toMatchObject({ sent: 3, received: 3, lossPct: 0 });
  });

  it('a missing ping says how to install it', async () => {
    const r = await ping('10.0.4.2', { runner: new FakeCommandRunner([]), platform: 'linux' }).result;
    expect(r.failure).toMatchObject({ reason: 'tool-missing', hint: 'install it: apt-get install iputils-ping' });
    expect(r.verdict.kind).toBe('failed');
  });

  it('stderr errors are read too (ping prints "Name or service not known" there)', async () => {
    const fake = new FakeCommandRunner([
      { match: 'ping', stderr: 'ping: nosuch.lab: Name or service not known\n', exitCode: 2 },
    ]);
    const r = await ping('nosuch.lab', { runner: fake, platform: 'linux' }).result;
    expect(r.failure?.reason).toBe('unknown-host');
  });

  it('misuse throws before anything is spawned', () => {
    const fake = new FakeCommandRunner([]);
    expect(() => ping('-c1', { runner: fake })).toThrow(NetcheckError);
    expect(() => ping('web.lab:80', { runner: fake })).toThrow(/takes a host/);
    expect(() => ping('web.lab', { runner: fake, count: -1 })).toThrow(/count/);
    expect(fake.calls).toEqual([]);
  });
});

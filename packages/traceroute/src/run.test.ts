import { FakeCommandRunner, NetcheckError } from '@netcheck/core';
import { describe, expect, it } from 'vitest';
import { readFixture } from '../test/fixtures.js';
import { buildTraceArgs, validateTraceOptions } from './build-args.js';
import { traceroute } from './run.js';

const replay = (name: string, lineDelayMs?: number, command = 'traceroute') => {
  const f = readFixture(name);
  return {
    match: command,
    stdout: f.stdout,
    stderr: f.stderr,
    exitCode: f.exitCode ?? 0,
    ...(lineDelayMs ? { lineDelayMs } : {}),
  };
};

describe('buildTraceArgs', () => {
  it('traceroute: method, port, TTLs, probes, wait, parallelism, numeric, host last after --', () => {
    expect(
      buildTraceArgs('10.0.4.2', { method: 'tcp', port: 443, maxTtl: 10, probesPerHop: 1, waitMs: 500 }, 'traceroute'),
    ).toEqual({
      command: 'traceroute',
      args: ['-T', '-p', '443', '-f', '1', '-m', '10', '-q', '1', '-w', '0.5,3,10', '-N', '16', '-n', '--', '10.0.4.2'],
    });
    expect(buildTraceArgs('h', { resolveNames: true, method: 'icmp' }, 'traceroute').args).toEqual([
      '-I',
      '-f',
      '1',
      '-m',
      '30',
      '-q',
      '3',
      '-w',
      '2,3,10',
      '-N',
      '16',
      '--',
      'h',
    ]);
    expect(buildTraceArgs('h', { fixedWait: true, waitMs: 1000 }, 'traceroute').args).toEqual([
      '-f',
      '1',
      '-m',
      '30',
      '-q',
      '3',
      '-w',
      '1',
      '-N',
      '16',
      '-n',
      '--',
      'h',
    ]);
  });
  it('tracepath, BSD and tracert flags', () => {
    expect(buildTraceArgs('h', { maxTtl: 8 }, 'tracepath')).toEqual({
      command: 'tracepath',
      args: ['-n', '-m', '8', 'h'],
    });
    expect(buildTraceArgs('h', { method: 'tcp' }, 'bsd-traceroute').args.slice(0, 2)).toEqual(['-P', 'TCP']);
    expect(buildTraceArgs('h', {}, 'tracert')).toEqual({
      command: 'tracert',
      args: ['-d', '-h', '30', '-w', '2000', 'h'],
    });
  });
  it('validates options', () => {
    expect(validateTraceOptions({ maxTtl: 0 })).toMatch(/max TTL/);
    expect(validateTraceOptions({ firstTtl: 5, maxTtl: 3 })).toMatch(/above the max/);
    expect(validateTraceOptions({ port: 70000 })).toMatch(/port/);
  });
});

describe('traceroute() with a fake runner', () => {
  it('streams hops and reports the path length and the comparison with ping', async () => {
    const fake = new FakeCommandRunner([replay('linux/udp-numeric', 5)]);
    const run = traceroute('10.0.4.2', { runner: fake, platform: 'linux', pingHops: 3 });
    const ttls: number[] = [];
    for await (const h of run) ttls.push(h.ttl);
    const r = await run.result;
    expect(ttls).toEqual([1, 2, 3, 4]);
    expect(r).toMatchObject({
      tool: 'traceroute',
      pathLength: 4,
      stop: { kind: 'reached', hop: 4 },
      hopComparison: { match: true, traceHops: 3 },
    });
  });

  it('gives up after K silent hops by killing traceroute', async () => {
    const fake = new FakeCommandRunner([replay('linux/blackhole-m6', 20)]);
    const r = await traceroute('10.0.5.3', { runner: fake, platform: 'linux', giveUpAfter: 2 }).result;
    expect(r.stop).toEqual({ kind: 'gave-up', silentHops: 2, lastResponder: { hop: 2, address: '10.0.2.2' } });
    expect(r.hops).toHaveLength(4);
    expect(fake.running).toBe(0);
  });

  it('falls back to tracepath when traceroute is missing, and says so', async () => {
    const fake = new FakeCommandRunner([replay('tracepath/standard', 0, 'tracepath')]);
    const r = await traceroute('10.0.4.2', { runner: fake, platform: 'linux' }).result;
    expect(r.tool).toBe('tracepath');
    expect(r.note).toMatch(/traceroute is not installed; used tracepath/);
    expect(r.stop).toMatchObject({ kind: 'reached', hop: 4 });
  });

  it('refuses a TCP trace traceroute may not send, never running tracepath (UDP) instead', async () => {
    const fake = new FakeCommandRunner([
      {
        match: 'traceroute',
        stderr: 'You do not have enough privileges to use this traceroute method.\nsocket: Operation not permitted\n',
        exitCode: 1,
      },
      replay('tracepath/unreachable', 0, 'tracepath'),
    ]);
    const r = await traceroute('10.0.5.1', { runner: fake, platform: 'linux', method: 'tcp' }).result;
    expect(r.note).toBeUndefined();
    expect(r.tool).toBe('traceroute');
    expect(r.stop).toMatchObject({ kind: 'failed', failure: { reason: 'permission-denied' } });
    const failure = (r.stop as { failure: { detail: string; hint: string } }).failure;
    expect(failure.detail).toMatch(/may not send TCP probes/);
    expect(failure.hint).toMatch(/root.*setcap cap_net_raw\+ep/);
    expect(fake.calls.map((c) => c.command)).not.toContain('tracepath');
  });

  it('refuses an ICMP trace when traceroute is missing (tracepath would change the method)', async () => {
    const fake = new FakeCommandRunner([replay('tracepath/standard', 0, 'tracepath')]);
    const r = await traceroute('10.0.4.2', { runner: fake, platform: 'linux', method: 'icmp' }).result;
    expect(r.note).toBeUndefined();
    expect(r.stop).toMatchObject({ kind: 'failed', failure: { reason: 'tool-missing' } });
  });

  it('with neither tool: a failure saying how to install', async () => {
    const r = await traceroute('10.0.4.2', { runner: new FakeCommandRunner([]), platform: 'linux' }).result;
    expect(r.note).toBeUndefined();
    expect(r.stop).toMatchObject({ kind: 'failed', failure: { reason: 'tool-missing' } });
    expect((r.stop as { failure: { hint: string } }).failure.hint).toMatch(
      /apt-get install traceroute.*iputils-tracepath/,
    );
  });

  it('an abort returns the partial path and leaves nothing running', async () => {
    const fake = new FakeCommandRunner([replay('linux/udp-numeric', 30)]);
    const ac = new AbortController();
    const run = traceroute('10.0.4.2', { runner: fake, platform: 'linux', signal: ac.signal });
    for await (const h of run) if (h.ttl === 2) ac.abort();
    const r = await run.result;
    expect(r.stop).toEqual({ kind: 'aborted' });
    expect(r.hops.map((h) => h.ttl)).toEqual([1, 2]);
    expect(fake.running).toBe(0);
  });

  it('an unknown host is a failure', async () => {
    const r = await traceroute('nosuch.lab', {
      runner: new FakeCommandRunner([replay('linux/unknown-host')]),
      platform: 'linux',
    }).result;
    expect(r.stop).toMatchObject({ kind: 'failed', failure: { reason: 'unknown-host' } });
  });

  it('misuse throws before anything runs', () => {
    const fake = new FakeCommandRunner([]);
    expect(() => traceroute('--help', { runner: fake })).toThrow(NetcheckError);
    expect(() => traceroute('web.lab:80', { runner: fake })).toThrow(/takes a host/);
    expect(fake.calls).toEqual([]);
  });
});

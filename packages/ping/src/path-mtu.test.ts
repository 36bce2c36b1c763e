import type { CommandSpec, FakeScript } from '@netcheck/core';
import { FakeCommandRunner, NetcheckError } from '@netcheck/core';
import { describe, expect, it } from 'vitest';
import { readFixture } from '../test/fixtures.js';
import { locateMtuDrop, probePathMtu } from './path-mtu.js';

const payloadOf = (spec: CommandSpec) => Number(spec.args[spec.args.indexOf('-s') + 1]);
const addressOf = (spec: CommandSpec) => spec.args[spec.args.length - 1];

/** A recorded run answering the ping whose payload is `payloadBytes` (and address, when given). */
function script(fixture: string, payloadBytes: number, address?: string): FakeScript {
  const f = readFixture(`linux/${fixture}`);
  return {
    match: (spec) => payloadOf(spec) === payloadBytes && (address === undefined || addressOf(spec) === address),
    stdout: f.stdout,
    stderr: f.stderr,
    exitCode: f.exitCode,
  };
}

const LADDER_V4 = [1280, 1400, 1420, 1480, 1492, 1500].map((b) => b - 28);

describe('probePathMtu on recorded output', () => {
  it('a healthy path: every size at once, one ping each, full 1500', async () => {
    const runner = new FakeCommandRunner(LADDER_V4.map((p) => script('pmtu-fits-1500', p)));
    const r = await probePathMtu('10.0.4.2', { runner, platform: 'linux' });
    expect(r.pathMtu).toEqual({ kind: 'full', mtuBytes: 1500 });
    expect(runner.calls.map(payloadOf)).toEqual(LADDER_V4);
    expect(runner.calls[0]!.args.join(' ')).toBe('-n -4 -M do -s 1252 -c 3 -i 0.01 -W 1 -- 10.0.4.2');
    expect(r.probes.map((p) => p.packetBytes)).toEqual([1280, 1400, 1420, 1480, 1492, 1500]);
    expect(r).toMatchObject({ family: 4, failure: undefined, skipped: undefined, aborted: false });
    expect(r.commands).toHaveLength(6);
  });

  it('the black hole: 1280 answered, the rest silent', async () => {
    const silent = { ...script('pmtu-blackhole', 0), match: 'ping' };
    const runner = new FakeCommandRunner([script('pmtu-fits-1280', 1252), silent]);
    const r = await probePathMtu('10.0.4.2', { runner, platform: 'linux' });
    expect(r.pathMtu).toEqual({ kind: 'blackhole', largestOkBytes: 1280, smallestLostBytes: 1400 });
  });

  it('IPv6: headers of 48 bytes, packet too big from the router', async () => {
    const runner = new FakeCommandRunner([
      script('pmtu-ipv6-fits-1280', 1232),
      script('pmtu-ipv6-packet-too-big', 1352),
      { ...script('pmtu-ipv6-cached-too-long', 0), match: 'ping' },
    ]);
    const r = await probePathMtu('fd0c:4::2', { runner, platform: 'linux', packetSizesBytes: [1500, 1400, 1280] });
    expect(runner.calls.map(payloadOf)).toEqual([1232, 1352, 1452]);
    expect(r.family).toBe(6);
    expect(r.pathMtu).toEqual({ kind: 'reported', mtuBytes: 1280, by: { kind: 'router', address: 'fd0c:2::2' } });
  });

  it('ping missing: a failure with the install hint, the verdict inconclusive', async () => {
    const r = await probePathMtu('10.0.4.2', { runner: new FakeCommandRunner([]), platform: 'linux' });
    expect(r.failure).toMatchObject({ reason: 'tool-missing', hint: expect.stringContaining('apt-get install') });
    expect(r.pathMtu).toMatchObject({ kind: 'inconclusive', why: expect.stringContaining('ping is not installed') });
  });

  it('ping stopped at our budget: a warning, never a failure; what it printed (nothing) reads as silence', async () => {
    const timeout = { match: 'ping', failure: { reason: 'timeout' as const, detail: 'timed out' } };
    const r = await probePathMtu('10.0.4.2', { runner: new FakeCommandRunner([timeout]), platform: 'linux' });
    expect(r.failure).toBeUndefined();
    expect(r.probes.every((p) => p.failure === undefined)).toBe(true);
    expect(r.probes.flatMap((p) => p.warnings)).toContain('ping ran past its 3020 ms budget and was stopped');
    expect(r.pathMtu.kind).toBe('inconclusive');
  });

  it('ping exits non-zero, nothing probed: a tool error quoting it; not permitted: the runner says why', async () => {
    const bad = { match: 'ping', exitCode: 2, stderr: 'ping: unknown option -M' };
    const r = await probePathMtu('10.0.4.2', { runner: new FakeCommandRunner([bad]), platform: 'linux' });
    expect(r.failure).toEqual({
      ok: false,
      reason: 'tool-error',
      detail: 'ping exited 2 without probing: ping: unknown option -M',
    });
    const eperm = { match: 'ping', failure: { reason: 'permission-denied' as const, detail: 'EPERM' } };
    const denied = await probePathMtu('10.0.4.2', { runner: new FakeCommandRunner([eperm]), platform: 'linux' });
    expect(denied.failure).toEqual({ ok: false, reason: 'permission-denied', detail: 'EPERM' });
  });

  it('not Linux: skipped as unsupported, nothing spawned', async () => {
    const runner = new FakeCommandRunner([]);
    const r = await probePathMtu('10.0.4.2', { runner, platform: 'darwin' });
    expect(r.skipped).toMatchObject({ status: 'skipped', why: expect.stringMatching(/^unsupported/) });
    expect(r.pathMtu.kind).toBe('inconclusive');
    expect(runner.calls).toEqual([]);
  });

  it('an abort stops every ping and says so', async () => {
    const ac = new AbortController();
    const f = readFixture('linux/pmtu-fits-1500');
    const runner = new FakeCommandRunner([{ match: 'ping', stdout: f.stdout, lineDelayMs: 50 }]);
    setTimeout(() => ac.abort(), 60);
    const r = await probePathMtu('10.0.4.2', { runner, platform: 'linux', signal: ac.signal });
    expect(r.aborted).toBe(true);
    expect(runner.running).toBe(0);
  });

  it('misuse throws before anything runs: a name, a family mismatch, a bad size', async () => {
    await expect(probePathMtu('web.lab')).rejects.toThrow(NetcheckError);
    await expect(probePathMtu('10.0.4.2', { family: 6 })).rejects.toThrow(/family 6/);
    await expect(probePathMtu('10.0.4.2', { packetSizesBytes: [1500.5] })).rejects.toThrow(/packet size 1500.5/);
    await expect(probePathMtu('10.0.4.2', { probesPerSize: 0 })).rejects.toThrow(/probesPerSize/);
  });
});

describe('locateMtuDrop on recorded output', () => {
  it('the lab: big packets reach r2 (hop 2) and stop before r3', async () => {
    const hopsAnswering = ['10.0.1.1', '10.0.2.2'];
    const runner = new FakeCommandRunner([
      ...hopsAnswering.map((a) => script('pmtu-hop-big-ok', 1372, a)),
      script('pmtu-hop-big-lost', 1372),
      script('pmtu-hop-small', 56),
    ]);
    const path = ['10.0.1.1', '10.0.2.2', '10.0.3.2', '10.0.4.2'];
    const d = await locateMtuDrop(path, 1400, { runner, platform: 'linux' });
    expect(d).toMatchObject({ afterHop: 2, address: '10.0.2.2', beforeHop: 3, beforeAddress: '10.0.3.2' });
    expect(runner.calls).toHaveLength(8);
  });

  it('silent trace hops keep their numbers; not Linux or no hop: undefined', async () => {
    const runner = new FakeCommandRunner([
      script('pmtu-hop-big-ok', 1372, '10.0.1.1'),
      script('pmtu-hop-big-lost', 1372),
      script('pmtu-hop-small', 56),
    ]);
    const d = await locateMtuDrop(['10.0.1.1', undefined, '10.0.3.2'], 1400, { runner, platform: 'linux' });
    expect(d).toMatchObject({ afterHop: 1, beforeHop: 3 });
    expect(await locateMtuDrop(['10.0.1.1'], 1400, { runner, platform: 'win32' })).toBeUndefined();
    expect(await locateMtuDrop([undefined], 1400, { runner })).toBeUndefined();
  });
});

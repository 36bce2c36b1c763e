import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { CommandRunner } from './command-runner.js';
import {
  detectCapabilities,
  detectPingMinIntervalMs,
  findExecutable,
  parseHasNetRaw,
  parsePingGroupRange,
  parsePingMinIntervalMs,
} from './capabilities.js';
import { createExecaRunner } from './execa-runner.js';
import { FakeCommandRunner } from './fake-runner.js';
import { buildInstallHint } from './install-hints.js';

describe('capabilities', () => {
  it('reads CAP_NET_RAW from CapEff', () => {
    expect(parseHasNetRaw('Name:\tx\nCapEff:\t000001ffffffffff\n')).toBe(true);
    expect(parseHasNetRaw('CapEff:\t0000000000000000\n')).toBe(false);
    expect(parseHasNetRaw('CapEff:\t0000000000002000\n')).toBe(true); // only bit 13
    expect(parseHasNetRaw('no such line')).toBeUndefined();
  });

  it('reads ping_group_range', () => {
    expect(parsePingGroupRange('1\t0\n', 0)).toBe(false);
    expect(parsePingGroupRange('0\t2147483647\n', 1000)).toBe(true);
  });

  it('finds real executables and not missing ones', async () => {
    expect(await findExecutable('sh')).toMatch(/\/sh$/);
    expect(await findExecutable('netcheck-no-such-tool')).toBeUndefined();
  });

  it('detects this machine', async () => {
    const caps = await detectCapabilities();
    expect(caps.platform).toBe('linux');
    expect(caps.tools.ip).toMatch(/\/ip$/);
    expect(caps.isRoot).toBe(process.getuid?.() === 0);
    if (caps.isRoot) expect(caps.rawSockets).toBe(true);
    if (caps.isRoot) expect(caps.pingMinIntervalMs).toBe(0);
  });

  it.each<[string, string, number | undefined, number | undefined]>([
    ['iputils 20221126 as a user: ran', '', 1, 2],
    ['iputils before 2021 as a user', 'ping: cannot flood; minimal interval allowed for user is 200ms\n', 2, 200],
    ['iputils 20221126 refusing 1 ms', 'ping: cannot flood; minimal interval allowed for user is 2ms\n', 2, 2],
    ['ran, every reply answered', '', 0, 2],
    ['some other refusal', 'ping: socket: Operation not permitted\n', 2, undefined],
  ])('reads what ping allows from its answer to -i 0.002: %s', (_n, stderr, exitCode, expected) => {
    expect(parsePingMinIntervalMs({ stderr, exitCode })).toBe(expected);
  });

  it('asks the installed ping what interval this user may use (root: no limit; missing ping: unknown)', async () => {
    expect(await detectPingMinIntervalMs(new FakeCommandRunner([]), { isRoot: false })).toBeUndefined();
    const old = new FakeCommandRunner([
      { match: 'ping', stderr: 'ping: cannot flood; minimal interval allowed for user is 200ms\n', exitCode: 2 },
    ]);
    expect(await detectPingMinIntervalMs(old, { isRoot: false })).toBe(200);
    expect(old.calls[0]!.args).toEqual(['-n', '-c', '1', '-i', '0.002', '-W', '1', '127.0.0.1']);
    expect(await detectPingMinIntervalMs(old, { isRoot: true })).toBe(0);
  });

  it.runIf(process.getuid?.() === 0 && existsSync('/usr/bin/setpriv'))(
    "this machine's ping lets an ordinary user send every 2 ms (run as nobody)",
    async () => {
      const real = createExecaRunner();
      const asNobody: CommandRunner = {
        start: (spec) =>
          real.start({
            ...spec,
            command: 'setpriv',
            args: ['--reuid=65534', '--regid=65534', '--clear-groups', '--', spec.command, ...spec.args],
          }),
      };
      expect(await detectPingMinIntervalMs(asNobody, { isRoot: false })).toBe(2);
    },
  );

  it('says how to install a missing tool', () => {
    expect(buildInstallHint('traceroute', 'linux')).toBe('install it: apt-get install traceroute');
    expect(buildInstallHint('ping', 'linux')).toBe('install it: apt-get install iputils-ping');
    expect(buildInstallHint('mtr', 'darwin')).toBe('install it: brew install mtr');
  });
});

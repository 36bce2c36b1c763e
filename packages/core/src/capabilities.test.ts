import { describe, expect, it } from 'vitest';
import { detectCapabilities, findExecutable, parseHasNetRaw, parsePingGroupRange } from './capabilities.js';
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
  });

  it('says how to install a missing tool', () => {
    expect(buildInstallHint('traceroute', 'linux')).toBe('install it: apt-get install traceroute');
    expect(buildInstallHint('ping', 'linux')).toBe('install it: apt-get install iputils-ping');
    expect(buildInstallHint('mtr', 'darwin')).toBe('install it: brew install mtr');
  });
});

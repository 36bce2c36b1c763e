import { describe, expect, it } from 'vitest';
import { readFixture } from '../test/fixtures.js';
import { buildMtuProbeArgs, parseMtuProbeOutput } from './mtu-probe.js';

const read = (name: string, packetBytes: number) => {
  const f = readFixture(`linux/${name}`);
  return parseMtuProbeOutput(packetBytes, `${f.stdout}\n${f.stderr}`.split('\n'));
};

describe('buildMtuProbeArgs', () => {
  it('subtracts the IPv4 and IPv6 headers and matches the recorded commands', () => {
    const o = { probes: 3, intervalMs: 10, timeoutMs: 1000 };
    const v4 = buildMtuProbeArgs('10.0.4.2', 1400, { family: 4, ...o });
    expect(['ping', ...v4.args].join(' ')).toBe(readFixture('linux/pmtu-frag-needed').header.command);
    const v6 = buildMtuProbeArgs('fd0c:4::2', 1400, { family: 6, ...o });
    expect(['ping', ...v6.args].join(' ')).toBe(readFixture('linux/pmtu-ipv6-packet-too-big').header.command);
  });
});

describe('parseMtuProbeOutput on iputils 20221126 recorded in the lab', () => {
  it.each([
    ['pmtu-fits-1500', 1500, 3],
    ['pmtu-ipv6-fits-1500', 1500, 3],
    ['pmtu-fits-1280', 1280, 3],
    ['pmtu-ipv6-fits-1280', 1280, 3],
  ])('%s: every probe answered, nothing refused', (name, bytes, received) => {
    expect(read(name, bytes)).toEqual({
      packetBytes: bytes,
      sent: 3,
      received,
      tooBig: [],
      localMtuBytes: undefined,
      errors: 0,
      failure: undefined,
      warnings: [],
    });
  });

  it.each([
    ['pmtu-frag-needed', '10.0.2.2'],
    ['pmtu-ipv6-packet-too-big', 'fd0c:2::2'],
  ])('%s: the router that refused the size and its MTU; the cached PMTU stops the next probes locally', (n, by) => {
    const p = read(n, 1400);
    expect(p).toMatchObject({ sent: 3, received: 0, tooBig: [{ from: by, mtuBytes: 1280 }], localMtuBytes: 1280 });
    expect(p.warnings).toEqual([]);
  });

  it.each(['pmtu-cached-too-long', 'pmtu-ipv6-cached-too-long'])('%s: refused by this machine (mtu=N, mtu: N)', (n) => {
    expect(read(n, 1500)).toMatchObject({ sent: 3, received: 0, tooBig: [], localMtuBytes: 1280, warnings: [] });
  });

  it('a 1400-byte link of our own: refused locally at 1400', () => {
    expect(read('pmtu-local-link', 1500)).toMatchObject({ sent: 3, received: 0, localMtuBytes: 1400, warnings: [] });
  });

  it.each(['pmtu-blackhole', 'pmtu-ipv6-blackhole', 'pmtu-no-reply'])('%s: silence, no error of any kind', (n) => {
    expect(read(n, 1400)).toMatchObject({ sent: 3, received: 0, tooBig: [], localMtuBytes: undefined, errors: 0 });
  });

  it('permission denied and unknown lines are data, not exceptions', () => {
    const p = parseMtuProbeOutput(1400, ['ping: socket: Operation not permitted', 'something new']);
    expect(p.failure).toMatchObject({ reason: 'permission-denied' });
    expect(p.warnings).toEqual(['something new']);
    expect(p.sent).toBe(0);
  });
});

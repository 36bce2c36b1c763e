import { LAB_ADDR } from '@netcheck/netlab';
import { describeLab } from '@netcheck/netlab/vitest';
import { expect, it } from 'vitest';
import { locateMtuDrop, probePathMtu } from '../src/index.js';

describeLab('path MTU over a clean path', { scenario: 'standard' }, (lab) => {
  it('IPv4: every size of the ladder answered, full 1500, in about one round trip', async () => {
    const runner = lab().runner('client');
    await probePathMtu(LAB_ADDR.server, { runner, platform: 'linux' }); // loads execa once, as a real run would have
    const timesMs: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t0 = performance.now();
      const r = await probePathMtu(LAB_ADDR.server, { runner, platform: 'linux' });
      timesMs.push(performance.now() - t0);
      expect(r.pathMtu).toEqual({ kind: 'full', mtuBytes: 1500 });
      expect(r.probes.map((p) => [p.packetBytes, p.received, p.sent])).toEqual(
        [1280, 1400, 1420, 1480, 1492, 1500].map((b) => [b, 3, 3]),
      );
    }
    timesMs.sort((a, b) => a - b);
    console.log(`[path-mtu] healthy IPv4 probePathMtu: ${timesMs.map((t) => t.toFixed(0)).join(', ')} ms (RTT ~32 ms)`);
    // Six pings at once, each ending when its three replies are in: the ~32 ms round trip plus spawning.
    expect(timesMs[2]!).toBeLessThan(400);
  });

  it('IPv6: full 1500 too', async () => {
    const r = await probePathMtu(LAB_ADDR.v6.server, { runner: lab().runner('client'), platform: 'linux' });
    expect(r.family).toBe(6);
    expect(r.pathMtu).toEqual({ kind: 'full', mtuBytes: 1500 });
  });

  it('locateMtuDrop finds no drop where big packets reach every hop', async () => {
    const d = await locateMtuDrop(LAB_ADDR.path, 1500, { runner: lab().runner('client'), platform: 'linux' });
    expect(d).toBeUndefined();
  });
});

const BLACKHOLE = 'path MTU through a PMTU black hole (r2-r3 at 1280, no frag-needed)';
describeLab(BLACKHOLE, { scenario: 'pmtu-blackhole' }, (lab) => {
  it.each([
    ['IPv4', LAB_ADDR.server, LAB_ADDR.path, LAB_ADDR.r2.r1],
    ['IPv6', LAB_ADDR.v6.server, LAB_ADDR.v6.path, LAB_ADDR.v6.r2.r1],
  ])('%s to %s: a black hole over 1280, placed after hop 2', async (family, server, path, r2) => {
    const runner = lab().runner('client');
    const t0 = performance.now();
    const r = await probePathMtu(server, { runner, platform: 'linux' });
    const ms = performance.now() - t0;
    expect(r.pathMtu).toEqual({ kind: 'blackhole', largestOkBytes: LAB_ADDR.blackholeMtu, smallestLostBytes: 1400 });
    expect(r.probes.every((p) => p.tooBig.length === 0 && p.localMtuBytes === undefined)).toBe(true);
    // The lost sizes wait their whole timeout (1 s), the answered one does not.
    expect(ms).toBeLessThan(2500);
    const d = await locateMtuDrop([...path], 1400, { runner, platform: 'linux' });
    expect(d).toMatchObject({ afterHop: 2, address: r2, beforeHop: 3, beforeAddress: path[2] });
    expect(d!.hops.map((h) => [h.hop, h.big.received > 0, h.small.received > 0])).toEqual([
      [1, true, true],
      [2, true, true],
      [3, false, true],
      [4, false, true],
    ]);
    console.log(`[path-mtu] ${family} black hole: probePathMtu ${ms.toFixed(0)} ms`);
  });
});

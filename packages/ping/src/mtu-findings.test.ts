import { describe, expect, it } from 'vitest';
import type { MtuDropLocation } from './derive-path-mtu.js';
import { MTU_SOURCE, derivePathMtuFindings } from './mtu-findings.js';
import type { MtuProbe } from './mtu-probe.js';

const probe = (packetBytes: number, received: number, tooBig: MtuProbe['tooBig'] = []) =>
  ({ packetBytes, sent: 3, received, tooBig }) as MtuProbe;

describe('derivePathMtuFindings', () => {
  const address = '10.0.4.2';
  it('every size answered: mtu-ok (info), each size as evidence', () => {
    const [f] = derivePathMtuFindings({
      address,
      family: 4,
      pathMtu: { kind: 'full', mtuBytes: 1500 },
      probes: [probe(1280, 3), probe(1500, 3)],
    });
    expect(f).toEqual({
      id: 'mtu-ok',
      severity: 'info',
      source: MTU_SOURCE,
      title: '1500-byte packets reach 10.0.4.2',
      evidence: ['1280-byte DF probes: 3 of 3 answered', '1500-byte DF probes: 3 of 3 answered'],
      nextSteps: [],
    });
  });
  it('a router said "too big": mtu-reported (info), naming it', () => {
    const [f] = derivePathMtuFindings({
      address,
      family: 4,
      pathMtu: { kind: 'reported', mtuBytes: 1400, by: { kind: 'router', address: '10.0.2.2' } } as never,
      probes: [probe(1500, 0, [{ from: '10.0.2.2', mtuBytes: 1400 }] as MtuProbe['tooBig'])],
    });
    expect(f?.title).toBe('the path MTU to 10.0.4.2 is 1400 bytes (said by 10.0.2.2): PMTU discovery works');
    expect(f?.evidence).toEqual(['1500-byte DF probes: 0 of 3 answered, "too big" from 10.0.2.2 (mtu 1400)']);
  });
  it('big packets vanish silently: mtu-blackhole (critical) with the fixes; placed after the hop once located', () => {
    const r = {
      address,
      family: 4 as const,
      pathMtu: { kind: 'blackhole', largestOkBytes: 1280, smallestLostBytes: 1400 } as never,
      probes: [probe(1280, 3), probe(1400, 0)],
    };
    const [unplaced] = derivePathMtuFindings(r);
    expect(unplaced).toMatchObject({ id: 'mtu-blackhole', severity: 'critical' });
    expect(unplaced?.title).toBe(
      'packets over 1280 bytes to 10.0.4.2 vanish and no "fragmentation needed" comes back: a path MTU blackhole',
    );
    expect(unplaced?.nextSteps[2]).toBe('ping -M do -s 1252 10.0.4.2 (fits) against -s 1372 (vanishes)');
    const hop = (n: number, a: string, big: number) => ({
      hop: n,
      address: a,
      big: probe(1400, big),
      small: probe(84, 3),
    });
    const drop = {
      afterHop: 2,
      address: '10.0.2.2',
      beforeHop: 3,
      beforeAddress: '10.0.3.2',
      packetBytes: 1400,
      hops: [hop(2, '10.0.2.2', 3), hop(3, '10.0.3.2', 0)],
    } as MtuDropLocation;
    const [placed] = derivePathMtuFindings(r, drop);
    expect(placed?.title).toMatch(/^packets over 1280 bytes to 10\.0\.4\.2 vanish after hop 2 \(10\.0\.2\.2\) and/);
    expect(placed?.evidence.slice(-2)).toEqual([
      'hop 2 10.0.2.2: 1400 B 3/3, 84 B 3/3',
      'hop 3 10.0.3.2: 1400 B 0/3, 84 B 3/3',
    ]);
    expect(placed?.nextSteps[0]).toMatch(/on the router at 10\.0\.2\.2 and anything after it$/);
  });
  it('no answer at any size, or nothing probed: no finding (the step says what it lacks)', () => {
    const none = derivePathMtuFindings({ address, family: 6, pathMtu: { kind: 'no-reply' } as never, probes: [] });
    expect(none).toEqual([]);
  });
});

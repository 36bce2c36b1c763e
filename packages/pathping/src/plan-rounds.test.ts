import { readFileSync } from 'node:fs';
import { parseRecordedRun } from '@netcheck/core';
import type { TraceReport } from '@netcheck/traceroute';
import { deriveStopReason, parseTraceOutput } from '@netcheck/traceroute';
import { describe, expect, it } from 'vitest';
import { findUnpingedRouters, hopsToProbes, planRounds } from './plan-rounds.js';

/** A discovery trace from a recorded lab run (packages/traceroute/fixtures). */
type Discovery = Pick<TraceReport, 'hops' | 'stop' | 'pathLength' | 'address'>;
const discovery = (name: string, destination: string): Discovery => {
  const text = readFileSync(new URL(`../../traceroute/fixtures/${name}.txt`, import.meta.url), 'utf8');
  const p = parseTraceOutput(parseRecordedRun(text).stdout, 'traceroute');
  const stop = deriveStopReason(p.hops, destination, { maxTtl: 30, giveUpAfter: 3 });
  return { hops: p.hops, stop, pathLength: stop.kind === 'reached' ? stop.hop : undefined, address: destination };
};
const fast = { maxTtl: 30, intervalMs: 250, probesPerRound: 10, waitMs: 1000, paced: false };

describe('planRounds (discovery in, round plan out)', () => {
  it('a reached destination: every TTL to it, fast, the routers before it pinged directly, 5 rounds in flight', () => {
    const plan = planRounds(discovery('linux/icmp', '10.0.4.2'), fast);
    expect(plan).toMatchObject({ lastTtl: 4, intervalMs: 250, probesPerRound: 10, maxInFlight: 5, seedProbes: [] });
    expect(plan.routerPings.map((p) => `${p.ttl}:${p.address}`)).toEqual(['1:10.0.1.1', '2:10.0.2.2', '3:10.0.3.2']);
  });
  it('paced: no router pings', () => {
    expect(planRounds(discovery('linux/icmp', '10.0.4.2'), { ...fast, paced: true }).routerPings).toEqual([]);
  });
  it('unreachable at hop 3: the routers before it, paced; its own answers from discovery (round 0)', () => {
    const plan = planRounds(discovery('linux/host-unreachable', '10.0.5.1'), fast);
    expect(plan).toMatchObject({ lastTtl: 2, intervalMs: 1000, probesPerRound: 1, maxInFlight: 2, routerPings: [] });
    expect(plan.unreachable).toMatchObject({ hop: 3, by: '10.0.3.2' });
    expect(plan.seedProbes.map((p) => [p.round, p.ttl, p.responder])).toEqual([
      [0, 3, '10.0.3.2'],
      [0, 3, '10.0.3.2'],
      [0, 3, '10.0.3.2'],
    ]);
  });
  it('a blackhole: one hop past the last that answered', () => {
    expect(planRounds(discovery('linux/blackhole-m6', '10.0.5.3'), fast).lastTtl).toBe(3);
  });
});

describe('findUnpingedRouters (a router discovery missed, found by the rounds)', () => {
  const hop = (ttl: number, address?: string) => ({
    ttl,
    responders: address ? [{ address, sent: 0, received: 1, lossPct: 0 }] : [],
  });
  // discovery saw r1 and r2 answer; r3 spent its answers on the probes before (kernel limit), so it went unseen
  const plan = {
    pingsRouters: true,
    destination: '10.0.4.2',
    routerPings: [
      { ttl: 1, address: '10.0.1.1', sent: 20, received: 20 },
      { ttl: 2, address: '10.0.2.2', sent: 20, received: 20 },
    ],
  };
  const hops = [hop(1, '10.0.1.1'), hop(2, '10.0.2.2'), hop(3, '10.0.3.2'), hop(4, '10.0.4.2')];

  it('adds the router the rounds found, and neither the planned ones nor the destination', () => {
    expect(findUnpingedRouters(plan, hops, 4)).toEqual([{ ttl: 3, address: '10.0.3.2', sent: 0, received: 0 }]);
  });
  it('nothing while the hop has not answered, nor past the probed range, nor when routers are not pinged', () => {
    expect(findUnpingedRouters(plan, [hop(1, '10.0.1.1'), hop(2, '10.0.2.2'), hop(3)], 4)).toEqual([]);
    expect(findUnpingedRouters(plan, hops, 3)).toEqual([]);
    expect(findUnpingedRouters({ ...plan, pingsRouters: false }, hops, 4)).toEqual([]);
  });
});

describe('hopsToProbes', () => {
  it('probesPerRound outcomes per TTL, a missing hop or probe as lost', () => {
    const hops = discovery('linux/icmp', '10.0.4.2').hops.slice(0, 1);
    expect(hopsToProbes(7, hops, 2, 4).map((p) => `${p.ttl}:${p.responder ?? '*'}`)).toEqual([
      '1:10.0.1.1',
      '1:10.0.1.1',
      '1:10.0.1.1',
      '1:*',
      '2:*',
      '2:*',
      '2:*',
      '2:*',
    ]);
  });
});

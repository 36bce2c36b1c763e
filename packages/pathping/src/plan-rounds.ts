import type { Hop, TraceReport } from '@netcheck/traceroute';
import type { RouterPingCount } from './direct.js';
import type { HopStats, ProbeOutcome } from './types.js';
import type { UnreachableStop } from './unreachable.js';

/** How the rounds probe, once discovery has found the path. */
export interface RoundPlan {
  /** Probe TTLs 1..lastTtl each round; below 1 there is nothing to probe in rounds. */
  lastTtl: number;
  intervalMs: number;
  probesPerRound: number;
  /** Rounds in flight at once at most: enough that every probe gets the whole wait. */
  maxInFlight: number;
  unreachable: UnreachableStop | undefined;
  /**
   * Routers to ping directly each round (counts start at 0); empty when paced or unreachable. Routers the rounds
   * find that discovery did not are added as they appear (findUnpingedRouters).
   */
  routerPings: RouterPingCount[];
  /** Whether routers are pinged at all (fast rounds), and the destination's address, which is not a router. */
  pingsRouters: boolean;
  destination: string | undefined;
  /** Probes known before the rounds: the unreachable hop's discovery answers (round 0). */
  seedProbes: ProbeOutcome[];
}

/** One round's traceroute hops as probe outcomes: `probesPerRound` per TTL up to `lastTtl`, lost ones included. */
export function hopsToProbes(
  round: number,
  hops: readonly Hop[],
  lastTtl: number,
  probesPerRound: number,
): ProbeOutcome[] {
  const out: ProbeOutcome[] = [];
  for (let ttl = 1; ttl <= lastTtl; ttl++) {
    const probes = hops.find((h) => h.ttl === ttl)?.probes ?? [];
    for (let k = 0; k < probesPerRound; k++) {
      const address = probes[k]?.address;
      out.push({ round, ttl, responder: address, rttMs: address !== undefined ? probes[k]?.rttMs : undefined });
    }
  }
  return out;
}

/**
 * The rounds' plan from the discovery trace (pure):
 * 1 - probe up to the destination; to the hop before the router that said "unreachable"; or one hop past the
 *     last that answered (to measure where it goes dark), within `maxTtl`;
 * 2 - an unreachable destination: every hop left to probe is a router limiting its ICMP errors and there is no
 *     destination to compare with, so probe within the limits (one probe per router per second, paced), and
 *     that hop's answers are the discovery's (round 0), not probed again at the rounds' pace;
 * 3 - fast rounds (not paced, not unreachable) ping each router before the destination directly, as many echoes
 *     as TTL probes: stand-ins for routers that limit their time-exceeded;
 * 4 - rounds overlap: ⌈wait / interval⌉ + 1 in flight at most, so each probe gets the whole wait.
 */
export function planRounds(
  discovery: Pick<TraceReport, 'hops' | 'stop' | 'pathLength' | 'address'>,
  o: { maxTtl: number; intervalMs: number; probesPerRound: number; waitMs: number; paced: boolean },
): RoundPlan {
  const unreachable = discovery.stop.kind === 'unreachable' ? discovery.stop : undefined;
  const lastAnswer = discovery.hops.findLast((h) => !h.silent)?.ttl ?? 0;
  const lastTtl = discovery.pathLength ?? (unreachable ? unreachable.hop - 1 : Math.min(o.maxTtl, lastAnswer + 1));
  const intervalMs = unreachable ? Math.max(1000, o.intervalMs) : o.intervalMs;
  const probesPerRound = unreachable ? 1 : o.probesPerRound;
  const seedProbes: ProbeOutcome[] = unreachable
    ? (discovery.hops.find((h) => h.ttl === unreachable.hop)?.probes ?? []).map((p) => ({
        round: 0,
        ttl: unreachable.hop,
        responder: p.address,
        rttMs: p.address !== undefined ? p.rttMs : undefined,
      }))
    : [];
  const fast = !unreachable && !o.paced;
  const routerPings = discovery.hops.flatMap((h) => {
    const address = h.responders[0]?.address;
    return fast && h.ttl < lastTtl && address !== undefined && address !== discovery.address
      ? [{ ttl: h.ttl, address, sent: 0, received: 0 }]
      : [];
  });
  const maxInFlight = Math.ceil(o.waitMs / intervalMs) + 1;
  const pings = { routerPings, pingsRouters: fast, destination: discovery.address };
  return { lastTtl, intervalMs, probesPerRound, maxInFlight, unreachable, seedProbes, ...pings };
}

/**
 * Routers the rounds found that discovery did not, to ping from the next round on (pure): a hop below `lastTtl`
 * whose main responder is not the destination and is not pinged yet. Discovery misses a router whose answers
 * were spent (the kernel limits them) or whose probe was lost; without its pings, a loss on the link into it
 * cannot be told from one on the link after it (CI saw r2 -> r3 loss read as r3 -> server that way).
 */
export function findUnpingedRouters(
  plan: Pick<RoundPlan, 'pingsRouters' | 'destination' | 'routerPings'>,
  hops: readonly Pick<HopStats, 'ttl' | 'responders'>[],
  lastTtl: number,
): RouterPingCount[] {
  if (!plan.pingsRouters) return [];
  return hops.flatMap((h) => {
    const address = h.responders[0]?.address;
    const planned = plan.routerPings.some((p) => p.ttl === h.ttl);
    return !planned && h.ttl < lastTtl && address !== undefined && address !== plan.destination
      ? [{ ttl: h.ttl, address, sent: 0, received: 0 }]
      : [];
  });
}

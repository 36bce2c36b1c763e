import type { Hop, TraceReport } from '@netcheck/traceroute';
import type { RouterPingCount } from './direct.js';
import type { ProbeOutcome } from './types.js';
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
  /** Routers to ping directly each round (counts start at 0); empty when paced or unreachable. */
  routerPings: RouterPingCount[];
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
  return { lastTtl, intervalMs, probesPerRound, maxInFlight, unreachable, routerPings, seedProbes };
}

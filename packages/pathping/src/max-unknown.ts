import type { Hop, TraceReport } from '@netcheck/traceroute';
import { deriveStopReason } from '@netcheck/traceroute';

/** mtr's default `-U`: probing stops once more than 5 hops have never answered. */
export const MTR_MAX_UNKNOWN = 5;

/**
 * The last TTL mtr `-U maxUnknown` probes on this path (pure), as mtr 0.95 decides it (ui/net.c,
 * net_send_batch), TTLs in order:
 * 1 - TTL t is probed, then the TTLs below it that never answered are counted: every one of them, not only a
 *     run of them (silent routers mid-path count too);
 * 2 - more than `maxUnknown` → t was the last TTL probed: on a path whose tail is silent, that is
 *     `maxUnknown + 2` silent hops past the last answer (measured in the lab: `mtr -U 2` sent TTLs 1–7 to a
 *     server 4 hops away that drops ping, `-U 5` TTLs 1–10);
 * 3 - otherwise `undefined`: the destination, an unreachable or the maximum TTL ends probing, not this rule.
 * mtr takes `-U 0` as 1; so does this.
 */
export function deriveUnknownLimit(
  hops: readonly Pick<Hop, 'ttl' | 'silent'>[],
  maxUnknown: number,
): number | undefined {
  const allowed = Math.max(1, maxUnknown);
  let unknown = 0;
  for (const h of hops) {
    if (unknown > allowed) return h.ttl;
    if (h.silent) unknown++;
  }
  const last = hops.at(-1);
  return last && unknown > allowed ? last.ttl + 1 : undefined;
}

/**
 * How many silent hops in a row past the last answer the discovery trace waits for before it gives up
 * (traceroute's `giveUpAfter`): as many as mtr `-U` probes on a silent tail (rule 2 above), so the trace looks
 * no further than mtr would on such a path; `deriveUnknownLimit` then applies mtr's count to the rest.
 */
export function buildGiveUpAfter(maxUnknown: number): number {
  return Math.max(1, maxUnknown) + 2;
}

/**
 * The discovery as mtr `-U` would have found it (pure): the hops past deriveUnknownLimit's TTL are dropped,
 * and an end found past it (the destination, an unreachable) is not known, so the stop is derived again from
 * the hops kept. Unchanged when the limit is not reached, or when the trace failed or was aborted.
 */
export function applyMaxUnknown<T extends Pick<TraceReport, 'hops' | 'stop' | 'pathLength' | 'address'>>(
  discovery: T,
  maxUnknown: number,
  maxTtl: number,
): T {
  if (discovery.stop.kind === 'failed' || discovery.stop.kind === 'aborted') return discovery;
  const limit = deriveUnknownLimit(discovery.hops, maxUnknown);
  if (limit === undefined || discovery.hops.every((h) => h.ttl <= limit)) return discovery;
  const hops = discovery.hops.filter((h) => h.ttl <= limit);
  const stop = deriveStopReason(hops, discovery.address, { maxTtl, giveUpAfter: 0 });
  return { ...discovery, hops, stop, pathLength: stop.kind === 'reached' ? stop.hop : undefined };
}

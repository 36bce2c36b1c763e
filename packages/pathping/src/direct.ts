import { wilsonIntervalPct } from '@netcheck/core';
import { attributeHops } from './attribute.js';
import { withSummary } from './render-verdict.js';
import type { Attribution, HopStats } from './types.js';

/** A router pinged directly alongside the rounds: echo requests to the address that answered at `ttl`. */
export interface RouterPingCount {
  ttl: number;
  address: string;
  sent: number;
  received: number;
}

/**
 * Attribute loss with direct pings standing in for routers that limit their ICMP errors (pure).
 * A router that limits time-exceeded answers few fast TTL probes whatever the links before it lose, so
 * with every router limiting (the kernel default) the TTL probes alone cannot place a loss. Its echo
 * replies are not limited, and an echo to the address it answered from crosses the same links:
 * 1 - attribute the TTL probes as they are;
 * 2 - each hop found losing on its own (node-loss) whose address was pinged directly gets the direct
 *     counts in place of its TTL probes' counts, and the attribution runs again;
 * 3 - the links, the trouble and any unplaced loss come from that second run; those hops keep their own
 *     verdict (rate-limits ICMP) unless the second run starts a link loss at them; the hops not blamed are
 *     those that kept it, because their direct pings were answered.
 */
export function attributeWithRouterPings(hops: readonly HopStats[], pings: readonly RouterPingCount[]): Attribution {
  const first = attributeHops(hops);
  const limited = new Set(first.verdicts.filter((v) => v.kind === 'node-loss').map((v) => v.ttl));
  const stand = new Map(pings.filter((p) => limited.has(p.ttl) && p.sent > 0).map((p) => [p.ttl, p]));
  if (stand.size === 0) return first;
  const swapped = hops.map((h): HopStats => {
    const p = stand.get(h.ttl);
    if (!p || h.responders[0]?.address !== p.address) return h;
    const lost = p.sent - p.received;
    const lossPct = (lost / p.sent) * 100;
    return { ...h, sent: p.sent, received: p.received, lossPct, lossCi95: wilsonIntervalPct(lost, p.sent) };
  });
  const second = attributeHops(swapped);
  const verdicts = second.verdicts.map((v) => {
    const own = first.verdicts.find((x) => x.ttl === v.ttl);
    return stand.has(v.ttl) && v.kind !== 'link-loss' && own ? own : v;
  });
  const excused = verdicts.filter((v) => v.kind === 'node-loss' && stand.has(v.ttl)).map((v) => v.ttl);
  const notBlamed = excused.length ? { ttls: excused, why: 'icmp-limit' as const } : undefined;
  // The trouble as the verdicts now read (a link loss kept its place; a latency step at a pinged hop stays).
  const troubleTtl = second.trouble?.ttl;
  const trouble =
    verdicts.find(
      (v): v is NonNullable<Attribution['trouble']> =>
        v.ttl === troubleTtl && (v.kind === 'link-loss' || v.kind === 'link-latency' || v.kind === 'unreachable'),
    ) ?? second.trouble;
  return withSummary({ verdicts, trouble, unplacedLoss: second.unplacedLoss, notBlamed });
}

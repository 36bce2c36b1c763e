import { wilsonIntervalPct } from '@netcheck/core';
import { makePool } from './stats/pool.js';
import { zCritical, zGreater } from './stats/two-proportion.js';
import { attributeHops, linkInto } from './attribute.js';
import { withSummary } from './render-verdict.js';
import type { Attribution, HopStats, HopVerdict } from './types.js';

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
 * 2 - each hop found losing on its own (node-loss), or whose direct pings lose significantly less than its TTL
 *     probes (it limits its TTL answers, wherever step 1 put the loss), gets the direct counts in place of its
 *     TTL probes' counts, and the attribution runs again;
 * 3 - the links, the trouble and any unplaced loss come from that second run; those hops keep their own
 *     verdict (rate-limits ICMP) unless the second run starts a link loss at them; the hops not blamed are
 *     those that kept it, because their direct pings were answered.
 */
export function attributeWithRouterPings(hops: readonly HopStats[], pings: readonly RouterPingCount[]): Attribution {
  const first = attributeHops(hops);
  const limitsTtl = new Set(pings.filter((p) => limitsTtlAnswers(hops, p)).map((p) => p.ttl));
  const limited = new Set([...first.verdicts.filter((v) => v.kind === 'node-loss').map((v) => v.ttl), ...limitsTtl]);
  const stand = new Map(pings.filter((p) => limited.has(p.ttl) && p.sent > 0).map((p) => [p.ttl, p]));
  if (stand.size === 0) return first;
  const swapped = hops.map((h): HopStats => {
    const p = stand.get(h.ttl);
    if (!p || h.responders[0]?.address !== p.address) return h;
    const lost = p.sent - p.received;
    const lossPct = (lost / p.sent) * 100;
    const counts = { sent: p.sent, received: p.received, lossPct, lossCi95: wilsonIntervalPct(lost, p.sent) };
    return { ...h, ...counts, rttSamples: h.rttSamples ?? h.received };
  });
  const second = attributeHops(swapped);
  const verdicts = second.verdicts.map((v) => {
    const own = first.verdicts.find((x) => x.ttl === v.ttl);
    if (!stand.has(v.ttl) || v.kind === 'link-loss' || !own) return v;
    return own.kind === 'node-loss' ? own : limitedVerdict(hops, stand.get(v.ttl), own);
  });
  const excused = verdicts.filter((v) => v.kind === 'node-loss' && stand.has(v.ttl)).map((v) => v.ttl);
  const notBlamed = excused.length ? { ttls: excused, why: 'icmp-limit' as const } : undefined;
  // The trouble as the verdicts now read (a link loss kept its place; a latency step at a pinged hop stays).
  const troubleTtl = second.trouble?.ttl;
  const placed = verdicts.map((v) => (v.kind === 'link-loss' ? doubtAfterLimitedHop(v, swapped, limited, stand) : v));
  const trouble =
    placed.find(
      (v): v is NonNullable<Attribution['trouble']> =>
        v.ttl === troubleTtl && (v.kind === 'link-loss' || v.kind === 'link-latency' || v.kind === 'unreachable'),
    ) ?? second.trouble;
  return withSummary({
    verdicts: placed,
    trouble,
    unplacedLoss: second.unplacedLoss,
    notBlamed,
    endProbes: second.endProbes,
  });
}

type LinkLoss = Extract<HopVerdict, { kind: 'link-loss' }>;

/**
 * Whether a router limits its TTL answers: its direct pings lose at least 5 points less than the TTL probes that
 * reached it. Echo requests cross the same links and their replies are not rate-limited, so the pings measure the
 * path to the router better than TTL probes do; the TTL probes' extra loss is that router's, wherever the first
 * attribution put it (a router probed faster than its limit, with every router after it limited too, reads as loss
 * from the first link; ten pings all back cannot prove it significant, but they are what the link delivered). Pure.
 */
function limitsTtlAnswers(hops: readonly HopStats[], p: RouterPingCount): boolean {
  const h = hops.find((x) => x.ttl === p.ttl);
  if (!h || p.sent === 0 || h.sent === 0 || h.responders[0]?.address !== p.address) return false;
  const pingLossPct = ((p.sent - p.received) / p.sent) * 100;
  return (h.lossPct ?? 0) - pingLossPct >= MIN_LIMIT_PCT;
}

/** TTL probes losing this many points more than the router's direct pings: the router limits its TTL answers. */
const MIN_LIMIT_PCT = 5;

/** The verdict of a hop whose pings cleared it: its TTL probes' loss is its own ICMP limit, not the link's. Pure. */
function limitedVerdict(hops: readonly HopStats[], p: RouterPingCount | undefined, own: HopVerdict): HopVerdict {
  const h = hops.find((x) => x.ttl === own.ttl);
  if (!p || !h) return own;
  const pingLossPct = ((p.sent - p.received) / p.sent) * 100;
  const lossPct = h.lossPct ?? 0;
  const cause = { why: 'pings-answered' as const, address: p.address, lossPct, pingLossPct, pingsSent: p.sent };
  return { ttl: own.ttl, kind: 'node-loss', nodeLossPct: lossPct - pingLossPct, cause };
}

/** How surely a router's own pings must lose less than the hops behind it to clear it (one-sided, 99%). */
const PINGS_CLEAR_ALPHA = 0.01;

/**
 * A loss placed on the link just after a router that rate-limits its TTL answers stays in doubt with the link into
 * that router, unless the router's direct pings lose significantly less than the hops behind it (one-sided
 * two-proportion test at 99%): without pings nothing says where before it the loss begins, and a few pings can by
 * chance show less loss than the rounds behind them. CI saw both: the rounds cut at their budget (5 of 50 lost at
 * the server) with r3 never pinged (its answers were spent when the path was discovered), and r3's pings all back,
 * each time placing the r2 -> r3 loss on r3 -> server alone.
 */
function doubtAfterLimitedHop(
  v: LinkLoss,
  hops: readonly HopStats[],
  limited: ReadonlySet<number>,
  stand: ReadonlyMap<number, RouterPingCount>,
): LinkLoss {
  const before = v.link.fromTtl;
  if (before === undefined || !limited.has(before) || v.alternativeTtls.includes(before)) return v;
  const i = hops.findIndex((h) => h.ttl === before);
  if (i < 0) return v;
  const pinged = stand.get(before);
  const behind = makePool(hops.slice(i + 1).filter((h) => h.received > 0));
  if (pinged && zGreater(behind, makePool([pinged])) >= zCritical(1, PINGS_CLEAR_ALPHA)) return v;
  return {
    ...v,
    alternativeTtls: [...v.alternativeTtls, before],
    alternativeLinks: [...v.alternativeLinks, linkInto(hops, i)],
  };
}

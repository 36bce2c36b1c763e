import { lossUpperBoundPct, wilsonIntervalPct } from '@netcheck/core';
import { withSummary } from './render-verdict.js';
import type { ChangePoint } from './stats/change-points.js';
import { findChangePoints } from './stats/change-points.js';
import { derivePersistingSources, latencyStepT, medianStdErrMs } from './stats/latency.js';
import { findOwnLoss } from './stats/own-loss.js';
import { poolLossPct } from './stats/pool.js';
import type { Attribution, EndProbes, HopStats, HopVerdict, LinkName, UnplacedLoss } from './types.js';

/** Thresholds of the attribution rules; the defaults are documented with the rules. */
export interface AttributionOptions {
  /** A loss rise smaller than this is noise (percentage points; default 2). */
  minLinkLossPct?: number;
  /** A hop's own loss must exceed what carries on by this much to be its own (points; default 5). */
  minNodeLossPct?: number;
  /** A latency rise that persists downstream is a step worth naming above this (default 50 ms). */
  minLatencyStepMs?: number;
  /** A single hop slower than everything after it by this much is slow ICMP at that router (default 30 ms). */
  minNodeLatencyMs?: number;
}

const DEFAULTS: Required<AttributionOptions> = {
  minLinkLossPct: 2,
  minNodeLossPct: 5,
  minLatencyStepMs: 50,
  minNodeLatencyMs: 30,
};

const nameOf = (h: HopStats | undefined) => h?.responders[0]?.address ?? (h ? `hop ${h.ttl}` : 'this machine');
/** The link into the hop at index `i`, named by the addresses that answered on either side. */
export const linkInto = (hops: readonly HopStats[], i: number): LinkName => {
  const prev = hops[i - 1];
  return { fromTtl: prev?.ttl, from: nameOf(prev), to: nameOf(hops[i]) };
};

/** What the rules found, by hop index, for the verdicts to be read from. */
interface Evidence {
  silent: boolean[];
  /** The index of the last hop that answers, when it lost none of its probes (rule 5a); else -1. */
  cleanEnd: number;
  /** The index of the last hop that answered at all (rule 1a); -1 when none did. */
  lastAnswer: number;
  ownLoss: ({ beyondPct: number } | undefined)[];
  links: Map<number, ChangePoint>;
  persisting: (number | undefined)[];
  /** How far each M(h) can be off (t times its standard error, one-sided 95%), from the hop whose median it is. */
  persistingMarginMs: number[];
}

/** One hop's verdict from the evidence (pure): the first kind that holds, in the order of the rules. */
function deriveVerdict(
  hops: readonly HopStats[],
  h: HopStats,
  i: number,
  e: Evidence,
  o: Required<AttributionOptions>,
): HopVerdict {
  const ttl = h.ttl;
  if (h.sent === 0) return { ttl, kind: 'no-data' };
  if (e.silent[i]) return { ttl, kind: 'silent' };
  const last = hops[e.lastAnswer];
  if (i > e.lastAnswer && last && h.received === 0) {
    const after = { ttl: last.ttl, address: nameOf(last) };
    return { ttl, kind: 'no-answer', after };
  }
  const link = e.links.get(i);
  if (link) {
    const ci = wilsonIntervalPct(link.after.lost, link.after.sent) ?? { lowPct: 0, highPct: 100 };
    const alternativeLinks = link.alternatives.map((j) => linkInto(hops, j));
    const alternativeTtls = link.alternatives.flatMap((j) => hops[j]?.ttl ?? []);
    const pooledLossPct = poolLossPct(link.after) ?? link.lossPct;
    const common = { linkLossPct: link.lossPct, pooledLossPct, linkLossCi95: ci, alternativeTtls, alternativeLinks };
    return { ttl, kind: 'link-loss', link: linkInto(hops, i), ...common };
  }
  const own = e.ownLoss[i];
  const lossPct = h.lossPct ?? 0;
  const end = hops[e.cleanEnd];
  if (end && i < e.cleanEnd && lossPct >= o.minNodeLossPct) {
    const cause = { why: 'end-clean' as const, address: nameOf(h), lossPct, end: nameOf(end), endSent: end.sent };
    return { ttl, kind: 'node-loss', nodeLossPct: lossPct, cause };
  }
  if (own && last) {
    const ends = { end: nameOf(last), endLossPct: last.lossPct ?? 0 };
    const cause = { why: 'icmp-limit' as const, address: nameOf(h), lossPct, beyondPct: own.beyondPct, ...ends };
    return { ttl, kind: 'node-loss', nodeLossPct: lossPct - own.beyondPct, cause };
  }
  const m = e.persisting[i];
  const mPrev = i === 0 ? 0 : e.persisting[i - 1];
  const margin = Math.hypot(e.persistingMarginMs[i] ?? 0, i === 0 ? 0 : (e.persistingMarginMs[i - 1] ?? 0));
  if (m !== undefined && mPrev !== undefined && m - mPrev - margin >= o.minLatencyStepMs)
    return { ttl, kind: 'link-latency', link: linkInto(hops, i), riseMs: m - mPrev };
  const next = e.persisting[i + 1];
  if (h.p50Ms !== undefined && next !== undefined && h.p50Ms - next >= o.minNodeLatencyMs)
    return { ttl, kind: 'node-latency', address: nameOf(h), p50Ms: h.p50Ms, laterMs: next };
  if (i === hops.length - 1) return { ttl, kind: 'destination', address: nameOf(h), lossPct: h.lossPct };
  return { ttl, kind: 'clean', address: nameOf(h) };
}

/** The probes to the last hop that answered (`undefined` when none did), with the loss they leave possible. */
function deriveEndProbes(end: HopStats | undefined): EndProbes | undefined {
  if (!end || end.sent === 0) return undefined;
  const lost = end.sent - end.received;
  const lossUpperPct = lossUpperBoundPct(lost, end.sent) ?? 100;
  return { ttl: end.ttl, address: nameOf(end), sent: end.sent, lost, lossUpperPct };
}

/** Rule 8: loss at the last answering hop, real (interval above 0) but placed on no link. */
function findUnplacedLoss(hops: readonly HopStats[], e: Evidence, minLinkLossPct: number): UnplacedLoss | undefined {
  const lastIdx = hops.findLastIndex((h, i) => !e.silent[i] && h.sent > 0);
  const last = hops[lastIdx];
  if (!last || last.lossPct === undefined || e.ownLoss[lastIdx]) return undefined;
  const ci = wilsonIntervalPct(last.sent - last.received, last.sent);
  if (!ci || last.lossPct < minLinkLossPct || ci.lowPct <= 0) return undefined;
  return { ttl: last.ttl, address: nameOf(last), lossPct: last.lossPct, ci95: ci, sent: last.sent };
}

/**
 * Attribute loss and latency to the node or the link that causes them (pure).
 * 1 - a hop that never answers while later hops do is a silent router: traffic passes through it;
 * 1a - hops after the last that answered at all never did (`no-answer`): the destination drops these probes or
 *     is down; their 100% measures no loss, so they take part in no comparison, and the first of them is trouble
 *     unless a link before it loses;
 * 2 - pooled downstream loss P(h+) = lost / sent over the answering hops after h;
 * 3 - a hop that loses at least `minNodeLossPct` more than P(h+), significantly, loses on its own (ICMP rate
 *     limiting or deprioritised ICMP): not a problem for traffic through it (stats/own-loss.ts);
 * 4 - loss that begins on a link shows at every hop after it, so hops are pooled: leaving out silent and
 *     rule-3 hops, the hops from h on are compared with the hops since the last change point (or the start);
 * 5 - loss begins on the link into h where that rise is at least `minLinkLossPct`, significant (corrected for
 *     the candidates of the segment searched: 5% for the first lossy link, 0.1% for every further one) and,
 *     among those, the split with the highest binomial likelihood; the first answering hop loses from the
 *     first link when its own interval excludes 0, unless it loses less than the hops after it with 99%
 *     confidence; rivals within 2 log-likelihood units are named with it; the search repeats on both sides
 *     (binary segmentation), so every lossy link is found (stats/change-points.ts);
 * 5a - but every probe to the last hop that answers crosses every link before it: when that hop lost none, no
 *     link loses (mtr's first rule of reading: loss that does not carry on to the end is not forwarding loss),
 *     and loss of `minNodeLossPct` or more at earlier hops is their own ICMP handling (`end-clean`), whatever the
 *     counts' intervals say;
 * 6 - latency: the median RTT that persists downstream M(h) = min over hops ≥ h; a rise M(h) − M(h−1) of
 *     `minLatencyStepMs` or more, after taking off how far the two medians can be off (Student's t at one-sided
 *     95% times their standard errors; under 10 answers the spread is the largest from the hop on: heavy jitter
 *     moves a median of a few answers by many ms), is a latency step on the link into h; a hop slower than M(h+1) by
 *     `minNodeLatencyMs` but not after it is that router's slow ICMP (stats/latency.ts);
 * 7 - the first hop with a link verdict (rule 5 or the step of rule 6) is where real trouble begins;
 * 8 - with no link to blame, loss of at least `minLinkLossPct` at the last answering hop whose interval
 *     excludes 0 is still reported, as loss not yet placed: the path is not called clean.
 * Verdicts are data; `renderHopVerdict` and `renderAttributionSummary` put them in words.
 */
export function attributeHops(hops: readonly HopStats[], options: AttributionOptions = {}): Attribution {
  const o = { ...DEFAULTS, ...options };
  const silent = hops.map((h, i) => h.received === 0 && hops.slice(i + 1).some((x) => x.received > 0));
  const endIdx = hops.findLastIndex((h) => h.received > 0);
  // The hops after the last answer count in no pool of "the hops after" either (rule 1a).
  const ownLoss = findOwnLoss(
    hops,
    hops.map((_, i) => silent[i] === true || (endIdx >= 0 && i > endIdx)),
    o.minNodeLossPct,
  );
  // Hops after the last answer never answered: no loss can be measured there (rule 1a).
  const usable = (j: number) => !silent[j] && !ownLoss[j] && (hops[j]?.sent ?? 0) > 0 && (endIdx < 0 || j <= endIdx);
  const cleanEnd = endIdx >= 0 && hops[endIdx]?.received === hops[endIdx]?.sent ? endIdx : -1;
  const found = findChangePoints(hops, usable, o.minLinkLossPct);
  const links = new Map([...found].filter(([i]) => i > cleanEnd));
  const medians = hops.map((h, i) => (silent[i] ? undefined : h.p50Ms));
  const sources = derivePersistingSources(medians);
  const persisting = sources.map((j) => (j === undefined ? undefined : medians[j]));
  // A hop's few answers (fewer than 10: a router limiting its TTL answers) understate their spread: jitter on a
  // link shows at every hop after it too, so theirs is the largest over the hop and those after it.
  const samples = (h: HopStats | undefined) => h?.rttSamples ?? h?.received ?? 0;
  const spreadFrom = (j: number) => {
    const own = hops[j]?.stdevMs ?? 0;
    return samples(hops[j]) >= 10 ? own : Math.max(own, ...hops.slice(j).map((h) => h.stdevMs ?? 0));
  };
  const marginOf = (j: number | undefined) => {
    const h = j === undefined ? undefined : hops[j];
    const se = j === undefined || !h ? undefined : medianStdErrMs(spreadFrom(j), samples(h));
    return se === undefined || !h ? 0 : latencyStepT(samples(h)) * se;
  };
  const persistingMarginMs = sources.map(marginOf);
  const e: Evidence = { silent, cleanEnd, lastAnswer: endIdx, ownLoss, links, persisting, persistingMarginMs };
  const verdicts = hops.map((h, i) => deriveVerdict(hops, h, i, e, o));
  const trouble = verdicts.find(
    (v): v is Extract<HopVerdict, { kind: 'link-loss' | 'link-latency' | 'no-answer' }> =>
      v.kind === 'link-loss' || v.kind === 'link-latency' || v.kind === 'no-answer',
  );
  const excused = verdicts.filter((v) => v.kind === 'node-loss' || v.kind === 'silent' || v.kind === 'node-latency');
  const notBlamed = excused.length ? { ttls: excused.map((v) => v.ttl), why: 'own' as const } : undefined;
  const unplacedLoss = trouble ? undefined : findUnplacedLoss(hops, e, o.minLinkLossPct);
  return withSummary({ verdicts, trouble, unplacedLoss, notBlamed, endProbes: deriveEndProbes(hops[endIdx]) });
}

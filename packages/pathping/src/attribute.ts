import { normalQuantile, wilsonIntervalPct } from '@netcheck/core';
import type { Attribution, HopStats, HopVerdict } from './types.js';

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

const pct = (x: number) => (x > 0 && x < 10 ? x.toFixed(1) : Math.round(x).toString());
const addr = (h: HopStats | undefined) => h?.responders[0]?.address ?? (h ? `hop ${h.ttl}` : 'this machine');
const lost = (h: HopStats) => h.sent - h.received;

/**
 * Attribute loss and latency to the node or the link that causes them (pure).
 * 1 - a hop that never answers while later hops do is a silent router: traffic passes through it;
 * 2 - pooled downstream loss P(h+) = lost / sent over the answering hops after h;
 * 3 - a hop that loses at least `minNodeLossPct` more than P(h+), significantly (one-sided two-proportion
 *     test at 1% over all the hops tested: z ≥ the normal quantile of 1 − 0.01/k for k hops), loses on its own
 *     (ICMP rate limiting or deprioritised ICMP): not a problem for traffic through it;
 * 4 - loss that begins on a link shows at every hop after it, so hops are pooled: leaving out silent and
 *     rule-3 hops, the hops from h on are compared with the hops since the last change point (or the start);
 * 5 - loss begins on the link into h where that rise is at least `minLinkLossPct`, significant (the same
 *     test, corrected for the k candidate hops of the segment searched: at 5% for the first lossy link, at
 *     0.1% for every further one, the stronger claim) and, among those, the split of the
 *     segment with the highest binomial likelihood (one loss rate before h, another from h on); for the
 *     first answering hop: its own interval excludes 0, unless it loses less than the hops after it with 99%
 *     confidence; other significant splits within 2 log-likelihood units are named with it (the rounds so
 *     far cannot tell which link); the search then repeats on both sides of h (binary segmentation), so
 *     every lossy link is found; the figure is the rise, the interval that of the pooled hops from h to the
 *     next change;
 * 6 - latency: the median RTT that persists downstream M(h) = min over hops ≥ h; a rise M(h) − M(h−1) of
 *     `minLatencyStepMs` or more is a latency step on the link into h; a hop slower than M(h+1) by
 *     `minNodeLatencyMs` but not after it is that router's slow ICMP;
 * 7 - the first hop with a link verdict (rule 5 or the step of rule 6) is where real trouble begins;
 * 8 - with no link to blame, loss of at least `minLinkLossPct` at the last answering hop whose interval
 *     excludes 0 is still reported, as loss not yet placed: the path is not called clean.
 */
export function attributeHops(hops: readonly HopStats[], options: AttributionOptions = {}): Attribution {
  const o = { minLinkLossPct: 2, minNodeLossPct: 5, minLatencyStepMs: 50, minNodeLatencyMs: 30, ...options };
  const n = hops.length;
  const silent = hops.map((h, i) => h.received === 0 && hops.slice(i + 1).some((x) => x.received > 0));
  type Pool = { lost: number; sent: number; pct: number | undefined };
  const poolOf = (idx: number[]): Pool => {
    let l = 0;
    let s = 0;
    for (const j of idx) [l, s] = [l + lost(hops[j]!), s + hops[j]!.sent];
    return { lost: l, sent: s, pct: s ? (l / s) * 100 : undefined };
  };
  const range = (from: number, to: number, keep: (j: number) => boolean) => Array.from({ length: Math.max(0, to - from) }, (_, k) => from + k).filter(keep);
  /** One-sided two-proportion z statistic: how surely `a` loses more than `b`. */
  const zGreater = (a: Pool, b: Pool) => {
    if (!a.sent || !b.sent) return 0;
    const p = (a.lost + b.lost) / (a.sent + b.sent);
    const se = Math.sqrt(p * (1 - p) * (1 / a.sent + 1 / b.sent));
    const d = a.lost / a.sent - b.lost / b.sent;
    return se === 0 ? (d > 0 ? Infinity : 0) : d / se;
  };
  // Every test is one of several looked at together, and a false alarm here blames a link or a router that
  // is fine: each family of k comparisons (the hops tested for rule 3, the candidates of one segment for
  // rule 5) is held to a stated chance of any false alarm (Bonferroni); rule 3 to 1%.
  // The first lossy link (is any link losing?) is held to 5% over the candidate links, enough to name a 10%
  // link from 10 rounds. Every further link to 0.1%: chance spreading the losses unevenly over the hops
  // around one lossy link is the usual way to misread mtr, and CI saw it name a second link at 95%.
  const FAMILY_ALPHA = 0.01;
  const FIRST_LINK_ALPHA = 0.05;
  const FURTHER_LINK_ALPHA = 0.001;
  const zCritical = (k: number, alpha = FAMILY_ALPHA) => normalQuantile(1 - alpha / Math.max(1, k));
  // Saying a hop is cleaner than the hops after it needs more certainty: every hop behind one lossy link
  // loses the same share, and with tens of probes per hop chance alone spreads the losses unevenly.
  const Z99 = zCritical(1, 0.01);
  /** Binomial log-likelihood of a pool at its own rate (the constant binomial coefficient left out). */
  const logLikelihood = (a: Pool) => {
    const q = a.sent ? a.lost / a.sent : 0;
    return (a.lost ? a.lost * Math.log(q) : 0) + (a.sent - a.lost ? (a.sent - a.lost) * Math.log(1 - q) : 0);
  };
  const nodeCandidate = (i: number) => !silent[i] && i !== n - 1 && hops[i]!.sent > 0;
  const zNode = zCritical(range(0, n, nodeCandidate).length);
  const nodeLossy = hops.map((h, i) => {
    if (!nodeCandidate(i)) return false;
    const after = poolOf(range(i + 1, n, (j) => !silent[j] && hops[j]!.sent > 0));
    if (after.pct === undefined) return false;
    return h.lossPct! - after.pct >= o.minNodeLossPct && zGreater(poolOf([i]), after) >= zNode;
  });
  const usable = (j: number) => !silent[j] && !nodeLossy[j] && hops[j]!.sent > 0;
  // Change points: loss begins on the link into h when the hops from h on lose significantly more than
  // the hops since the previous change point (or the start); each change point starts a new segment.
  const linkLoss = new Map<number, { lossPct: number; after: Pool; alternatives: number[] }>();
  let segmentStart = 0;
  const firstUsable = hops.findIndex((_, j) => usable(j));
  if (firstUsable >= 0) {
    // Loss from the very first link: the first answering hop loses on its own (nothing before to compare).
    const here = poolOf([firstUsable]);
    const rest = poolOf(range(firstUsable + 1, n, usable));
    if (here.pct! >= o.minLinkLossPct && wilsonIntervalPct(here.lost, here.sent)!.lowPct > 0 && !(rest.sent && zGreater(rest, here) >= Z99)) {
      linkLoss.set(firstUsable, { lossPct: here.pct!, after: poolOf(range(firstUsable, n, usable)), alternatives: [] });
      segmentStart = firstUsable;
    }
  }
  // Then binary segmentation: within [start, end) the split that explains the losses best (the highest
  // likelihood of "one rate before, another from here on") among the significant rises is where a loss
  // begins; search again on both sides of it, so a smaller lossy link before a bigger one is found as well.
  // Other significant splits that explain the data almost as well (within 2 log-likelihood units) are
  // named with it: chance can make the hops behind one lossy link look cleaner or dirtier than each other.
  const segment = (start: number, end: number): void => {
    type Split = { i: number; ll: number; rise: number; after: Pool };
    const eligible: Split[] = [];
    const zRise = zCritical(range(start + 1, end, usable).length, linkLoss.size ? FURTHER_LINK_ALPHA : FIRST_LINK_ALPHA);
    for (let i = start + 1; i < end; i++) {
      if (!usable(i)) continue;
      const before = poolOf(range(start, i, usable));
      const after = poolOf(range(i, end, usable));
      if (!before.sent || after.pct === undefined) continue;
      const rise = after.pct - before.pct!;
      if (rise >= o.minLinkLossPct && zGreater(after, before) >= zRise) eligible.push({ i, ll: logLikelihood(before) + logLikelihood(after), rise, after });
    }
    if (!eligible.length) return;
    const best = eligible.reduce((a, b) => (b.ll > a.ll ? b : a));
    const alternatives = eligible.filter((x) => x !== best && x.ll >= best.ll - 2).map((x) => x.i);
    linkLoss.set(best.i, { lossPct: best.rise, after: best.after, alternatives });
    segment(start, best.i);
    segment(best.i, end);
  };
  segment(Math.max(0, segmentStart), n);
  // A doubt that segmentation settled (the other link was found to lose as well) is no doubt.
  for (const link of linkLoss.values()) link.alternatives = link.alternatives.filter((j) => !linkLoss.has(j));
  const medians = hops.map((h, i) => (silent[i] ? undefined : h.p50Ms));
  const persisting = hops.map((_, i) => {
    const later = medians.slice(i).filter((m): m is number => m !== undefined);
    return later.length ? Math.min(...later) : undefined;
  });

  const verdicts: HopVerdict[] = hops.map((h, i) => {
    const prev = hops[i - 1];
    const base = { ttl: h.ttl, linkLossPct: undefined, linkLossCi95: undefined, alternativeTtls: undefined, nodeLossPct: undefined };
    if (h.sent === 0) return { ...base, kind: 'no-data', text: `hop ${h.ttl}: no probes` };
    if (silent[i]) return { ...base, kind: 'silent', text: `hop ${h.ttl} does not answer probes (a silent router); traffic passes through it` };
    const link = linkLoss.get(i);
    if (link) {
      const ci = wilsonIntervalPct(link.after.lost, link.after.sent)!;
      return {
        ...base,
        kind: 'link-loss',
        linkLossPct: link.lossPct,
        linkLossCi95: ci,
        alternativeTtls: link.alternatives.map((j) => hops[j]!.ttl),
        text: `forwarding loss starts on the link ${addr(prev)} → ${addr(h)}: ${pct(link.lossPct)}% (${pct(ci.lowPct)}–${pct(ci.highPct)}%), carried on to every later hop${
          link.alternatives.length ? ` (or on the link ${link.alternatives.map((j) => `${addr(hops[j - 1])} → ${addr(hops[j])}`).join(', or ')}: the rounds so far cannot tell which)` : ''
        }`,
      };
    }
    if (nodeLossy[i]) {
      const after = poolOf(range(i + 1, n, (j) => !silent[j] && hops[j]!.sent > 0)).pct ?? 0;
      return {
        ...base,
        kind: 'node-loss',
        nodeLossPct: h.lossPct! - after,
        text: `${addr(h)} rate-limits or deprioritises ICMP: ${pct(h.lossPct!)}% unanswered here but ${pct(after)}% beyond; not a problem for traffic through it`,
      };
    }
    const m = persisting[i];
    const mPrev = i === 0 ? 0 : persisting[i - 1];
    if (m !== undefined && mPrev !== undefined && m - mPrev >= o.minLatencyStepMs)
      return { ...base, kind: 'link-latency', text: `latency rises by ${Math.round(m - mPrev)} ms on the link ${addr(prev)} → ${addr(h)} and stays for every later hop` };
    const next = persisting[i + 1];
    if (h.p50Ms !== undefined && next !== undefined && h.p50Ms - next >= o.minNodeLatencyMs)
      return { ...base, kind: 'node-latency', text: `${addr(h)} answers slowly (${Math.round(h.p50Ms)} ms, later hops ${Math.round(next)} ms): its own ICMP is slow; not a problem for traffic through it` };
    if (i === n - 1) return { ...base, kind: 'destination', text: `${addr(h)}: ${pct(h.lossPct ?? 0)}% loss end to end` };
    return { ...base, kind: 'clean', text: `${addr(h)}: no loss of its own` };
  });
  const trouble = verdicts.find((v) => v.kind === 'link-loss' || v.kind === 'link-latency');
  const excused = verdicts.filter((v) => v.kind === 'node-loss' || v.kind === 'silent' || v.kind === 'node-latency');
  const note = excused.length ? `; ${excused.map((v) => `hop ${v.ttl}`).join(', ')} ${excused.length === 1 ? 'shows' : 'show'} loss or delay of its own only, not blamed` : '';
  if (trouble) return { verdicts, trouble, unplacedLoss: undefined, summary: `trouble begins at hop ${trouble.ttl}: ${trouble.text}${note}` };
  const lastIdx = hops.findLastIndex((h, i) => !silent[i] && h.sent > 0);
  const last = hops[lastIdx];
  const ci = last && wilsonIntervalPct(lost(last), last.sent);
  if (last && ci && last.lossPct! >= o.minLinkLossPct && ci.lowPct > 0 && !nodeLossy[lastIdx]) {
    const unplacedLoss = { ttl: last.ttl, lossPct: last.lossPct!, ci95: ci, sent: last.sent };
    const summary = `${pct(last.lossPct!)}% of ${last.sent} probes (${pct(ci.lowPct)}–${pct(ci.highPct)}%) to ${addr(last)} were lost, too few to say which link loses them: run more rounds${note}`;
    return { verdicts, trouble, unplacedLoss, summary };
  }
  return { verdicts, trouble, unplacedLoss: undefined, summary: `the path is clean: no forwarding loss and no latency step${note}` };
}

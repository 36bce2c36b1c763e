import { wilsonIntervalPct } from '@netcheck/core';
import { logLikelihood } from './likelihood.js';
import type { Pool } from './pool.js';
import { makePool, poolLossPct } from './pool.js';
import { zCritical, zGreater } from './two-proportion.js';

/** Where a loss begins: the link into hop index `i`, the rise, the pooled hops from it, and near-equal rivals. */
export interface ChangePoint {
  /** The rise of loss at this link, in points. */
  lossPct: number;
  /** The hops from this link to the next change point (or the end), pooled. */
  after: Pool;
  /** Indexes of other links that explain the losses almost as well; empty when clear. */
  alternatives: number[];
}

/** Stated chances of any false alarm per family of comparisons (Bonferroni over the candidates). */
export const CHANGE_POINT_ALPHA = {
  /** Is any link losing? Enough to name a 10% link from 10 rounds. */
  firstLink: 0.05,
  /**
   * Every further link: chance spreading the losses unevenly over the hops around one lossy link is the usual
   * way to misread mtr, and CI saw it name a second link at 95%.
   */
  furtherLink: 0.001,
  /** "The first hop loses less than the hops after it" needs 99%: they all share one link's loss. */
  cleanerFirstHop: 0.01,
} as const;

/** Other splits within this many log-likelihood units of the best are named with it. */
export const RIVAL_LOG_LIKELIHOOD = 2;

type Hop = { sent: number; received: number };

const poolOf = (hops: readonly Hop[], from: number, to: number, usable: (j: number) => boolean): Pool =>
  makePool(hops.slice(from, to).filter((_, k) => usable(from + k)));

/**
 * Loss from the very first link (pure): the first usable hop loses on its own with nothing before it to compare
 * with: at least `minLinkLossPct`, its interval above 0, unless the hops after it lose more with 99% confidence.
 */
function firstLinkLoss(hops: readonly Hop[], usable: (j: number) => boolean, minLinkLossPct: number) {
  const first = hops.findIndex((_, j) => usable(j));
  const here = first >= 0 ? poolOf(hops, first, first + 1, usable) : undefined;
  const pct = here && poolLossPct(here);
  if (!here || pct === undefined) return undefined;
  const rest = poolOf(hops, first + 1, hops.length, usable);
  const low = wilsonIntervalPct(here.lost, here.sent)?.lowPct ?? 0;
  const cleaner = rest.sent > 0 && zGreater(rest, here) >= zCritical(1, CHANGE_POINT_ALPHA.cleanerFirstHop);
  if (pct < minLinkLossPct || low <= 0 || cleaner) return undefined;
  // The figure is the pooled loss its interval describes (nothing before the first link: the rise is all of it).
  const after = poolOf(hops, first, hops.length, usable);
  return { index: first, point: { lossPct: poolLossPct(after) ?? pct, after, alternatives: [] } };
}

/**
 * Within hops [start, end): the significant rises of pooled loss (at least `minLinkLossPct`, z at the family's
 * level over the segment's candidates) and, among them, the split with the highest likelihood of "one rate
 * before, another from here on", with its rivals (pure).
 */
export function bestSplit(
  hops: readonly Hop[],
  usable: (j: number) => boolean,
  range: { start: number; end: number },
  opts: { minLinkLossPct: number; alpha: number },
): { index: number; point: ChangePoint } | undefined {
  const { start, end } = range;
  const candidates = hops.slice(start + 1, end).filter((_, k) => usable(start + 1 + k)).length;
  const zRise = zCritical(candidates, opts.alpha);
  const eligible: { i: number; ll: number; rise: number; after: Pool }[] = [];
  for (let i = start + 1; i < end; i++) {
    if (!usable(i)) continue;
    const before = poolOf(hops, start, i, usable);
    const after = poolOf(hops, i, end, usable);
    const b = poolLossPct(before);
    const a = poolLossPct(after);
    if (b === undefined || a === undefined) continue;
    if (a - b >= opts.minLinkLossPct && zGreater(after, before) >= zRise)
      eligible.push({ i, ll: logLikelihood(before) + logLikelihood(after), rise: a - b, after });
  }
  const best = eligible.reduce<(typeof eligible)[number] | undefined>((x, y) => (!x || y.ll > x.ll ? y : x), undefined);
  if (!best) return undefined;
  const alternatives = eligible.filter((x) => x !== best && x.ll >= best.ll - RIVAL_LOG_LIKELIHOOD).map((x) => x.i);
  return { index: best.i, point: { lossPct: best.rise, after: best.after, alternatives } };
}

/**
 * Every link where a loss begins (pure), by hop index: loss from the first link (see firstLinkLoss), then binary
 * segmentation — the best split of the segment (bestSplit) is a change point, and the search repeats on both
 * sides of it, so a smaller lossy link before a bigger one is found as well. The first link found is held to
 * `firstLink`, every further one to `furtherLink`. A rival that segmentation found losing as well is no doubt.
 */
export function findChangePoints(
  hops: readonly Hop[],
  usable: (j: number) => boolean,
  minLinkLossPct: number,
): Map<number, ChangePoint> {
  const found = new Map<number, ChangePoint>();
  const first = firstLinkLoss(hops, usable, minLinkLossPct);
  if (first) found.set(first.index, first.point);
  const segment = (start: number, end: number): void => {
    const alpha = found.size ? CHANGE_POINT_ALPHA.furtherLink : CHANGE_POINT_ALPHA.firstLink;
    const split = bestSplit(hops, usable, { start, end }, { minLinkLossPct, alpha });
    if (!split) return;
    found.set(split.index, split.point);
    segment(start, split.index);
    segment(split.index, end);
  };
  segment(first?.index ?? 0, hops.length);
  for (const p of found.values()) p.alternatives = p.alternatives.filter((j) => !found.has(j));
  return measureSegments(hops, usable, found);
}

/**
 * Each link's figures over the final segments (pure): a split's pools were those of the segment searched, so a
 * link found before another one later on pooled that link's loss too, and its rise was taken against hops that
 * included an earlier lossy link's. With every change point known, a link's `after` is the hops from it to the
 * next change point (or the end), and its rise is that pool's loss minus the pool's from the change point before
 * it (or the first hop); loss from the very first link has nothing before it.
 */
function measureSegments(
  hops: readonly Hop[],
  usable: (j: number) => boolean,
  found: Map<number, ChangePoint>,
): Map<number, ChangePoint> {
  const at = [...found.keys()].sort((a, b) => a - b);
  const out = new Map<number, ChangePoint>();
  at.forEach((i, k) => {
    const point = found.get(i);
    if (!point) return;
    const after = poolOf(hops, i, at[k + 1] ?? hops.length, usable);
    const before = poolOf(hops, at[k - 1] ?? 0, i, usable);
    const afterPct = poolLossPct(after) ?? point.lossPct;
    out.set(i, { ...point, after, lossPct: afterPct - (poolLossPct(before) ?? 0) });
  });
  return out;
}

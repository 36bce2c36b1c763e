import { makePool, poolLossPct } from './pool.js';
import { zCritical, zGreater } from './two-proportion.js';

/** A router's own loss is held to this chance of any false alarm over the hops tested (Bonferroni). */
export const OWN_LOSS_ALPHA = 0.01;

type Hop = { sent: number; received: number };

/**
 * Which hops lose on their own (pure): loss seen at a hop that does not carry on to the hops after it is that
 * router's ICMP handling (rate limiting, deprioritised ICMP), not forwarding loss.
 * 1 - candidates: hops that answer (not `silent`), are not the last, and were probed;
 * 2 - the hops after a candidate that answer and were probed are pooled (P(h+));
 * 3 - the candidate loses on its own when its loss exceeds P(h+) by at least `minNodeLossPct` points and the
 *     one-sided two-proportion z reaches the critical value for `OWN_LOSS_ALPHA` over the k candidates.
 * Returns, per hop, the pooled loss after it (`beyondPct`) when it loses on its own, else `undefined`.
 */
export function findOwnLoss(
  hops: readonly Hop[],
  silent: readonly boolean[],
  minNodeLossPct: number,
): ({ beyondPct: number } | undefined)[] {
  const n = hops.length;
  const candidate = (i: number) => !silent[i] && i !== n - 1 && (hops[i]?.sent ?? 0) > 0;
  const zNode = zCritical(hops.filter((_, i) => candidate(i)).length, OWN_LOSS_ALPHA);
  return hops.map((h, i) => {
    if (!candidate(i)) return undefined;
    const after = makePool(hops.slice(i + 1).filter((x, k) => !silent[i + 1 + k] && x.sent > 0));
    const beyondPct = poolLossPct(after);
    const here = makePool([h]);
    const herePct = poolLossPct(here);
    if (beyondPct === undefined || herePct === undefined) return undefined;
    return herePct - beyondPct >= minNodeLossPct && zGreater(here, after) >= zNode ? { beyondPct } : undefined;
  });
}

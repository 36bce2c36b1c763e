import { normalQuantile } from '@netcheck/core';
import type { Pool } from './pool.js';

/**
 * One-sided two-proportion z statistic: how surely pool `a` loses a larger share than pool `b` (pure).
 * 0 when either pool is empty; with no variance at all, `Infinity` when `a` loses more, else 0.
 */
export function zGreater(a: Pool, b: Pool): number {
  if (!a.sent || !b.sent) return 0;
  const p = (a.lost + b.lost) / (a.sent + b.sent);
  const se = Math.sqrt(p * (1 - p) * (1 / a.sent + 1 / b.sent));
  const d = a.lost / a.sent - b.lost / b.sent;
  if (se === 0) return d > 0 ? Infinity : 0;
  return d / se;
}

/**
 * The z a comparison must reach when it is one of `k` looked at together, so that the family has at most an
 * `alpha` chance of any false alarm (Bonferroni: the normal quantile of 1 − alpha/k; k below 1 counts as 1).
 */
export function zCritical(k: number, alpha: number): number {
  return normalQuantile(1 - alpha / Math.max(1, k));
}

import type { Pool } from './pool.js';

/**
 * Binomial log-likelihood of a pool at its own loss rate, the constant binomial coefficient left out (pure):
 * lost·ln q + (sent − lost)·ln(1 − q) with q = lost / sent; 0 for an empty pool, and 0·ln 0 counts as 0.
 */
export function logLikelihood(p: Pool): number {
  const q = p.sent ? p.lost / p.sent : 0;
  const kept = p.sent - p.lost;
  return (p.lost ? p.lost * Math.log(q) : 0) + (kept ? kept * Math.log(1 - q) : 0);
}

import { summariseRtts, wilsonIntervalPct } from '@netcheck/core';
import type { HopStats, ProbeOutcome, ResponderStats } from './types.js';

/**
 * Reduce rounds of probes to per-TTL statistics (pure). Loss is per TTL: a
 * probe answered by any address counts as received, so traffic that moves to
 * another router mid-run (ECMP, a reroute) does not read as loss; each
 * responder keeps its own counts and RTTs. RTT figures follow arrival order
 * by round (for jitter and "last").
 */
export function aggregateRounds(probes: readonly ProbeOutcome[]): HopStats[] {
  const byTtl = new Map<number, ProbeOutcome[]>();
  for (const p of probes) byTtl.set(p.ttl, [...(byTtl.get(p.ttl) ?? []), p]);
  return [...byTtl.keys()]
    .sort((a, b) => a - b)
    .map((ttl) => {
      const ps = (byTtl.get(ttl) ?? []).slice().sort((a, b) => a.round - b.round);
      const answered = ps.flatMap((p) => (p.responder === undefined ? [] : [{ ...p, responder: p.responder }]));
      const rtts = answered.flatMap((p) => (p.rttMs === undefined ? [] : [p.rttMs]));
      const per = new Map<string, number[]>();
      const counts = new Map<string, number>();
      for (const p of answered) {
        counts.set(p.responder, (counts.get(p.responder) ?? 0) + 1);
        if (p.rttMs !== undefined) per.set(p.responder, [...(per.get(p.responder) ?? []), p.rttMs]);
      }
      const responders: ResponderStats[] = [...counts.entries()]
        .sort((a, b) => b[1] - a[1])
        .map(([address, received]) => {
          const r = per.get(address) ?? [];
          const avgMs = r.length ? r.reduce((x, y) => x + y, 0) / r.length : undefined;
          const bestMs = r.length ? Math.min(...r) : undefined;
          const worstMs = r.length ? Math.max(...r) : undefined;
          return { address, received, sharePct: (received / answered.length) * 100, avgMs, bestMs, worstMs };
        });
      const s = summariseRtts(rtts);
      const sent = ps.length;
      return {
        ttl,
        responders,
        sent,
        received: answered.length,
        lossPct: sent ? ((sent - answered.length) / sent) * 100 : undefined,
        lossCi95: wilsonIntervalPct(sent - answered.length, sent),
        lastMs: rtts.at(-1),
        avgMs: s.avgMs,
        bestMs: s.minMs,
        worstMs: s.maxMs,
        stdevMs: s.stdevMs,
        jitterMs: s.jitterMs,
        p50Ms: s.p50Ms,
        p95Ms: s.p95Ms,
      };
    });
}

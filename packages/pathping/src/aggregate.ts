import { wilsonIntervalPct } from '@netcheck/core';
import type { HopStats, ProbeOutcome, ResponderStats } from './types.js';

/**
 * RTTs kept per TTL for the percentiles (p50, p95): the most recent answers. Counts, loss, best, worst, mean,
 * standard deviation and jitter cover every probe; only the percentiles look at this window, so a long run's
 * memory and per-round work stay constant (100 rounds of 10 probes fill it).
 */
export const RTT_WINDOW = 1000;

interface Running {
  count: number;
  sum: number;
  min: number;
  max: number;
}

interface TtlTally {
  sent: number;
  received: number;
  rtt: Running & { m2: number; mean: number; last: number | undefined; absDiffSum: number };
  /** The last RTT_WINDOW RTTs, a ring; `next` is where the next one goes. */
  window: number[];
  next: number;
  responders: Map<string, Running & { received: number }>;
}

/** Per-TTL statistics built probe by probe: adding a round costs the same at round 10 and at round 10,000. */
export interface HopAccumulator {
  /** Count a round's probes (in arrival order: "last" and jitter follow it). */
  add(probes: readonly ProbeOutcome[]): void;
  /** Forget the TTLs past `ttl` (the destination answered nearer than discovery thought). */
  dropAbove(ttl: number): void;
  /** The statistics so far, by TTL (see aggregateRounds). */
  hops(): HopStats[];
}

const emptyRunning = (): Running => ({ count: 0, sum: 0, min: Number.POSITIVE_INFINITY, max: -Infinity });

function bump(r: Running, v: number): void {
  r.count++;
  r.sum += v;
  r.min = Math.min(r.min, v);
  r.max = Math.max(r.max, v);
}

function addRtt(t: TtlTally, v: number): void {
  const r = t.rtt;
  bump(r, v);
  // Welford: the standard deviation without keeping the samples.
  const d = v - r.mean;
  r.mean += d / r.count;
  r.m2 += d * (v - r.mean);
  if (r.last !== undefined) r.absDiffSum += Math.abs(v - r.last);
  r.last = v;
  if (t.window.length < RTT_WINDOW) t.window.push(v);
  else t.window[t.next] = v;
  t.next = (t.next + 1) % RTT_WINDOW;
}

function addProbe(t: TtlTally, p: ProbeOutcome): void {
  t.sent++;
  if (p.responder === undefined) return;
  t.received++;
  let r = t.responders.get(p.responder);
  if (!r) t.responders.set(p.responder, (r = { ...emptyRunning(), received: 0 }));
  r.received++;
  if (p.rttMs === undefined) return;
  bump(r, p.rttMs);
  addRtt(t, p.rttMs);
}

/** Percentile by linear interpolation between closest ranks, over sorted values (p in 0..100). */
function percentileOfSorted(sorted: readonly number[], p: number): number | undefined {
  if (sorted.length === 0) return undefined;
  const rank = (p / 100) * (sorted.length - 1);
  const lo = sorted[Math.floor(rank)] ?? 0;
  const hi = sorted[Math.ceil(rank)] ?? 0;
  return lo + (hi - lo) * (rank - Math.floor(rank));
}

function hopFromTally(ttl: number, t: TtlTally): HopStats {
  const responders: ResponderStats[] = [...t.responders.entries()]
    .sort((a, b) => b[1].received - a[1].received)
    .map(([address, r]) => ({
      address,
      received: r.received,
      sharePct: (r.received / t.received) * 100,
      avgMs: r.count ? r.sum / r.count : undefined,
      bestMs: r.count ? r.min : undefined,
      worstMs: r.count ? r.max : undefined,
    }));
  const r = t.rtt;
  const sorted = [...t.window].sort((a, b) => a - b);
  return {
    ttl,
    responders,
    sent: t.sent,
    received: t.received,
    lossPct: t.sent ? ((t.sent - t.received) / t.sent) * 100 : undefined,
    lossCi95: wilsonIntervalPct(t.sent - t.received, t.sent),
    lastMs: r.last,
    avgMs: r.count ? r.sum / r.count : undefined,
    bestMs: r.count ? r.min : undefined,
    worstMs: r.count ? r.max : undefined,
    stdevMs: r.count ? Math.sqrt(Math.max(0, r.m2) / r.count) : undefined,
    jitterMs: r.count >= 2 ? r.absDiffSum / (r.count - 1) : undefined,
    p50Ms: percentileOfSorted(sorted, 50),
    p95Ms: percentileOfSorted(sorted, 95),
  };
}

/** A fresh accumulator (see HopAccumulator). */
export function makeHopAccumulator(): HopAccumulator {
  const byTtl = new Map<number, TtlTally>();
  return {
    add(probes) {
      for (const p of probes) {
        let t = byTtl.get(p.ttl);
        if (!t) {
          const rtt = { ...emptyRunning(), m2: 0, mean: 0, last: undefined, absDiffSum: 0 };
          byTtl.set(p.ttl, (t = { sent: 0, received: 0, rtt, window: [], next: 0, responders: new Map() }));
        }
        addProbe(t, p);
      }
    },
    dropAbove(ttl) {
      for (const k of [...byTtl.keys()]) if (k > ttl) byTtl.delete(k);
    },
    hops() {
      return [...byTtl.entries()].sort((a, b) => a[0] - b[0]).map(([ttl, t]) => hopFromTally(ttl, t));
    },
  };
}

/**
 * Reduce rounds of probes to per-TTL statistics (pure). Loss is per TTL: a
 * probe answered by any address counts as received, so traffic that moves to
 * another router mid-run (ECMP, a reroute) does not read as loss; each
 * responder keeps its own counts and RTTs. RTT figures follow arrival order
 * by round (for jitter and "last"); p50 and p95 cover the last `RTT_WINDOW` RTTs at a TTL.
 */
export function aggregateRounds(probes: readonly ProbeOutcome[]): HopStats[] {
  const acc = makeHopAccumulator();
  acc.add(probes.slice().sort((a, b) => a.round - b.round));
  return acc.hops();
}

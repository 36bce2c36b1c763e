import { lossUpperBoundPct, wilsonIntervalPct } from '@netcheck/core';
import { attributeHops, type Attribution, type HopStats } from '@netcheck/pathping';
import type { PasteFormat, PastedHop, PastedPath } from './types.js';

/** netcheck's verdict on a paste: the hops as netcheck's statistics, the same attribution as `netcheck mtr`. */
export interface Explanation {
  format: PasteFormat;
  target: string | undefined;
  /** Per-TTL statistics rebuilt from the paste (figures the tool did not print are `undefined`). */
  hops: HopStats[];
  /** `attributeHops` over `hops`: the code `netcheck mtr` uses. */
  attribution: Attribution;
  /** A hop that said the destination is unreachable or prohibited (`!H`, `!X`...); `undefined` when none did. */
  unreachable: { ttl: number; address: string | undefined; annotation: string } | undefined;
  /** What this data cannot show, in words, each with its numbers. */
  limits: string[];
  warnings: string[];
}

/** Formats whose figures are summaries (no per-probe RTTs): medians are not known, averages stand in. */
const SUMMARY_ONLY: readonly PasteFormat[] = ['mtr-report', 'mtr-json', 'windows-pathping', 'trippy-json'];

/** A pasted hop as pathping's statistics (pure). The average stands in for the median when only summaries exist. */
export function buildHopStats(h: PastedHop): HopStats {
  const lost = h.sent - h.received;
  const rtts = h.rttsMs ?? [];
  const sorted = [...rtts].sort((a, b) => a - b);
  const median = sorted.length ? sorted[Math.floor((sorted.length - 1) / 2)] : h.avgMs;
  return {
    ttl: h.ttl,
    responders: h.addresses.map((address, i) => ({
      address,
      received: i === 0 ? h.received : 0,
      sharePct: i === 0 ? 100 : 0,
      avgMs: i === 0 ? h.avgMs : undefined,
      bestMs: i === 0 ? h.bestMs : undefined,
      worstMs: i === 0 ? h.worstMs : undefined,
    })),
    sent: h.sent,
    received: h.received,
    lossPct: h.sent ? (lost / h.sent) * 100 : undefined,
    lossCi95: wilsonIntervalPct(lost, h.sent),
    lastMs: h.lastMs,
    avgMs: h.avgMs,
    bestMs: h.bestMs,
    worstMs: h.worstMs,
    stdevMs: h.stdevMs,
    jitterMs: undefined,
    p50Ms: h.received ? median : undefined,
    p95Ms: undefined,
  };
}

const pct = (x: number) => (x < 10 ? x.toFixed(1) : Math.round(x).toString());

/**
 * The limits of the pasted data, in words (pure):
 * 1 - with n probes at a hop, 0 lost still allows loss up to the 95% bound (3/n for large n): a loss below
 *     that bound may leave no trace, and a link with it cannot be placed;
 * 2 - about 3 lost probes are needed before a rise can be told from chance: the smallest loss the probes can
 *     place is 3/n (for n = 10, 30%: "10 probes per hop cannot place 2% loss");
 * 3 - summaries only (mtr, pathping, trippy): no per-probe RTTs, so averages stand in for medians and a
 *     latency step is judged on averages; a single slow answer moves them;
 * 4 - traceroute's 3 probes a hop place nothing but silence and unreachability;
 * 5 - Windows pathping and trippy fixtures here are documented formats, not recorded runs: say so when read.
 */
export function deriveLimits(path: PastedPath): string[] {
  const sent = path.hops.map((h) => h.sent).filter((n) => n > 0);
  const limits: string[] = [];
  if (!sent.length) return ['no hop has any probe counted: nothing can be placed'];
  const n = Math.min(...sent);
  const bound = lossUpperBoundPct(0, n)!;
  const placeable = Math.min(100, 300 / n);
  const place =
    placeable >= 50
      ? 'too few to place any loss on a link'
      : `a link loses at least about ${pct(placeable)}% before its losses can be told from chance` +
        `${placeable > 2 ? ` (${n} probes per hop cannot place 2% loss; about 150 can)` : ''}`;
  limits.push(`${n} probes per hop: a hop with none lost may still lose up to ${pct(bound)}% (95%); ${place}`);
  if (SUMMARY_ONLY.includes(path.format)) {
    limits.push(
      'only per-hop summaries were pasted: averages stand in for medians, so one slow answer can look like a latency ' +
        'step; no jitter',
    );
  }
  if (path.format === 'traceroute') {
    limits.push(
      'traceroute sends about 3 probes per hop: it shows silence and unreachability, never where loss begins',
    );
  }
  if (path.format === 'mtr-report' || path.format === 'mtr-json') {
    limits.push(
      'mtr counts one probe per hop per cycle: a router that rate-limits its ICMP answers shows loss that traffic ' +
        'through it does not have',
    );
  }
  return limits;
}

/**
 * Explain a parsed paste (pure): rebuild per-hop statistics, attribute them with `attributeHops` (the rules of
 * `netcheck mtr`: node loss that does not carry on is the router's own ICMP and not blamed; forwarding loss is
 * placed on the link where it begins), and state what the data cannot show.
 */
export function explainPaste(path: PastedPath): Explanation {
  const stop = path.hops.find((h) => h.annotation !== undefined);
  const hops = path.hops.filter((h) => !stop || h.ttl <= stop.ttl).map(buildHopStats);
  return {
    format: path.format,
    target: path.target,
    hops,
    attribution: attributeHops(hops),
    unreachable: stop ? { ttl: stop.ttl, address: stop.addresses[0], annotation: stop.annotation! } : undefined,
    limits: deriveLimits(path),
    warnings: path.warnings,
  };
}

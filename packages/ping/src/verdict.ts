import type { ProbeFailure } from '@netcheck/core';
import type { HopEstimate } from './estimate-hops.js';
import type { PingEvent, PingSummary } from './types.js';

/** What a ping run means, in one category and one sentence. */
export interface PingVerdict {
  kind: 'healthy' | 'loss' | 'no-reply' | 'unreachable' | 'ttl-exceeded' | 'failed';
  text: string;
}

const pct = (x: number) => (x < 10 && x % 1 !== 0 ? x.toFixed(1) : Math.round(x).toString());

/**
 * Rules, first match wins:
 * 1 - ping could not probe (unknown host, no route, not permitted, missing) → failed, with its detail;
 * 2 - nothing sent (stopped at once) → failed;
 * 3 - every probe answered → healthy;
 * 4 - no echo reply, but a router said "unreachable"/"filtered" → unreachable, naming the router;
 * 5 - no echo reply, but TTL ran out → ttl-exceeded, naming where;
 * 6 - no echo reply at all → no-reply (host down, or ICMP filtered);
 * 7 - otherwise → loss, with its 95% interval.
 */
export function derivePingVerdict(
  target: string,
  summary: PingSummary,
  events: readonly PingEvent[],
  failure: ProbeFailure | undefined,
): PingVerdict {
  if (failure && failure.reason !== 'aborted') return { kind: 'failed', text: failure.detail };
  if (summary.sent === 0) return { kind: 'failed', text: `no probe was sent to ${target}` };
  if (summary.received === summary.sent) return { kind: 'healthy', text: `every probe to ${target} was answered` };
  if (summary.received === 0) {
    const unreach = events.find((e): e is Extract<PingEvent, { type: 'unreachable' }> => e.type === 'unreachable');
    if (unreach)
      return {
        kind: 'unreachable',
        text: `${unreach.from ?? 'a router'} says ${target} is unreachable: ${unreach.text}`,
      };
    const ttl = events.find((e): e is Extract<PingEvent, { type: 'ttl-exceeded' }> => e.type === 'ttl-exceeded');
    if (ttl)
      return { kind: 'ttl-exceeded', text: `the TTL ran out at ${ttl.from ?? 'a router'} before reaching ${target}` };
    return {
      kind: 'no-reply',
      text:
        `no reply from ${target} to any of ${summary.sent} probes: the host is down, or ICMP is dropped on the ` +
        `way (try: netcheck trace ${target})`,
    };
  }
  const ci = summary.lossCi95;
  return {
    kind: 'loss',
    text:
      `${pct(summary.lossPct ?? 0)}% of probes to ${target} were lost (${summary.sent - summary.received} ` +
      `of ${summary.sent}; 95% CI ${ci ? `${pct(ci.lowPct)}–${pct(ci.highPct)}%` : 'n/a'})`,
  };
}

/** "≈3 hops away (initial TTL 64, likely Linux/Unix)". */
export function renderHopEstimate(h: HopEstimate): string {
  const os = h.osHint.split(' (')[0];
  const base = `≈${h.hops} hop${h.hops === 1 ? '' : 's'} away (initial TTL ${h.initialTtl}, likely ${os})`;
  return h.confidence === 'high' ? base : `${base}; ${h.confidence} confidence: ${h.reasons.join('; ')}`;
}

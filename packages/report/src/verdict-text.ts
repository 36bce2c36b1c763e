import type { HopVerdict } from '@netcheck/pathping';

type Loose = Record<string, unknown> & { ttl: number; kind: string };
const pct = (x: unknown) => (typeof x === 'number' ? (x > 0 && x < 10 ? x.toFixed(1) : Math.round(x).toString()) : '?');
const linkOf = (v: Loose) => {
  const l = v.link as { from?: string; to?: string } | undefined;
  return l?.from && l.to ? `${l.from} → ${l.to}` : `the link into hop ${v.ttl}`;
};

/**
 * A hop verdict in words (pure). pathping's verdicts carry their own `text` in one shape and only figures in
 * the other (a discriminated union whose words pathping renders): this reads either, so report and explain
 * do not depend on which one is installed.
 */
export function describeHopVerdict(verdict: HopVerdict): string {
  const v = verdict as unknown as Loose;
  if (typeof v.text === 'string') return v.text;
  switch (v.kind) {
    case 'link-loss':
      return `forwarding loss starts on the link ${linkOf(v)}: ${pct(v.linkLossPct)}%, carried on to every later hop`;
    case 'link-latency':
      return `latency rises by ${Math.round(Number(v.riseMs))} ms on the link ${linkOf(v)} and stays for every later hop`;
    case 'node-loss':
      return `hop ${v.ttl} rate-limits or deprioritises ICMP: ${pct(v.nodeLossPct)} points unanswered of its own; not a problem for traffic through it`;
    case 'node-latency':
      return `hop ${v.ttl} answers slowly itself: its own ICMP is slow; not a problem for traffic through it`;
    case 'silent':
      return `hop ${v.ttl} does not answer probes (a silent router); traffic passes through it`;
    case 'unreachable':
      return `hop ${v.ttl} says the destination is unreachable or prohibited (${String(v.code ?? '')})`;
    case 'destination':
      return `${String(v.address ?? `hop ${v.ttl}`)}: ${pct(v.lossPct)}% loss end to end`;
    case 'no-data':
      return `hop ${v.ttl}: no probes`;
    default:
      return `${String(v.address ?? `hop ${v.ttl}`)}: no loss of its own`;
  }
}

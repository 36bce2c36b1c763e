import type { Attribution, HopVerdict, LinkName } from './types.js';

/** A percentage as the verdicts print it: one decimal below 10, whole numbers above. */
export const formatPct = (x: number): string => (x > 0 && x < 10 ? x.toFixed(1) : Math.round(x).toString());

const link = (l: LinkName) => `${l.from} → ${l.to}`;

/** One hop's verdict in words (pure). */
export function renderHopVerdict(v: HopVerdict): string {
  switch (v.kind) {
    case 'no-data':
      return `hop ${v.ttl}: no probes`;
    case 'silent':
      return `hop ${v.ttl} does not answer probes (a silent router); traffic passes through it`;
    case 'link-loss': {
      const ci = `${formatPct(v.linkLossCi95.lowPct)}–${formatPct(v.linkLossCi95.highPct)}%`;
      const doubt = v.alternativeLinks.length
        ? ` (or on the link ${v.alternativeLinks.map(link).join(', or ')}: the rounds so far cannot tell which)`
        : '';
      // The interval is the pooled loss's: where the hops before lose too, the rise alone would sit outside it.
      const pooled = v.pooledLossPct ?? v.linkLossPct;
      const rise = v.linkLossPct >= 0.05 ? `, ${formatPct(v.linkLossPct)} points more than before it` : '';
      const figure =
        formatPct(pooled) === formatPct(v.linkLossPct)
          ? `${formatPct(pooled)}% (${ci})`
          : `${formatPct(pooled)}% from there on (${ci})${rise}`;
      return `forwarding loss starts on the link ${link(v.link)}: ${figure}, carried on to every later hop${doubt}`;
    }
    case 'node-loss': {
      const c = v.cause;
      if (c.why === 'no-destination') {
        const unanswered = v.nodeLossPct === undefined ? '' : ` ${Math.round(v.nodeLossPct)}%`;
        const why = 'with no destination answering, rate limiting and loss look alike';
        return `hop ${v.ttl}:${unanswered} unanswered; ${why}`;
      }
      if (c.why === 'end-clean')
        return (
          `${c.address}: ${formatPct(c.lossPct)}% unanswered here, but ${c.end} lost none of ${c.endSent} probes ` +
          'that crossed it: its own ICMP handling (rate limiting), not a problem for traffic through it'
        );
      if (c.why === 'pings-answered')
        return (
          `${c.address} limits its TTL answers: ${formatPct(c.lossPct)}% unanswered here, but its direct pings lost ` +
          `${formatPct(c.pingLossPct)}% of ${c.pingsSent}; not a problem for traffic through it`
        );
      // The last hop's loss is the plainest figure (every probe to it crossed this router), where it is lower.
      const after =
        c.endLossPct < c.lossPct
          ? `${formatPct(c.endLossPct)}% at ${c.end}, whose probes all crossed it`
          : `${formatPct(c.beyondPct)}% at the hops after it`;
      return (
        `${c.address} rate-limits or deprioritises ICMP: ${formatPct(c.lossPct)}% unanswered here but ${after}; ` +
        'not a problem for traffic through it'
      );
    }
    case 'link-latency':
      return `latency rises by ${Math.round(v.riseMs)} ms on the link ${link(v.link)} and stays for every later hop`;
    case 'node-latency':
      return (
        `${v.address} answers slowly (${Math.round(v.p50Ms)} ms, later hops ${Math.round(v.laterMs)} ms): ` +
        'its own ICMP is slow; not a problem for traffic through it'
      );
    case 'destination':
      return `${v.address}: ${formatPct(v.lossPct ?? 0)}% loss end to end`;
    case 'clean':
      return `${v.address}: no loss of its own`;
    case 'no-answer':
      return (
        `nothing answers from hop ${v.ttl} on (the last answer came from ${v.after.address} at hop ${v.after.ttl}): ` +
        'the destination drops these probes (ICMP echo filtered?) or is down; TCP to a port it serves can tell'
      );
    case 'unreachable':
      return `${v.by ?? `the router at hop ${v.ttl}`} at hop ${v.ttl} says ${v.meaning} (${v.code})`;
  }
}

function renderNotBlamed(n: Attribution['notBlamed']): string {
  if (!n || n.ttls.length === 0) return '';
  const hops = n.ttls.map((t) => `hop ${t}`).join(', ');
  const one = n.ttls.length === 1;
  if (n.why === 'icmp-limit')
    return `; ${hops} ${one ? 'limits its' : 'limit their'} ICMP errors (direct pings answered), not blamed`;
  return `; ${hops} ${one ? 'shows' : 'show'} loss or delay of its own only, not blamed`;
}

/**
 * The attribution in one line (pure), first that holds:
 * 1 - an unreachable destination: "<target> is unreachable: <verdict>";
 * 2 - trouble: "trouble begins at hop N: <verdict>";
 * 3 - loss not yet placed: how much, of how many probes, to whom, and "run more rounds";
 * 4 - otherwise the path is clean, as far as the probes to the last hop that answered can tell: how many were lost
 *     and the loss they leave possible ("0 of 10 ... lost: its loss is under 26%, 95%");
 * 2 to 4 end with the hops not blamed, and why.
 */
export function renderAttributionSummary(a: Omit<Attribution, 'summary'>): string {
  const t = a.trouble;
  if (t?.kind === 'unreachable') return `${t.target} is unreachable: ${renderHopVerdict(t)}`;
  const note = renderNotBlamed(a.notBlamed);
  if (t) return `trouble begins at hop ${t.ttl}: ${renderHopVerdict(t)}${note}`;
  const u = a.unplacedLoss;
  if (u) {
    const ci = `${formatPct(u.ci95.lowPct)}–${formatPct(u.ci95.highPct)}%`;
    return (
      `${formatPct(u.lossPct)}% of ${u.sent} probes (${ci}) to ${u.address} were lost, ` +
      `too few to say which link loses them: run more rounds${note}`
    );
  }
  const end = a.endProbes;
  const bound = end
    ? `; ${end.lost} of ${end.sent} probes to ${end.address} lost: its loss is under ` +
      `${Math.ceil(end.lossUpperPct)}% (95%)`
    : '';
  return `the path is clean: no forwarding loss and no latency step${bound}${note}`;
}

/** An attribution with its summary line made (pure). */
export function withSummary(a: Omit<Attribution, 'summary'>): Attribution {
  return { ...a, summary: renderAttributionSummary(a) };
}

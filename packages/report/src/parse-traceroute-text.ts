import { parseTraceOutput } from '@netcheck/traceroute';
import { makePastedHop } from './pasted-hop.js';
import type { PastedPath } from './types.js';

/**
 * Parse Linux `traceroute` text (pure), with traceroute's own parser: each probe is one sent, each answer one
 * received; the first responder leads. An annotation (`!H`, `!X`...) is kept: that hop is the verdict.
 */
export function parseTracerouteText(text: string): PastedPath {
  const parsed = parseTraceOutput(text, 'traceroute');
  const hops = parsed.hops.map((h) => {
    const rtts = h.probes.flatMap((p) => (p.rttMs === undefined ? [] : [p.rttMs]));
    const answered = h.probes.filter((p) => p.address !== undefined).length;
    const note = h.annotations.find((a) => a.kind !== 'port-unreachable');
    return makePastedHop(h.ttl, {
      addresses: h.responders.map((r) => r.address),
      names: h.responders.map((r) => r.name),
      sent: h.probes.length,
      received: answered,
      lastMs: rtts.at(-1),
      avgMs: rtts.length ? rtts.reduce((a, b) => a + b, 0) / rtts.length : undefined,
      bestMs: rtts.length ? Math.min(...rtts) : undefined,
      worstMs: rtts.length ? Math.max(...rtts) : undefined,
      rttsMs: rtts,
      annotation: note?.code,
    });
  });
  return { format: 'traceroute', target: parsed.address ?? parsed.target, hops, warnings: [...parsed.warnings] };
}

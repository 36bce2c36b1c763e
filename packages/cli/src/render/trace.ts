import type { Hop, TraceReport } from '@netcheck/traceroute';
import { renderStopReason } from '@netcheck/traceroute';
import { fmtMs } from '../options.js';
import type { Style } from '../style.js';

/** The line before the hops: the target, the maximum TTL and the probe method. */
export function renderTraceHeader(host: string, maxTtl: number, method: 'udp' | 'icmp' | 'tcp'): string {
  return `trace to ${host}, ${maxTtl} hops max, ${method.toUpperCase()} probes`;
}

type Probe = Hop['probes'][number];
const labelOf = (p: Probe, address: string) => (p.name && p.name !== address ? `${p.name} (${address})` : address);

/**
 * One hop as an aligned line: TTL, then each responder with its RTTs; "*" for a lost probe; annotations and MPLS
 * labels in words. The first responder leads the line even when its answer came after lost probes (a re-probed
 * hop).
 */
export function renderHop(h: Hop, style: Style): string {
  const ttl = String(h.ttl).padStart(2);
  const first = h.probes.find((p) => p.address !== undefined);
  if (h.silent || first?.address === undefined)
    return `${ttl}  ${style.dim('*'.padEnd(16))}  ${h.probes.map(() => '*').join('  ')}`;
  let current = first.address;
  const parts = [labelOf(first, current).padEnd(16)];
  for (const p of h.probes) {
    if (p.address !== undefined && p.address !== current) {
      current = p.address;
      parts.push(`  ${labelOf(p, current).padEnd(16)}`);
    }
    const annotation = p.annotation ? ` ${style.red(p.annotation.code)}` : '';
    parts.push(p.rttMs === undefined ? '*' : `${fmtMs(p.rttMs)} ms${annotation}`);
  }
  let line = `${ttl}  ${parts.join('  ')}`;
  if (h.ecmp) line += style.yellow(`  [${h.responders.length} responders: ECMP or a path change]`);
  if (h.mpls.length) line += style.dim(`  [MPLS ${h.mpls.map((l) => `L=${l.label}`).join(' ')}]`);
  const later = h.reprobedAfterMs;
  if (later !== undefined) line += style.dim(`  (last probe sent ${(later / 1000).toFixed(1)} s later)`);
  return line;
}

/**
 * The lines after the hops: a tool note, then (after a blank line) why the trace stopped (green when it reached
 * the host, red otherwise), the rate-limit notes, the fix for a tool that could not run, the path length against
 * the ping TTL estimate, and unrecognised output.
 */
export function renderTraceSummary(r: TraceReport, style: Style): string[] {
  const lines: string[] = [];
  if (r.note) lines.push(style.yellow(`note: ${r.note}`));
  const colour = r.stop.kind === 'reached' ? style.green : style.red;
  lines.push('', colour(renderStopReason(r.stop, r.target)));
  for (const n of r.rateLimits) lines.push(style.yellow(`note: ${n.text}`));
  if (r.stop.kind === 'failed' && r.stop.failure.hint) lines.push(`  ${r.stop.failure.hint}`);
  const cmp = r.hopComparison;
  if (cmp)
    lines.push(`path length ${r.pathLength} hops; ping TTL says ${cmp.pingHops} routers back: ${cmp.explanation}`);
  for (const w of r.warnings) lines.push(style.dim(`warning: unrecognised output: ${w}`));
  return lines;
}

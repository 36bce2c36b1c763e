import { renderHopVerdict } from '@netcheck/pathping';
import { renderStopReason } from '@netcheck/traceroute';
import type { Finding, StepResults } from '../types.js';
import { ran } from './util.js';

const MTR = 'mtr rounds (pathping)';

/**
 * The path (pure): unreachable/prohibited at a router, a blackhole (naming the last hop that answered),
 * forwarding loss on a link (from the mtr rounds), a latency step, or loss too thin to place yet. Routers that
 * only rate-limit ICMP or stay silent are never blamed: the attribution gives them "node" verdicts, left out.
 */
export function pathFindings(r: StepResults, host: string): Finding[] {
  const p = ran(r, 'path');
  if (!p) return [];
  const out: Finding[] = [];
  const t = p.trace;
  const pp = p.pathping;
  const what = p.tcpPort !== undefined ? `TCP packets to ${host} port ${p.tcpPort}` : `packets to ${host}`;
  const traceSource = p.tcpPort !== undefined ? `traceroute -T -p ${p.tcpPort}` : 'traceroute';
  const hopsEv = t.hops.map(
    (h) =>
      `${h.ttl}: ${h.responders.map((x) => x.address).join(' ') || '*'}${h.annotations.length ? ` ${h.annotations.map((a) => a.code).join(' ')}` : ''}`,
  );
  if (t.stop.kind === 'unreachable')
    out.push({
      id: 'path-unreachable',
      severity: 'critical',
      category: 'path',
      source: traceSource,
      title: `${t.stop.by ?? 'a router'} at hop ${t.stop.hop} says ${t.stop.annotation.meaning}`,
      evidence: [renderStopReason(t.stop, host), ...hopsEv],
      nextSteps: [`netcheck trace ${host}`],
    });
  if (t.stop.kind === 'gave-up' || t.stop.kind === 'max-ttl') {
    const last = t.stop.kind === 'gave-up' ? t.stop.lastResponder : undefined;
    out.push({
      id: 'path-blackhole',
      severity: 'critical',
      category: 'path',
      source: traceSource,
      title: last
        ? `${what} vanish after hop ${last.hop} (${last.address}), the last to answer`
        : `nothing on the path to ${host} answers`,
      evidence: [renderStopReason(t.stop, host), ...hopsEv],
      nextSteps: last ? [`ask whoever runs ${last.address} about routes to ${host}`] : ['ip route'],
    });
  }
  const trouble = pp?.attribution.trouble;
  const hopStats = pp
    ? pp.hops.map((h) => `${h.ttl}: ${h.responders[0]?.address ?? '*'} ${h.lossPct?.toFixed(1) ?? '-'}% of ${h.sent}`)
    : [];
  const title = trouble ? renderHopVerdict(trouble) : '';
  const mtr = { category: 'path' as const, source: MTR, nextSteps: [`netcheck mtr ${host}`] };
  if (pp && trouble?.kind === 'link-loss')
    out.push({
      ...mtr,
      id: 'path-link-loss',
      severity: 'critical',
      title,
      evidence: [pp.attribution.summary, ...hopStats],
    });
  else if (pp && trouble?.kind === 'link-latency')
    out.push({ ...mtr, id: 'path-latency', severity: 'warning', title, evidence: [pp.attribution.summary] });
  const unplaced = pp?.attribution.unplacedLoss;
  if (pp && unplaced)
    out.push({
      id: 'path-loss-unplaced',
      severity: 'warning',
      category: 'path',
      source: MTR,
      title: `${unplaced.lossPct.toFixed(0)}% of probes to ${host} are lost, too few rounds to say which link loses them`,
      evidence: [pp.attribution.summary],
      nextSteps: [`netcheck mtr ${host} --rounds 100`],
    });
  return out;
}

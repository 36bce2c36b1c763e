import { renderHopEstimate } from '@netcheck/ping';
import type { Finding, StepResults } from '../types.js';
import { ran } from './util.js';

/** Reachability from ping: no reply, loss, unreachable from a router, TTL running out; healthy as information with the hop estimate. */
export function reachabilityFindings(r: StepResults, host: string): Finding[] {
  const p = ran(r.ping);
  if (!p) return [];
  const s = p.summary;
  const ev = [`${s.sent} sent, ${s.received} received${s.lossCi95 ? ` (loss 95% CI ${s.lossCi95.lowPct.toFixed(0)}–${s.lossCi95.highPct.toFixed(0)}%)` : ''}`];
  if (s.avgMs !== undefined) ev.push(`rtt avg ${s.avgMs.toFixed(1)} ms, jitter ${s.jitterMs?.toFixed(1) ?? '-'} ms`);
  if (p.hops) ev.push(renderHopEstimate(p.hops));
  const v = p.verdict;
  switch (v.kind) {
    case 'healthy':
      return [{ id: 'ping-ok', severity: 'info', category: 'reachability', title: `${host} answers ping`, evidence: ev, nextSteps: [] }];
    case 'loss':
      return [{ id: 'ping-loss', severity: 'warning', category: 'reachability', title: v.text, evidence: ev, nextSteps: [`netcheck mtr ${host}`] }];
    case 'no-reply':
      return [{ id: 'ping-no-reply', severity: 'warning', category: 'reachability', title: `${host} does not answer ping`, evidence: [v.text, ...ev], nextSteps: [`netcheck trace ${host}`] }];
    case 'unreachable':
      return [{ id: 'ping-unreachable', severity: 'critical', category: 'reachability', title: v.text, evidence: [...p.events.filter((e) => e.type === 'unreachable').slice(0, 3).map((e) => ('text' in e ? `${e.from}: ${e.text}` : '')), ...ev], nextSteps: [`netcheck trace ${host}`] }];
    case 'ttl-exceeded':
      return [{ id: 'ping-ttl-exceeded', severity: 'critical', category: 'reachability', title: v.text, evidence: ev, nextSteps: [`netcheck trace ${host}`] }];
    case 'failed':
      return [{ id: 'ping-failed', severity: 'warning', category: 'reachability', title: `ping could not run: ${v.text}`, evidence: [], nextSteps: p.failure?.hint ? [p.failure.hint] : [] }];
  }
}

import type { Target } from '@netcheck/core';
import type { DiagnosisReport, Finding, StepResults } from './types.js';
import { ran } from './rules/util.js';

/**
 * The headline: one category and one sentence (first rule that holds):
 * 1 - the name does not resolve → nxdomain / dns-failure;
 * 2 - local ephemeral ports are exhausted → local-ports;
 * 3 - the connect was refused → refused (the host is up: nothing listens);
 * 4 - the connect found "unreachable/prohibited" while the host answers ping → prohibited, naming who
 *     (from the TCP trace to the port);
 * 5 - unreachable at a router (ping or trace) → unreachable, naming the router;
 * 6 - the connect timed out while the host answers ping → filtered;
 * 7 - the path goes dark after a hop → blackhole, naming the last hop that answered;
 * 8 - forwarding loss on a link → lossy-path, naming the link;
 * 9 - no reply to ping and nothing else → no-reply;
 * 10 - any other warning → degraded; otherwise healthy, with what was checked.
 */
export function deriveHeadline(target: Target, r: StepResults, findings: readonly Finding[]): Pick<DiagnosisReport, 'category' | 'headline'> {
  const has = (id: string) => findings.find((f) => f.id === id);
  const host = target.host;
  const ping = ran(r.ping);
  const parts: string[] = [];
  if (target.kind === 'hostname' && r.address) parts.push('resolves');
  if (ping?.verdict.kind === 'healthy') parts.push('answers ping');
  const prefix = parts.length ? `${host} ${parts.join(' and ')}, but ` : `${host}: `;
  let f: Finding | undefined;
  if ((f = has('dns-nxdomain'))) return { category: 'nxdomain', headline: f.title };
  if ((f = has('dns-failure'))) return { category: 'dns-failure', headline: f.title };
  if ((f = findings.find((x) => x.category === 'local' && x.severity === 'critical'))) return { category: 'local-ports', headline: `${host} cannot be reached from here: ${f.title}` };
  if ((f = has('connect-econnrefused'))) return { category: 'refused', headline: `${prefix}${f.title}` };
  if ((f = has('connect-ehostunreach')) && ping?.verdict.kind === 'healthy') {
    // The host answers ping, so the "unreachable" is about the port: a firewall rule. The TCP trace says whose.
    const who = has('path-unreachable');
    return { category: 'prohibited', headline: `${prefix}port ${target.port} is refused by a firewall: ${who ? who.title : `${ran(r.connect)?.address} answers "unreachable / administratively prohibited"`}` };
  }
  if ((f = has('path-unreachable') ?? has('ping-unreachable'))) return { category: 'unreachable', headline: `${host} is unreachable: ${f.title}` };
  if ((f = has('connect-etimedout')) && ping?.verdict.kind === 'healthy') return { category: 'filtered', headline: `${prefix}port ${target.port} does not answer: it is filtered (a firewall drops the connection)` };
  if ((f = has('path-blackhole'))) return { category: 'blackhole', headline: `${host} does not answer: ${f.title}` };
  if ((f = has('path-link-loss'))) return { category: 'lossy-path', headline: `${host} is reachable but packets are lost on the way: ${f.title}` };
  if ((f = has('connect-etimedout'))) return { category: 'filtered', headline: `${host}: ${f.title}` };
  if ((f = has('ping-no-reply'))) return { category: 'no-reply', headline: `${host} does not answer ping${target.port === undefined ? '' : ''}: ${f.evidence[0] ?? ''}` };
  if ((f = findings.find((x) => x.severity === 'critical' || x.severity === 'warning'))) return { category: 'degraded', headline: `${host} works, with a problem: ${f.title}` };
  const bits: string[] = [];
  if (target.kind === 'hostname' && r.address) bits.push(`resolves to ${r.address}`);
  if (ping?.verdict.kind === 'healthy') bits.push(`answers ping${ping.hops ? ` (${ping.hops.hops} routers away` : ''}${ping.summary.avgMs !== undefined ? `${ping.hops ? ', ' : ' ('}${ping.summary.avgMs.toFixed(0)} ms)` : ping.hops ? ')' : ''}`);
  const c = ran(r.connect);
  if (c?.ok) bits.push(`port ${c.port} accepts connections (${c.ms.toFixed(0)} ms)`);
  return { category: 'healthy', headline: `${host} ${bits.length ? bits.join(', ') : 'looks healthy'}` };
}

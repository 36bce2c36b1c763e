import type { Finding, StepResults } from '../types.js';
import { ran } from './util.js';

/** Name resolution: NXDOMAIN and other failures, dead or disagreeing resolvers, NXDOMAIN rewriting, /etc/hosts overrides. */
export function dnsFindings(r: StepResults, host: string): Finding[] {
  const l = ran(r.resolve);
  if (!l) return [];
  const out: Finding[] = [];
  const v = l.verdict;
  if (v.status !== 'answer' && !(l.system && 'addresses' in l.system && l.system.addresses.length)) {
    out.push({
      id: v.status === 'nxdomain' ? 'dns-nxdomain' : 'dns-failure',
      severity: 'critical',
      category: 'dns',
      title: v.status === 'nxdomain' ? `${host} does not exist (NXDOMAIN)` : `${host} does not resolve: ${v.status}`,
      evidence: [v.text, `search candidates tried: ${l.candidates.join(', ')}`, ...l.resolvers.map((x) => `${x.server}: ${x.explanation.status}`)],
      nextSteps: [`netcheck dns ${host} --all-resolvers`, ...(v.nextStep ? [v.nextStep] : [])],
    });
  }
  for (const f of l.findings) {
    out.push({
      id: `dns-${f.kind}`,
      severity: f.kind === 'nxdomain-rewriting' ? 'warning' : f.severity === 'critical' ? 'critical' : 'warning',
      category: 'dns',
      title: f.text,
      evidence: l.resolvers.map((x) => `${x.server}: ${x.result.ok ? `${x.result.response.rcode} ${x.result.response.answers.map((a) => a.data).join(' ')} in ${Math.round(x.result.rttMs)} ms` : x.result.reason}`),
      nextSteps: [`netcheck dns ${host} --all-resolvers`, 'cat /etc/resolv.conf'],
    });
  }
  return out;
}

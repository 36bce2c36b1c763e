import type { Finding, StepResults } from '../types.js';
import { ran } from './util.js';

/**
 * Name resolution (pure): the name does not exist (NXDOMAIN over both types and every source), or does not
 * resolve at all; then each of the dns package's findings as it stands, its kind under `dns-` (a slow getaddrinfo because a
 * resolver does not answer, a resolver that answers NXDOMAIN for one type while another exists,
 * disagreeing or rewriting resolvers, /etc/hosts overrides), with its own evidence and next steps.
 */
export function dnsFindings(r: StepResults, host: string): Finding[] {
  const n = ran(r, 'resolve');
  if (!n) return [];
  const out: Finding[] = [];
  const sources = n.resolvers.map(
    (v) =>
      `${v.server}: A ${v.a?.explanation.status ?? 'not asked'}, AAAA ${v.aaaa?.explanation.status ?? 'not asked'}`,
  );
  const system =
    n.system.state === 'answered'
      ? `getaddrinfo: ${n.system.addresses.map((a) => a.address).join(', ')} in ${Math.round(n.system.durationMs)} ms`
      : `getaddrinfo: ${n.system.state}`;
  if (n.exists === 'no')
    out.push({
      id: 'dns-nxdomain',
      severity: 'critical',
      category: 'dns',
      source: 'resolv.conf resolvers (A, AAAA), getaddrinfo, /etc/hosts',
      title: `${host} does not exist (NXDOMAIN)`,
      evidence: [n.verdict.text, `search candidates tried: ${n.candidates.join(', ')}`, ...sources, system],
      nextSteps: [`netcheck dns ${host} --all-resolvers`, ...(n.verdict.nextStep ? [n.verdict.nextStep] : [])],
    });
  else if (!n.tryFirst)
    out.push({
      id: 'dns-failure',
      severity: 'critical',
      category: 'dns',
      source: 'resolv.conf resolvers (A, AAAA), getaddrinfo, /etc/hosts',
      title: `${host} does not resolve: ${n.verdict.text}`,
      evidence: [`search candidates tried: ${n.candidates.join(', ')}`, ...sources, system],
      nextSteps: [`netcheck dns ${host} --all-resolvers`, ...(n.verdict.nextStep ? [n.verdict.nextStep] : [])],
    });
  else
    out.push({
      id: 'dns-ok',
      severity: 'info',
      category: 'dns',
      source: 'resolv.conf resolvers (A, AAAA), getaddrinfo, /etc/hosts',
      title: `${host} resolves: ${[...n.addresses.v4, ...n.addresses.v6].join(', ')}; applications try ${n.tryFirst.address} first (${n.tryFirst.why})`,
      evidence: [...sources, system, ...(n.hosts.length ? [`/etc/hosts: ${n.hosts.join(', ')}`] : [])],
      nextSteps: [],
    });
  // A slow getaddrinfo is what every application feels: it comes before the resolver it is blamed on.
  const byImpact = [...n.findings].sort(
    (a, b) => Number(b.id === 'slow-system-lookup') - Number(a.id === 'slow-system-lookup'),
  );
  // The dns package's findings are core's already: its kind under `dns-` (a `timeout` or `slow` names no area).
  for (const { servers: _servers, ...f } of byImpact) out.push({ ...f, id: `dns-${f.id}`, category: 'dns' });
  return out;
}

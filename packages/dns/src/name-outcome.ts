import type { Finding } from '@netcheck/core';
import type { Explanation } from './explain.js';
import type { NameAddresses, NameFacts } from './name-facts.js';
import type { TryFirst } from './derive-resolution.js';

/** What a name's resolution comes to: it resolves, it does not exist, or it does not resolve. */
export type NameOutcomeId = 'ok' | 'nxdomain' | 'failure';

/** The sources a resolution asks, named once: every finding about it cites them. */
export const NAME_SOURCES = 'resolv.conf resolvers (A, AAAA), getaddrinfo, /etc/hosts';

/**
 * The resolution's own finding, in core's shape (pure), over both types and every source:
 * 1 - the name does not exist (NXDOMAIN everywhere) → `nxdomain` (critical);
 * 2 - no address at all → `failure` (critical), with the verdict;
 * 3 - otherwise → `ok` (info): the addresses, and the one applications try first and why.
 * The evidence is each resolver's A and AAAA status and getaddrinfo's answer and time.
 */
export function deriveNameOutcome(
  r: Pick<NameFacts, 'name' | 'candidates' | 'resolvers' | 'system' | 'hosts'> & {
    addresses: NameAddresses;
    tryFirst: TryFirst | undefined;
    exists: 'yes' | 'no' | 'unknown';
    verdict: Explanation;
  },
): Finding<NameOutcomeId> {
  const sources = r.resolvers.map(
    (v) =>
      `${v.server}: A ${v.a?.explanation.status ?? 'not asked'}, AAAA ${v.aaaa?.explanation.status ?? 'not asked'}`,
  );
  const system =
    r.system.state === 'answered'
      ? `getaddrinfo: ${r.system.addresses.map((a) => a.address).join(', ')} in ${Math.round(r.system.durationMs)} ms`
      : `getaddrinfo: ${r.system.state}`;
  const tried = `search candidates tried: ${r.candidates.join(', ')}`;
  const next = [`netcheck dns ${r.name} --all-resolvers`, ...(r.verdict.nextStep ? [r.verdict.nextStep] : [])];
  const base = { source: NAME_SOURCES };
  if (r.exists === 'no')
    return {
      ...base,
      id: 'nxdomain',
      severity: 'critical',
      title: `${r.name} does not exist (NXDOMAIN)`,
      evidence: [r.verdict.text, tried, ...sources, system],
      nextSteps: next,
    };
  if (!r.tryFirst)
    return {
      ...base,
      id: 'failure',
      severity: 'critical',
      title: `${r.name} does not resolve: ${r.verdict.text}`,
      evidence: [tried, ...sources, system],
      nextSteps: next,
    };
  const all = [...r.addresses.v4, ...r.addresses.v6].join(', ');
  return {
    ...base,
    id: 'ok',
    severity: 'info',
    title: `${r.name} resolves: ${all}; applications try ${r.tryFirst.address} first (${r.tryFirst.why})`,
    evidence: [...sources, system, ...(r.hosts.length ? [`/etc/hosts: ${r.hosts.join(', ')}`] : [])],
    nextSteps: [],
  };
}

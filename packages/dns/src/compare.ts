import type { Severity } from '@netcheck/core';
import { followCnameChain } from './query.js';
import type { QueryResult } from './types.js';

/** A difference between resolvers that matters. */
export interface ResolverFinding {
  kind: 'timeout' | 'slow' | 'disagree' | 'nxdomain-rewriting' | 'malformed' | 'error';
  /** Never `info`: a difference between resolvers is a warning or worse. */
  severity: Exclude<Severity, 'info'>;
  servers: string[];
  text: string;
}

const answerSet = (r: Extract<QueryResult, { ok: true }>) =>
  followCnameChain(r.response)
    .final.map((a) => a.data)
    .sort()
    .join(',');

/**
 * Compare the same question put to several resolvers (pure):
 * 1 - a resolver that did not answer → timeout (critical when none answered); one whose answer broke the
 *     format → malformed, naming it (critical when none answered well);
 * 2 - one that answered more than 3× slower than the fastest, and over 100 ms → slow;
 * 3 - one that answers addresses where the others say NXDOMAIN → NXDOMAIN rewriting (ads or captive portal);
 * 4 - NOERROR answers with different record sets → disagree (split horizon, stale cache, or a lie).
 */
export function compareResolvers(results: readonly QueryResult[], name: string): ResolverFinding[] {
  const out: ResolverFinding[] = [];
  const answered = results.filter((r): r is Extract<QueryResult, { ok: true }> => r.ok);
  const silent = results.filter((r) => !r.ok && r.reason !== 'malformed');
  for (const r of results)
    if (!r.ok && r.reason === 'malformed')
      out.push({
        kind: 'malformed',
        severity: answered.length ? 'warning' : 'critical',
        servers: [r.server],
        text:
          `malformed answer from ${r.server} for ${name}: ` +
          `${r.detail.replace(`malformed answer from ${r.address ?? r.server}: `, '')}; nothing from it was used`,
      });
  if (silent.length)
    out.push({
      kind: 'timeout',
      severity: answered.length ? 'warning' : 'critical',
      servers: silent.map((r) => r.server),
      text: `${silent.map((r) => r.server).join(', ')} did not answer${answered.length ? `; ${answered.map((r) => r.server).join(', ')} did` : ''}: each lookup that tries a dead resolver first waits for its timeout`,
    });
  if (answered.length > 1) {
    const fastest = Math.min(...answered.map((r) => r.rttMs));
    const slow = answered.filter((r) => r.rttMs > 3 * fastest && r.rttMs > 100);
    if (slow.length)
      out.push({
        kind: 'slow',
        severity: 'warning',
        servers: slow.map((r) => r.server),
        text:
          `${slow.map((r) => `${r.server} (${Math.round(r.rttMs)} ms)`).join(', ')} answered far slower than the ` +
          `fastest (${Math.round(fastest)} ms)`,
      });
    const nx = answered.filter((r) => r.response.rcode === 'NXDOMAIN');
    const positive = answered.filter((r) => r.response.rcode === 'NOERROR' && answerSet(r) !== '');
    if (nx.length && positive.length)
      out.push({
        kind: 'nxdomain-rewriting',
        severity: 'critical',
        servers: positive.map((r) => r.server),
        text: `${positive.map((r) => r.server).join(', ')} answer${positive.length === 1 ? 's' : ''} ${name} with ${answerSet(positive[0]!)} while ${nx.map((r) => r.server).join(', ')} say${nx.length === 1 ? 's' : ''} it does not exist: NXDOMAIN rewriting (ads or a captive portal)`,
      });
    const sets = new Map<string, string[]>();
    for (const r of positive) sets.set(answerSet(r), [...(sets.get(answerSet(r)) ?? []), r.server]);
    if (sets.size > 1)
      out.push({
        kind: 'disagree',
        severity: 'warning',
        servers: positive.map((r) => r.server),
        text: `resolvers disagree on ${name}: ${[...sets.entries()].map(([set, servers]) => `${servers.join(', ')} → ${set}`).join('; ')}`,
      });
  }
  return out;
}

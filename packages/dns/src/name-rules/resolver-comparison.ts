import type { ResolverView } from '../ask-server.js';
import { compareResolvers } from '../compare.js';
import type { NameFacts, NameFinding } from '../name-facts.js';
import { describeView, FAMILIES, viewOf } from '../name-facts.js';

/** Rule: compareResolvers per type (slow, disagree, NXDOMAIN rewriting), each kind and server set once. */
export function comparisonFindings(f: NameFacts): NameFinding[] {
  const out: NameFinding[] = [];
  const seen = new Set<string>();
  for (const t of FAMILIES) {
    const views = f.resolvers.map((r) => viewOf(r, t)).filter((v): v is ResolverView => v !== undefined);
    for (const c of compareResolvers(
      views.map((v) => v.result),
      views.find((v) => v.result.ok)?.candidate ?? f.name,
    )) {
      if (c.kind === 'timeout' || c.kind === 'malformed') continue; // silentResolverFindings says these, with both types
      const key = `${c.kind}/${c.servers.join()}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({
        id: c.kind,
        severity: c.severity,
        servers: c.servers,
        source: 'the configured resolvers, A and AAAA',
        title: c.text,
        evidence: views.map((v) => describeView(v, t, f.queryTimeoutMs)),
        nextSteps: [`netcheck dns ${f.name} ${t} --all-resolvers`, 'cat /etc/resolv.conf'],
      });
    }
  }
  return out;
}

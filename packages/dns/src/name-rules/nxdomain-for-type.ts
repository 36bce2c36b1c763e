import type { Family, NameFacts, NameFinding } from '../name-facts.js';
import { describeView, FAMILIES, rcodeOf, viewData, viewOf } from '../name-facts.js';

/**
 * Rule: a resolver answers NXDOMAIN for one type although it has records of the other (RFC 8020: NXDOMAIN
 * means no record of any type). Applications that ask for the failing type alone fail, and a resolver that
 * caches the NXDOMAIN may hide the other type too.
 */
export function nxdomainForTypeFindings(f: NameFacts): NameFinding[] {
  const out: NameFinding[] = [];
  for (const r of f.resolvers)
    for (const t of FAMILIES) {
      const other: Family = t === 'A' ? 'AAAA' : 'A';
      const v = viewOf(r, t);
      const o = viewOf(r, other);
      const data = viewData(o, other);
      if (!v || !o || rcodeOf(v) !== 'NXDOMAIN' || data.length === 0) continue;
      out.push({
        id: 'nxdomain-for-type',
        severity: 'warning',
        servers: [r.server],
        source: 'the configured resolvers, A and AAAA',
        title:
          `${r.server} answers NXDOMAIN for ${o.candidate} ${t} although it has ${other} ${data.join(', ')}: ` +
          `a broken resolver (RFC 8020: NXDOMAIN means no record of any type); ` +
          `applications that ask for ${t} only will fail`,
        evidence: [describeView(v, t, f.queryTimeoutMs), describeView(o, other, f.queryTimeoutMs)],
        nextSteps: [
          `fix or replace the resolver ${r.server}: it must answer NOERROR with no records (NODATA) for ${t}`,
          `dig @${r.server} ${o.candidate} ${t}; dig @${r.server} ${o.candidate} ${other}`,
        ],
      });
    }
  return out;
}

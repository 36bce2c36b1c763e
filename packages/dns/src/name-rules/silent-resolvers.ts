import type { ResolverView } from '../ask-server.js';
import type { Family, NameFacts, NameFinding } from '../name-facts.js';
import { describeView, FAMILIES, viewOf } from '../name-facts.js';

const alsoText = (others: string[]) =>
  others.length ? `; ${others.join(', ')} ${others.length === 1 ? 'does' : 'do'}` : '';

/**
 * Rule: resolvers that did not answer (timeout), answered with a malformed record (malformed: named, its
 * answer unused), or could not be asked (refused, unreachable).
 */
export function silentResolverFindings(f: NameFacts): NameFinding[] {
  const out: NameFinding[] = [];
  const answeredAny = f.resolvers.filter((r) => r.a?.result.ok || r.aaaa?.result.ok).map((r) => r.server);
  for (const r of f.resolvers) {
    const views = FAMILIES.map((t) => ({ t, v: viewOf(r, t) })).filter(
      (x): x is { t: Family; v: ResolverView } => !!x.v,
    );
    const failed = views.filter((x) => !x.v.result.ok && x.v.result.reason !== 'aborted');
    if (failed.length === 0) continue;
    const evidence = views.map((x) => describeView(x.v, x.t, f.queryTimeoutMs));
    const others = answeredAny.filter((s) => s !== r.server);
    const partial = failed.length < views.length;
    const reason = failed[0]!.v.result.ok ? undefined : failed[0]!.v.result.reason;
    if (reason === 'timeout')
      out.push({
        id: 'timeout',
        severity: others.length || partial ? 'warning' : 'critical',
        servers: [r.server],
        source: 'the configured resolvers, A and AAAA',
        title: partial
          ? `${r.server} answered ${views
              .filter((x) => x.v.result.ok)
              .map((x) => x.t)
              .join()} but not ${failed.map((x) => x.t).join()} within ${f.queryTimeoutMs} ms: lost or filtered queries`
          : `${r.server} does not answer${alsoText(others)}: each lookup that tries it first waits for its timeout`,
        evidence,
        nextSteps: ['remove or fix it in /etc/resolv.conf', `netcheck trace ${r.server}`, `dig @${r.server} ${f.name}`],
      });
    else if (reason === 'malformed')
      out.push({
        id: 'malformed',
        severity: others.length || partial ? 'warning' : 'critical',
        servers: [r.server],
        source: 'the configured resolvers, A and AAAA',
        title: failed[0]!.v.explanation.text,
        evidence,
        nextSteps: [`dig @${r.server} ${f.name} ${failed[0]!.t}`, 'remove or fix it in /etc/resolv.conf'],
      });
    else
      out.push({
        id: 'error',
        severity: others.length ? 'warning' : 'critical',
        servers: [r.server],
        source: 'the configured resolvers, A and AAAA',
        title: `${r.server} cannot be asked: ${failed[0]!.v.explanation.text}`,
        evidence,
        nextSteps: ['check the nameserver lines in /etc/resolv.conf', `netcheck trace ${r.server}`],
      });
  }
  return out;
}

import type { LookupReport } from '@netcheck/dns';
import { maybeSample, type Sample } from './sample.js';

/**
 * The dns module's metrics from a lookup that asked every resolver. Pure.
 * 1 - success: the first resolver (the one the system uses) answered with data;
 * 2 - probe_dns_lookup_time_seconds: that resolver's time (blackbox_exporter's name for the lookup);
 * 3 - per resolver: its time and rcode; disagreement: resolvers gave different answers, or one rewrote NXDOMAIN.
 */
export function buildDnsSamples(report: LookupReport): Sample[] {
  const first = report.resolvers[0];
  const out: Sample[] = [
    { name: 'probe_success', help: 'Whether the probe succeeded', value: report.verdict.status === 'answer' ? 1 : 0 },
    ...maybeSample(
      'probe_dns_lookup_time_seconds',
      'Time of the lookup at the first resolver',
      first?.result.ok ? first.durationMs / 1000 : undefined,
    ),
    {
      name: 'netcheck_dns_disagreement',
      help: 'Whether the resolvers disagree (different answers or NXDOMAIN rewriting)',
      value: report.findings.some((f) => f.kind === 'disagree' || f.kind === 'nxdomain-rewriting') ? 1 : 0,
    },
  ];
  for (const r of report.resolvers) {
    const labels = { resolver: r.server };
    out.push(
      {
        name: 'netcheck_dns_resolver_status',
        help: 'What the resolver said (label status: answer, nodata, nxdomain, timeout...)',
        labels: { ...labels, status: r.explanation.status },
        value: 1,
      },
      ...(r.result.ok
        ? [
            {
              name: 'netcheck_dns_resolver_lookup_seconds',
              help: 'Time of the lookup at this resolver (search list and CNAMEs included)',
              labels,
              value: r.durationMs / 1000,
            },
            {
              name: 'netcheck_dns_resolver_rcode',
              help: 'Response code of this resolver (label rcode)',
              labels: { ...labels, rcode: r.result.response.rcode },
              value: 1,
            },
            {
              name: 'netcheck_dns_resolver_answer_rrs',
              help: 'Records in the answer section',
              labels,
              value: r.result.response.answers.length,
            },
          ]
        : []),
    );
  }
  return out;
}

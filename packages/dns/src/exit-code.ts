import type { Severity } from '@netcheck/core';
import { ExitCode, exitCodeFor, sortFindings } from '@netcheck/core';
import type { LookupReport } from './lookup.js';

/**
 * How much a lookup's outcome matters (pure), first rule that holds:
 * 1 - no answer (NXDOMAIN, NODATA, SERVFAIL, REFUSED, a timeout, no resolver to ask) → critical;
 * 2 - an answer, with resolver findings that break lookups: any critical one, resolvers that disagree, a resolver
 *     that does not answer (every lookup that tries it first waits) → the worst of their severities;
 * 3 - otherwise (a slow resolver still answers) → info.
 */
export function deriveLookupSeverity(report: Pick<LookupReport, 'verdict' | 'findings'>): Severity {
  if (report.verdict.status !== 'answer') return 'critical';
  const breaking = report.findings.filter(
    (f) => f.severity === 'critical' || f.kind === 'disagree' || f.kind === 'timeout',
  );
  return sortFindings(breaking)[0]?.severity ?? 'info';
}

/**
 * The exit code of one lookup: 3 when no resolver could be asked at all (/etc/resolv.conf has no nameserver and
 * /etc/hosts no entry), else core's `exitCodeFor` over its severity: 0 answered, 1 otherwise.
 */
export function exitCodeForLookup(report: Pick<LookupReport, 'resolvers' | 'verdict' | 'findings'>): ExitCode {
  if (report.resolvers.length === 0 && report.verdict.status === 'error') return ExitCode.ToolFailed;
  return exitCodeFor({ findings: [{ severity: deriveLookupSeverity(report) }] });
}

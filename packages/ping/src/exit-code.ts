import type { Severity } from '@netcheck/core';
import { exitCodeFor, type ExitCode } from '@netcheck/core';
import type { PingReport } from './run.js';
import type { PingVerdict } from './verdict.js';

const VERDICT_SEVERITY: Record<PingVerdict['kind'], Severity> = {
  healthy: 'info',
  loss: 'warning',
  'no-reply': 'critical',
  unreachable: 'critical',
  'ttl-exceeded': 'critical',
  failed: 'critical',
};

/**
 * How much a ping verdict matters: every probe answered is `info`, partial loss a `warning`, and no echo reply at all
 * (silence, unreachable, TTL ran out) or a ping that could not probe `critical`.
 */
export function derivePingSeverity(verdict: Pick<PingVerdict, 'kind'>): Severity {
  return VERDICT_SEVERITY[verdict.kind];
}

/**
 * The exit code of a ping run, through core's `exitCodeFor`: 3 when ping itself could not run (missing, not
 * permitted), 0 when every probe was answered, else 1. A run stopped by the caller (`aborted`) is judged on what it
 * saw; the CLI's Ctrl-C handler turns it into 130 itself.
 */
export function exitCodeForPing(report: Pick<PingReport, 'verdict' | 'failure'>): ExitCode {
  const failure = report.failure?.reason === 'aborted' ? undefined : report.failure;
  return exitCodeFor({ findings: [{ severity: derivePingSeverity(report.verdict) }], failure });
}

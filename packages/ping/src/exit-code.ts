import type { Finding, Severity } from '@netcheck/core';
import { exitCodeFor, type ExitCode, lossUpperBoundPct } from '@netcheck/core';
import type { PingReport } from './run.js';
import type { HopEstimate } from './estimate-hops.js';
import type { PingSummary } from './types.js';
import { renderHopEstimate } from './verdict.js';
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

/** What "none lost" bounds: "0 of 60 lost: loss below 5% (95%)" (rounded up: the count has no more precision). */
export function renderLossBound(sent: number): string {
  return `0 of ${sent} lost: loss below ${Math.ceil(lossUpperBoundPct(0, sent) ?? 100)}% (95%)`;
}

/** The findings ping makes: one per run, named by its verdict. */
export type PingFindingId = `ping-${PingVerdict['kind']}`;

/**
 * A ping run's finding in core's shape (pure): the verdict as its title (every probe answered: with the loss
 * that count bounds), its severity, the counts and times as
 * evidence, the command's name as its source, and the next step (trace the path for anything but a healthy run).
 */
export function derivePingFindings(
  target: string,
  r: {
    verdict: PingVerdict;
    summary: PingSummary;
    hops: HopEstimate | undefined;
    failure: PingReport['failure'];
    command: string[];
  },
): Finding<PingFindingId>[] {
  const s = r.summary;
  const evidence = [
    `${s.sent} sent, ${s.received} received${s.lossPct !== undefined ? ` (${s.lossPct.toFixed(1)}% lost)` : ''}`,
  ];
  if (s.avgMs !== undefined)
    evidence.push(`rtt min/avg/max ${s.minMs?.toFixed(2)}/${s.avgMs.toFixed(2)}/${s.maxMs?.toFixed(2)} ms`);
  if (r.hops) evidence.push(renderHopEstimate(r.hops));
  const next: Record<PingVerdict['kind'], string[]> = {
    healthy: [],
    loss: [`netcheck mtr ${target}`],
    'no-reply': [`netcheck trace ${target}`, `netcheck ${target}:<a port it serves>`],
    unreachable: [`netcheck trace ${target}`],
    'ttl-exceeded': [`netcheck trace ${target}`],
    failed: r.failure?.hint ? [r.failure.hint] : [],
  };
  return [
    {
      id: `ping-${r.verdict.kind}`,
      severity: derivePingSeverity(r.verdict),
      title: r.verdict.kind === 'healthy' ? `${r.verdict.text}: ${renderLossBound(s.sent)}` : r.verdict.text,
      evidence,
      source: r.command[0] ?? 'ping',
      nextSteps: next[r.verdict.kind],
    },
  ];
}

import type { ProbeFailure } from './types.js';
import { ExitCode, exitCodeForFailure } from './errors.js';

/** How much a finding matters: `info` (seen fine, for the record), `warning` (works, with a problem), `critical`. */
export type Severity = 'info' | 'warning' | 'critical';

/**
 * A conclusion, the evidence it rests on and what to do next: the one outcome shape every package returns beside
 * its typed data. `Id` is the package's own union of finding ids (never a string assembled at one place and matched
 * at another).
 */
export interface Finding<Id extends string = string> {
  id: Id;
  severity: Severity;
  /** One sentence: what is wrong (or fine), and where. */
  title: string;
  /** What was seen, each line with the numbers it rests on. */
  evidence: string[];
  /** Where the evidence came from: the tool or table that produced it ("ss -tan", "/proc/net/tcp", "ping"). */
  source: string;
  /** Commands or actions, in the order to try them. */
  nextSteps: string[];
}

const RANK: Record<Severity, number> = { critical: 0, warning: 1, info: 2 };

/** Findings most severe first, stable within a severity (pure). */
export function sortFindings<F extends { severity: Severity }>(findings: readonly F[]): F[] {
  return [...findings].sort((a, b) => RANK[a.severity] - RANK[b.severity]);
}

/**
 * The one exit code for a command's outcome (README's table):
 * 1 - a failure of the command itself: 3 when a tool could not run, else 1 (the network's answer is a problem);
 * 2 - any warning or critical finding: 1;
 * 3 - otherwise 0.
 */
export function exitCodeFor(outcome: {
  findings: readonly { severity: Severity }[];
  failure?: Pick<ProbeFailure, 'reason'>;
}): ExitCode {
  if (outcome.failure && outcome.failure.reason !== 'aborted') return exitCodeForFailure(outcome.failure);
  if (outcome.failure?.reason === 'aborted') return ExitCode.Interrupted;
  return outcome.findings.some((f) => f.severity !== 'info') ? ExitCode.Problem : ExitCode.Healthy;
}

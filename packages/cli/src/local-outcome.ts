import type { Severity } from '@netcheck/core';
import type { FactState, LocalFinding } from '@netcheck/diagnose';

/**
 * The local check's own severities in the shared vocabulary: each check as a fact state (as the diagnosis' steps)
 * and core's severity, for the marks, the problem count and core's `exitCodeFor`. A check that could not run is
 * not checked, never a problem (the exit code stays 0 for it, as it always has).
 */
export const LOCAL_OUTCOME: Record<LocalFinding['severity'], { state: FactState; severity: Severity }> = {
  ok: { state: 'fine', severity: 'info' },
  warning: { state: 'problem', severity: 'warning' },
  critical: { state: 'problem', severity: 'critical' },
  skipped: { state: 'not-checked', severity: 'info' },
};

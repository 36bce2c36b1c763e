import type { Severity } from '@netcheck/core';
import type { FactState } from '@netcheck/diagnose';
import type { Style } from '../style.js';

/** A mark painted in the output's style (colour only when the style has it). */
export type Mark = (style: Style) => string;

/** A fact's state, before each step's line of the diagnosis: seen fine, seen a problem, unsettled, not checked. */
export const FACT_MARK: Record<FactState, Mark> = {
  fine: (s) => s.green('✓'),
  problem: (s) => s.red('✗'),
  inconclusive: (s) => s.yellow('?'),
  'not-checked': (s) => s.dim('-'),
};

/** A finding's severity, four columns wide, before its title (the diagnosis and the local check). */
export const SEVERITY_MARK: Record<Severity, Mark> = {
  critical: (s) => s.red('FAIL'),
  warning: (s) => s.yellow('warn'),
  info: (s) => s.green('ok  '),
};

/** A check that did not run, in the column of SEVERITY_MARK. */
export const NOT_CHECKED_MARK: Mark = (s) => s.dim('skip');

/** The colour of a verdict line by how much it matters: fine green, a warning yellow, critical red. */
export function severityColour(severity: Severity, style: Style): (text: string) => string {
  return severity === 'info' ? style.green : severity === 'warning' ? style.yellow : style.red;
}

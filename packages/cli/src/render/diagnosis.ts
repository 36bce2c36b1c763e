import type { DiagnosisReport, FactState } from '@netcheck/diagnose';
import type { Style } from '../style.js';
import { FACT_MARK, SEVERITY_MARK } from './marks.js';

/** One finished step of the diagnosis, as its `step-done` event tells it, with the plan's title for it. */
export interface StepLine {
  title: string;
  state: FactState;
  summary: string;
  /** How long the step took. */
  ms: number;
}

/** A finished step in one line: its fact's mark, the title in a column, what it saw and how long it took. */
export function renderStepLine(step: StepLine, style: Style): string {
  const took = style.dim(`(${Math.round(step.ms)} ms)`);
  return `${FACT_MARK[step.state](style)} ${step.title.padEnd(28)} ${step.summary} ${took}`;
}

/** The headline, then the findings with their evidence and next steps, then the duration. */
export function renderDiagnosis(r: DiagnosisReport, style: Style): string[] {
  const colour = r.category === 'healthy' ? style.green : r.category === 'inconclusive' ? style.yellow : style.red;
  const lines = ['', colour(style.bold(r.headline)), ''];
  for (const f of r.findings) {
    lines.push(`${SEVERITY_MARK[f.severity](style)}  ${f.title}`);
    for (const e of f.evidence) lines.push(style.dim(`        ${e}`));
    for (const n of f.nextSteps) lines.push(`        next: ${n}`);
  }
  lines.push('', style.dim(`(${(r.durationMs / 1000).toFixed(1)} s; --json for the full report)`));
  return lines;
}

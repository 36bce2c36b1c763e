import type { Finding, Step, StepResults } from '../types.js';

/**
 * Steps that could not do their job (pure): a tool that could not run is a critical finding with the fix
 * (and exit 3); a step stopped at its budget is a warning that says how long it took and what it had.
 * Steps that did not run because nothing called for them say so in their fact, not here.
 */
export function stepFindings(plan: readonly Step[], r: StepResults): Finding[] {
  const out: Finding[] = [];
  for (const s of plan) {
    const o = r[s.id];
    if (o?.status === 'failed')
      out.push({
        id: 'step-failed',
        severity: 'critical',
        category: 'netcheck',
        source: 'netcheck',
        title: `${s.title}: could not run (${o.failure.reason}): ${o.failure.detail}`,
        evidence: [`the step was planned because ${s.why}`],
        nextSteps: o.failure.hint ? [o.failure.hint] : [],
      });
    else if (o?.status === 'over-budget')
      out.push({
        id: 'step-over-budget',
        severity: 'warning',
        category: 'netcheck',
        source: 'netcheck',
        title: `${s.title} takes longer than ${s.budgetMs / 1000} s`,
        evidence: [
          o.value === undefined
            ? 'it had gathered nothing by then'
            : 'what it had gathered by then is kept in the report',
        ],
        nextSteps: [],
      });
  }
  return out;
}

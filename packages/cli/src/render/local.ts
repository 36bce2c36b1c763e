import type { LocalFinding } from '@netcheck/diagnose';
import type { Style } from '../style.js';
import { NOT_CHECKED_MARK, SEVERITY_MARK } from './marks.js';

const INDENT = ' '.repeat(18);

/** The local check's mark: the severity's, as the diagnosis' findings have, or `skip` for a check that did not run. */
function markOf(f: LocalFinding, style: Style): string {
  return f.state === 'not-checked' ? NOT_CHECKED_MARK(style) : SEVERITY_MARK[f.severity](style);
}

/** The findings about this machine, one block per check: mark, check, text, then evidence and next steps. */
export function renderLocalFindings(findings: readonly LocalFinding[], style: Style): string[] {
  const lines: string[] = [];
  for (const f of findings) {
    lines.push(`${markOf(f, style)}  ${f.check.padEnd(10)}  ${f.text}`);
    for (const e of f.evidence) lines.push(style.dim(`${INDENT}${e}`));
    for (const n of f.nextSteps) lines.push(`${INDENT}next: ${n}`);
  }
  return lines;
}

/** The whole check of this machine: the findings, then how many problems they make (or that it looks healthy). */
export function renderLocalCheck(findings: readonly LocalFinding[], style: Style): string[] {
  const problems = findings.filter((f) => f.state === 'problem').length;
  const verdict = problems
    ? style.red(`${problems} problem${problems === 1 ? '' : 's'} found`)
    : style.green('this machine looks healthy');
  return [...renderLocalFindings(findings, style), '', verdict];
}

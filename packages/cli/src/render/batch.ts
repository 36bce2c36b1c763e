import type { BatchSummary } from '@netcheck/exporter';
import type { Style } from '../style.js';
import { renderTable } from '../style.js';

/** The summary `netcheck batch` prints at the end (pure): targets by outcome, the worst exit code, a few examples. */
export function renderBatchSummary(summary: BatchSummary, durationMs: number, style: Style): string[] {
  const outcomes = Object.entries(summary.byOutcome).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const rows = [
    ['outcome', 'targets', 'share'],
    ...outcomes.map(([o, n]) => [
      o === 'healthy' ? style.green(o) : o,
      String(n),
      `${((100 * n) / summary.total).toFixed(1)}%`,
    ]),
  ];
  const out = [
    '',
    `netcheck batch: ${summary.total} targets in ${(durationMs / 1000).toFixed(1)} s, worst exit ` +
      `code ${summary.worstExitCode}`,
    ...(summary.total
      ? renderTable(rows, [1, 2]).map((l) => `  ${l}`)
      : ['  no targets (blank lines and # comments are skipped)']),
  ];
  if (summary.examples.length) {
    out.push('', `not healthy${summary.examples.length === 20 ? ' (first 20)' : ''}:`);
    out.push(...renderTable(summary.examples.map((e) => [e.target, e.outcome])).map((l) => `  ${l}`));
  }
  return out;
}

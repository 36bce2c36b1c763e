import type { ReportDocument } from '@netcheck/report';
import type { Style } from '../style.js';

/** What `netcheck report` prints once the folder is written (pure): the headline, the files, and what changed. */
export function renderReportDone(doc: ReportDocument, files: readonly string[], state: string, style: Style): string[] {
  const problem = doc.category !== 'healthy';
  const lines = [(problem ? style.red : style.green)(doc.headline), ''];
  if (doc.changes) {
    lines.push(`what changed since the last healthy report (${doc.changes.since}):`);
    if (!doc.changes.list.length) lines.push('  nothing netcheck compares has changed');
    for (const c of doc.changes.list) lines.push(`  - ${c.text}`);
    lines.push('');
  }
  lines.push('written:', ...files.map((f) => `  ${f}`), '', style.dim(state));
  return lines;
}

import { readFileSync } from 'node:fs';
import type { ReportDocument } from '@netcheck/report';
import { describe, expect, it } from 'vitest';
import { makeStyle } from '../style.js';
import { renderReportDone } from './report.js';

const doc = JSON.parse(
  readFileSync(new URL('../../../report/fixtures/reports/lossy.json', import.meta.url), 'utf8'),
) as ReportDocument;
const plain = makeStyle({ color: false });

describe('renderReportDone', () => {
  it('the headline, the files written, and where the state went', () => {
    const lines = renderReportDone(
      doc,
      ['/r/report.json', '/r/report.md', '/r/report.html'],
      'kept nothing (--no-state)',
      plain,
    );
    expect(lines[0]).toBe(doc.headline);
    expect(lines).toContain('  /r/report.html');
    expect(lines.at(-1)).toBe('kept nothing (--no-state)');
  });
  it('what changed since the last healthy report, one line each', () => {
    const changed = {
      ...doc,
      changes: {
        since: '2026-11-29T22:00:00.000Z',
        list: [
          {
            kind: 'new-hop' as const,
            ttl: 2,
            address: '10.0.2.2',
            text: 'new hop 2: 10.0.2.2 was not on the path before',
          },
        ],
      },
    };
    const lines = renderReportDone(changed, [], '', plain);
    expect(lines).toContain('what changed since the last healthy report (2026-11-29T22:00:00.000Z):');
    expect(lines).toContain('  - new hop 2: 10.0.2.2 was not on the path before');
  });
});

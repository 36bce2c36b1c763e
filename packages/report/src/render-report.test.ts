import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ReportDocument } from './document.js';
import { buildReproduceCommands, deriveResolverAnswers } from './document.js';
import { derivePathView } from './path-view.js';
import { buildRoundSeries } from './render-charts.js';
import { renderReportHtml } from './render-html.js';
import { renderReportMarkdown } from './render-markdown.js';
import { renderPathSvg } from './render-path-svg.js';

// Recorded in the lab: `netcheck report 10.0.4.2` in the lossy scenario's client.
const doc = JSON.parse(
  readFileSync(new URL('../fixtures/reports/lossy.json', import.meta.url), 'utf8'),
) as ReportDocument;

describe('report builders on a recorded lossy report', () => {
  it('the path view: rate-limiting routers not a problem, the link into 10.0.3.2 blamed, the destination', () => {
    const view = derivePathView(doc.diagnosis)!;
    expect(view.source).toBe('mtr rounds');
    expect(view.hops.map((h) => `${h.ttl} ${h.address} ${h.mark}`)).toEqual([
      '1 10.0.1.1 not-a-problem',
      '2 10.0.2.2 not-a-problem',
      '3 10.0.3.2 blamed',
      '4 10.0.4.2 destination',
    ]);
    expect(view.hops[2]!.traceRttMs).toBeGreaterThan(view.hops[1]!.traceRttMs!);
  });
  it('report.md: headline, the path table, reproduce commands', () => {
    const md = renderReportMarkdown(doc);
    expect(md.split('\n')[2]).toBe(`**${doc.headline}**`);
    expect(md).toMatch(
      /\| 3 \| 10\.0\.3\.2 \| 97\.0 \| 22\.0 \| blamed: forwarding loss starts on the link 10\.0\.2\.2 → 10\.0\.3\.2/,
    );
    expect(md).toContain('```sh\nnetcheck 10.0.4.2 --deep --json\n');
  });
  it('report.html: one data-hop per hop, the blamed link, no external reference, text escaped', () => {
    const html = renderReportHtml({ ...doc, headline: '<script>alert(1)</script>' });
    expect(html.match(/<g data-hop=/g)).toHaveLength(4);
    expect(html).toContain('<line data-link="3" data-verdict="link-loss"');
    expect(html).not.toContain('<script>alert(1)</script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toMatch(/\s(src|href)=["'](?!#|data:)/);
  });
  it('a path that never reaches the target ends in the target, unreached; an unreachable hop is marked', () => {
    const svg = renderPathSvg(
      {
        source: 'trace',
        summary: '',
        rounds: 1,
        probes: [],
        hops: [
          {
            ttl: 1,
            address: '10.0.1.1',
            name: undefined,
            kind: 'unreachable',
            mark: 'unreachable',
            text: '10.0.1.1 says !H',
            lossPct: 0,
            p50Ms: 1,
            traceRttMs: 1,
          },
        ],
      },
      '10.0.5.1',
    );
    expect(svg).toContain('data-verdict="unreachable" data-mark="unreachable"');
    expect(svg).toContain('10.0.5.1 (target)');
  });
  it("per-round series: each round's loss share and median RTT per hop", () => {
    const s = buildRoundSeries([
      { round: 0, ttl: 1, responder: 'a', rttMs: 1 },
      { round: 0, ttl: 1, responder: undefined, rttMs: undefined },
      { round: 1, ttl: 1, responder: 'a', rttMs: 3 },
    ]);
    expect(s).toEqual([{ ttl: 1, lossPct: [50, 0], rttMs: [1, 3] }]);
  });
  it('reproduce commands and the resolver comparison come from the diagnosis', () => {
    expect(buildReproduceCommands(doc.diagnosis)[0]).toBe('netcheck 10.0.4.2 --deep --json');
    expect(deriveResolverAnswers(doc.diagnosis)).toEqual([]); // an address: nothing was resolved
  });
});

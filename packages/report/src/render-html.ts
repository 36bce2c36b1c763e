import { buildRoundSeries, renderLineChart } from './render-charts.js';
import type { ReportDocument } from './document.js';
import { escapeHtml as e } from './escape.js';
import { renderPathSvg } from './render-path-svg.js';

const CSS = `
:root{color-scheme:light;font-family:system-ui,-apple-system,"Segoe UI",sans-serif;line-height:1.4}
body{margin:0 auto;padding:16px;max-width:960px;color:#111827;background:#fff}
h1{font-size:1.4rem;margin:.2rem 0}h2{font-size:1.1rem;margin-top:1.6rem;border-bottom:1px solid #e5e7eb}
.headline{font-size:1.05rem;padding:.6rem .8rem;border-left:6px solid #15803d;background:#f0fdf4}
.headline.problem{border-color:#b91c1c;background:#fef2f2}
.finding{margin:.6rem 0;padding:.4rem .6rem;border:1px solid #e5e7eb;border-radius:6px}
.sev{font-weight:600;text-transform:uppercase;font-size:.75rem;padding:0 .3rem;border-radius:3px;background:#e5e7eb}
.sev.critical{background:#fecaca}.sev.warning{background:#fde68a}
table{border-collapse:collapse;width:100%;font-size:.9rem;display:block;overflow-x:auto}
td,th{border:1px solid #e5e7eb;padding:.2rem .4rem;text-align:left;vertical-align:top}
code,pre{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.85rem}
pre{background:#f3f4f6;padding:.6rem;overflow-x:auto;white-space:pre-wrap;word-break:break-all}
svg text{font-size:12px;fill:#111827}svg .note,svg .tick{font-size:10px;fill:#4b5563}svg .blame{font-size:11px;fill:#b91c1c;font-weight:600}
svg .chart-title{font-size:11px;font-weight:600}
g[data-hop]:focus circle,g[data-hop].active circle{stroke:#2563eb;stroke-width:3}
.meta{color:#4b5563;font-size:.85rem}
`;

// Clicking a hop in the diagram highlights its row in the table: the only behaviour, and no request.
const SCRIPT = `
document.querySelectorAll('g[data-hop]').forEach(function (g) {
  g.addEventListener('click', function () {
    document.querySelectorAll('.active').forEach(function (x) { x.classList.remove('active'); });
    g.classList.add('active');
    var row = document.getElementById('hop-' + g.getAttribute('data-hop'));
    if (row) { row.classList.add('active'); row.scrollIntoView({ block: 'nearest' }); }
  });
});
`;

/** One check of this machine as a list item (pure). */
const localItem = (l: NonNullable<ReportDocument['local']>[number]) =>
  `<li><span class="sev">${e(l.state === 'problem' ? l.severity : l.state)}</span> ${e(l.check)}: ${e(l.text)}</li>`;

/** One step's fact as a list item (pure). */
const stepItem = (f: { state: string; step: string; text: string }) =>
  `<li>${e(f.state)} <strong>${e(f.step)}</strong>: ${e(f.text)}</li>`;

/**
 * `report.html` (pure): one self-contained page (inline CSS, script and SVG; no URL is ever fetched) with the
 * headline, findings with evidence and intervals, the path diagram, per-hop loss and latency over the rounds,
 * the resolver comparison, the local check, changes, the commands to reproduce, timestamps, host and version.
 */
export function renderReportHtml(doc: ReportDocument): string {
  const d = doc.diagnosis;
  const problem = doc.category !== 'healthy';
  const b: string[] = [];
  b.push(`<h1>netcheck report: ${e(doc.target)}</h1>`);
  b.push(
    `<p class="meta">${e(doc.meta.startedAt)} → ${e(doc.meta.endedAt)} · ${e(doc.meta.host.hostname)} ` +
      `(${e(doc.meta.host.platform)} ${e(doc.meta.host.release)}) · netcheck ${e(doc.meta.netcheckVersion)}</p>`,
  );
  b.push(`<p class="headline${problem ? ' problem' : ''}" data-category="${e(doc.category)}">${e(doc.headline)}</p>`);
  if (doc.changes) {
    b.push(
      `<h2>What changed since the last healthy report</h2><p class="meta">compared with ${e(doc.changes.since)}</p>`,
    );
    b.push(
      doc.changes.list.length
        ? `<ul>${doc.changes.list.map((c) => `<li data-change="${e(c.kind)}">${e(c.text)}</li>`).join('')}</ul>`
        : '<p>Nothing netcheck compares has changed.</p>',
    );
  }
  if (doc.path) {
    b.push(`<h2>Path</h2><p>${e(doc.path.summary)}</p>`);
    b.push(renderPathSvg(doc.path, d.results.address?.address ?? d.target.host));
    b.push(
      '<table><thead><tr><th>hop</th><th>address</th><th>loss %</th><th>median ' +
        'ms</th><th>verdict</th></tr></thead><tbody>',
    );
    for (const h of doc.path.hops) {
      b.push(
        `<tr id="hop-${h.ttl}"><td>${h.ttl}</td><td>${e(h.address ?? '*')}${h.name ? ` (${e(h.name)})` : ''}</td>` +
          `<td>${h.lossPct === undefined ? '–' : h.lossPct.toFixed(1)}</td><td>${h.p50Ms === undefined ? '–' : h.p50Ms.toFixed(1)}</td><td>${e(h.text || h.mark)}</td></tr>`,
      );
    }
    b.push('</tbody></table>');
    if (doc.path.probes.length) {
      const series = buildRoundSeries(doc.path.probes);
      b.push(`<h2>Per hop over ${doc.path.rounds} rounds</h2>`);
      b.push(renderLineChart(series, 'lossPct', 'unanswered probes per round', '%'));
      b.push(renderLineChart(series, 'rttMs', 'median RTT per round', 'ms'));
    }
  }
  b.push('<h2>Findings</h2>');
  for (const f of d.findings) {
    b.push(
      `<div class="finding" data-finding="${e(f.id)}"><span class="sev ${e(f.severity)}">${e(f.severity)}</span> ` +
        `<strong>${e(f.title)}</strong>` +
        `<ul>${f.evidence.map((x) => `<li>${e(x)}</li>`).join('')}</ul>` +
        (f.nextSteps.length
          ? `<p>Next:</p><ul>${f.nextSteps.map((x) => `<li><code>${e(x)}</code></li>`).join('')}</ul>`
          : '') +
        `</div>`,
    );
  }
  if (doc.resolvers.length) {
    b.push('<h2>Resolvers</h2><table><thead><tr><th>resolver</th><th>A</th><th>AAAA</th></tr></thead><tbody>');
    for (const r of doc.resolvers)
      b.push(`<tr><td>${e(r.server)}</td><td>${e(r.a ?? '–')}</td><td>${e(r.aaaa ?? '–')}</td></tr>`);
    b.push('</tbody></table>');
  }
  if (doc.local) b.push(`<h2>This machine</h2><ul>${doc.local.map(localItem).join('')}</ul>`);
  b.push(`<h2>Steps</h2><ul>${d.facts.map(stepItem).join('')}</ul>`);
  b.push(`<h2>Reproduce</h2><pre>${e(doc.meta.commands.join('\n'))}</pre>`);
  const sysctls = Object.entries(doc.meta.sysctls).map(([k, v]) => `${k} = ${v ?? '(unreadable)'}`);
  if (sysctls.length)
    b.push(`<details><summary>kernel settings</summary><pre>${e(sysctls.join('\n'))}</pre></details>`);
  return (
    `<!doctype html><html lang="en"><head><meta charset="utf-8">` +
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">` +
    `<meta name="viewport" content="width=device-width, initial-scale=1"><title>netcheck report: ${e(doc.target)}</title>` +
    `<style>${CSS}</style></head><body>${b.join('\n')}<script>${SCRIPT}</script></body></html>\n`
  );
}

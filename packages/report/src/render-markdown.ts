import type { ReportDocument } from './document.js';

const cell = (s: string | undefined) => (s ?? '–').replace(/\|/g, '\\|').replace(/\n/g, ' ');
const fmt = (v: number | undefined, digits = 1) => (v === undefined ? '–' : v.toFixed(digits));

/** `report.md` (pure): the headline, findings with evidence, the path, resolvers, the local check, changes, how to reproduce. */
export function renderReportMarkdown(doc: ReportDocument): string {
  const d = doc.diagnosis;
  const out: string[] = [];
  out.push(`# netcheck report: ${doc.target}`, '', `**${doc.headline}**`, '');
  out.push(`- verdict: \`${doc.category}\``);
  out.push(
    `- run: ${doc.meta.startedAt} → ${doc.meta.endedAt} on ${doc.meta.host.hostname} ` +
      `(${doc.meta.host.platform} ${doc.meta.host.release}), netcheck ${doc.meta.netcheckVersion}`,
  );
  out.push('');
  if (doc.changes) {
    out.push(`## What changed since the last healthy report (${doc.changes.since})`, '');
    if (!doc.changes.list.length) out.push('Nothing netcheck compares has changed.');
    for (const c of doc.changes.list) out.push(`- ${c.text}`);
    out.push('');
  }
  out.push('## Findings', '');
  for (const f of d.findings) {
    out.push(`### ${f.severity}: ${f.title}`, '');
    for (const ev of f.evidence) out.push(`- ${ev}`);
    if (f.nextSteps.length) out.push('', 'Next:', ...f.nextSteps.map((s) => `- \`${s}\``));
    out.push('');
  }
  if (doc.path) {
    out.push(
      `## Path (${doc.path.source}${doc.path.source === 'mtr rounds' ? `, ${doc.path.rounds} rounds` : ''})`,
      '',
      doc.path.summary,
      '',
    );
    out.push('| hop | address | loss % | median ms | verdict |', '| ---: | --- | ---: | ---: | --- |');
    for (const h of doc.path.hops) {
      out.push(
        `| ${h.ttl} | ${cell(h.address ? `${h.address}${h.name ? ` (${h.name})` : ''}` : '*')} | ${fmt(h.lossPct)} ` +
          `| ${fmt(h.p50Ms)} | ${cell(`${h.mark}: ${h.text}`)} |`,
      );
    }
    out.push('');
  }
  if (doc.resolvers.length) {
    out.push('## Resolvers', '', '| resolver | A | AAAA |', '| --- | --- | --- |');
    for (const r of doc.resolvers) out.push(`| ${cell(r.server)} | ${cell(r.a)} | ${cell(r.aaaa)} |`);
    out.push('');
  }
  if (doc.local) {
    out.push('## This machine', '');
    for (const l of doc.local) out.push(`- ${l.state === 'problem' ? l.severity : l.state} ${l.check}: ${l.text}`);
    out.push('');
  }
  out.push('## Steps', '');
  for (const f of d.facts) out.push(`- ${f.state} ${f.step}: ${f.text}`);
  out.push('', '## Reproduce', '', '```sh', ...doc.meta.commands, '```', '');
  return out.join('\n');
}

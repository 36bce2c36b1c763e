import { selectShortAnswers } from '@netcheck/dns';
import type { LookupReport, ResolverView } from '@netcheck/dns';
import type { Style } from '../style.js';
import { severityColour } from './marks.js';

/** dig-like sections for one resolver's answer. */
export function renderResolverView(v: ResolverView, style: Style): string[] {
  const q = v.result;
  const retried = q.ok && q.retriedOverTcp ? ', truncated over UDP, asked again over TCP' : '';
  const how = q.ok ? ` (${q.transport.toUpperCase()})${retried}, ${Math.round(q.rttMs)} ms` : '';
  const lines = [`;; SERVER: ${v.server}#${q.port}${how}`];
  if (!q.ok) {
    lines.push(style.red(`;; ${q.reason}: ${q.detail} (${q.tries} tr${q.tries === 1 ? 'y' : 'ies'})`));
  } else {
    const r = q.response;
    const flags = [
      'qr',
      ...Object.entries(r.flags)
        .filter(([, on]) => on)
        .map(([f]) => f),
    ].join(' ');
    const counts = [r.answers, r.authorities, r.additionals].map((records) => records.length);
    lines.push(
      `;; ->>HEADER<<- status: ${r.rcode}, id: ${r.id}`,
      `;; flags: ${flags}; QUERY: 1, ANSWER: ${counts[0]}, AUTHORITY: ${counts[1]}, ADDITIONAL: ${counts[2]}`,
    );
    lines.push('', ';; QUESTION SECTION:', `;${r.question.name.padEnd(23)} IN  ${r.question.type}`);
    const sections = [
      ['ANSWER', r.answers],
      ['AUTHORITY', r.authorities],
      ['ADDITIONAL', r.additionals],
    ] as const;
    for (const [title, records] of sections) {
      if (!records.length) continue;
      lines.push('', `;; ${title} SECTION:`);
      for (const a of records) {
        lines.push(`${a.name.padEnd(24)}${String(a.ttl).padStart(6)}  IN  ${a.type.padEnd(6)} ${a.data}`);
      }
    }
    if (v.chain.length) {
      lines.push('', `;; CNAME chain: ${[v.chain[0]!.from, ...v.chain.map((c) => c.to)].join(' → ')}`);
    }
  }
  if (q.rejected.length) {
    const why = q.rejected.map((x) => x.why).join('; ');
    lines.push(style.yellow(`;; ignored ${q.rejected.length} packet(s) that were not the answer: ${why}`));
  }
  return lines;
}

/** The whole report: each resolver, the system's view, findings, the verdict. */
export function renderLookup(r: LookupReport, style: Style): string[] {
  const search = r.candidates.length > 1 ? `   (search list: ${r.candidates.join(', ')})` : '';
  const lines = [`; netcheck dns ${r.name} ${r.type}${search}`];
  for (const v of r.resolvers) lines.push('', ...renderResolverView(v, style));
  const decisive = r.resolvers.find((v) => v.result.ok);
  if (decisive && decisive.candidate !== r.name) lines.push('', `;; answered as ${decisive.candidate}`);
  if (r.system) {
    const seen = 'addresses' in r.system ? r.system.addresses.join(', ') || '(none)' : r.system.error;
    lines.push(`;; system resolver (getaddrinfo): ${seen}`);
  }
  if (r.hosts.length) lines.push(`;; /etc/hosts: ${r.hosts.join(', ')}`);
  lines.push('');
  for (const f of r.findings) lines.push(severityColour(f.severity, style)(`${f.severity}: ${f.text}`));
  const v = r.verdict;
  lines.push((v.status === 'answer' ? style.green : style.red)(`${v.status}: ${v.text}`));
  if (v.nextStep) lines.push(`  next: ${v.nextStep}`);
  return lines;
}

/**
 * `--short`: like dig +short, the data of the asked name's CNAME chain and its records of the asked type; records
 * of other names that a server put in the answer are left out.
 */
export function renderShort(r: LookupReport): string[] {
  const v = r.resolvers.find((x) => x.result.ok);
  if (!v?.result.ok) return [];
  return selectShortAnswers(v.result.response).map((a) => a.data);
}

/**
 * One `--batch` NDJSON record for `name` as the file gave it: the first resolver that answered (else the first
 * asked), its answers and the verdict.
 */
export function renderBatchRecord(name: string, r: LookupReport): Record<string, unknown> {
  const first = r.resolvers.find((x) => x.result.ok) ?? r.resolvers[0];
  const answered = first?.result.ok ? first.result : undefined;
  return {
    name,
    type: r.type,
    status: r.verdict.status,
    answers: answered ? answered.response.answers.map((a) => a.data) : [],
    server: first?.server,
    rttMs: answered ? Math.round(answered.rttMs * 10) / 10 : undefined,
    text: r.verdict.text,
  };
}

import { describeHopVerdict, type Explanation } from '@netcheck/report';
import type { Style } from '../style.js';
import { renderTable } from '../style.js';

const ms = (x: number | undefined) => (x === undefined ? '-' : x.toFixed(1));
const pct = (x: number | undefined) => (x === undefined ? '-' : `${x.toFixed(1)}%`);
const FORMAT_NAMES: Record<Explanation['format'], string> = {
  'mtr-report': 'mtr --report',
  'mtr-json': 'mtr --json',
  traceroute: 'traceroute',
  'windows-pathping': 'Windows pathping',
  'trippy-json': 'trippy JSON',
};
const SHORT: Record<string, string> = {
  clean: 'ok',
  destination: 'destination',
  'link-loss': 'LOSS STARTS HERE',
  'node-loss': 'rate-limits ICMP (not a problem)',
  silent: 'silent router (not a problem)',
  'link-latency': 'LATENCY STEP',
  'node-latency': 'slow ICMP (not a problem)',
  'no-data': '-',
  unreachable: 'SAYS UNREACHABLE',
  'no-answer': 'NO ANSWER',
};

/**
 * `netcheck explain`: the pasted hops as netcheck reads them, each hop's verdict, the summary and the data's limits
 * (pure).
 */
export function renderExplanation(x: Explanation, style: Style): string[] {
  const rows: string[][] = [['', 'Host', 'Loss%', 'Snt', 'Avg', 'Best', 'Wrst', 'Verdict']];
  for (const h of x.hops) {
    const v = x.attribution.verdicts.find((y) => y.ttl === h.ttl);
    const stop = x.unreachable?.ttl === h.ttl;
    const kind = stop ? 'unreachable' : (v?.kind ?? '');
    const colour = ['link-loss', 'link-latency', 'unreachable'].includes(kind)
      ? style.red
      : ['node-loss', 'silent', 'node-latency'].includes(kind)
        ? style.yellow
        : (s: string) => s;
    const host = h.responders.length ? h.responders.map((r) => r.address).join(' ') : '???';
    rows.push([
      `${h.ttl}.`,
      host,
      pct(h.lossPct),
      String(h.sent),
      ms(h.avgMs),
      ms(h.bestMs),
      ms(h.worstMs),
      colour(`${SHORT[kind] ?? kind}${stop ? ` ${x.unreachable!.annotation}` : ''}`),
    ]);
  }
  const lines = [
    `netcheck explain: ${FORMAT_NAMES[x.format]} output${x.target ? ` to ${x.target}` : ''}, ${x.hops.length} hops`,
    ...renderTable(rows, [2, 3, 4, 5, 6]),
    '',
  ];
  for (const v of x.attribution.verdicts)
    if (v.kind !== 'clean' && v.kind !== 'destination') lines.push(`  hop ${v.ttl}: ${describeHopVerdict(v)}`);
  if (x.unreachable) {
    lines.push(
      style.red(
        `hop ${x.unreachable.ttl} (${x.unreachable.address ?? '?'}) says ${x.unreachable.annotation}: the ` +
          `destination is unreachable or prohibited there`,
      ),
    );
  } else {
    const a = x.attribution;
    lines.push(
      (a.trouble ? style.red : a.unplacedLoss ? style.yellow : style.green)(
        a.trouble || a.unplacedLoss ? a.summary : `nobody to blame: ${a.summary}`,
      ),
    );
  }
  lines.push('', 'what this data cannot show:', ...x.limits.map((l) => `  - ${l}`));
  if (x.warnings.length)
    lines.push('', `${x.warnings.length} line(s) not understood:`, ...x.warnings.slice(0, 10).map((w) => `  ${w}`));
  return lines;
}

import type { Attribution, HopStats, HopVerdict, PathpingReport, RoundEvent } from '@netcheck/pathping';
import { renderHopVerdict } from '@netcheck/pathping';
import type { Style } from '../style.js';
import { renderTable } from '../style.js';

const ms = (x: number | undefined) => (x === undefined ? '-' : x.toFixed(1));
const pct = (x: number | undefined) => (x === undefined ? '-' : `${x.toFixed(1)}%`);

/** Each verdict in the table's last column: upper case where the trouble is, "(ok)" where it is shown, not blamed. */
const SHORT: Record<HopVerdict['kind'], string> = {
  clean: 'ok',
  destination: 'destination',
  'link-loss': 'LOSS STARTS HERE',
  'node-loss': 'rate-limits ICMP (ok)',
  silent: 'silent router (ok)',
  'link-latency': 'LATENCY STEP',
  'node-latency': 'slow ICMP (ok)',
  'no-data': '-',
  unreachable: 'SAYS UNREACHABLE',
};

const COLOUR: Record<HopVerdict['kind'], 'red' | 'yellow' | undefined> = {
  clean: undefined,
  destination: undefined,
  'no-data': undefined,
  'link-loss': 'red',
  'link-latency': 'red',
  unreachable: 'red',
  'node-loss': 'yellow',
  silent: 'yellow',
  'node-latency': 'yellow',
};

/** The verdict column of one hop; a link the rounds cannot yet tell from another: both rows say so. */
function renderVerdictCell(v: HopVerdict | undefined, ttl: number, a: Attribution, style: Style): string {
  if (!v) return '';
  const short = SHORT[v.kind];
  const doubtful = a.verdicts.some(
    (x) => x.kind === 'link-loss' && x.alternativeTtls.length > 0 && (x.ttl === ttl || x.alternativeTtls.includes(ttl)),
  );
  const text = doubtful ? (v.kind === 'link-loss' ? 'LOSS STARTS HERE?' : `${short}; or loss starts here?`) : short;
  const colour = COLOUR[v.kind];
  return colour ? style[colour](text) : text;
}

/** The mtr table, with node/link loss and each hop's verdict. */
export function renderMtrTable(hops: readonly HopStats[], a: Attribution, style: Style): string[] {
  const rows: string[][] = [
    ['', 'Host', 'Loss%', 'Snt', 'Last', 'Avg', 'Best', 'Wrst', 'StDev', 'Jitter', 'Node/Link', 'Verdict'],
  ];
  for (const h of hops) {
    const v = a.verdicts.find((x) => x.ttl === h.ttl);
    const host = h.responders.length ? h.responders.map((r) => r.address).join(' ') : '???';
    const link = v?.kind === 'link-loss' ? `link ${pct(v.linkLossPct)}` : undefined;
    const nl = link ?? (v?.kind === 'node-loss' ? `node ${pct(v.nodeLossPct)}` : '');
    const times = [h.lastMs, h.avgMs, h.bestMs, h.worstMs, h.stdevMs, h.jitterMs].map(ms);
    rows.push([`${h.ttl}.`, host, pct(h.lossPct), String(h.sent), ...times, nl, renderVerdictCell(v, h.ttl, a, style)]);
  }
  return renderTable(rows, [2, 3, 4, 5, 6, 7, 8, 9]);
}

/** What the live view draws after each round: the round number and the table so far. */
export function renderMtrRound(e: RoundEvent, style: Style): string[] {
  return [`round ${e.round}`, ...renderMtrTable(e.hops, e.attribution, style)];
}

/** Table, verdict lines and the summary; for a run that could not probe, the error and its fix. */
export function renderMtrReport(r: PathpingReport, style: Style): string[] {
  if (r.failure) return [style.red(`error: ${r.failure.detail}`), ...(r.failure.hint ? [`  ${r.failure.hint}`] : [])];
  const address = r.address && r.address !== r.target ? ` (${r.address})` : '';
  const took = `${(r.durationMs / 1000).toFixed(1)} s`;
  const head = `netcheck mtr to ${r.target}${address}: ${r.rounds} rounds, ${took} (${r.ended})`;
  const lines = [head, ...renderMtrTable(r.hops, r.attribution, style), ''];
  for (const v of r.attribution.verdicts) if (v.kind !== 'clean') lines.push(`  hop ${v.ttl}: ${renderHopVerdict(v)}`);
  if (r.directPings) {
    const why = 'a router that answers pings but not TTL probes only limits its ICMP errors';
    lines.push('', `routers pinged directly (pathping): ${why}`);
    for (const d of r.directPings) {
      const avg = d.avgMs !== undefined ? `, ${d.avgMs.toFixed(1)} ms` : '';
      lines.push(`  hop ${d.ttl} ${d.address}: ${d.received}/${d.sent} answered${avg}`);
    }
  }
  const a = r.attribution;
  lines.push('', (a.trouble ? style.red : a.unplacedLoss ? style.yellow : style.green)(a.summary));
  return lines;
}

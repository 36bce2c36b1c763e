import type { Attribution, HopName, HopStats, HopVerdict, PathpingReport, RoundEvent } from '@netcheck/pathping';
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
  'no-answer': 'NO ANSWER',
};

const COLOUR: Record<HopVerdict['kind'], 'red' | 'yellow' | undefined> = {
  clean: undefined,
  destination: undefined,
  'no-data': undefined,
  'link-loss': 'red',
  'link-latency': 'red',
  unreachable: 'red',
  'no-answer': 'yellow',
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

/** What the table shows: mtr's display modes (d), host column (n / -n / -b / -z) and order (o). */
export interface MtrView {
  mode: 'loss' | 'latency' | 'jitter';
  hosts: 'names' | 'numbers' | 'both';
  /** Show each hop's origin AS (mtr -z). */
  asn: boolean;
  order: 'hop' | 'loss' | 'latency';
  /** The name and AS known for an address so far (names arrive in the background). */
  names?: (address: string) => HopName;
}

/** mtr's defaults, and what the table looked like before views: numbers, loss columns, hop order. */
export const DEFAULT_MTR_VIEW: MtrView = { mode: 'loss', hosts: 'numbers', asn: false, order: 'hop' };

type Cell = (h: HopStats, v: HopVerdict | undefined, a: Attribution, style: Style) => string;
/** One column: its title, its cell, whether it is a number (right-aligned). */
interface Column {
  title: string;
  cell: Cell;
  right: boolean;
}
const num = (title: string, f: (h: HopStats) => number | undefined): Column => ({
  title,
  cell: (h) => ms(f(h)),
  right: true,
});
const LOSS: Column = { title: 'Loss%', cell: (h) => pct(h.lossPct), right: true };
const SNT: Column = { title: 'Snt', cell: (h) => String(h.sent), right: true };
const NODE_LINK: Column = {
  title: 'Node/Link',
  right: false,
  cell: (_h, v) =>
    v?.kind === 'link-loss'
      ? `link ${pct(v.linkLossPct)}`
      : v?.kind === 'node-loss'
        ? `node ${pct(v.nodeLossPct)}`
        : '',
};
const VERDICT: Column = {
  title: 'Verdict',
  right: false,
  cell: (h, v, a, style) => renderVerdictCell(v, h.ttl, a, style),
};
const LAST = num('Last', (h) => h.lastMs);
const AVG = num('Avg', (h) => h.avgMs);
const BEST = num('Best', (h) => h.bestMs);
const WRST = num('Wrst', (h) => h.worstMs);
const STDEV = num('StDev', (h) => h.stdevMs);
const JITTER = num('Jitter', (h) => h.jitterMs);

/** The columns of each display mode, in the order they are dropped when the terminal is too narrow (last first). */
const MODES: Record<MtrView['mode'], { columns: Column[]; dropOrder: string[] }> = {
  loss: {
    columns: [LOSS, SNT, LAST, AVG, BEST, WRST, STDEV, JITTER, NODE_LINK, VERDICT],
    dropOrder: ['Jitter', 'Node/Link', 'StDev', 'Best', 'Last', 'Wrst', 'Verdict'],
  },
  latency: {
    columns: [SNT, LAST, AVG, BEST, WRST, num('p50', (h) => h.p50Ms), num('p95', (h) => h.p95Ms), VERDICT],
    dropOrder: ['p95', 'Best', 'Last', 'Verdict'],
  },
  jitter: {
    columns: [SNT, LAST, AVG, JITTER, STDEV, WRST, VERDICT],
    dropOrder: ['Wrst', 'Last', 'Verdict'],
  },
};

/** The host cell: names, numbers or both, and the origin AS when asked for; "???" for a hop nobody answered. */
function renderHostCell(h: HopStats, view: MtrView): string {
  if (!h.responders.length) return '???';
  return h.responders
    .map(({ address }) => {
      const known = view.names?.(address);
      const name = view.hosts !== 'numbers' ? known?.name : undefined;
      const host = name === undefined ? address : view.hosts === 'both' ? `${name} (${address})` : name;
      return view.asn ? `${known?.asn?.asn ?? 'AS???'} ${host}` : host;
    })
    .join(' ');
}

const ORDER: Record<MtrView['order'], (a: HopStats, b: HopStats) => number> = {
  hop: (a, b) => a.ttl - b.ttl,
  loss: (a, b) => (b.lossPct ?? -1) - (a.lossPct ?? -1) || a.ttl - b.ttl,
  latency: (a, b) => (b.avgMs ?? -1) - (a.avgMs ?? -1) || a.ttl - b.ttl,
};

/** The table's rows as cells (header first) for the given columns. */
function buildRows(hops: readonly HopStats[], a: Attribution, style: Style, view: MtrView, cols: Column[]) {
  const rows: string[][] = [['', 'Host', ...cols.map((c) => c.title)]];
  for (const h of [...hops].sort(ORDER[view.order])) {
    const v = a.verdicts.find((x) => x.ttl === h.ttl);
    rows.push([`${h.ttl}.`, renderHostCell(h, view), ...cols.map((c) => c.cell(h, v, a, style))]);
  }
  return rows;
}

/**
 * The mtr table, with node/link loss and each hop's verdict, in `view`'s mode and order. With `width` (a
 * terminal's columns), rules: 1 - drop the mode's least useful columns, in order, until the table fits;
 * 2 - then cut the host names; 3 - then cut every line, so that each line is one screen row.
 */
export function renderMtrTable(
  hops: readonly HopStats[],
  a: Attribution,
  style: Style,
  view: MtrView = DEFAULT_MTR_VIEW,
  width?: number,
): string[] {
  const mode = MODES[view.mode];
  let cols = mode.columns;
  const draw = () => {
    const right = cols.flatMap((c, i) => (c.right ? [i + 2] : []));
    return renderTable(buildRows(hops, a, style, view, cols), [0, ...right]);
  };
  let lines = draw();
  for (const title of mode.dropOrder) {
    if (width === undefined || maxVisible(lines) <= width) break;
    cols = cols.filter((c) => c.title !== title);
    lines = draw();
  }
  return width === undefined ? lines : lines.map((l) => fitLine(l, width));
}

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g;
const visibleLength = (s: string) => s.replace(ANSI, '').length;
const maxVisible = (lines: readonly string[]) => Math.max(0, ...lines.map(visibleLength));

/** A line cut to `width` visible characters (colour dropped from a line that had to be cut). */
export function fitLine(line: string, width: number): string {
  if (visibleLength(line) <= width) return line;
  const plain = line.replace(ANSI, '');
  return width > 1 ? `${plain.slice(0, width - 1)}…` : plain.slice(0, width);
}

/** What the live view draws after each round: the round number and the table so far. */
export function renderMtrRound(e: RoundEvent, style: Style): string[] {
  return [`round ${e.round}`, ...renderMtrTable(e.hops, e.attribution, style)];
}

/** When and where a run was made: mtr's `Start:` and `HOST:` lines. */
export interface MtrRunMeta {
  startedAt: Date;
  /** This machine's host name. */
  source: string;
}

/** mtr's `Start:` time: local time with its offset, `2026-11-29T23:01:09+0000`. */
export function renderStartTime(d: Date): string {
  const off = -d.getTimezoneOffset();
  const p = (n: number) => String(Math.trunc(Math.abs(n))).padStart(2, '0');
  const date = `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
  const time = `${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
  return `${date}T${time}${off < 0 ? '-' : '+'}${p(off / 60)}${p(off % 60)}`;
}

/**
 * Table, verdict lines and the summary; with `meta`, mtr's `Start:` and `HOST:` lines first. For a run that could
 * not probe, the error and its fix.
 */
export function renderMtrReport(
  r: PathpingReport,
  style: Style,
  meta?: MtrRunMeta,
  view: MtrView = DEFAULT_MTR_VIEW,
): string[] {
  if (r.failure) return [style.red(`error: ${r.failure.detail}`), ...(r.failure.hint ? [`  ${r.failure.hint}`] : [])];
  const address = r.address && r.address !== r.target ? ` (${r.address})` : '';
  const took = `${(r.durationMs / 1000).toFixed(1)} s`;
  const head = `netcheck mtr to ${r.target}${address}: ${r.rounds} rounds, ${took} (${r.ended})`;
  const start = meta ? [`Start: ${renderStartTime(meta.startedAt)}`, `HOST: ${meta.source}`] : [];
  const lines = [...start, head, ...renderMtrTable(r.hops, r.attribution, style, view), ''];
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

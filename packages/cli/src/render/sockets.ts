import type {
  AuditItem,
  SocketFinding,
  SocketReport,
  SocketSample,
  SocketTrends,
  StateCounts,
  TcpSocket,
  TcpState,
  UdpReport,
} from '@netcheck/sockets';
import type { Style } from '../style.js';
import { renderTable } from '../style.js';

// Kept here (not imported at load time) so other commands do not pay for @netcheck/sockets.
const STATES: readonly TcpState[] = [
  'LISTEN',
  'SYN_SENT',
  'SYN_RECV',
  'ESTABLISHED',
  'FIN_WAIT_1',
  'FIN_WAIT_2',
  'CLOSE_WAIT',
  'CLOSING',
  'LAST_ACK',
  'TIME_WAIT',
  'CLOSED',
];
const SHORT: Record<TcpState, string> = {
  LISTEN: 'LISTEN',
  SYN_SENT: 'SYN_S',
  SYN_RECV: 'SYN_R',
  ESTABLISHED: 'ESTAB',
  FIN_WAIT_1: 'FIN_W1',
  FIN_WAIT_2: 'FIN_W2',
  CLOSE_WAIT: 'CLOSE_W',
  CLOSING: 'CLOSING',
  LAST_ACK: 'LAST_ACK',
  TIME_WAIT: 'TIME_W',
  CLOSED: 'CLOSED',
};

/** The state spellings `--state` accepts, for its error message. */
export const SOCKET_STATES = STATES;

const n = (x: number) => x.toLocaleString('en-US');
const endpoint = (a: string, p: number) => (a.includes(':') ? `[${a}]:${p}` : `${a}:${p}`);
const indent = (lines: readonly string[]) => lines.map((l) => `  ${l}`);
const section = (style: Style, title: string) => ['', style.bold(title)];

function statesText(s: Partial<StateCounts>): string {
  const shown: string[] = [];
  for (const k of STATES) {
    const v = s[k];
    if (v !== undefined && v > 0) shown.push(`${k} ${n(v)}`);
  }
  return shown.join(', ');
}

function who(list: readonly { pid: number; name: string | undefined }[]): string {
  const named = list.slice(0, 3).map((o) => `${o.name ?? '?'} (${o.pid})`);
  return named.join(', ') + (list.length > 3 ? ` +${list.length - 3}` : '');
}

/** Wrap text to `width` columns with an indent. */
function wrap(text: string, prefix: string, width = 100): string[] {
  const out: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line && prefix.length + line.length + 1 + word.length > width) {
      out.push(prefix + line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) out.push(prefix + line);
  return out;
}

/** The state table, with the change since the first sample when two were taken. */
export function renderStateTable(r: SocketReport): string[] {
  const d = r.stateDeltas;
  const rows: string[][] = [d ? ['STATE', 'COUNT', 'CHANGE'] : ['STATE', 'COUNT']];
  for (const s of STATES) {
    const row = [s, n(r.states[s])];
    if (d) row.push(d[s] === 0 ? '' : `${d[s] > 0 ? '+' : ''}${n(d[s])}`);
    rows.push(row);
  }
  rows.push(['total', n(r.total), ...(d ? [''] : [])]);
  return indent(renderTable(rows, [1, 2]));
}

/** `--counts`: the total and the state table. */
export function renderSocketCounts(r: SocketReport): string[] {
  return [`TCP sockets: ${n(r.total)}`, ...renderStateTable(r)];
}

/** A table that could not be read: what failed, and the fix. */
export function renderSocketFailure(r: SocketReport, style: Style): string[] {
  const lines = [`${style.red('error:')} ${r.failure?.detail ?? 'no TCP socket table could be read'}`];
  if (r.failure?.hint) lines.push(`  ${r.failure.hint}`);
  return lines;
}

/**
 * The audit's word and colour for a setting, from its state and severity: not checked → "unknown" (dim), fine →
 * "ok", a problem of severity info → "note" (yellow), a worse one → "warn" (red).
 */
function auditLabel(a: Pick<AuditItem, 'state' | 'severity'>, style: Style): string {
  if (a.state === 'not-checked') return style.dim('unknown');
  if (a.state === 'fine') return 'ok';
  return a.severity === 'info' ? style.yellow('note') : style.red('warn');
}

function renderAudit(items: readonly AuditItem[], style: Style): string[] {
  const rows = items.map((a) => [auditLabel(a, style), `${a.sysctl} = ${a.value ?? '?'}`, a.text]);
  return indent(renderTable(rows));
}

/** A finding in words: title, explanation, evidence, commands to look closer. */
export function renderFinding(f: SocketFinding, style: Style): string[] {
  const colour = f.severity === 'critical' ? style.red : f.severity === 'warning' ? style.yellow : style.cyan;
  return [
    `  ${colour(f.severity.toUpperCase())}  ${style.bold(f.title)}`,
    ...wrap(f.explanation, '     '),
    ...wrap(`evidence: ${f.evidence.join('; ')}`, '     '),
    '     look closer:',
    ...f.nextSteps.map((c) => `       ${style.cyan(c)}`),
  ];
}

function renderPorts(r: SocketReport, style: Style): string[] {
  if (!r.ports?.length) return [];
  const rows = [['PORT', 'TOTAL', 'STATES', 'PROCESSES']];
  for (const p of r.ports) {
    rows.push([`${p.port}${p.listening ? ' (listening)' : ''}`, n(p.total), statesText(p.states), who(p.processes)]);
  }
  return [...section(style, 'Top local ports'), ...indent(renderTable(rows, [1]))];
}

function renderDestinations(r: SocketReport, style: Style): string[] {
  if (!r.destinations?.length) return [];
  const rows = [['DESTINATION', 'TOTAL', 'STATES', 'EPHEMERAL PORTS', 'PROCESSES']];
  for (const d of r.destinations) {
    const ephemeral = d.ephemeralPortsInUse ? n(d.ephemeralPortsInUse) : '';
    rows.push([endpoint(d.address, d.port), n(d.total), statesText(d.states), ephemeral, who(d.processes)]);
  }
  return [...section(style, 'Top destinations (outgoing connections)'), ...indent(renderTable(rows, [1, 3]))];
}

function renderPeers(r: SocketReport, style: Style): string[] {
  if (!r.peers?.length) return [];
  const rows = [['ADDRESS', 'TOTAL', 'STATES']];
  for (const p of r.peers) rows.push([p.address, n(p.total), statesText(p.states)]);
  return [...section(style, 'Top peers'), ...indent(renderTable(rows, [1]))];
}

function renderProcesses(r: SocketReport, style: Style): string[] {
  if (r.processes === undefined) return [];
  const head = section(style, 'Top processes');
  if (!Array.isArray(r.processes)) return [...head, style.dim(`  ${r.processes.why}`)];
  if (r.processes.length === 0) return [...head, '  (no process holds these sockets)'];
  const rows = [['PID', 'NAME', 'TOTAL', 'STATES', 'LISTENS ON']];
  for (const p of r.processes) {
    rows.push([String(p.pid), p.name ?? '?', n(p.total), statesText(p.states), p.listening.join(' ')]);
  }
  return [...head, ...indent(renderTable(rows, [0, 2]))];
}

function renderListeners(r: SocketReport, style: Style): string[] {
  if (!r.listeners?.length) return [];
  const rows = [['ADDRESS', 'QUEUE', 'SYN_RECV', 'PROCESS']];
  for (const l of r.listeners) {
    const q = `${l.queueLength ?? '?'} / ${l.queueLimit ?? '?'}`;
    const full = l.queueLength !== undefined && l.queueLimit !== undefined && l.queueLength >= l.queueLimit;
    rows.push([endpoint(l.address, l.port), full ? style.red(q) : q, n(l.synRecv), who(l.owners)]);
  }
  return [...section(style, 'Listeners (accept queue: waiting / limit)'), ...indent(renderTable(rows, [1, 2]))];
}

function renderCounters(r: SocketReport, style: Style): string[] {
  if (!r.counters) return [];
  const lines = section(style, 'Kernel counters');
  if (r.deltas) {
    lines.push(`  moved in ${(r.deltas.intervalMs / 1000).toFixed(1)} s:`);
    let moved = 0;
    for (const [name, d] of Object.entries(r.deltas.counters)) {
      if (d?.delta === undefined || d.delta === 0) continue;
      moved++;
      const rate = d.perSecond?.toFixed(1);
      lines.push(`    ${name.padEnd(18)} ${(d.delta > 0 ? '+' : '') + n(d.delta)}  (${rate}/s, now ${n(d.after)})`);
    }
    if (moved === 0) lines.push('    none');
  } else {
    const once =
      '  one sample: totals since the namespace was made; whether they are rising was not measured (--delta 2 or ' +
      '--watch)';
    lines.push(style.dim(once));
    const shown = Object.entries(r.counters).flatMap(([k, v]) => (v !== undefined && v !== 0 ? [`${k} ${n(v)}`] : []));
    for (let i = 0; i < shown.length; i += 4) lines.push(`    ${shown.slice(i, i + 4).join('   ')}`);
  }
  const ss = r.sockstat;
  if (ss) {
    const text =
      `${n(ss.tcpInUse ?? 0)} in use, ${n(ss.tcpOrphans ?? 0)} orphaned, ${n(ss.tcpTimeWait ?? 0)} ` + `TIME_WAIT`;
    lines.push(style.dim(`  sockstat: ${text} (whole namespace)`));
  }
  return lines;
}

function renderFindings(r: SocketReport, style: Style): string[] {
  const lines = section(style, 'Findings');
  if (r.findings.length === 0) return [...lines, style.green('  none: no rule fired on this table')];
  for (const [i, f] of r.findings.entries()) lines.push(...(i > 0 ? [''] : []), ...renderFinding(f, style));
  return lines;
}

/** The whole text report: states, breakdowns, listeners, counters, audit, findings. */
export function renderSocketReport(r: SocketReport, style: Style, opts: { list?: boolean } = {}): string[] {
  const src = r.source ? `read ${r.source.what} in ${Math.round(r.source.durationMs)} ms` : 'no table';
  const head = `${style.bold(`TCP sockets: ${n(r.total)}`)}${r.filter ? ' (filtered)' : ''}   ${style.dim(src)}`;
  const list = opts.list && r.sockets.length > 0;
  const listTitle = `Sockets (${r.sockets.length}${r.sockets.length < r.total ? ` of ${n(r.total)}` : ''})`;
  return [
    head,
    '',
    ...renderStateTable(r),
    ...renderPorts(r, style),
    ...renderDestinations(r, style),
    ...renderPeers(r, style),
    ...renderProcesses(r, style),
    ...renderListeners(r, style),
    ...renderCounters(r, style),
    ...(r.audit ? [...section(style, 'Sysctl audit'), ...renderAudit(r.audit, style)] : []),
    ...(list ? [...section(style, listTitle), ...indent(renderSockets(r.sockets))] : []),
    ...renderFindings(r, style),
    ...r.notes.map((note) => style.dim(`note: ${note}`)),
    ...r.warnings.map((w) => style.dim(`warning: ${w}`)),
  ];
}

/** Sockets like ss prints them. */
export function renderSockets(sockets: readonly TcpSocket[]): string[] {
  const rows = [['STATE', 'RECV-Q', 'SEND-Q', 'LOCAL', 'PEER', 'PROCESS']];
  for (const s of sockets) {
    rows.push([
      s.state,
      s.recvQ === undefined ? '' : String(s.recvQ),
      s.sendQ === undefined ? '' : String(s.sendQ),
      endpoint(s.localAddress, s.localPort),
      s.remotePort ? endpoint(s.remoteAddress, s.remotePort) : '*',
      who(s.owners),
    ]);
  }
  return renderTable(rows, [1, 2]);
}

const QUIET_IN_WATCH = new Set(['CurrEstab', 'InSegs', 'OutSegs']);

/** One line per `--watch` sample, like `sar -n SOCK`: counts, change since the last sample, counters that moved. */
export function renderWatchSample(s: SocketSample, style: Style, header: boolean): string[] {
  const cols = STATES.filter((x) => x !== 'CLOSED');
  const widths = cols.map((c) => Math.max(SHORT[c].length, 9));
  const lines: string[] = [];
  if (header) {
    const names = cols.map((c, i) => SHORT[c].padStart(widths[i] ?? 9));
    lines.push(style.bold(['TIME    ', '    TOTAL', ...names].join(' ') + '  COUNTERS MOVED'));
  }
  const cell = (v: number, d: number | undefined) => (d ? `${n(v)}${d > 0 ? '+' : ''}${n(d)}` : n(v));
  const moved = Object.entries(s.counterDeltas ?? {})
    .flatMap(([k, v]) =>
      v !== undefined && v !== 0 && !QUIET_IN_WATCH.has(k) ? [`${k}${v > 0 ? '+' : ''}${n(v)}`] : [],
    )
    .join(' ');
  const d = s.stateDeltas;
  const totalDelta = d ? STATES.reduce((a, x) => a + d[x], 0) : undefined;
  const cells = cols.map((c, i) => cell(s.states[c], d?.[c]).padStart(widths[i] ?? 9));
  lines.push(
    [s.at.slice(11, 19), cell(s.total, totalDelta).padStart(9), ...cells].join(' ') + (moved ? `  ${moved}` : ''),
  );
  return lines;
}

const TREND_WORDS: Record<string, string> = {
  growing: 'grew steadily — a leak looks like this',
  burst: 'rose and fell back — a burst',
  falling: 'fell',
};
const TRAFFIC_COUNTERS = new Set(['InSegs', 'OutSegs', 'ActiveOpens', 'PassiveOpens']);

/** What the watch showed: leaks (steady growth) told from bursts. */
export function renderTrends(t: SocketTrends | undefined, style: Style): string[] {
  if (!t) return [style.dim('fewer than 3 samples: too few to tell steady growth from a burst')];
  const lines = [style.bold(`over ${t.intervals} intervals:`)];
  let any = false;
  for (const s of STATES) {
    const x = t.states[s];
    if (x.verdict === 'steady') continue;
    any = true;
    const text = `${s}: ${TREND_WORDS[x.verdict]} (${n(x.first)} → ${n(x.last)}, peak ${n(x.max)})`;
    lines.push(`  ${x.verdict === 'growing' ? style.yellow(text) : text}`);
  }
  for (const [name, c] of Object.entries(t.counters)) {
    if (!c || c.verdict === 'quiet' || TRAFFIC_COUNTERS.has(name)) continue;
    any = true;
    const how = c.verdict === 'rising' ? ' — steadily' : ' — in bursts';
    lines.push(`  ${name}: rose in ${c.risingIntervals} of ${t.intervals} intervals (+${n(c.total)})${how}`);
  }
  if (!any) lines.push('  every state steady, no error counter moved');
  return lines;
}

/** `host:port`, IPv6 in brackets, "*" for a wildcard, as ss prints them. */
function hostPort(address: string, port: number | undefined): string {
  const host = address.includes(':') ? `[${address}]` : address;
  return `${host}:${port ?? '*'}`;
}

/**
 * `netcheck sockets -u` (like `ss -uan`): one line a UDP socket (state, queues, ends, drops, holders), then the
 * kernel's UDP loss counters; a receive buffer overflow is said in yellow, with the fix.
 */
export function renderUdpReport(r: UdpReport, style: Style): string[] {
  const rows = [['State', 'Recv-Q', 'Send-Q', 'Local Address:Port', 'Peer Address:Port', 'Drops', 'Process']];
  for (const s of r.sockets) {
    const owners = s.owners === undefined ? '' : who(s.owners);
    const ends = [hostPort(s.localAddress, s.localPort), hostPort(s.remoteAddress, s.remotePort)];
    rows.push([s.state, String(s.recvQ), String(s.sendQ), ...ends, String(s.drops), owners]);
  }
  const lines = [`UDP sockets: ${r.sockets.length}`, ...renderTable(rows, [1, 2, 5])];
  const c = r.counters;
  const n = (x: number | undefined) => (x === undefined ? '-' : String(x));
  lines.push(
    '',
    `UDP since boot: ${n(c.inDatagrams)} datagrams in, ${n(c.noPorts)} to closed ports, ` +
      `${n(c.rcvbufErrors)} receive buffer errors, ${n(c.sndbufErrors)} send buffer errors`,
  );
  const dropping = r.sockets.filter((s) => s.drops > 0);
  if (dropping.length > 0) {
    const where = dropping.map((s) => `${hostPort(s.localAddress, s.localPort)} (${s.drops})`).join(', ');
    lines.push(style.yellow(`datagrams dropped on full receive buffers: ${where}`));
    lines.push('  next: the application reads too slowly, or raise its SO_RCVBUF / net.core.rmem_max');
  }
  for (const w of r.warnings) lines.push(style.dim(`warning: ${w}`));
  return lines;
}

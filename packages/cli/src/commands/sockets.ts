import type { Command } from '@commander-js/extra-typings';
import { InvalidArgumentError, Option } from '@commander-js/extra-typings';
import { ExitCode, NetcheckError, parseTarget } from '@netcheck/core';
import type {
  AuditItem,
  InspectSocketsOptions,
  SocketFilter,
  SocketFinding,
  SocketReport,
  SocketRuleOverrides,
  SocketSample,
  SocketTrends,
  StateCounts,
  TcpSocket,
  TcpState,
} from '@netcheck/sockets';
import type { CliContext } from '../context.js';
import { numberOption } from '../options.js';
import type { Style } from '../style.js';
import { makeStyle, renderTable, writeJson, writeNdjson } from '../style.js';
import type { CommandModule } from './index.js';

// Kept here (not imported at load time) so other commands do not pay for @netcheck/sockets.
const STATES: readonly TcpState[] = ['LISTEN', 'SYN_SENT', 'SYN_RECV', 'ESTABLISHED', 'FIN_WAIT_1', 'FIN_WAIT_2', 'CLOSE_WAIT', 'CLOSING', 'LAST_ACK', 'TIME_WAIT', 'CLOSED'];
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

const n = (x: number) => x.toLocaleString('en-US');
const endpoint = (a: string, p: number) => (a.includes(':') ? `[${a}]:${p}` : `${a}:${p}`);
const statesText = (s: Partial<StateCounts>) =>
  STATES.filter((k) => (s[k] ?? 0) > 0)
    .map((k) => `${k} ${n(s[k]!)}`)
    .join(', ');
const who = (list: readonly { pid: number; name: string | undefined }[]) =>
  list
    .slice(0, 3)
    .map((o) => `${o.name ?? '?'} (${o.pid})`)
    .join(', ') + (list.length > 3 ? ` +${list.length - 3}` : '');

/** Wrap text to `width` columns with an indent. */
function wrap(text: string, indent: string, width = 100): string[] {
  const out: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line && indent.length + line.length + 1 + word.length > width) {
      out.push(indent + line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) out.push(indent + line);
  return out;
}

const section = (style: Style, title: string) => ['', style.bold(title)];

/** The state table, with the change since the first sample when two were taken. */
export function renderStateTable(r: SocketReport): string[] {
  const rows: string[][] = [r.stateDeltas ? ['STATE', 'COUNT', 'CHANGE'] : ['STATE', 'COUNT']];
  for (const s of STATES) {
    const row = [s, n(r.states[s])];
    if (r.stateDeltas) row.push(r.stateDeltas[s] === 0 ? '' : `${r.stateDeltas[s] > 0 ? '+' : ''}${n(r.stateDeltas[s])}`);
    rows.push(row);
  }
  rows.push(['total', n(r.total), ...(r.stateDeltas ? [''] : [])]);
  return renderTable(rows, [1, 2]).map((l) => `  ${l}`);
}

function renderAudit(items: readonly AuditItem[], style: Style): string[] {
  const colour = (s: AuditItem['status']) => (s === 'warn' ? style.red : s === 'note' ? style.yellow : s === 'unknown' ? style.dim : (x: string) => x);
  const rows = items.map((a) => [colour(a.status)(a.status), `${a.sysctl} = ${a.value ?? '?'}`, a.text]);
  return renderTable(rows).map((l) => `  ${l}`);
}

/** A finding in words: title, explanation, evidence, commands to look closer. */
export function renderFinding(f: SocketFinding, style: Style): string[] {
  const colour = f.severity === 'critical' ? style.red : f.severity === 'warning' ? style.yellow : style.cyan;
  const lines = [`  ${colour(f.severity.toUpperCase())}  ${style.bold(f.title)}`];
  lines.push(...wrap(f.explanation, '     '));
  lines.push(...wrap(`evidence: ${f.evidence.map((e) => `${e.name} = ${typeof e.value === 'number' ? n(e.value) : e.value} (${e.source})`).join('; ')}`, '     '));
  lines.push('     look closer:', ...f.nextSteps.map((c) => `       ${style.cyan(c)}`));
  return lines;
}

/** The whole text report: states, breakdowns, listeners, counters, audit, findings. */
export function renderSocketReport(r: SocketReport, style: Style, opts: { list?: boolean } = {}): string[] {
  const src = r.source ? `read ${r.source.what} in ${Math.round(r.source.durationMs)} ms` : 'no table';
  const lines = [`${style.bold(`TCP sockets: ${n(r.total)}`)}${r.filter ? ' (filtered)' : ''}   ${style.dim(src)}`];
  lines.push('', ...renderStateTable(r));
  if (r.ports?.length) {
    lines.push(...section(style, 'Top local ports'));
    const rows = [['PORT', 'TOTAL', 'STATES', 'PROCESSES']];
    for (const p of r.ports) rows.push([`${p.port}${p.listening ? ' (listening)' : ''}`, n(p.total), statesText(p.states), who(p.processes)]);
    lines.push(...renderTable(rows, [1]).map((l) => `  ${l}`));
  }
  if (r.destinations?.length) {
    lines.push(...section(style, 'Top destinations (outgoing connections)'));
    const rows = [['DESTINATION', 'TOTAL', 'STATES', 'EPHEMERAL PORTS', 'PROCESSES']];
    for (const d of r.destinations) rows.push([endpoint(d.address, d.port), n(d.total), statesText(d.states), d.ephemeralPortsInUse ? n(d.ephemeralPortsInUse) : '', who(d.processes)]);
    lines.push(...renderTable(rows, [1, 3]).map((l) => `  ${l}`));
  }
  if (r.peers?.length) {
    lines.push(...section(style, 'Top peers'));
    const rows = [['ADDRESS', 'TOTAL', 'STATES']];
    for (const p of r.peers) rows.push([p.address, n(p.total), statesText(p.states)]);
    lines.push(...renderTable(rows, [1]).map((l) => `  ${l}`));
  }
  if (r.processes !== undefined) {
    lines.push(...section(style, 'Top processes'));
    if (Array.isArray(r.processes)) {
      const rows = [['PID', 'NAME', 'TOTAL', 'STATES', 'LISTENS ON']];
      for (const p of r.processes) rows.push([String(p.pid), p.name ?? '?', n(p.total), statesText(p.states), p.listening.join(' ')]);
      lines.push(...(r.processes.length ? renderTable(rows, [0, 2]).map((l) => `  ${l}`) : ['  (no process holds these sockets)']));
    } else lines.push(style.dim(`  ${r.processes.why}`));
  }
  if (r.listeners?.length) {
    lines.push(...section(style, 'Listeners (accept queue: waiting / limit)'));
    const rows = [['ADDRESS', 'QUEUE', 'SYN_RECV', 'PROCESS']];
    for (const l of r.listeners) {
      const q = `${l.queueLength ?? '?'} / ${l.queueLimit ?? '?'}`;
      const full = l.queueLength !== undefined && l.queueLimit !== undefined && l.queueLength >= l.queueLimit;
      rows.push([endpoint(l.address, l.port), full ? style.red(q) : q, n(l.synRecv), who(l.owners)]);
    }
    lines.push(...renderTable(rows, [1, 2]).map((l) => `  ${l}`));
  }
  if (r.counters) {
    lines.push(...section(style, 'Kernel counters'));
    if (r.deltas) {
      const moved = Object.entries(r.deltas.counters).filter(([, d]) => (d?.delta ?? 0) !== 0);
      lines.push(`  moved in ${(r.deltas.intervalMs / 1000).toFixed(1)} s:`);
      if (moved.length === 0) lines.push('    none');
      for (const [name, d] of moved) lines.push(`    ${name.padEnd(18)} ${(d!.delta! > 0 ? '+' : '') + n(d!.delta!)}  (${d!.perSecond!.toFixed(1)}/s, now ${n(d!.after)})`);
    } else {
      lines.push(style.dim('  one sample: totals since the namespace was made; whether they are rising was not measured (--delta 2 or --watch)'));
      const shown = Object.entries(r.counters).filter(([, v]) => v !== 0);
      for (let i = 0; i < shown.length; i += 4) lines.push(`    ${shown.slice(i, i + 4).map(([k, v]) => `${k} ${n(v!)}`).join('   ')}`);
    }
    if (r.sockstat) lines.push(style.dim(`  sockstat: ${n(r.sockstat.tcpInUse ?? 0)} in use, ${n(r.sockstat.tcpOrphans ?? 0)} orphaned, ${n(r.sockstat.tcpTimeWait ?? 0)} TIME_WAIT (whole namespace)`));
  }
  if (r.audit) lines.push(...section(style, 'Sysctl audit'), ...renderAudit(r.audit, style));
  if (opts.list && r.sockets.length) {
    lines.push(...section(style, `Sockets (${r.sockets.length}${r.sockets.length < r.total ? ` of ${n(r.total)}` : ''})`));
    lines.push(...renderSockets(r.sockets).map((l) => `  ${l}`));
  }
  lines.push(...section(style, 'Findings'));
  if (r.findings.length === 0) lines.push(style.green('  none: no rule fired on this table'));
  for (const f of r.findings) lines.push(...renderFinding(f, style), '');
  if (r.findings.length) lines.pop();
  for (const note of r.notes) lines.push(style.dim(`note: ${note}`));
  for (const w of r.warnings) lines.push(style.dim(`warning: ${w}`));
  return lines;
}

/** Sockets like ss prints them. */
export function renderSockets(sockets: readonly TcpSocket[]): string[] {
  const rows = [['STATE', 'RECV-Q', 'SEND-Q', 'LOCAL', 'PEER', 'PROCESS']];
  for (const s of sockets) {
    rows.push([s.state, s.recvQ === undefined ? '' : String(s.recvQ), s.sendQ === undefined ? '' : String(s.sendQ), endpoint(s.localAddress, s.localPort), s.remotePort ? endpoint(s.remoteAddress, s.remotePort) : '*', who(s.owners)]);
  }
  return renderTable(rows, [1, 2]);
}

/** One line per `--watch` sample, like `sar -n SOCK`: counts, change since the last sample, counters that moved. */
export function renderWatchSample(s: SocketSample, style: Style, header: boolean): string[] {
  const cols = STATES.filter((x) => x !== 'CLOSED');
  const widths = cols.map((c) => Math.max(SHORT[c].length, 9));
  const lines: string[] = [];
  if (header) lines.push(style.bold(['TIME    ', '    TOTAL', ...cols.map((c, i) => SHORT[c].padStart(widths[i]!))].join(' ') + '  COUNTERS MOVED'));
  const cell = (v: number, d: number | undefined) => (d ? `${n(v)}${d > 0 ? '+' : ''}${n(d)}` : n(v));
  const moved = Object.entries(s.counterDeltas ?? {})
    .filter(([k, v]) => v !== 0 && k !== 'CurrEstab' && k !== 'InSegs' && k !== 'OutSegs')
    .map(([k, v]) => `${k}${v! > 0 ? '+' : ''}${n(v!)}`)
    .join(' ');
  const time = s.at.slice(11, 19);
  const totalDelta = s.stateDeltas ? STATES.reduce((a, x) => a + s.stateDeltas![x], 0) : undefined;
  lines.push([time, cell(s.total, totalDelta).padStart(9), ...cols.map((c, i) => cell(s.states[c], s.stateDeltas?.[c]).padStart(widths[i]!))].join(' ') + (moved ? `  ${moved}` : ''));
  return lines;
}

/** What the watch showed: leaks (steady growth) told from bursts. */
export function renderTrends(t: SocketTrends | undefined, style: Style): string[] {
  if (!t) return [style.dim('fewer than 3 samples: too few to tell steady growth from a burst')];
  const lines = [style.bold(`over ${t.intervals} intervals:`)];
  const said: Record<string, string> = { growing: 'grew steadily — a leak looks like this', burst: 'rose and fell back — a burst', falling: 'fell' };
  let any = false;
  for (const s of STATES) {
    const x = t.states[s];
    if (x.verdict === 'steady') continue;
    any = true;
    lines.push(`  ${(x.verdict === 'growing' ? style.yellow : (v: string) => v)(`${s}: ${said[x.verdict]} (${n(x.first)} → ${n(x.last)}, peak ${n(x.max)})`)}`);
  }
  for (const [name, c] of Object.entries(t.counters)) {
    if (!c || c.verdict === 'quiet' || name === 'InSegs' || name === 'OutSegs' || name === 'ActiveOpens' || name === 'PassiveOpens') continue;
    any = true;
    lines.push(`  ${name}: rose in ${c.risingIntervals} of ${t.intervals} intervals (+${n(c.total)})${c.verdict === 'rising' ? ' — steadily' : ' — in bursts'}`);
  }
  if (!any) lines.push('  every state steady, no error counter moved');
  return lines;
}

/** 0 no finding of warning or critical severity; 1 some; 3 the table could not be read. */
export function socketsExitCode(r: SocketReport): number {
  if (!r.ok) return ExitCode.ToolFailed;
  return r.findings.some((f) => f.severity === 'warning' || f.severity === 'critical') ? ExitCode.Problem : ExitCode.Healthy;
}

function parseStates(text: string, parse: (t: string) => TcpState | undefined): TcpState[] {
  return text.split(',').map((t) => {
    const s = parse(t);
    if (!s) throw new NetcheckError('usage', `unknown TCP state "${t.slice(0, 30)}"`, `use one or more of ${STATES.join(', ')} (ss spellings such as established, close-wait, time-wait work too)`);
    return s;
  });
}

function parsePeer(text: string): { address: string; port?: number } {
  const t = parseTarget(text);
  if (t.kind === 'hostname' || t.scheme) throw new NetcheckError('invalid-target', `--peer takes an IP address, optionally with a port (got "${text.slice(0, 60)}")`, `resolve the name first (netcheck dns ${t.host}), then: netcheck sockets --peer 192.0.2.10:443`);
  return { address: t.host, ...(t.port !== undefined ? { port: t.port } : {}) };
}

/** `--rule close-wait-leak.minCloseWait=5`: a rule threshold. */
function collectRule(value: string, previous: string[] = []): string[] {
  if (!/^[a-z0-9-]+\.[A-Za-z]+=\d+(\.\d+)?$/.test(value)) throw new InvalidArgumentError(`expected rule.option=number, e.g. close-wait-leak.minCloseWait=5 (got "${value.slice(0, 60)}")`);
  return [...previous, value];
}

function ruleOverrides(rules: readonly string[], defaults: Record<string, Record<string, number>>): SocketRuleOverrides {
  const out: Record<string, Record<string, number>> = {};
  for (const r of rules) {
    const [, rule, key, value] = /^([a-z0-9-]+)\.([A-Za-z]+)=(.*)$/.exec(r)!;
    const known = defaults[rule!];
    if (!known) throw new NetcheckError('usage', `unknown rule "${rule}"`, `rules: ${Object.keys(defaults).join(', ')}`);
    if (!(key! in known)) throw new NetcheckError('usage', `rule ${rule} has no option "${key}"`, `its options: ${Object.entries(known).map(([k, v]) => `${k} (default ${v})`).join(', ')}`);
    (out[rule!] ??= {})[key!] = Number(value);
  }
  return out as SocketRuleOverrides;
}

export const socketsCommand: CommandModule = {
  name: 'sockets',
  register(program: Command, ctx: CliContext) {
    program
      .command('sockets')
      .alias('ss')
      .description('TCP sockets by state, port, peer and process, kernel counters and sysctls, and what looks wrong')
      .option('--port <n>', 'only sockets with this local or remote port', numberOption('port', { min: 1, max: 65535, integer: true }))
      .option('--state <states>', 'only these states, comma-separated (ESTABLISHED, close-wait, TIME_WAIT...)')
      .option('--process <name|pid>', 'only sockets held by this process (a pid, or a command name as in /proc/<pid>/comm)')
      .option('--peer <address[:port]>', 'only sockets whose remote end is this address (and port)')
      .addOption(new Option('--watch [seconds]', 'sample every N seconds (default 1) and show what changed, until Ctrl-C').argParser(numberOption('watch', { min: 0.1, max: 3600 })))
      .option('--samples <n>', 'with --watch: stop after this many samples', numberOption('samples', { min: 1, max: 1_000_000, integer: true }))
      .addOption(new Option('--delta [seconds]', 'sample twice, N seconds apart (default 2), to see which counters and states rise').argParser(numberOption('delta', { min: 0.1, max: 600 })))
      .option('--counts', 'state counts only (fastest; no breakdowns, audit or findings)')
      .option('--processes', 'attribute every socket to its process, however large the table')
      .option('--listener-limits', 'always read the accept queue limits (ss -ltn), even on a large table with empty queues')
      .option('--idle-scan <n>', 'examine idle times of ESTABLISHED sockets when there are at most this many', numberOption('idle-scan', { min: 0, max: 10_000_000, integer: true }), 5000)
      .addOption(new Option('--list [n]', 'list the matching sockets (default 50)').argParser(numberOption('list', { min: 1, max: 1_000_000, integer: true })))
      .option('--top <n>', 'entries per breakdown', numberOption('top', { min: 1, max: 10_000, integer: true }), 10)
      .option('--rule <rule.option=value>', 'change a finding threshold (repeatable), e.g. close-wait-leak.minCloseWait=5', collectRule)
      .option('--json', 'print one JSON document (with --watch: one JSON line per sample)')
      .addHelpText(
        'after',
        `
Examples:
  netcheck sockets                          states, top ports/peers/processes, counters, audit, findings
  netcheck ss --state close-wait            who holds CLOSE_WAIT sockets
  netcheck sockets --port 443 --list        every socket on port 443
  netcheck sockets --peer 10.0.4.2:80       connections to one destination (TIME_WAIT, SYN_SENT...)
  netcheck sockets --process nginx
  netcheck sockets --delta 2                are SYN cookies or listen overflows rising right now?
  netcheck sockets --watch 1                per-second changes, like sar -n SOCK 1: a leak or a burst?
  netcheck sockets --counts --json

Options have no one-letter forms: ss's (-p, -s, -l, -w, -d) mean other things.
Linux reads /proc/net/tcp and /proc/net/tcp6 of the network namespace it runs in
(ip netns exec NS netcheck sockets inspects another one); other systems use netstat and lsof.
Exit codes: 0 no warning, 1 a finding of warning or critical severity, 2 usage, 3 no socket table could be read.`,
      )
      .action(async (opts) => {
        const style = makeStyle(ctx.io);
        const lib = await import('@netcheck/sockets');
        const filter: SocketFilter = {};
        if (opts.port !== undefined) filter.port = opts.port;
        if (opts.state !== undefined) filter.states = parseStates(opts.state, lib.parseTcpState);
        if (opts.process !== undefined) filter.process = /^\d+$/.test(opts.process) ? Number(opts.process) : opts.process;
        if (opts.peer !== undefined) filter.peer = parsePeer(opts.peer);
        const problem = lib.validateSocketFilter(filter);
        if (problem) throw new NetcheckError('usage', problem);
        const hasFilter = Object.keys(filter).length > 0;
        const procRoot = ctx.io.env.NETCHECK_PROC_ROOT;
        const base: InspectSocketsOptions = {
          runner: ctx.runner,
          signal: ctx.signal,
          ...(hasFilter ? { filter } : {}),
          ...(procRoot ? { procRoot } : {}),
        };

        if (opts.watch !== undefined) {
          const intervalMs = (opts.watch === true ? 1 : opts.watch) * 1000;
          const samples: SocketSample[] = [];
          for await (const s of lib.watchSockets({ ...base, intervalMs, samples: opts.samples })) {
            samples.push(s);
            if (opts.json) writeNdjson(ctx.io, s);
            else ctx.io.out(`${renderWatchSample(s, style, s.index % 20 === 0).join('\n')}\n`);
          }
          if (samples.length === 0) {
            ctx.io.err(`${style.red('error:')} no TCP socket table could be read\n`);
            ctx.exitCode = ExitCode.ToolFailed;
            return;
          }
          const trends = lib.deriveTrends(samples);
          if (opts.json) writeNdjson(ctx.io, { type: 'trends', trends });
          else ctx.io.out(`\n${renderTrends(trends, style).join('\n')}\n`);
          ctx.exitCode = ExitCode.Healthy;
          return;
        }

        const listN = opts.list === undefined ? 0 : opts.list === true ? 50 : opts.list;
        const report = await lib.inspectSockets({
          ...base,
          countsOnly: opts.counts === true,
          deltaMs: opts.delta === undefined ? 0 : (opts.delta === true ? 2 : opts.delta) * 1000,
          processes: opts.processes ? 'all' : 'auto',
          listenerLimits: opts.listenerLimits ? 'always' : 'auto',
          idleScanMax: opts.idleScan,
          keepSockets: listN,
          top: opts.top,
          rules: ruleOverrides(opts.rule ?? [], lib.SOCKET_RULE_DEFAULTS as unknown as Record<string, Record<string, number>>),
        });
        if (opts.json) writeJson(ctx.io, report);
        else if (!report.ok) {
          ctx.io.err(`${style.red('error:')} ${report.failure?.detail ?? 'no TCP socket table could be read'}\n`);
          if (report.failure?.hint) ctx.io.err(`  ${report.failure.hint}\n`);
        } else if (opts.counts) ctx.io.out(`${[`TCP sockets: ${n(report.total)}`, ...renderStateTable(report)].join('\n')}\n`);
        else ctx.io.out(`${renderSocketReport(report, style, { list: listN > 0 }).join('\n')}\n`);
        ctx.exitCode = socketsExitCode(report);
      });
  },
};

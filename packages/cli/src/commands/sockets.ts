import type { Command } from '@commander-js/extra-typings';
import { InvalidArgumentError, Option } from '@commander-js/extra-typings';
import { ExitCode, exitCodeFor, NetcheckError, parseTarget } from '@netcheck/core';
import type {
  InspectSocketsOptions,
  SocketFilter,
  SocketRuleOverrides,
  SocketSample,
  TcpState,
} from '@netcheck/sockets';
import type { CliContext } from '../context.js';
import { declareConflicts, numberOption } from '../options.js';
import {
  renderSocketCounts,
  renderSocketFailure,
  renderSocketReport,
  renderTrends,
  renderUdpReport,
  renderWatchSample,
  SOCKET_STATES,
} from '../render/sockets.js';
import { makeStyle, writeJson, writeNdjson } from '../style.js';
import type { CommandModule } from './index.js';

function parseStates(text: string, parse: (t: string) => TcpState | undefined): TcpState[] {
  return text.split(',').map((t) => {
    const s = parse(t);
    if (!s) {
      throw new NetcheckError(
        'usage',
        `unknown TCP state "${t.slice(0, 30)}"`,
        `use one or more of ${SOCKET_STATES.join(', ')} (ss spellings such as established, close-wait, time-wait ` +
          `work too)`,
      );
    }
    return s;
  });
}

function parsePeer(text: string): { address: string; port?: number } {
  const t = parseTarget(text);
  if (t.kind === 'hostname' || t.scheme) {
    throw new NetcheckError(
      'invalid-target',
      `--peer takes an IP address, optionally with a port (got "${text.slice(0, 60)}")`,
      `resolve the name first (netcheck dns ${t.host}), then: netcheck sockets --peer 192.0.2.10:443`,
    );
  }
  return { address: t.host, ...(t.port !== undefined ? { port: t.port } : {}) };
}

const RULE_OPTION = /^([a-z0-9-]+)\.([A-Za-z]+)=(\d+(?:\.\d+)?)$/;

/** `--rule close-wait-leak.minCloseWait=5`: a rule threshold. */
function collectRule(value: string, previous: string[] = []): string[] {
  if (!RULE_OPTION.test(value)) {
    const example = 'close-wait-leak.minCloseWait=5';
    throw new InvalidArgumentError(`expected rule.option=number, e.g. ${example} (got "${value.slice(0, 60)}")`);
  }
  return [...previous, value];
}

function ruleOverrides(
  rules: readonly string[],
  defaults: Readonly<Record<string, Readonly<Record<string, number>>>>,
): SocketRuleOverrides {
  const out: Record<string, Record<string, number>> = {};
  for (const r of rules) {
    const [, rule = '', key = '', value = ''] = RULE_OPTION.exec(r) ?? [];
    // own keys only: `constructor.name` or `__proto__.x` are unknown rules, never a path into an object
    const known = Object.hasOwn(defaults, rule) ? defaults[rule] : undefined;
    if (!known)
      throw new NetcheckError('usage', `unknown rule "${rule}"`, `rules: ${Object.keys(defaults).join(', ')}`);
    if (!Object.hasOwn(known, key)) {
      const options = Object.entries(known).map(([k, v]) => `${k} (default ${v})`);
      throw new NetcheckError('usage', `rule ${rule} has no option "${key}"`, `its options: ${options.join(', ')}`);
    }
    (out[rule] ??= {})[key] = Number(value);
  }
  return out as SocketRuleOverrides;
}

const HELP = `
Examples:
  netcheck sockets                          states, top ports/peers/processes, counters, audit, findings
  netcheck ss --state close-wait            who holds CLOSE_WAIT sockets
  netcheck sockets --port 443 --list        every socket on port 443
  netcheck sockets --peer 10.0.4.2:80       connections to one destination (TIME_WAIT, SYN_SENT...)
  netcheck sockets --process nginx
  netcheck sockets --delta 2                are SYN cookies or listen overflows rising right now?
  netcheck sockets --watch 1                per-second changes, like sar -n SOCK 1: a leak or a burst?
  netcheck sockets --counts --json
  netcheck ss -uan                          UDP sockets, their queues and drops
  netcheck ss -tlnp                         TCP listeners and who holds them

ss's letters: -t TCP (the default), -u UDP (-t -u both), -l listening only (TCP LISTEN, UDP bound), -a all
(the default), -n numeric (always), -p processes.
Linux reads /proc/net/tcp and /proc/net/tcp6 of the network namespace it runs in
(ip netns exec NS netcheck sockets inspects another one); other systems use netstat and lsof.
Exit codes: 0 no warning, 1 a finding of warning or critical severity, 2 usage, 3 no socket table could be read.`;

export const socketsCommand: CommandModule = {
  name: 'sockets',
  register(program: Command, ctx: CliContext) {
    const cmd = program
      .command('sockets')
      .alias('ss')
      .description('TCP sockets by state, port, peer and process, kernel counters and sysctls, and what looks wrong')
      .option(
        '--port <n>',
        'only sockets with this local or remote port',
        numberOption('port', { min: 1, max: 65535, integer: true }),
      )
      .option('--state <states>', 'only these states, comma-separated (ESTABLISHED, close-wait, TIME_WAIT...)')
      .option(
        '--process <name|pid>',
        'only sockets held by this process (a pid, or a command name as in /proc/<pid>/comm)',
      )
      .option('--peer <address[:port]>', 'only sockets whose remote end is this address (and port)')
      .addOption(
        new Option(
          '--watch [seconds]',
          'sample every N seconds (default 1) and show what changed, until Ctrl-C',
        ).argParser(numberOption('watch', { min: 0.1, max: 3600 })),
      )
      .option(
        '--samples <n>',
        'with --watch: stop after this many samples',
        numberOption('samples', { min: 1, max: 1_000_000, integer: true }),
      )
      .addOption(
        new Option(
          '--delta [seconds]',
          'sample twice, N seconds apart (default 2), to see which counters and states rise',
        ).argParser(numberOption('delta', { min: 0.1, max: 600 })),
      )
      .option('--counts', 'state counts only (fastest; no breakdowns, audit or findings)')
      .option('-p, --processes', 'attribute every socket to its process, however large the table')
      .option('-t, --tcp', 'TCP sockets (the default)')
      .option('-u, --udp', 'UDP sockets (with -t: both)')
      .option('-l, --listening', 'listening sockets only (TCP LISTEN, UDP bound without a peer)')
      .option('-a, --all', 'every state (the default)')
      .option('-n, --numeric', 'numbers, not names (always)')
      .option(
        '--listener-limits',
        'always read the accept queue limits (ss -ltn), even on a large table with empty queues',
      )
      .option(
        '--idle-scan <n>',
        'examine idle times of ESTABLISHED sockets when there are at most this many',
        numberOption('idle-scan', { min: 0, max: 10_000_000, integer: true }),
        5000,
      )
      .addOption(
        new Option('--list [n]', 'list the matching sockets (default 50)').argParser(
          numberOption('list', { min: 1, max: 1_000_000, integer: true }),
        ),
      )
      .option('--top <n>', 'entries per breakdown', numberOption('top', { min: 1, max: 10_000, integer: true }), 10)
      .option(
        '--rule <rule.option=value>',
        'change a finding threshold (repeatable), e.g. close-wait-leak.minCloseWait=5',
        collectRule,
      )
      .option('--json', 'print one JSON document (with --watch: one JSON line per sample)')
      .addHelpText('after', HELP);
    declareConflicts(cmd, [
      ['listening', 'all'],
      ['listening', 'state'],
    ]).action((opts) => runSockets(ctx, opts));
  },
};

/** The options `netcheck sockets` parses (commander fills them in). */
interface SocketsCliOptions {
  port?: number | undefined;
  state?: string | undefined;
  process?: string | undefined;
  peer?: string | undefined;
  watch?: number | true | undefined;
  samples?: number | undefined;
  delta?: number | true | undefined;
  counts?: true | undefined;
  processes?: true | undefined;
  listenerLimits?: true | undefined;
  idleScan: number;
  list?: number | true | undefined;
  top: number;
  rule?: string[] | undefined;
  json?: true | undefined;
  tcp?: true | undefined;
  udp?: true | undefined;
  listening?: true | undefined;
}

/** Options that only the TCP table has. */
const TCP_ONLY = ['state', 'process', 'peer', 'watch', 'delta', 'counts', 'listenerLimits', 'list', 'rule'] as const;

/** `-u` (without -t): UDP sockets only; with -t, the TCP report first. Exit 3 when no UDP table could be read. */
async function runUdp(ctx: CliContext, opts: SocketsCliOptions, lib: SocketsLib): Promise<void> {
  const used = TCP_ONLY.filter((k) => opts[k] !== undefined);
  if (used.length > 0) {
    const hint = 'add -t for the TCP table alongside: netcheck ss -t -u ...';
    throw new NetcheckError('usage', `--${used[0]} is for TCP sockets, not UDP (-u)`, hint);
  }
  const report = lib.inspectUdpSockets({
    processes: opts.processes === true,
    ...(ctx.io.env.NETCHECK_PROC_ROOT ? { procRoot: ctx.io.env.NETCHECK_PROC_ROOT } : {}),
  });
  const sockets = report.sockets.filter(
    (s) =>
      (!opts.listening || s.state === 'UNCONN') &&
      (opts.port === undefined || s.localPort === opts.port || s.remotePort === opts.port),
  );
  const shown = { ...report, sockets };
  const style = makeStyle(ctx.io);
  if (opts.json) writeJson(ctx.io, shown);
  else if (!report.ok)
    ctx.io.err(`${style.red('error:')} no UDP socket table could be read: ${report.warnings.join('; ')}\n`);
  else ctx.io.out(`${renderUdpReport(shown, style).join('\n')}\n`);
  ctx.exitCode = report.ok ? ExitCode.Healthy : ExitCode.ToolFailed;
}

/** Options -> call -> render -> exit code. */
async function runSockets(ctx: CliContext, opts: SocketsCliOptions): Promise<void> {
  const lib = await import('@netcheck/sockets');
  if (opts.udp && !opts.tcp) return runUdp(ctx, opts, lib);
  const filter = buildFilter(opts, lib.parseTcpState);
  const problem = lib.validateSocketFilter(filter);
  if (problem) throw new NetcheckError('usage', problem);
  const procRoot = ctx.io.env.NETCHECK_PROC_ROOT;
  const base: InspectSocketsOptions = {
    runner: ctx.runner,
    signal: ctx.signal,
    ...(Object.keys(filter).length > 0 ? { filter } : {}),
    ...(procRoot ? { procRoot } : {}),
  };
  if (opts.watch !== undefined) {
    const intervalMs = (opts.watch === true ? 1 : opts.watch) * 1000;
    await watch(ctx, lib, { ...base, intervalMs, samples: opts.samples }, opts.json === true);
    return;
  }
  const listN = opts.list === undefined ? 0 : opts.list === true ? 50 : opts.list;
  const defaults: Readonly<Record<string, Readonly<Record<string, number>>>> = lib.SOCKET_RULE_DEFAULTS;
  const report = await lib.inspectSockets({
    ...base,
    countsOnly: opts.counts === true,
    deltaMs: opts.delta === undefined ? 0 : (opts.delta === true ? 2 : opts.delta) * 1000,
    processes: opts.processes ? 'all' : 'auto',
    listenerLimits: opts.listenerLimits ? 'always' : 'auto',
    idleScanMax: opts.idleScan,
    keepSockets: listN,
    top: opts.top,
    rules: ruleOverrides(opts.rule ?? [], defaults),
  });
  const style = makeStyle(ctx.io);
  if (opts.udp) {
    const udp = lib.inspectUdpSockets({ processes: opts.processes === true, ...(procRoot ? { procRoot } : {}) });
    if (opts.json) writeJson(ctx.io, { tcp: report, udp });
    else {
      const tcpLines = renderSocketReport(report, style, { list: listN > 0 });
      ctx.io.out(`${[...tcpLines, '', ...renderUdpReport(udp, style)].join('\n')}\n`);
    }
    ctx.exitCode = exitCodeFor(report);
    return;
  }
  if (opts.json) writeJson(ctx.io, report);
  else if (!report.ok) ctx.io.err(`${renderSocketFailure(report, style).join('\n')}\n`);
  else if (opts.counts) ctx.io.out(`${renderSocketCounts(report).join('\n')}\n`);
  else ctx.io.out(`${renderSocketReport(report, style, { list: listN > 0 }).join('\n')}\n`);
  ctx.exitCode = exitCodeFor(report);
}

type SocketsLib = typeof import('@netcheck/sockets');

/** The filter the options ask for; empty when none. */
function buildFilter(
  opts: {
    port?: number | undefined;
    state?: string | undefined;
    process?: string | undefined;
    peer?: string | undefined;
    listening?: true | undefined;
  },
  parseTcpState: (t: string) => TcpState | undefined,
): SocketFilter {
  const filter: SocketFilter = {};
  if (opts.port !== undefined) filter.port = opts.port;
  if (opts.state !== undefined) filter.states = parseStates(opts.state, parseTcpState);
  if (opts.listening) filter.states = ['LISTEN'];
  if (opts.process !== undefined) filter.process = /^\d+$/.test(opts.process) ? Number(opts.process) : opts.process;
  if (opts.peer !== undefined) filter.peer = parsePeer(opts.peer);
  return filter;
}

/** `--watch`: one line (or JSON line) per sample, then the trends; exit 3 when no sample could be taken. */
async function watch(
  ctx: CliContext,
  lib: SocketsLib,
  options: Parameters<SocketsLib['watchSockets']>[0],
  json: boolean,
): Promise<void> {
  const style = makeStyle(ctx.io);
  const samples: SocketSample[] = [];
  for await (const s of lib.watchSockets(options)) {
    samples.push(s);
    if (json) writeNdjson(ctx.io, s);
    else ctx.io.out(`${renderWatchSample(s, style, s.index % 20 === 0).join('\n')}\n`);
  }
  if (samples.length === 0) {
    ctx.io.err(`${style.red('error:')} no TCP socket table could be read\n`);
    ctx.exitCode = ExitCode.ToolFailed;
    return;
  }
  const trends = lib.deriveTrends(samples);
  if (json) writeNdjson(ctx.io, { type: 'trends', trends });
  else ctx.io.out(`\n${renderTrends(trends, style).join('\n')}\n`);
  ctx.exitCode = ExitCode.Healthy;
}

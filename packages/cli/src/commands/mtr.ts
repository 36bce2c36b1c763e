import { hostname } from 'node:os';
import type { Command } from '@commander-js/extra-typings';
import type { PathpingOptions, PathpingReport } from '@netcheck/pathping';
import { exitCodeForPathping, MTR_MAX_UNKNOWN, makeHopNames, makeTxtLookup, pathping } from '@netcheck/pathping';
import type { CliContext } from '../context.js';
import { declareConflicts, numberOption } from '../options.js';
import { makePauseGate } from '../pause-gate.js';
import type { MtrView } from '../render/mtr.js';
import { renderMtrReport } from '../render/mtr.js';
import { buildMtrJson, renderMtrCsv, roundNumbers } from '../render/mtr-export.js';
import { makeStyle, writeJson, writeNdjson } from '../style.js';
import type { CommandModule } from './index.js';
import { processTerminal, runLiveMtr } from './mtr-live.js';

/** The options, with mtr's letters and meanings (mtr(8)); netcheck's own have long names only. */
function declareMtrOptions(program: Command) {
  const cmd = program
    .command('mtr')
    .alias('pathping')
    .description(
      'probe every hop of the path over many rounds: per-hop loss and latency, and which link or router causes them',
    )
    .argument('<host>', 'hostname, IPv4 or IPv6 address')
    .option(
      '-c, --report-cycles <count>',
      'send this many probes to each hop, one a round (as mtr -c)',
      numberOption('count', { min: 1, max: 10_000, integer: true }),
    )
    .option(
      '--rounds <n>',
      'this many rounds of --probes probes a hop (default: until the verdicts settle; live: until q)',
      numberOption('rounds', { min: 1, max: 10_000, integer: true }),
    )
    .option(
      '--probes <n>',
      'probes per hop in each round (default: 10; 1 in the live view without -c or --rounds)',
      numberOption('probes', { min: 1, max: 30, integer: true }),
    )
    .option(
      '-i, --interval <seconds>',
      'time between rounds (default: 1 in the live view without -c or --rounds, as mtr; else 0.25)',
      numberOption('interval', { min: 0.05, max: 60 }),
    )
    .option('-m, --max-ttl <ttl>', 'maximum TTL', numberOption('max TTL', { min: 1, max: 64, integer: true }), 30)
    .option(
      '-U, --max-unknown <count>',
      'stop probing further hops once more than this many have not answered (as mtr -U; 0 counts as 1)',
      numberOption('max unknown', { min: 0, max: 64, integer: true }),
      MTR_MAX_UNKNOWN,
    )
    .option('-u, --udp', 'UDP probes (default ICMP when root)')
    .option('-T, --tcp', 'TCP SYN probes (root, or traceroute with cap_net_raw)')
    .option(
      '-P, --port <port>',
      'destination port of TCP or UDP probes',
      numberOption('port', { min: 1, max: 65535, integer: true }),
    )
    .option('-4', 'IPv4 only')
    .option('-6', 'IPv6 only')
    .option('-n, --no-dns', 'numbers only: do not look up host names')
    .option('-b, --show-ips', 'host names and numbers')
    .option('-z, --aslookup', "each hop's origin AS (a DNS TXT lookup of the origin zone, as mtr -z)")
    .option('-r, --report', 'print only the final table (like mtr -r)')
    .option('-w, --report-wide', 'report mode, host names never cut (like mtr -w)')
    .option('-C, --csv', 'print the final table as CSV (like mtr -C)')
    .option('-j, --json', 'print one JSON document')
    .option('--stream', 'print NDJSON round events')
    .option('--paced', 'one probe per router per second: stay within ICMP rate limits (slower)')
    .option('--ping-routers', 'also ping each router directly, pathping style (echo replies are not rate-limited)')
    .addHelpText('after', HELP);
  return declareConflicts(cmd, [
    ['udp', 'tcp'],
    ['4', '6'],
    ['json', 'stream'],
    ['json', 'csv'],
    ['csv', 'stream'],
    ['reportCycles', 'rounds'],
    ['showIps', 'dns'],
  ]);
}

const HELP = `
Examples:
  netcheck mtr example.com                 # live, until q: a probe a hop a second, as mtr
  netcheck mtr 10.0.4.2 -r -c 10           # 10 probes a hop, then the table
  netcheck mtr web.lab -T -P 443 -n
  netcheck mtr 10.0.4.2 -r -U 2            # stop once 3 hops have never answered
  netcheck pathping web.lab --json

Keys in the live view: q quit, p pause probing (again to resume), r reset the counts, n names / numbers,
d display (loss / latency / jitter), o order (hop, worst loss, slowest).
Loss at a hop that does not carry on to later hops is that router's own ICMP handling (rate limiting): shown,
never blamed. Exit codes: 0 path clean, 1 trouble found, 2 usage, 3 could not run.`;

type MtrOpts = ReturnType<ReturnType<typeof declareMtrOptions>['opts']>;

/** How fast rounds go: mtr's pace (the live view) or netcheck's faster one (a count, a report, an export). */
const MTR_PACE = {
  /** mtr's own: one probe per hop a round, a round a second, so every router stays within its ICMP rate limit. */
  mtr: { intervalS: 1, probes: 1 },
  /** Many probes soon: a router's rate limiting is recognised by the attribution, never blamed. */
  fast: { intervalS: 0.25, probes: 10 },
} as const;

/**
 * The pathping options of the command line (pure), first rule that holds:
 * 1 - `-c N` is mtr's: N probes a hop, N rounds of one probe, at the fast interval;
 * 2 - `--rounds N`: N rounds of `--probes`, at the fast pace;
 * 3 - the live view with neither runs until q at mtr's pace (a round a second, one probe per hop): 10 probes
 *     every 0.25 s, 40 a second to each router, were far past the ~1 a second a router answers;
 * 4 - a report with neither runs until the verdicts settle, at the fast pace.
 * An explicit `-i` or `--probes` always wins.
 */
export function buildMtrPathpingOptions(opts: MtrOpts, live: boolean): PathpingOptions {
  const untilQ = live && opts.reportCycles === undefined && opts.rounds === undefined;
  const count = opts.reportCycles ?? opts.rounds ?? (live ? 10_000 : undefined);
  const pace = untilQ ? MTR_PACE.mtr : MTR_PACE.fast;
  const family = opts['6'] ? 6 : opts['4'] ? 4 : undefined;
  const method = opts.tcp ? 'tcp' : opts.udp ? 'udp' : undefined;
  return {
    count,
    intervalMs: (opts.interval ?? pace.intervalS) * 1000,
    probesPerRound: opts.reportCycles !== undefined ? 1 : (opts.probes ?? pace.probes),
    maxTtl: opts.maxTtl,
    maxUnknown: opts.maxUnknown,
    ...(method ? { method } : {}),
    ...(opts.port !== undefined ? { port: opts.port } : {}),
    ...(family ? { family } : {}),
    paced: opts.paced === true,
    pingRouters: opts.pingRouters === true,
  };
}

/** The host column the options ask for: names (mtr's default), numbers (-n) or both (-b). */
const hostsView = (opts: MtrOpts): MtrView['hosts'] =>
  opts.showIps ? 'both' : opts.dns === false ? 'numbers' : 'names';

async function runMtr(host: string, opts: MtrOpts, ctx: CliContext): Promise<void> {
  const style = makeStyle(ctx.io);
  const machine = opts.json || opts.stream || opts.csv;
  const live = ctx.io.isTTY && !opts.report && !opts.reportWide && !machine;
  const options = buildMtrPathpingOptions(opts, live);
  // NETCHECK_ASN_SERVER (ip:port): where the origin TXT lookups go instead of the system's resolver (a lab zone, a
  // test).
  const asnServer = ctx.io.env.NETCHECK_ASN_SERVER;
  const lookups = asnServer ? { txt: makeTxtLookup([asnServer]) } : undefined;
  const names = makeHopNames({
    names: live || opts.dns !== false,
    asn: opts.aslookup === true,
    ...(lookups ? { lookups } : {}),
  });
  let view: MtrView = {
    mode: 'loss',
    hosts: hostsView(opts),
    asn: opts.aslookup === true,
    order: 'hop',
    names: names.get,
  };
  const startedAt = new Date();
  const start = (signal: AbortSignal) => pathping(host, { ...options, runner: ctx.runner, signal });
  let report: PathpingReport;
  if (live) {
    const state = { view, paused: false, action: undefined };
    const term = processTerminal();
    const gate = makePauseGate(ctx.runner);
    const startGated = (signal: AbortSignal) => pathping(host, { ...options, runner: gate.runner, signal });
    const liveRun = { start: startGated, target: host, state, names, term, style, signal: ctx.signal, gate };
    const r = await runLiveMtr(liveRun);
    ({ report } = r);
    view = r.state.view;
  } else {
    const run = start(ctx.signal);
    for await (const e of run) {
      names.request(e.hops.flatMap((h) => h.responders.map((x) => x.address)));
      if (opts.stream) writeNdjson(ctx.io, roundNumbers(e));
    }
    report = await run.result;
  }
  // A name not found by now is left out: a query still waiting on a silent server would only hold the exit.
  await names.settle(1000);
  names.close();
  const meta = { startedAt, source: hostname() };
  const named = opts.dns !== false || opts.aslookup ? names.get : undefined;
  if (opts.stream)
    writeNdjson(ctx.io, { type: 'result', report: buildMtrJson(report, { ...meta, endedAt: new Date() }, named) });
  else if (opts.json) writeJson(ctx.io, buildMtrJson(report, { ...meta, endedAt: new Date() }, named));
  else if (opts.csv) ctx.io.out(`${renderMtrCsv(report, meta, named).join('\n')}\n`);
  else ctx.io.out(`${renderMtrReport(report, style, meta, view).join('\n')}\n`);
  ctx.exitCode = exitCodeForPathping(report);
}

export const mtrCommand: CommandModule = {
  name: 'mtr',
  register(program: Command, ctx: CliContext) {
    declareMtrOptions(program).action((host, opts) => runMtr(host, opts, ctx));
  },
};

import type { Command } from '@commander-js/extra-typings';
import { compareHopCounts } from '@netcheck/core';
import { ping } from '@netcheck/ping';
import { exitCodeForTrace, traceroute } from '@netcheck/traceroute';
import type { CliContext } from '../context.js';
import { declareConflicts, numberOption } from '../options.js';
import { renderHop, renderTraceHeader, renderTraceSummary } from '../render/trace.js';
import { makeStyle, writeJson, writeNdjson } from '../style.js';
import type { CommandModule } from './index.js';

/** The options, with traceroute's letters. */
function declareTraceOptions(program: Command) {
  const cmd = program
    .command('trace')
    .alias('traceroute')
    .description('trace the path to a host hop by hop, and say why it stopped')
    .argument('<host>', 'hostname, IPv4 or IPv6 address')
    .option('-I, --icmp', 'probe with ICMP echo (needs root)')
    .option('-U, --udp', 'probe with UDP (the default)')
    .option('-T, --tcp', 'probe with TCP SYN (needs root)')
    .option(
      '-p, --port <port>',
      'destination port (TCP default 80)',
      numberOption('port', { min: 1, max: 65535, integer: true }),
    )
    .option('-f, --first <ttl>', 'first TTL', numberOption('first TTL', { min: 1, max: 255, integer: true }), 1)
    .option('-m, --max <ttl>', 'maximum TTL', numberOption('max TTL', { min: 1, max: 255, integer: true }), 30)
    .option('-q, --probes <n>', 'probes per hop', numberOption('probes', { min: 1, max: 10, integer: true }), 3)
    .option('-w, --wait <seconds>', 'how long to wait for each probe', numberOption('wait', { min: 0.01, max: 60 }), 2)
    .option(
      '-N, --sim-queries <n>',
      'probes in flight at once',
      numberOption('sim-queries', { min: 1, max: 128, integer: true }),
      16,
    )
    .option(
      '--give-up-after <n>',
      'stop after this many silent hops past the last answer (0: never)',
      numberOption('give-up-after', { min: 0, max: 255, integer: true }),
      3,
    )
    .option('-n, --numeric', 'no reverse names (the default)')
    .option('-r, --resolve', 'show reverse names')
    .option('-4', 'IPv4 only')
    .option('-6', 'IPv6 only')
    .option('--no-ping', 'do not ping the host to compare hop counts')
    .option('--json', 'print one JSON document at the end')
    .option('--stream', 'print NDJSON events as they happen')
    .addHelpText(
      'after',
      `
  Examples:
    netcheck trace example.com
    netcheck trace 10.0.5.3 --give-up-after 2      # a blackhole ends quickly
    netcheck trace web.lab -T -p 443 -q 1
    netcheck trace web.lab --json
  
  The path length is compared with the hop count the host's ping TTL suggests
  (skip with --no-ping). Exit codes: 0 reached, 1 not reached, 3 could not run.`,
    );
  return declareConflicts(cmd, [
    ['icmp', 'tcp'],
    ['icmp', 'udp'],
    ['udp', 'tcp'],
    ['4', '6'],
    ['json', 'stream'],
    ['numeric', 'resolve'],
  ]);
}

type TraceOpts = ReturnType<ReturnType<typeof declareTraceOptions>['opts']>;

/** Trace, ping alongside, render, exit code. */
async function runTrace(host: string, opts: TraceOpts, ctx: CliContext): Promise<void> {
  const style = makeStyle(ctx.io);
  const family = opts['6'] ? 6 : opts['4'] ? 4 : undefined;
  const method = opts.tcp ? 'tcp' : opts.icmp ? 'icmp' : 'udp';
  const run = traceroute(host, {
    runner: ctx.runner,
    signal: ctx.signal,
    method,
    port: opts.port,
    firstTtl: opts.first,
    maxTtl: opts.max,
    probesPerHop: opts.probes,
    waitMs: opts.wait * 1000,
    simultaneous: opts.simQueries,
    giveUpAfter: opts.giveUpAfter,
    resolveNames: opts.resolve === true,
    family,
  });
  // A short ping alongside, for the return-path hop count (the trace runs meanwhile).
  const echoes = { count: 3, intervalMs: 200, timeoutMs: 1000 };
  const pinged = opts.ping
    ? ping(host, { runner: ctx.runner, signal: ctx.signal, family, ...echoes }).result.catch(() => undefined)
    : undefined;
  if (!opts.json && !opts.stream) ctx.io.out(`${renderTraceHeader(host, opts.max, method)}\n`);
  for await (const h of run) {
    if (opts.stream) writeNdjson(ctx.io, { type: 'hop', hop: h });
    else if (!opts.json) ctx.io.out(`${renderHop(h, style)}\n`);
  }
  let report = await run.result;
  const pingHops = (await pinged)?.hops?.hops;
  if (pingHops !== undefined && report.pathLength !== undefined)
    report = { ...report, hopComparison: compareHopCounts(pingHops, report.pathLength) };
  if (opts.stream) writeNdjson(ctx.io, { type: 'result', report });
  else if (opts.json) writeJson(ctx.io, report);
  else ctx.io.out(`${renderTraceSummary(report, style).join('\n')}\n`);
  ctx.exitCode = exitCodeForTrace(report);
}

export const traceCommand: CommandModule = {
  name: 'trace',
  register(program: Command, ctx: CliContext) {
    declareTraceOptions(program).action((host, opts) => runTrace(host, opts, ctx));
  },
};

import type { Command } from '@commander-js/extra-typings';
import { exitCodeForPing, ping } from '@netcheck/ping';
import type { CliContext } from '../context.js';
import { everyOption, runEvery } from '../every.js';
import { declareConflicts, numberOption } from '../options.js';
import { derivePingFigures } from '../render/every.js';
import { renderPingEvent, renderPingSummary } from '../render/ping.js';
import { makeStyle, writeJson, writeNdjson } from '../style.js';
import type { CommandModule } from './index.js';

/** The options, with iputils ping's letters. */
function declarePingOptions(program: Command) {
  const cmd = program
    .command('ping')
    .description(
      'ping a host: per-reply TTL and RTT, loss with its confidence interval, and how many routers away it is',
    )
    .argument('<host>', 'hostname, IPv4 or IPv6 address')
    .option('-c, --count <n>', 'probes to send', numberOption('count', { min: 1, max: 1_000_000, integer: true }), 4)
    .option(
      '-i, --interval <seconds>',
      'time between probes (ordinary users: from 0.002 s with iputils since 2021, 0.2 s before)',
      numberOption('interval', { min: 0.002, max: 3600 }),
      1,
    )
    .option(
      '-W, --timeout <seconds>',
      'how long to wait for each reply',
      numberOption('timeout', { min: 0.001, max: 3600 }),
      2,
    )
    .option(
      '-w, --deadline <seconds>',
      'stop after this long, whatever the count',
      numberOption('deadline', { min: 1, max: 86_400 }),
    )
    .option('-t, --ttl <n>', 'TTL to send with', numberOption('ttl', { min: 1, max: 255, integer: true }))
    .option('-s, --size <bytes>', 'ICMP payload size', numberOption('size', { min: 0, max: 65507, integer: true }))
    .option('-I, --source <addr|iface>', 'source address or interface')
    .option('-4', 'IPv4 only')
    .option('-6', 'IPv6 only')
    .option('--json', 'print one JSON document at the end')
    .option('--stream', 'print NDJSON events as they happen')
    .option('--every <duration>', 'repeat every DURATION (30s, 5m, 1h) until Ctrl-C', everyOption)
    .addHelpText(
      'after',
      `
  Examples:
    netcheck ping example.com
    netcheck ping 10.0.4.2 -c 10 -i 0.2
    netcheck ping web.lab -t 2            # where does TTL 2 run out?
    netcheck ping ::1 -6 --json
    netcheck ping 10.0.4.2 -c 20 -i 0.2 --every 1m    # a line a minute: what changed

  Exit codes: 0 every probe answered, 1 loss or unreachable, 3 ping could not run.`,
    );
  return declareConflicts(cmd, [
    ['4', '6'],
    ['json', 'stream'],
    ['every', 'stream'],
  ]);
}

type PingOpts = ReturnType<ReturnType<typeof declarePingOptions>['opts']>;

/** Options -> ping (or --every) -> render -> exit code. */
async function runPing(host: string, opts: PingOpts, ctx: CliContext): Promise<void> {
  const style = makeStyle(ctx.io);
  const options = {
    runner: ctx.runner,
    count: opts.count,
    intervalMs: opts.interval * 1000,
    timeoutMs: opts.timeout * 1000,
    deadlineMs: opts.deadline === undefined ? undefined : opts.deadline * 1000,
    ttl: opts.ttl,
    sizeBytes: opts.size,
    source: opts.source,
    family: opts['6'] ? 6 : opts['4'] ? 4 : undefined,
  } as const;
  if (opts.every !== undefined) {
    await runEvery(ctx, {
      everyMs: opts.every,
      ndjson: opts.json === true,
      run: (signal) => ping(host, { ...options, signal }).result,
      figures: derivePingFigures,
      exitCode: exitCodeForPing,
    });
    return;
  }
  const run = ping(host, { ...options, signal: ctx.signal });
  for await (const e of run) {
    if (opts.stream) writeNdjson(ctx.io, { type: 'event', event: e });
    else if (!opts.json) {
      const line = renderPingEvent(e, style);
      if (line) ctx.io.out(`${line}\n`);
    }
  }
  const report = await run.result;
  if (opts.stream) writeNdjson(ctx.io, { type: 'result', report });
  else if (opts.json) writeJson(ctx.io, report);
  else ctx.io.out(`\n${renderPingSummary(report, style).join('\n')}\n`);
  ctx.exitCode = exitCodeForPing(report);
}

export const pingCommand: CommandModule = {
  name: 'ping',
  register(program: Command, ctx: CliContext) {
    declarePingOptions(program).action((host, opts) => runPing(host, opts, ctx));
  },
};

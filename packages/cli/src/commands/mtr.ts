import type { Command } from '@commander-js/extra-typings';
import { exitCodeForPathping, pathping } from '@netcheck/pathping';
import type { CliContext } from '../context.js';
import { numberOption } from '../options.js';
import { renderMtrReport, renderMtrRound } from '../render/mtr.js';
import { makeStyle, writeJson, writeNdjson } from '../style.js';
import type { CommandModule } from './index.js';

export const mtrCommand: CommandModule = {
  name: 'mtr',
  register(program: Command, ctx: CliContext) {
    program
      .command('mtr')
      .alias('pathping')
      .description(
        'probe every hop of the path over many rounds: per-hop loss and latency, and which link or router causes them',
      )
      .argument('<host>', 'hostname, IPv4 or IPv6 address')
      .option(
        '-c, --count <rounds>',
        'exactly this many rounds (otherwise: until the verdicts settle)',
        numberOption('count', { min: 1, max: 10_000, integer: true }),
      )
      .option('-i, --interval <seconds>', 'time between rounds', numberOption('interval', { min: 0.05, max: 60 }), 0.25)
      .option(
        '-q, --probes <n>',
        'probes per hop in each round',
        numberOption('probes', { min: 1, max: 30, integer: true }),
        10,
      )
      .option('-m, --max <ttl>', 'maximum TTL', numberOption('max TTL', { min: 1, max: 64, integer: true }), 30)
      .option('-U, --udp', 'UDP probes (default ICMP when root)')
      .option('--paced', 'one probe per router per second: stay within ICMP rate limits (slower)')
      .option('--ping-routers', 'also ping each router directly, pathping style (echo replies are not rate-limited)')
      .option('-r, --report', 'print only the final table (like mtr -r)')
      .option('--json', 'print one JSON document')
      .option('--stream', 'print NDJSON round events')
      .addHelpText(
        'after',
        `
Examples:
  netcheck mtr example.com
  netcheck mtr 10.0.4.2 -c 10 --report
  netcheck pathping web.lab --json

Loss at a hop that does not carry on to later hops is that router's own ICMP
handling (rate limiting): shown, never blamed. Exit codes: 0 path clean, 1 trouble found, 3 could not run.`,
      )
      .action(async (host, opts) => {
        const style = makeStyle(ctx.io);
        const run = pathping(host, {
          runner: ctx.runner,
          signal: ctx.signal,
          count: opts.count,
          intervalMs: opts.interval * 1000,
          probesPerRound: opts.probes,
          maxTtl: opts.max,
          ...(opts.udp ? { method: 'udp' as const } : {}),
          paced: opts.paced === true,
          pingRouters: opts.pingRouters === true,
        });
        const live = ctx.io.isTTY && !opts.report && !opts.json && !opts.stream;
        let drawn = 0;
        for await (const e of run) {
          if (opts.stream) writeNdjson(ctx.io, e);
          else if (live) {
            // Redraw the table in place: move up over the last drawing, clear to the end of the screen.
            const lines = renderMtrRound(e, style);
            ctx.io.out(`${drawn ? `\u001b[${drawn}A\u001b[J` : ''}${lines.join('\n')}\n`);
            drawn = lines.length;
          }
        }
        const report = await run.result;
        if (live && drawn) ctx.io.out(`\u001b[${drawn}A\u001b[J`);
        if (opts.stream) writeNdjson(ctx.io, { type: 'result', report: { ...report, probes: undefined } });
        else if (opts.json) writeJson(ctx.io, { ...report, probes: undefined });
        else ctx.io.out(`${renderMtrReport(report, style).join('\n')}\n`);
        ctx.exitCode = exitCodeForPathping(report);
      });
  },
};

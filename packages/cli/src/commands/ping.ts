import type { Command } from '@commander-js/extra-typings';
import { ExitCode, exitCodeForFailure } from '@netcheck/core';
import type { PingEvent, PingReport } from '@netcheck/ping';
import { ping, renderHopEstimate } from '@netcheck/ping';
import type { CliContext } from '../context.js';
import { fmtMs, fmtPct, numberOption } from '../options.js';
import type { Style } from '../style.js';
import { makeStyle, writeJson, writeNdjson } from '../style.js';
import type { CommandModule } from './index.js';

/** One live line per event, like ping's own. */
export function renderPingEvent(e: PingEvent, style: Style): string | undefined {
  switch (e.type) {
    case 'start':
      return `PING ${e.target}${e.address && e.address !== e.target ? ` (${e.address})` : ''}`;
    case 'reply': {
      const flags = [e.duplicate && 'DUP', e.outOfOrder && 'out of order', e.late && 'late'].filter(Boolean).join(', ');
      return `${e.bytes} bytes from ${e.from}: seq=${e.seq} ttl=${e.ttl ?? '?'} time=${fmtMs(e.rttMs)} ms${flags ? ` ${style.yellow(`(${flags})`)}` : ''}`;
    }
    case 'timeout':
      return style.yellow(`seq=${e.seq} no reply yet`);
    case 'unreachable':
      return style.red(`From ${e.from ?? '?'}: seq=${e.seq} ${e.text}`);
    case 'ttl-exceeded':
      return style.yellow(`From ${e.from ?? '?'}: seq=${e.seq} Time to live exceeded`);
    case 'redirect':
      return style.yellow(`From ${e.from ?? '?'}: seq=${e.seq} Redirect${e.gateway ? ` to ${e.gateway}` : ''}`);
  }
}

/** The closing block: counts with the loss interval, RTT figures, the hop estimate and the verdict. */
export function renderPingSummary(r: PingReport, style: Style): string[] {
  const s = r.summary;
  const lines = [`--- ${r.target} ping statistics${r.aborted ? ' (stopped early)' : ''} ---`];
  if (s.sent > 0) {
    const ci = s.lossCi95 ? ` (95% CI ${fmtPct(s.lossCi95.lowPct)}–${fmtPct(s.lossCi95.highPct)}%)` : '';
    lines.push(`${s.sent} sent, ${s.received} received${s.duplicates ? `, +${s.duplicates} duplicates` : ''}${s.errors ? `, ${s.errors} errors` : ''}, ${fmtPct(s.lossPct)}% loss${ci}`);
  }
  if (s.avgMs !== undefined) {
    lines.push(`rtt min/avg/max/mdev = ${fmtMs(s.minMs)}/${fmtMs(s.avgMs)}/${fmtMs(s.maxMs)}/${fmtMs(s.mdevMs)} ms, jitter ${fmtMs(s.jitterMs)} ms, p50 ${fmtMs(s.p50Ms)} ms, p95 ${fmtMs(s.p95Ms)} ms`);
  }
  if (r.hops) lines.push(renderHopEstimate(r.hops));
  const colour = r.verdict.kind === 'healthy' ? style.green : r.verdict.kind === 'loss' ? style.yellow : style.red;
  lines.push(colour(`${r.verdict.kind}: ${r.verdict.text}`));
  if (r.failure?.hint) lines.push(`  ${r.failure.hint}`);
  for (const w of r.warnings) lines.push(style.dim(`warning: unrecognised output: ${w}`));
  return lines;
}

/** Exit code for a ping report: 0 every probe answered, 1 a network problem, 3 ping could not run. */
export function pingExitCode(r: PingReport): number {
  if (r.failure && exitCodeForFailure(r.failure) === ExitCode.ToolFailed) return ExitCode.ToolFailed;
  return r.verdict.kind === 'healthy' ? ExitCode.Healthy : ExitCode.Problem;
}

export const pingCommand: CommandModule = {
  name: 'ping',
  register(program: Command, ctx: CliContext) {
    program
      .command('ping')
      .description('ping a host: per-reply TTL and RTT, loss with its confidence interval, and how many routers away it is')
      .argument('<host>', 'hostname, IPv4 or IPv6 address')
      .option('-c, --count <n>', 'probes to send', numberOption('count', { min: 1, max: 1_000_000, integer: true }), 4)
      .option('-i, --interval <seconds>', 'time between probes (below 0.2 s needs root)', numberOption('interval', { min: 0.002, max: 3600 }), 1)
      .option('-W, --timeout <seconds>', 'how long to wait for each reply', numberOption('timeout', { min: 0.001, max: 3600 }), 2)
      .option('-w, --deadline <seconds>', 'stop after this long, whatever the count', numberOption('deadline', { min: 1, max: 86_400 }))
      .option('-t, --ttl <n>', 'TTL to send with', numberOption('ttl', { min: 1, max: 255, integer: true }))
      .option('-s, --size <bytes>', 'ICMP payload size', numberOption('size', { min: 0, max: 65507, integer: true }))
      .option('-I, --source <addr|iface>', 'source address or interface')
      .option('-4', 'IPv4 only')
      .option('-6', 'IPv6 only')
      .option('--json', 'print one JSON document at the end')
      .option('--stream', 'print NDJSON events as they happen')
      .addHelpText(
        'after',
        `
Examples:
  netcheck ping example.com
  netcheck ping 10.0.4.2 -c 10 -i 0.2
  netcheck ping web.lab -t 2            # where does TTL 2 run out?
  netcheck ping ::1 -6 --json

Exit codes: 0 every probe answered, 1 loss or unreachable, 3 ping could not run.`,
      )
      .action(async (host, opts) => {
        const style = makeStyle(ctx.io);
        const run = ping(host, {
          runner: ctx.runner,
          signal: ctx.signal,
          count: opts.count,
          intervalMs: opts.interval * 1000,
          timeoutMs: opts.timeout * 1000,
          deadlineMs: opts.deadline === undefined ? undefined : opts.deadline * 1000,
          ttl: opts.ttl,
          sizeBytes: opts.size,
          source: opts.source,
          family: opts['6'] ? 6 : opts['4'] ? 4 : undefined,
        });
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
        ctx.exitCode = pingExitCode(report);
      });
  },
};

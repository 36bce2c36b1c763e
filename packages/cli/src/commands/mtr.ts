import type { Command } from '@commander-js/extra-typings';
import { ExitCode, exitCodeForFailure } from '@netcheck/core';
import type { Attribution, HopStats, PathpingReport } from '@netcheck/pathping';
import { pathping } from '@netcheck/pathping';
import type { CliContext } from '../context.js';
import { numberOption } from '../options.js';
import type { Style } from '../style.js';
import { makeStyle, renderTable, writeJson, writeNdjson } from '../style.js';
import type { CommandModule } from './index.js';

const ms = (x: number | undefined) => (x === undefined ? '-' : x.toFixed(1));
const pct = (x: number | undefined) => (x === undefined ? '-' : `${x.toFixed(1)}%`);

/** The mtr table, with node/link loss and each hop's verdict. */
export function renderMtrTable(hops: readonly HopStats[], a: Attribution, style: Style): string[] {
  const rows: string[][] = [['', 'Host', 'Loss%', 'Snt', 'Last', 'Avg', 'Best', 'Wrst', 'StDev', 'Jitter', 'Node/Link', 'Verdict']];
  for (const h of hops) {
    const v = a.verdicts.find((x) => x.ttl === h.ttl);
    const host = h.responders.length ? h.responders.map((r) => r.address).join(' ') : '???';
    const nl = v?.kind === 'link-loss' ? `link ${pct(v.linkLossPct)}` : v?.kind === 'node-loss' ? `node ${pct(v.nodeLossPct)}` : '';
    const colour = v?.kind === 'link-loss' || v?.kind === 'link-latency' || v?.kind === 'unreachable' ? style.red : v?.kind === 'node-loss' || v?.kind === 'silent' || v?.kind === 'node-latency' ? style.yellow : (s: string) => s;
    const doubtful = a.verdicts.some((x) => x.alternativeTtls?.length && (x.ttl === h.ttl || x.alternativeTtls.includes(h.ttl)));
    const short = v ? { clean: 'ok', destination: 'destination', 'link-loss': 'LOSS STARTS HERE', 'node-loss': 'rate-limits ICMP (ok)', silent: 'silent router (ok)', 'link-latency': 'LATENCY STEP', 'node-latency': 'slow ICMP (ok)', 'no-data': '-', unreachable: 'SAYS UNREACHABLE' }[v.kind] : '';
    // A link the rounds cannot yet tell from another: both rows say so.
    const verdict = doubtful ? (v?.kind === 'link-loss' ? 'LOSS STARTS HERE?' : `${short}; or loss starts here?`) : short;
    rows.push([`${h.ttl}.`, host, pct(h.lossPct), String(h.sent), ms(h.lastMs), ms(h.avgMs), ms(h.bestMs), ms(h.worstMs), ms(h.stdevMs), ms(h.jitterMs), nl, colour(verdict)]);
  }
  return renderTable(rows, [2, 3, 4, 5, 6, 7, 8, 9]);
}

/** Table, verdict lines and the summary. */
export function renderMtrReport(r: PathpingReport, style: Style): string[] {
  const lines = [`netcheck mtr to ${r.target}${r.address && r.address !== r.target ? ` (${r.address})` : ''}: ${r.rounds} rounds, ${(r.durationMs / 1000).toFixed(1)} s (${r.ended})`, ...renderMtrTable(r.hops, r.attribution, style), ''];
  for (const v of r.attribution.verdicts) if (v.kind !== 'clean') lines.push(`  hop ${v.ttl}: ${v.text}`);
  if (r.directPings) {
    lines.push('', 'routers pinged directly (pathping): a router that answers pings but not TTL probes only limits its ICMP errors');
    for (const d of r.directPings) lines.push(`  hop ${d.ttl} ${d.address}: ${d.received}/${d.sent} answered${d.avgMs !== undefined ? `, ${d.avgMs.toFixed(1)} ms` : ''}`);
  }
  lines.push('', (r.attribution.trouble ? style.red : r.attribution.unplacedLoss ? style.yellow : style.green)(r.attribution.summary));
  return lines;
}

/** Exit code: 3 the tool could not run; 1 trouble (loss placed or not, an unreachable destination); 0 clean. */
export function mtrExitCode(r: Pick<PathpingReport, 'failure' | 'attribution'>): number {
  if (r.failure) return exitCodeForFailure(r.failure);
  return r.attribution.trouble || r.attribution.unplacedLoss ? ExitCode.Problem : ExitCode.Healthy;
}

export const mtrCommand: CommandModule = {
  name: 'mtr',
  register(program: Command, ctx: CliContext) {
    program
      .command('mtr')
      .alias('pathping')
      .description('probe every hop of the path over many rounds: per-hop loss and latency, and which link or router causes them')
      .argument('<host>', 'hostname, IPv4 or IPv6 address')
      .option('-c, --count <rounds>', 'exactly this many rounds (otherwise: until the verdicts settle)', numberOption('count', { min: 1, max: 10_000, integer: true }))
      .option('-i, --interval <seconds>', 'time between rounds', numberOption('interval', { min: 0.05, max: 60 }), 0.25)
      .option('-q, --probes <n>', 'probes per hop in each round', numberOption('probes', { min: 1, max: 30, integer: true }), 10)
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
        const run = pathping(host, { runner: ctx.runner, signal: ctx.signal, count: opts.count, intervalMs: opts.interval * 1000, probesPerRound: opts.probes, maxTtl: opts.max, ...(opts.udp ? { method: 'udp' as const } : {}), paced: opts.paced === true, pingRouters: opts.pingRouters === true });
        const live = ctx.io.isTTY && !opts.report && !opts.json && !opts.stream;
        let drawn = 0;
        for await (const e of run) {
          if (opts.stream) writeNdjson(ctx.io, e);
          else if (live) {
            // Redraw the table in place: move up over the last drawing, clear to the end of the screen.
            const lines = [`round ${e.round}`, ...renderMtrTable(e.hops, e.attribution, style)];
            ctx.io.out(`${drawn ? `\u001b[${drawn}A\u001b[J` : ''}${lines.join('\n')}\n`);
            drawn = lines.length;
          }
        }
        const report = await run.result;
        if (live && drawn) ctx.io.out(`\u001b[${drawn}A\u001b[J`);
        if (opts.stream) writeNdjson(ctx.io, { type: 'result', report: { ...report, probes: undefined } });
        else if (opts.json) writeJson(ctx.io, { ...report, probes: undefined });
        else {
          if (report.failure) {
            ctx.io.out(`${style.red(`error: ${report.failure.detail}`)}\n${report.failure.hint ? `  ${report.failure.hint}\n` : ''}`);
          } else ctx.io.out(`${renderMtrReport(report, style).join('\n')}\n`);
        }
        ctx.exitCode = mtrExitCode(report);
      });
  },
};

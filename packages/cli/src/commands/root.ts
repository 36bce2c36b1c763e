import type { Command } from '@commander-js/extra-typings';
import type { LocalFinding } from '@netcheck/diagnose';
import type { DiagnosisReport, FactState, Finding } from '@netcheck/diagnose';
import { checkLocal, deriveLocalFindings, diagnoseStream, exitCodeForDiagnosis } from '@netcheck/diagnose';
import { ExitCode } from '@netcheck/core';
import { numberOption } from '../options.js';
import type { CliContext } from '../context.js';
import type { Style } from '../style.js';
import { makeStyle, writeJson, writeNdjson } from '../style.js';

const MARK: Record<LocalFinding['severity'], (s: Style) => string> = {
  ok: (s) => s.green('ok  '),
  warning: (s) => s.yellow('warn'),
  critical: (s) => s.red('FAIL'),
  skipped: (s) => s.dim('skip'),
};

/** The findings about this machine, one block per check. */
export function renderLocalFindings(findings: readonly LocalFinding[], style: Style): string[] {
  const lines: string[] = [];
  for (const f of findings) {
    lines.push(`${MARK[f.severity](style)}  ${f.check.padEnd(10)}  ${f.text}`);
    for (const e of f.evidence) lines.push(style.dim(`                  ${e}`));
    for (const n of f.nextSteps) lines.push(`                  next: ${n}`);
  }
  return lines;
}

const STATE_MARK: Record<FactState, (s: Style) => string> = {
  fine: (s) => s.green('✓'),
  problem: (s) => s.red('✗'),
  inconclusive: (s) => s.yellow('?'),
  'not-checked': (s) => s.dim('-'),
};

const SEVERITY_MARK: Record<Finding['severity'], (s: Style) => string> = {
  critical: (s) => s.red('FAIL'),
  warning: (s) => s.yellow('warn'),
  info: (s) => s.green('ok  '),
};

/** The headline, then the findings with their evidence and next steps. */
export function renderDiagnosis(r: DiagnosisReport, style: Style): string[] {
  const colour = r.category === 'healthy' ? style.green : r.category === 'inconclusive' ? style.yellow : style.red;
  const lines = ['', colour(style.bold(r.headline)), ''];
  for (const f of r.findings) {
    lines.push(`${SEVERITY_MARK[f.severity](style)}  ${f.title}`);
    for (const e of f.evidence) lines.push(style.dim(`        ${e}`));
    for (const n of f.nextSteps) lines.push(`        next: ${n}`);
  }
  lines.push('', style.dim(`(${(r.durationMs / 1000).toFixed(1)} s; --json for the full report)`));
  return lines;
}

async function runDiagnosis(target: string, opts: { port?: number; deep?: boolean; json?: boolean; stream?: boolean }, ctx: CliContext): Promise<void> {
  const style = makeStyle(ctx.io);
  const run = diagnoseStream(target, { runner: ctx.runner, signal: ctx.signal, port: opts.port, deep: opts.deep === true });
  const spinner = ctx.io.isTTY && !opts.json && !opts.stream;
  const frames = '⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏';
  const running = new Map<string, string>();
  let tick = 0;
  const timer = spinner ? setInterval(() => {
    if (running.size) ctx.io.out(`\r\u001b[K${frames[tick++ % frames.length]} ${[...running.values()].join(', ')}`);
  }, 80) : undefined;
  try {
    if (!opts.json && !opts.stream) ctx.io.out(`netcheck ${target}\n`);
    let titles = new Map<string, string>();
    for await (const e of run) {
      if (opts.stream) {
        writeNdjson(ctx.io, e);
        continue;
      }
      if (opts.json) continue;
      if (e.type === 'plan') titles = new Map(e.plan.map((s) => [s.id, s.title]));
      else if (e.type === 'step-start') running.set(e.step, titles.get(e.step) ?? e.step);
      else if (e.type === 'step-done') {
        running.delete(e.step);
        const mark = STATE_MARK[e.state](style);
        ctx.io.out(`${spinner ? '\r\u001b[K' : ''}${mark} ${(titles.get(e.step) ?? e.step).padEnd(28)} ${e.summary} ${style.dim(`(${Math.round(e.ms)} ms)`)}\n`);
      }
    }
  } finally {
    if (timer) clearInterval(timer);
    if (spinner) ctx.io.out('\r\u001b[K');
  }
  const report = await run.report;
  if (opts.json) writeJson(ctx.io, report);
  else if (!opts.stream) ctx.io.out(`${renderDiagnosis(report, style).join('\n')}\n`);
  ctx.exitCode = exitCodeForDiagnosis(report);
}

async function runLocal(opts: { json?: boolean }, ctx: CliContext): Promise<void> {
  const style = makeStyle(ctx.io);
  if (!opts.json) ctx.io.out('netcheck: checking this machine\n');
  const local = await checkLocal({ runner: ctx.runner, signal: ctx.signal });
  const findings = deriveLocalFindings(local);
  const problems = findings.filter((f) => f.severity === 'warning' || f.severity === 'critical');
  if (opts.json) writeJson(ctx.io, { version: 1, local, findings });
  else {
    ctx.io.out(`${renderLocalFindings(findings, style).join('\n')}\n\n`);
    ctx.io.out(problems.length ? style.red(`${problems.length} problem${problems.length === 1 ? '' : 's'} found\n`) : style.green('this machine looks healthy\n'));
  }
  ctx.exitCode = problems.length ? ExitCode.Problem : ExitCode.Healthy;
}

type RootOpts = { port?: number; deep?: boolean; json?: boolean; stream?: boolean };

/** `netcheck [target]`: the guided diagnosis of a target; with no target, a check of this machine. */
export const ROOT = {
  examples: `Examples:
  netcheck                         check this machine: interfaces, default gateway, resolvers
  netcheck example.com             resolve, ping, trace when something is wrong, and say what and where
  netcheck https://example.com     the same, and connect to port 443
  netcheck web.lab:81 --json       one JSON document (schema: packages/diagnose/schema/report.v1.json)
  netcheck check ping              a host whose name is also a command
  netcheck <command> --help        a command's options and examples`,
  register(program: Command, ctx: CliContext): void {
    const action = async (target: string | undefined, opts: RootOpts) => (target ? runDiagnosis(target, opts, ctx) : runLocal(opts, ctx));
    program
      .argument('[target]', 'host, IP, host:port, [v6]:port or URL; none checks this machine')
      .option('-p, --port <port>', 'TCP port to connect to (default: from the target)', numberOption('port', { min: 1, max: 65535, integer: true }))
      .option('--deep', 'trace and probe the path even when nothing looks wrong')
      .option('--json', 'print one JSON document')
      .option('--stream', 'print NDJSON events as the steps run')
      .action(action);
    program
      .command('check')
      .description('the guided diagnosis (for a target whose name is also a command)')
      .argument('[target]', 'host, IP, host:port, [v6]:port or URL; none checks this machine')
      .option('-p, --port <port>', 'TCP port to connect to', numberOption('port', { min: 1, max: 65535, integer: true }))
      .option('--deep', 'trace and probe the path even when nothing looks wrong')
      .option('--json', 'print one JSON document')
      .option('--stream', 'print NDJSON events as the steps run')
      .addHelpText('after', `\nExamples:\n  netcheck check web.lab:80\n  netcheck check ping --json`)
      .action(action);
  },
};

import type { Command, OptionValues } from '@commander-js/extra-typings';
import { exitCodeFor } from '@netcheck/core';
import { checkLocal, deriveLocalFindings, diagnose, diagnoseStream, exitCodeForDiagnosis } from '@netcheck/diagnose';
import { everyOption, runEvery } from '../every.js';
import type { CliContext } from '../context.js';
import { startLiveSteps } from '../live-steps.js';
import { declareConflicts, numberOption } from '../options.js';
import { renderDiagnosis, renderStepLine } from '../render/diagnosis.js';
import { deriveDiagnosisFigures } from '../render/every.js';
import { renderLocalCheck } from '../render/local.js';
import { makeStyle, writeJson, writeNdjson } from '../style.js';
import type { CommandModule } from './index.js';

interface RootOptions {
  port?: number;
  deep?: boolean;
  json?: boolean;
  stream?: boolean;
  every?: number;
}

const EXAMPLES = `Examples:
  netcheck                         check this machine: interfaces, default gateway, resolvers
  netcheck example.com             resolve, ping, trace when something is wrong, and say what and where
  netcheck https://example.com     the same, and connect to port 443
  netcheck web.lab:81 --json       one JSON document (schema: packages/diagnose/schema/report.v2.json)
  netcheck check ping              a host whose name is also a command
  netcheck <command> --help        a command's options and examples`;

/** The target and options of the diagnosis, declared once for `netcheck <target>` and `netcheck check <target>`. */
function declareDiagnosis<Globals extends OptionValues>(cmd: Command<[], {}, Globals>) {
  const declared = cmd
    .argument('[target]', 'host, IP, host:port, [v6]:port or URL; none checks this machine')
    .option(
      '-p, --port <port>',
      'TCP port to connect to (default: from the target)',
      numberOption('port', { min: 1, max: 65535, integer: true }),
    )
    .option('--deep', 'trace and probe the path even when nothing looks wrong')
    .option('--json', 'print one JSON document')
    .option('--stream', 'print NDJSON events as the steps run')
    .option('--every <duration>', 'repeat every DURATION (30s, 5m, 1h) until Ctrl-C', everyOption);
  return declareConflicts(declared, [
    ['json', 'stream'],
    ['every', 'stream'],
  ]);
}

/** `netcheck <target> --every D`: the diagnosis again and again, one record (or one line of what changed) a run. */
function repeatDiagnosis(target: string, opts: RootOptions & { every: number }, ctx: CliContext): Promise<void> {
  const options = { runner: ctx.runner, port: opts.port, deep: opts.deep === true };
  return runEvery(ctx, {
    everyMs: opts.every,
    ndjson: opts.json === true,
    run: (signal) => diagnose(target, { ...options, signal }),
    figures: deriveDiagnosisFigures,
    exitCode: exitCodeForDiagnosis,
  });
}

/** `netcheck <target>`: each step's line as it finishes (a spinner meanwhile on a TTY), then the findings. */
async function runDiagnosis(target: string, opts: RootOptions, ctx: CliContext): Promise<void> {
  const style = makeStyle(ctx.io);
  const text = !opts.json && !opts.stream;
  const deep = opts.deep === true;
  const run = diagnoseStream(target, { runner: ctx.runner, signal: ctx.signal, port: opts.port, deep });
  const live = startLiveSteps(ctx.io, ctx.io.isTTY && text);
  try {
    if (text) ctx.io.out(`netcheck ${target}\n`);
    let titles = new Map<string, string>();
    for await (const e of run) {
      if (opts.stream) writeNdjson(ctx.io, e);
      if (!text) continue;
      if (e.type === 'plan') titles = new Map(e.plan.map((s) => [s.id, s.title]));
      else if (e.type === 'step-start') live.started(e.step, titles.get(e.step) ?? e.step);
      else if (e.type === 'step-done') {
        live.finished(e.step, renderStepLine({ ...e, title: titles.get(e.step) ?? e.step }, style));
      }
    }
  } finally {
    live.stop();
  }
  const report = await run.report;
  if (opts.json) writeJson(ctx.io, report);
  else if (text) ctx.io.out(`${renderDiagnosis(report, style).join('\n')}\n`);
  ctx.exitCode = exitCodeForDiagnosis(report);
}

/** `netcheck` alone: the check of this machine. */
async function runLocal(opts: RootOptions, ctx: CliContext): Promise<void> {
  const style = makeStyle(ctx.io);
  if (!opts.json) ctx.io.out('netcheck: checking this machine\n');
  const local = await checkLocal({ runner: ctx.runner, signal: ctx.signal });
  const findings = deriveLocalFindings(local);
  if (opts.json) writeJson(ctx.io, { version: 2, local, findings });
  else ctx.io.out(`${renderLocalCheck(findings, style).join('\n')}\n`);
  ctx.exitCode = exitCodeFor({ findings });
}

/**
 * `netcheck [target]`: the guided diagnosis of a target; with no target, a check of this machine. `netcheck check
 * [target]` is the same, for a host whose name is also a command.
 */
export const rootCommand: CommandModule = {
  name: 'check',
  register(program: Command, ctx: CliContext) {
    const action = (target: string | undefined, opts: RootOptions) =>
      // `netcheck ""` is an empty target (a usage error), not the check of this machine.
      target === undefined
        ? runLocal(opts, ctx)
        : opts.every !== undefined
          ? repeatDiagnosis(target, { ...opts, every: opts.every }, ctx)
          : runDiagnosis(target, opts, ctx);
    declareDiagnosis(program).addHelpText('after', `\n${EXAMPLES}`).action(action);
    declareDiagnosis(program.command('check'))
      .description('the guided diagnosis (for a target whose name is also a command)')
      .addHelpText('after', `\nExamples:\n  netcheck check web.lab:80\n  netcheck check ping --json`)
      .action(action);
  },
};

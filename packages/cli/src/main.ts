import { readFileSync } from 'node:fs';
import { Command, CommanderError } from '@commander-js/extra-typings';
import { createExecaRunner, escapeControl, ExitCode, NetcheckError, type CommandRunner } from '@netcheck/core';
import { COMMANDS, ROOT, subcommandOf } from './commands/index.js';
import type { CliContext, CliIo } from './context.js';
import { makeStyle, shouldUseColor } from './style.js';
import { findMistypedCommand } from './suggest.js';

const PACKAGE_JSON = readFileSync(new URL('../package.json', import.meta.url), 'utf8');
const VERSION: string = (JSON.parse(PACKAGE_JSON) as { version: string }).version;

/** Exit codes, as printed at the end of `netcheck --help` and documented in the README. */
export const EXIT_CODES_HELP = `Exit codes:
  0    healthy: everything checked is fine
  1    a problem was found (loss, unreachable, refused, NXDOMAIN, a socket finding...)
  2    usage error: unknown command or option, invalid target; nothing was run
  3    a required tool could not be run (missing, not permitted, failed)
  4    netcheck <target>: inconclusive (nothing wrong seen, but not everything could be settled)
  130  interrupted (Ctrl-C); partial results were printed`;

/** Options for running the CLI in-process (tests) instead of against the real terminal. */
export interface MainDeps {
  io?: CliIo;
  runner?: CommandRunner;
  signal?: AbortSignal;
}

/** The real terminal. */
export function processIo(noColorFlag = false): CliIo {
  const isTTY = process.stdout.isTTY === true;
  return {
    out: (t) => process.stdout.write(t),
    err: (t) => process.stderr.write(t),
    isTTY,
    color: !noColorFlag && shouldUseColor(isTTY, process.env),
    env: process.env,
  };
}

/**
 * Build the commander program. With `args` that name a subcommand, only that command is
 * loaded and registered (start-up is most of a short command's time); otherwise every
 * command and the root diagnosis are.
 */
export async function buildProgram(ctx: CliContext, args?: readonly string[]): Promise<Command> {
  // commander's messages quote what was typed (an unknown option, a bad value): never raw control characters.
  const writeErr = (s: string) => ctx.io.err(s.split('\n').map(escapeControl).join('\n'));
  const program = new Command('netcheck')
    .description('Find out what is wrong with the network: where, why, and what to do next.')
    .version(VERSION, '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .option('--no-color', 'never colour the output (NO_COLOR is honoured too)')
    .showSuggestionAfterError(true)
    // Options after a subcommand belong to it: `netcheck dns x --json` is dns's --json, not the root's.
    .enablePositionalOptions()
    .configureOutput({ writeOut: (s) => ctx.io.out(s), writeErr })
    .exitOverride();
  const only = args && subcommandOf(args);
  if (only) (await only.load()).register(program, ctx);
  else if (args && args.length === 1 && ['-V', '--version'].includes(args[0]!)) {
    // the version needs no command
  } else if (args?.some((a) => !a.startsWith('-'))) {
    // A target and no command: the diagnosis (or `check`), which needs no other command loaded (serve and report
    // bring Prometheus' client and the report builders: a healthy verdict should not pay for them).
    (await ROOT.load()).register(program, ctx);
  } else {
    const [commands, root] = await Promise.all([Promise.all(COMMANDS.map((c) => c.load())), ROOT.load()]);
    for (const cmd of commands) cmd.register(program, ctx);
    root.register(program, ctx);
    program.addHelpText('after', `\n${EXIT_CODES_HELP}\n`);
  }
  for (const sub of program.commands) {
    sub.exitOverride().configureOutput({ writeOut: (s) => ctx.io.out(s), writeErr });
    // --no-color is read from anywhere in argv (processIo); each command accepts it too, as people type it last.
    if (!sub.options.some((o) => o.long === '--no-color')) sub.option('--no-color', 'never colour the output');
  }
  return program;
}

/**
 * Run the CLI on argv (without node and script), returning the exit code.
 * Every failure path ends in a short message and a documented exit code, never a stack trace.
 */
export async function main(args: readonly string[], deps: MainDeps = {}): Promise<number> {
  const io = deps.io ?? processIo(args.includes('--no-color'));
  const style = makeStyle(io);
  const ctx: CliContext = {
    io,
    runner: deps.runner ?? createExecaRunner(),
    signal: deps.signal ?? new AbortController().signal,
    exitCode: ExitCode.Healthy,
  };
  const names = [...COMMANDS, ROOT].flatMap((c) => [c.name, ...c.aliases]);
  // `netcheck help [command]` is the help, not a host named "help".
  const argv = args[0] === 'help' ? [...args.slice(1, 2), '--help'] : args;
  // A bare word that is a near miss of a command is far likelier a mistyped command than a single-label
  // host name; say so instead of diagnosing "pnig".
  const near = findMistypedCommand(argv, names);
  if (near) {
    const word = escapeControl(argv.find((a) => !a.startsWith('-'))!);
    io.err(`${style.red('error:')} unknown command '${word}' (did you mean '${near}'?)\n`);
    io.err(`  to diagnose a host named '${word}', write: netcheck ${word}. (or netcheck check ${word})\n`);
    return ExitCode.Usage;
  }
  try {
    const program = await buildProgram(ctx, argv);
    await program.parseAsync([...argv], { from: 'user' });
    return ctx.exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      const shown = ['commander.helpDisplayed', 'commander.version', 'commander.help'];
      if (shown.includes(error.code)) return ExitCode.Healthy;
      // commander has already printed its message (with a suggestion where it has one)
      io.err(`run 'netcheck --help' for usage\n`);
      return ExitCode.Usage;
    }
    if (error instanceof NetcheckError) {
      io.err(`${style.red('error:')} ${escapeControl(error.message)}\n`);
      if (error.hint) io.err(`  ${escapeControl(error.hint)}\n`);
      return error.exitCode;
    }
    const message = error instanceof Error ? error.message : String(error);
    io.err(`${style.red('error:')} netcheck failed unexpectedly: ${escapeControl(message)}\n`);
    io.err(`  please report this with the command you ran (set NETCHECK_DEBUG=1 for details)\n`);
    if (io.env.NETCHECK_DEBUG && error instanceof Error) io.err(`${error.stack}\n`);
    return ExitCode.ToolFailed;
  }
}

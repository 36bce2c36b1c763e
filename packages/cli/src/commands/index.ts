import type { Command } from '@commander-js/extra-typings';
import type { CliContext } from '../context.js';

/** A subcommand: adds itself to the program. Its action sets ctx.exitCode. */
export interface CommandModule {
  name: string;
  register(program: Command, ctx: CliContext): void;
}

/** A subcommand's names, and how to load it: each command imports its package only when it runs. */
export interface CommandEntry {
  name: string;
  aliases: readonly string[];
  load(): Promise<CommandModule>;
}

/**
 * Every working subcommand, in the order `--help` lists them. A command is
 * listed here only once it works: the CLI never advertises a stub. Loading is
 * lazy because start-up is most of a short command's time: `netcheck sockets`
 * imports the sockets package alone, not the whole toolkit (about 100 ms less).
 */
export const COMMANDS: readonly CommandEntry[] = [
  { name: 'ping', aliases: [], load: async () => (await import('./ping.js')).pingCommand },
  { name: 'trace', aliases: ['traceroute'], load: async () => (await import('./trace.js')).traceCommand },
  { name: 'mtr', aliases: ['pathping'], load: async () => (await import('./mtr.js')).mtrCommand },
  { name: 'dns', aliases: ['nslookup'], load: async () => (await import('./dns.js')).dnsCommand },
  { name: 'sockets', aliases: ['ss'], load: async () => (await import('./sockets.js')).socketsCommand },
  { name: 'report', aliases: [], load: async () => (await import('./report.js')).reportCommand },
  { name: 'explain', aliases: [], load: async () => (await import('./explain.js')).explainCommand },
  { name: 'completion', aliases: [], load: async () => (await import('./completion.js')).completionCommand },
  { name: 'serve', aliases: [], load: async () => (await import('./serve.js')).serveCommand },
  { name: 'batch', aliases: [], load: async () => (await import('./batch.js')).batchCommand },
];

/**
 * The root: `netcheck <target>` (the guided diagnosis), `netcheck` alone (the check of this machine) and its own
 * subcommand `check` (for a host whose name is also a command). Loaded with every command, never alone.
 */
export const ROOT: CommandEntry = {
  name: 'check',
  aliases: [],
  load: async () => (await import('./root.js')).rootCommand,
};

/** Root options that take no value and may come before a subcommand. */
const ROOT_FLAGS = new Set(['--no-color']);

/**
 * The subcommand `args` run, when it can be told without parsing: the first word after
 * value-less root flags, if it names a command. `undefined` for the root (a target, none,
 * `--help`, `--version`, a root option with a value): then every command is loaded.
 */
export function subcommandOf(args: readonly string[]): CommandEntry | undefined {
  const i = args.findIndex((a) => !ROOT_FLAGS.has(a));
  const word = args[i];
  if (word === undefined) return undefined;
  return COMMANDS.find((c) => c.name === word || c.aliases.includes(word));
}

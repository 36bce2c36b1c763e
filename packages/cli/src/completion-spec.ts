import type { Command } from '@commander-js/extra-typings';

/** One option as a shell completes it. */
export interface CompletionOption {
  /** Every spelling: `['-c', '--count']`, `['--json']`. */
  flags: string[];
  /** The option takes a value (`<n>`): the next word is that value, not a command or an option. */
  takesValue: boolean;
  /** The value is a file name (`<file>`). */
  file: boolean;
  description: string;
}

/** One command (or the root) as a shell completes it. */
export interface CompletionCommand {
  name: string;
  aliases: string[];
  description: string;
  options: CompletionOption[];
  /** Fixed words its arguments accept (a shell's name, DNS record types and dig's + flags). */
  words: string[];
  /** Its argument is a host (or a name to look up): complete host names. */
  hosts: boolean;
}

/** What `netcheck completion <shell>` renders: the program's options and commands, from the command definitions. */
export interface CompletionSpec {
  program: string;
  root: CompletionCommand;
  commands: CompletionCommand[];
}

const HOST_ARGUMENTS = /^(host|target|name)$/;

function makeOption(opt: Command['options'][number]): CompletionOption {
  const flags = [opt.short, opt.long].filter((f): f is string => f !== undefined);
  return {
    flags,
    takesValue: opt.required || opt.optional,
    file: /<file>|\[file\]/.test(opt.flags),
    description: opt.description,
  };
}

const HELP_OPTION: CompletionOption = {
  flags: ['-h', '--help'],
  takesValue: false,
  file: false,
  description: 'show help',
};

function makeCommand(cmd: Command, words: readonly string[]): CompletionCommand {
  const args = cmd.registeredArguments;
  return {
    name: cmd.name(),
    aliases: cmd.aliases(),
    description: cmd.description(),
    options: [...cmd.options.filter((o) => !o.hidden).map(makeOption), HELP_OPTION],
    words: [...args.flatMap((a) => a.argChoices ?? []), ...words],
    hosts: args.some((a) => HOST_ARGUMENTS.test(a.name())),
  };
}

/**
 * The completion spec of `program` with every command registered. `extraWords` adds fixed words a command's
 * arguments accept that commander cannot declare as choices (a name or a record type, in any order).
 */
export function makeCompletionSpec(
  program: Command,
  extraWords: Readonly<Record<string, readonly string[]>> = {},
): CompletionSpec {
  return {
    program: program.name(),
    root: makeCommand(program, []),
    commands: program.commands.map((c) => makeCommand(c as Command, extraWords[c.name()] ?? [])),
  };
}

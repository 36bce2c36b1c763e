import type { CommandRunner } from '@netcheck/core';

/** Where a command writes and what kind of terminal it writes to. Injected so tests capture output. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  /** stdout is a terminal: live tables and spinners are allowed. */
  isTTY: boolean;
  /** Colour allowed: a TTY and NO_COLOR unset (and not forced off with --no-color). */
  color: boolean;
  env: Readonly<Record<string, string | undefined>>;
}

/** Everything a command needs from the outside world. */
export interface CliContext {
  io: CliIo;
  runner: CommandRunner;
  /** Aborted on Ctrl-C: commands stop probing and print what they have. */
  signal: AbortSignal;
  /** The command's verdict, mapped onto the documented exit codes (see @netcheck/core ExitCode). */
  exitCode: number;
}

/**
 * Exit codes shared by every command. Documented in the README; the CLI maps
 * results onto them and nothing else invents its own.
 */
export const ExitCode = {
  /** Everything checked is healthy. */
  Healthy: 0,
  /** The command ran and found a problem (loss, unreachable, NXDOMAIN, a socket finding...). */
  Problem: 1,
  /** The command line was wrong: unknown command/option, invalid target. Nothing was run. */
  Usage: 2,
  /** A required tool could not be run: missing, not permitted, or it failed in a way we cannot interpret. */
  ToolFailed: 3,
  /** The diagnosis could not settle everything it had to check, and saw nothing wrong in the rest. */
  Inconclusive: 4,
  /** Interrupted by the user (Ctrl-C); partial results were printed. */
  Interrupted: 130,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** Kind of misuse or environment failure that is thrown rather than returned as data. */
export type NetcheckErrorCode = 'usage' | 'invalid-target' | 'tool-missing' | 'permission-denied' | 'tool-error' | 'lab';

/**
 * The one error type netcheck throws. Thrown only for misuse (an invalid target,
 * a bad option) or when nothing at all can run; probe failures are data.
 * The message says what failed, what was expected and what was received; `hint` says what to do.
 */
export class NetcheckError extends Error {
  override readonly name = 'NetcheckError';
  constructor(
    readonly code: NetcheckErrorCode,
    message: string,
    readonly hint?: string,
  ) {
    super(message);
  }

  /** The exit code the CLI uses for this error. */
  get exitCode(): ExitCode {
    return this.code === 'usage' || this.code === 'invalid-target' ? ExitCode.Usage : ExitCode.ToolFailed;
  }
}

/** Cut a received value for an error message so one bad input cannot flood the terminal. */
export function clip(text: string, maxChars = 200): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length <= maxChars ? oneLine : `${oneLine.slice(0, maxChars - 1)}…`;
}

/**
 * The exit code for a probe that failed: the network's answer (unknown host, no route, refused,
 * timeout...) is a problem found (1); a tool that could not run (missing, not permitted, broken) is 3.
 */
export function exitCodeForFailure(failure: { reason: string }): ExitCode {
  return failure.reason === 'tool-missing' || failure.reason === 'permission-denied' || failure.reason === 'tool-error' ? ExitCode.ToolFailed : ExitCode.Problem;
}

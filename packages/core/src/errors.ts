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
export type NetcheckErrorCode =
  | 'usage'
  | 'invalid-target'
  | 'tool-missing'
  | 'permission-denied'
  | 'tool-error'
  | 'lab';

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

/**
 * A user's or a tool's text made safe to print: control characters (C0, DEL, C1) and the bidirectional
 * overrides shown escaped (`\x1b`, `\u202e`), so an echoed input can never move the cursor, recolour the
 * terminal, set its title or reorder what the user reads.
 */
export function escapeControl(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u2028-\u202e\u2066-\u2069]/g, (c) => {
    const code = c.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16)}`;
  });
}

/** Cut a received value for an error message so one bad input cannot flood the terminal; control characters escaped. */
export function clip(text: string, maxChars = 200): string {
  const oneLine = escapeControl(text.replace(/[ \t\n\r\f\v]+/g, ' ').trim());
  return oneLine.length <= maxChars ? oneLine : `${oneLine.slice(0, maxChars - 1)}…`;
}

/**
 * The exit code for a probe that failed: the network's answer (unknown host, no route, refused,
 * timeout...) is a problem found (1); a tool that could not run (missing, not permitted, broken) is 3.
 */
export function exitCodeForFailure(failure: { reason: string }): ExitCode {
  return failure.reason === 'tool-missing' || failure.reason === 'permission-denied' || failure.reason === 'tool-error'
    ? ExitCode.ToolFailed
    : ExitCode.Problem;
}

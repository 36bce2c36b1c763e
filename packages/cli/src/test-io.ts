import type { CliIo } from './context.js';

/** A CliIo that records what a command printed, for in-process CLI tests. */
export interface CapturedIo extends CliIo {
  readonly stdout: string;
  readonly stderr: string;
}

/** Capture output in memory; not a TTY and no colour unless asked. */
export function captureIo(
  options: { isTTY?: boolean; color?: boolean; env?: Record<string, string | undefined> } = {},
): CapturedIo {
  let stdout = '';
  let stderr = '';
  return {
    out: (t) => void (stdout += t),
    err: (t) => void (stderr += t),
    isTTY: options.isTTY ?? false,
    color: options.color ?? false,
    env: options.env ?? {},
    get stdout() {
      return stdout;
    },
    get stderr() {
      return stderr;
    },
  };
}

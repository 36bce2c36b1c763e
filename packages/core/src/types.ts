/** Operating-system family whose tool output a parser understands. Only run modules and the CLI read `process.platform`. */
export type Platform = 'linux' | 'darwin' | 'win32';

/** Why a probe produced no measurement. A failed probe is data, never an exception. */
export type FailureReason =
  | 'timeout'
  | 'refused'
  | 'unreachable'
  | 'prohibited'
  | 'nxdomain'
  | 'unknown-host'
  | 'tool-missing'
  | 'permission-denied'
  | 'aborted'
  | 'tool-error';

/** A probe that did not produce what it was asked for. `detail` quotes the evidence (cut to ~200 chars); `hint` says what to do. */
export interface ProbeFailure {
  ok: false;
  reason: FailureReason;
  detail: string;
  hint?: string;
}

/** A check that was deliberately not run says so, with why (never `false`). */
export interface Skipped {
  status: 'skipped';
  why: string;
}

/** Whether a value is a `Skipped` marker (a check that deliberately did not run). */
export function isSkipped(value: unknown): value is Skipped {
  return typeof value === 'object' && value !== null && (value as Skipped).status === 'skipped';
}

/** Narrow any `{ ok: boolean }` union to its failure side. */
export function isFailure<T extends { ok: boolean }>(value: T): value is Extract<T, { ok: false }> {
  return value.ok === false;
}

/** The platform of this process, narrowed to the ones netcheck parses; other Unixes read as 'linux'. */
export function detectPlatform(platform: string = process.platform): Platform {
  if (platform === 'darwin' || platform === 'freebsd' || platform === 'openbsd') return 'darwin';
  if (platform === 'win32') return 'win32';
  return 'linux';
}

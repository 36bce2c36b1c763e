/**
 * The only module that spawns tools, all through an injected CommandRunner:
 * ss for listener limits and idle times, and ss/netstat/lsof as table sources
 * where /proc/net/tcp is not available (other platforms, a locked-down /proc).
 */
import type { CommandResult, CommandRunner, Platform, ProbeFailure, ToolName } from '@netcheck/core';
import { buildInstallHint, clip, runCommand } from '@netcheck/core';
import type { LsofParse } from './parse-lsof.js';
import { parseLsof } from './parse-lsof.js';
import type { NetstatParse } from './parse-netstat.js';
import { parseNetstat } from './parse-netstat.js';
import type { SsParse } from './parse-ss.js';
import { parseSs } from './parse-ss.js';

/** A tool run that produced sockets, or why it did not. */
export type ToolTable<T> =
  | ({ ok: true } & T & { command: string[]; durationMs: number })
  | (ProbeFailure & { command: string[] });

const TIMEOUT_MS = 30_000;

function failureOf(r: CommandResult, tool: ToolName, platform: Platform): ProbeFailure | undefined {
  if (r.failure) {
    if (r.failure.reason === 'tool-missing')
      return { ok: false, reason: 'tool-missing', detail: r.failure.detail, hint: buildInstallHint(tool, platform) };
    if (r.failure.reason === 'permission-denied')
      return { ok: false, reason: 'permission-denied', detail: r.failure.detail };
    if (r.failure.reason === 'aborted') return { ok: false, reason: 'aborted', detail: r.failure.detail };
    return { ok: false, reason: r.failure.reason === 'timeout' ? 'timeout' : 'tool-error', detail: r.failure.detail };
  }
  // lsof exits 1 when nothing matched: an empty answer, not a failure
  if (r.exitCode !== 0 && !(tool === 'lsof' && r.exitCode === 1 && r.stderr.trim() === '')) {
    return {
      ok: false,
      reason: 'tool-error',
      detail: `${r.command} exited ${r.exitCode}: ${clip(r.stderr || r.stdout)}`,
    };
  }
  return undefined;
}

async function run(runner: CommandRunner, command: ToolName, args: string[], signal: AbortSignal | undefined) {
  return runCommand(runner, { command, args, timeoutMs: TIMEOUT_MS, signal });
}

/**
 * `ss -ltnH`: listeners with their accept queue length (Recv-Q) and limit (Send-Q). Cheap: the kernel dumps only
 * listeners.
 */
export async function querySsListeners(runner: CommandRunner, signal?: AbortSignal): Promise<ToolTable<SsParse>> {
  const args = ['-ltnH'];
  const r = await run(runner, 'ss', args, signal);
  const f = failureOf(r, 'ss', 'linux');
  if (f) return { ...f, command: ['ss', ...args] };
  return { ok: true, ...parseSs(r.stdout), command: ['ss', ...args], durationMs: r.durationMs };
}

/** `ss -tnoieH state established`: idle times (lastsnd/lastrcv), keepalive timers and inodes of ESTABLISHED sockets. */
export async function querySsEstablished(runner: CommandRunner, signal?: AbortSignal): Promise<ToolTable<SsParse>> {
  const args = ['-tnoieH', 'state', 'established'];
  const r = await run(runner, 'ss', args, signal);
  const f = failureOf(r, 'ss', 'linux');
  if (f) return { ...f, command: ['ss', ...args] };
  return {
    ok: true,
    ...parseSs(r.stdout, { state: 'ESTABLISHED' }),
    command: ['ss', ...args],
    durationMs: r.durationMs,
  };
}

/** `ss -tanH` (with -p when processes are wanted): the whole table, where /proc/net/tcp cannot be read. */
export async function querySsTable(
  runner: CommandRunner,
  withProcesses: boolean,
  signal?: AbortSignal,
): Promise<ToolTable<SsParse>> {
  const args = [withProcesses ? '-tanpH' : '-tanH'];
  const r = await run(runner, 'ss', args, signal);
  const f = failureOf(r, 'ss', 'linux');
  if (f) return { ...f, command: ['ss', ...args] };
  return { ok: true, ...parseSs(r.stdout), command: ['ss', ...args], durationMs: r.durationMs };
}

/** netstat's TCP table: `netstat -nat[p]` (Linux), `netstat -anp tcp` (macOS), `netstat -ano` (Windows). */
export async function queryNetstatTable(
  runner: CommandRunner,
  platform: Platform,
  withProcesses: boolean,
  signal?: AbortSignal,
): Promise<ToolTable<NetstatParse>> {
  const args =
    platform === 'linux' ? [withProcesses ? '-natp' : '-nat'] : platform === 'darwin' ? ['-anp', 'tcp'] : ['-ano'];
  const r = await run(runner, 'netstat', args, signal);
  const f = failureOf(r, 'netstat', platform);
  if (f) return { ...f, command: ['netstat', ...args] };
  return { ok: true, ...parseNetstat(r.stdout, platform), command: ['netstat', ...args], durationMs: r.durationMs };
}

/**
 * `lsof -n -P -iTCP[:port]`: the processes holding TCP sockets (all, or on one port),
 * the `lsof -i :port` lookup. Sockets nobody holds (TIME_WAIT) never appear.
 */
export async function queryLsof(
  runner: CommandRunner,
  platform: Platform,
  port?: number,
  signal?: AbortSignal,
): Promise<ToolTable<LsofParse>> {
  const args = ['-n', '-P', port === undefined ? '-iTCP' : `-iTCP:${port}`];
  const r = await run(runner, 'lsof', args, signal);
  const f = failureOf(r, 'lsof', platform);
  if (f) return { ...f, command: ['lsof', ...args] };
  return { ok: true, ...parseLsof(r.stdout), command: ['lsof', ...args], durationMs: r.durationMs };
}

/**
 * The only module that spawns tools, all through an injected CommandRunner:
 * ss for listener limits and idle times, and ss/netstat/lsof as table sources
 * where /proc/net/tcp is not available (other platforms, a locked-down /proc).
 */
import type { CommandResult, CommandRunner, Platform, ProbeFailure, ToolName } from '@netcheck/core';
import { budgetWarning, probeFailureFrom, runCommand } from '@netcheck/core';
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

/**
 * The table a finished command stands for (pure), first rule that holds:
 * 1 - stopped by the caller → `aborted` (core's `probeFailureFrom` leaves that one to its caller);
 * 2 - core's `probeFailureFrom` says it failed (not installed, with this platform's install command; not
 *     permitted; crashed; exited non-zero having printed no socket) → that failure. lsof exits 1 with nothing on
 *     stderr when no socket matched: that empty list is its answer, not a complaint;
 * 3 - otherwise the sockets it printed, with core's `budgetWarning` when it ran past our time budget and was
 *     stopped (what it printed by then is the table; our own budget is a warning, never a failure).
 */
function buildToolTable<T extends { sockets: unknown[]; warnings: string[] }>(
  r: CommandResult,
  where: { tool: ToolName; platform: Platform; command: readonly string[] },
  parse: (stdout: string) => T,
): ToolTable<T> {
  const command = [...where.command];
  if (r.failure?.reason === 'aborted') return { ok: false, reason: 'aborted', detail: r.failure.detail, command };
  const parsed = parse(r.stdout);
  const emptyLsof = where.tool === 'lsof' && r.exitCode === 1 && r.stderr.trim() === '';
  const nothingParsed = parsed.sockets.length === 0 && !emptyLsof;
  const failure = probeFailureFrom(r, { tool: where.tool, platform: where.platform, nothingParsed });
  if (failure) return { ...failure, command };
  const warning = budgetWarning(r, TIMEOUT_MS);
  if (warning) parsed.warnings.push(warning);
  return { ok: true, ...parsed, command, durationMs: r.durationMs };
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
  return buildToolTable(r, { tool: 'ss', platform: 'linux', command: ['ss', ...args] }, (out) => parseSs(out));
}

/** `ss -tnoieH state established`: idle times (lastsnd/lastrcv), keepalive timers and inodes of ESTABLISHED sockets. */
export async function querySsEstablished(runner: CommandRunner, signal?: AbortSignal): Promise<ToolTable<SsParse>> {
  const args = ['-tnoieH', 'state', 'established'];
  const r = await run(runner, 'ss', args, signal);
  const where = { tool: 'ss', platform: 'linux', command: ['ss', ...args] } as const;
  return buildToolTable(r, where, (out) => parseSs(out, { state: 'ESTABLISHED' }));
}

/** `ss -tanH` (with -p when processes are wanted): the whole table, where /proc/net/tcp cannot be read. */
export async function querySsTable(
  runner: CommandRunner,
  withProcesses: boolean,
  signal?: AbortSignal,
): Promise<ToolTable<SsParse>> {
  const args = [withProcesses ? '-tanpH' : '-tanH'];
  const r = await run(runner, 'ss', args, signal);
  return buildToolTable(r, { tool: 'ss', platform: 'linux', command: ['ss', ...args] }, (out) => parseSs(out));
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
  const where = { tool: 'netstat', platform, command: ['netstat', ...args] } as const;
  return buildToolTable(r, where, (out) => parseNetstat(out, platform));
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
  return buildToolTable(r, { tool: 'lsof', platform, command: ['lsof', ...args] }, parseLsof);
}

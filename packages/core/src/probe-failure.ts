import type { CommandResult } from './command-runner.js';
import { clip } from './errors.js';
import type { ToolName } from './install-hints.js';
import { buildInstallHint } from './install-hints.js';
import type { Platform, ProbeFailure } from './types.js';

/** What `probeFailureFrom` needs besides the result: which tool ran, and what the caller's parse made of it. */
export interface ProbeFailureContext {
  /** The tool as packaged, for the install hint of a missing one. */
  tool: ToolName;
  platform: Platform;
  /** What to do when the tool may not send its probes here (`setcap ...`); none when absent. */
  permissionHint?: string;
  /** The parse found no measurement at all (no reply, no hop): a non-zero exit then is the tool's complaint. */
  nothingParsed: boolean;
}

/**
 * The probe failure a finished command stands for, or `undefined` when its output is the answer (pure). One
 * decision for ping, traceroute and pathping, first rule that holds:
 * 1 - stopped by the caller (`aborted`) → none: the caller asked for it, and reports it as `aborted`;
 * 2 - the runner's time budget ran out (`timeout`) → none: the budget is ours (the tool's own worst case plus
 *     slack), so what the tool printed until it was stopped is still the measurement, and silence in it reads as
 *     the network's silence (no reply, a silent hop), never as a broken tool; `budgetWarning` says it was
 *     stopped. A `timeout` failure is for the network's answer (a probe that got none), never for the process;
 * 3 - the tool is not installed → `tool-missing`, "<command> is not installed", with the install command;
 * 4 - it may not send these probes → `permission-denied`, with `permissionHint`;
 * 5 - any other runner failure (it crashed, could not start) → `tool-error` with the runner's detail;
 * 6 - it exited by itself, non-zero, having printed nothing the parse could read → `tool-error`, quoting what it
 *     said (cut to 200 characters); a non-zero exit with replies is the parser's to read (ping exits 1 on loss);
 * 7 - otherwise none.
 */
export function probeFailureFrom(
  result: Pick<CommandResult, 'command' | 'exitCode' | 'stdout' | 'stderr' | 'failure'>,
  context: ProbeFailureContext,
): ProbeFailure | undefined {
  const f = result.failure;
  if (f?.reason === 'aborted' || f?.reason === 'timeout') return undefined;
  if (f?.reason === 'tool-missing') {
    const hint = buildInstallHint(context.tool, context.platform);
    return { ok: false, reason: 'tool-missing', detail: `${result.command} is not installed`, hint };
  }
  if (f?.reason === 'permission-denied') {
    const hint = context.permissionHint;
    return { ok: false, reason: 'permission-denied', detail: f.detail, ...(hint ? { hint } : {}) };
  }
  if (f) return { ok: false, reason: 'tool-error', detail: f.detail };
  if (context.nothingParsed && result.exitCode !== undefined && result.exitCode !== 0) {
    const said = clip(result.stderr || result.stdout);
    const detail = `${result.command} exited ${result.exitCode} without probing: ${said}`;
    return { ok: false, reason: 'tool-error', detail };
  }
  return undefined;
}

/** The warning for a command stopped at its time budget (rule 2 of `probeFailureFrom`); `undefined` otherwise. */
export function budgetWarning(
  result: Pick<CommandResult, 'command' | 'failure'>,
  budgetMs: number,
): string | undefined {
  return result.failure?.reason === 'timeout'
    ? `${result.command} ran past its ${budgetMs} ms budget and was stopped`
    : undefined;
}

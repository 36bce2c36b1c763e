import { InvalidArgumentError } from '@commander-js/extra-typings';
import { ExitCode, parseDurationMs } from '@netcheck/core';
import type { RunFigures } from '@netcheck/exporter';
import type { CliContext } from './context.js';
import { writeNdjson } from './style.js';

/** Commander parser for `--every DURATION` (`30s`, `5m`, `1m30s`, or seconds): milliseconds, at least 1 s. */
export function everyOption(value: string): number {
  const ms = parseDurationMs(value);
  if (ms === undefined || ms < 1000 || ms > 86_400_000)
    throw new InvalidArgumentError(
      `--every takes a duration from 1s to 24h, like 30s, 5m or 1m30s (got "${value.slice(0, 40)}")`,
    );
  return ms;
}

/** What `--every` needs from the command it repeats. */
export interface EveryPlan<R> {
  everyMs: number;
  /** Stop after this many runs (tests); without it, until Ctrl-C. */
  maxRuns?: number;
  /** Force NDJSON even on a terminal (`--json` / `--stream`). */
  ndjson: boolean;
  /** One run of the command's library call, with the loop's signal. */
  run(signal: AbortSignal): Promise<R>;
  /** The figures of a run for the one-line view (`verdict`, `loss`, `rtt`), compared run to run. */
  figures(result: R): RunFigures;
  exitCode(result: R): number;
}

/**
 * `--every`: repeat a command until Ctrl-C. Not on a terminal (or with --json): one NDJSON record a run,
 * `{run, time, durationMs, exitCode, report}`; on a terminal: one line a run saying what changed since the last.
 * The exit code is the last run's (130 after Ctrl-C).
 */
export async function runEvery<R>(ctx: CliContext, plan: EveryPlan<R>): Promise<void> {
  const lineView = ctx.io.isTTY && !plan.ndjson;
  let previous: RunFigures | undefined;
  let code: number = ExitCode.Healthy;
  // The repeat loop lives in the exporter package: loaded only when --every is used, not by every diagnosis.
  const { runRepeatedly, renderRepeatLine } = await import('@netcheck/exporter');
  const runs = runRepeatedly((signal) => plan.run(signal), {
    everyMs: plan.everyMs,
    maxRuns: plan.maxRuns,
    signal: ctx.signal,
  });
  for await (const record of runs) {
    code = plan.exitCode(record.result);
    if (!lineView) {
      writeNdjson(ctx.io, {
        run: record.run,
        time: record.time,
        durationMs: record.durationMs,
        exitCode: code,
        report: record.result,
      });
      continue;
    }
    const figures = plan.figures(record.result);
    ctx.io.out(`${renderRepeatLine(record, figures, previous)}\n`);
    previous = figures;
  }
  ctx.exitCode = ctx.signal.aborted ? ExitCode.Interrupted : code;
}

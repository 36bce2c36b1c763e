import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Command } from '@commander-js/extra-typings';
import { ExitCode, NetcheckError } from '@netcheck/core';
import { diagnose, exitCodeForDiagnosis } from '@netcheck/diagnose';
import { addToBatchSummary, EMPTY_BATCH_SUMMARY, runBatch } from '@netcheck/exporter';
import type { CliContext } from '../context.js';
import { numberOption } from '../options.js';
import { renderBatchSummary } from '../render/batch.js';
import { makeStyle, writeNdjson } from '../style.js';
import type { CommandModule } from './index.js';

const EXAMPLES = `Examples:
  netcheck batch targets.txt                  one target a line (host, IP, host:port, [v6]:port, URL; # comments)
  netcheck batch - -j 50 < targets.txt        from stdin, 50 at once
  netcheck batch targets.txt | jq -c 'select(.exitCode != 0) | {target, category: .report.category}'

stdout: one NDJSON record per target as it completes ({line, target, exitCode, report} or {..., error});
stderr: the summary table. Exit code: the worst seen.`;

interface BatchOptions {
  jobs: number;
  port?: number;
}

/** Record of a target that was refused before anything ran. */
interface RefusedRecord {
  code: string;
  message: string;
}

/** `netcheck batch FILE`: the diagnosis of every target, N at once, each record as it completes. */
async function runBatchCommand(file: string, opts: BatchOptions, ctx: CliContext): Promise<void> {
  const started = performance.now();
  const stream = file === '-' ? process.stdin : createReadStream(file);
  const opened = new Promise<void>((resolve, reject) => {
    if (file === '-') return resolve();
    stream.once('open', () => resolve());
    stream.once('error', (e: NodeJS.ErrnoException) =>
      reject(
        new NetcheckError(
          'usage',
          `cannot read ${file}: ${e.code ?? e.message}`,
          'give a file of targets, one a line, or - for stdin',
        ),
      ),
    );
  });
  await opened;
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  const probe = async (target: string, signal: AbortSignal) => {
    try {
      const report = await diagnose(target, { runner: ctx.runner, signal, port: opts.port });
      return { exitCode: exitCodeForDiagnosis(report), outcome: report.category as string, report };
    } catch (error) {
      if (!(error instanceof NetcheckError)) throw error;
      const refused: RefusedRecord = {
        code: error.code,
        message: [error.message, error.hint].filter(Boolean).join('; '),
      };
      return { exitCode: error.exitCode, outcome: error.code, error: refused };
    }
  };
  let summary = EMPTY_BATCH_SUMMARY;
  try {
    for await (const item of runBatch(lines, probe, { concurrency: opts.jobs, signal: ctx.signal })) {
      const { exitCode, outcome, ...rest } = item.result;
      writeNdjson(ctx.io, { line: item.line, target: item.target, exitCode, ...rest });
      summary = addToBatchSummary(summary, item.target, outcome, exitCode);
    }
  } finally {
    lines.close();
    if (file !== '-') stream.destroy();
  }
  const lines2 = renderBatchSummary(
    summary,
    performance.now() - started,
    makeStyle({ color: ctx.io.color && ctx.io.isTTY }),
  );
  ctx.io.err(`${lines2.join('\n')}\n`);
  ctx.exitCode = ctx.signal.aborted ? ExitCode.Interrupted : summary.worstExitCode;
}

export const batchCommand: CommandModule = {
  name: 'batch',
  register(program: Command, ctx: CliContext) {
    program
      .command('batch')
      .description('diagnose many targets from a file (one a line), N at once: NDJSON per target, a summary at the end')
      .argument('<file>', 'file of targets, or - for stdin')
      .option('-j, --jobs <n>', 'targets at once', numberOption('jobs', { min: 1, max: 500, integer: true }), 10)
      .option(
        '-p, --port <port>',
        'TCP port for targets that name none',
        numberOption('port', { min: 1, max: 65535, integer: true }),
      )
      .addHelpText('after', `\n${EXAMPLES}`)
      .action((file, opts) => runBatchCommand(file, opts, ctx));
  },
};

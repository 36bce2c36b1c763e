import { readFile } from 'node:fs/promises';
import type { Command } from '@commander-js/extra-typings';
import { clip, ExitCode, NetcheckError } from '@netcheck/core';
import { explainPaste, parsePaste, type PasteFormat } from '@netcheck/report';
import type { CliContext } from '../context.js';
import { renderExplanation } from '../render/explain.js';
import { makeStyle, writeJson } from '../style.js';
import type { CommandModule } from './index.js';

const FORMATS: readonly PasteFormat[] = ['mtr-report', 'mtr-json', 'traceroute', 'windows-pathping', 'trippy-json'];

interface ExplainOptions {
  format?: string;
  json?: boolean;
}

/** The whole of stdin, as text. */
async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** `netcheck explain FILE|-`: argv → text → parse → explain → render → exit code (1 when someone is to blame). */
async function runExplain(file: string, opts: ExplainOptions, ctx: CliContext): Promise<void> {
  if (opts.format !== undefined && !FORMATS.includes(opts.format as PasteFormat)) {
    throw new NetcheckError(
      'usage',
      `unknown --format '${clip(opts.format, 40)}'`,
      `use one of: ${FORMATS.join(', ')}`,
    );
  }
  let text: string;
  try {
    text = file === '-' ? await readStdin() : await readFile(file, 'utf8');
  } catch (error) {
    throw new NetcheckError(
      'usage',
      `cannot read ${clip(file, 200)}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
      'give a file with the pasted output, or - for stdin',
    );
  }
  const parsed = parsePaste(text, opts.format as PasteFormat | undefined);
  if (!parsed || !parsed.hops.length) {
    throw new NetcheckError(
      'usage',
      `no hops found in ${file === '-' ? 'stdin' : clip(file, 200)}${parsed ? ` (read as ${parsed.format})` : ''}: ` +
        `expected mtr --report, mtr --json, traceroute, Windows pathping or trippy JSON output`,
      `received: ${clip(JSON.stringify(text.slice(0, 200)), 200)}; --format says which tool printed it`,
    );
  }
  const x = explainPaste(parsed);
  if (opts.json) writeJson(ctx.io, x);
  else ctx.io.out(`${renderExplanation(x, makeStyle(ctx.io)).join('\n')}\n`);
  ctx.exitCode =
    x.unreachable || x.attribution.trouble || x.attribution.unplacedLoss ? ExitCode.Problem : ExitCode.Healthy;
}

export const explainCommand: CommandModule = {
  name: 'explain',
  register(program: Command, ctx: CliContext) {
    program
      .command('explain')
      .description("read someone else's mtr, traceroute, pathping or trippy output and give netcheck's verdict on it")
      .argument('<file>', 'the pasted output, or - to read stdin')
      .option('--format <tool>', `which tool printed it (default: detected): ${FORMATS.join(', ')}`)
      .option('--json', 'print one JSON document')
      .addHelpText(
        'after',
        `
Examples:
  mtr --report -c 100 example.com | netcheck explain -
  netcheck explain ticket-1234-pathping.txt
  netcheck explain trip.json --format trippy-json

Loss at a hop that does not carry on to later hops is that router's own ICMP (rate
limiting): shown, never blamed. The same rules as netcheck mtr; the limits of the
pasted data are printed with the verdict. Exit codes: 0 nobody to blame, 1 a link,
an unreachable hop or unplaced loss, 2 unreadable input.`,
      )
      .action((file, opts) => runExplain(file, opts, ctx));
  },
};

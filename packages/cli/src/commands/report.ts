import { mkdir, writeFile } from 'node:fs/promises';
import { hostname, release } from 'node:os';
import { join, resolve } from 'node:path';
import { readFileSync } from 'node:fs';
import type { Command } from '@commander-js/extra-typings';
import { checkLocal, deriveLocalFindings, diagnose, exitCodeForDiagnosis } from '@netcheck/diagnose';
import {
  buildReportDocument,
  buildReproduceCommands,
  deriveStateDir,
  findChanges,
  readLastHealthy,
  readSysctls,
  renderReportHtml,
  renderReportMarkdown,
  writeLastHealthy,
  type ReportDocument,
} from '@netcheck/report';
import type { CliContext } from '../context.js';
import { numberOption } from '../options.js';
import { renderReportDone } from '../render/report.js';
import { makeStyle } from '../style.js';
import type { CommandModule } from './index.js';

const VERSION: string = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

interface ReportOptions {
  out?: string;
  port?: number;
  state: boolean;
  local: boolean;
}

/** The folder a report goes to when --out is not given: named after the target and the start time. */
function defaultOut(target: string, startedAt: string): string {
  return `netcheck-report-${target.replace(/[^A-Za-z0-9._-]+/g, '_')}-${startedAt.replace(/[:.]/g, '').slice(0, 15)}`;
}

/**
 * `netcheck report <target>`: the diagnosis with --deep, the check of this machine, then report.json, report.md and
 * report.html in one folder. A healthy run becomes the target's baseline; a later run with a problem is compared
 * with it.
 */
async function runReport(target: string, opts: ReportOptions, ctx: CliContext): Promise<void> {
  const style = makeStyle(ctx.io);
  const startedAt = new Date().toISOString();
  ctx.io.err(
    `netcheck report ${target}: running the diagnosis with --deep${
      opts.local ? ' and the check of this machine' : ''
    }...\n`,
  );
  const sysctls = await readSysctls();
  const diagnosis = await diagnose(target, { runner: ctx.runner, signal: ctx.signal, port: opts.port, deep: true });
  const local = opts.local
    ? deriveLocalFindings(await checkLocal({ runner: ctx.runner, signal: ctx.signal }))
    : undefined;
  const endedAt = new Date().toISOString();
  const meta = {
    netcheckVersion: VERSION,
    startedAt,
    endedAt,
    host: { hostname: hostname(), platform: process.platform, release: release() },
    commands: buildReproduceCommands(diagnosis),
    sysctls,
  };
  let doc: ReportDocument = buildReportDocument({ diagnosis, meta, local });
  const stateDir = opts.state ? deriveStateDir(ctx.io.env) : undefined;
  let state = opts.state
    ? 'no state directory ($XDG_STATE_HOME and $HOME unset): nothing kept'
    : 'kept nothing (--no-state)';
  if (stateDir) {
    if (doc.category === 'healthy') {
      state = `kept as the last healthy report of ${doc.target}: ${await writeLastHealthy(stateDir, doc)}`;
    } else {
      const before = await readLastHealthy(stateDir, doc.target);
      if (before) doc = { ...doc, changes: { since: before.meta.startedAt, list: findChanges(before, doc) } };
      state = before
        ? `compared with the last healthy report of ${doc.target} (${before.meta.startedAt})`
        : `no healthy report of ${doc.target} kept yet: nothing to compare`;
    }
  }
  const dir = resolve(opts.out ?? defaultOut(target, startedAt));
  await mkdir(dir, { recursive: true });
  const files = [join(dir, 'report.json'), join(dir, 'report.md'), join(dir, 'report.html')];
  await writeFile(files[0]!, `${JSON.stringify(doc, null, 2)}\n`);
  await writeFile(files[1]!, renderReportMarkdown(doc));
  await writeFile(files[2]!, renderReportHtml(doc));
  ctx.io.out(`${renderReportDone(doc, files, state, style).join('\n')}\n`);
  ctx.exitCode = exitCodeForDiagnosis(diagnosis);
}

export const reportCommand: CommandModule = {
  name: 'report',
  register(program: Command, ctx: CliContext) {
    program
      .command('report')
      .description('diagnose a target in depth and write the case as a folder: report.json, report.md, report.html')
      .argument('<target>', 'host, IP, host:port, [v6]:port or URL')
      .option('-o, --out <dir>', 'the folder to write (default: netcheck-report-<target>-<time>)')
      .option(
        '-p, --port <port>',
        'TCP port to connect to (default: from the target)',
        numberOption('port', { min: 1, max: 65535, integer: true }),
      )
      .option('--no-state', 'neither keep this report as the last healthy one nor compare with it')
      .option('--no-local', 'leave out the check of this machine')
      .addHelpText(
        'after',
        `
Examples:
  netcheck report example.com --out ticket-1234
  netcheck report https://api.example.com/health --no-state

The last healthy report of each target is kept under $XDG_STATE_HOME/netcheck
(~/.local/state/netcheck); a later report that finds a problem says what changed
since: a new or missing hop, other addresses, a latency step, a resolver's answer,
a port, a sysctl. report.html is self-contained: it fetches nothing.`,
      )
      .action((target, opts) => runReport(target, opts, ctx));
  },
};

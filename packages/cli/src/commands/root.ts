import type { Command } from '@commander-js/extra-typings';
import type { LocalFinding } from '@netcheck/diagnose';
import { checkLocal, deriveLocalFindings } from '@netcheck/diagnose';
import { ExitCode } from '@netcheck/core';
import type { CliContext } from '../context.js';
import type { Style } from '../style.js';
import { makeStyle, writeJson } from '../style.js';

const MARK: Record<LocalFinding['severity'], (s: Style) => string> = {
  ok: (s) => s.green('ok  '),
  warning: (s) => s.yellow('warn'),
  critical: (s) => s.red('FAIL'),
  skipped: (s) => s.dim('skip'),
};

/** The findings about this machine, one block per check. */
export function renderLocalFindings(findings: readonly LocalFinding[], style: Style): string[] {
  const lines: string[] = [];
  for (const f of findings) {
    lines.push(`${MARK[f.severity](style)}  ${f.check.padEnd(10)}  ${f.text}`);
    for (const e of f.evidence) lines.push(style.dim(`                  ${e}`));
    for (const n of f.nextSteps) lines.push(`                  next: ${n}`);
  }
  return lines;
}

/** `netcheck` with no target: check this machine (interfaces, default gateway, resolvers). */
export const ROOT = {
  examples: `Examples:
  netcheck                   check this machine: interfaces, default gateway, resolvers
  netcheck --json            the same as one JSON document
  netcheck ping example.com  ping with TTL hop estimation
  netcheck trace example.com the path, hop by hop, and why it stopped
  netcheck <command> --help  a command's options and examples`,
  register(program: Command, ctx: CliContext): void {
    program.option('--json', 'print one JSON document').action(async (opts: { json?: boolean }) => {
      const style = makeStyle(ctx.io);
      if (!opts.json) ctx.io.out('netcheck: checking this machine\n');
      const local = await checkLocal({ runner: ctx.runner, signal: ctx.signal });
      const findings = deriveLocalFindings(local);
      const problems = findings.filter((f) => f.severity === 'warning' || f.severity === 'critical');
      if (opts.json) writeJson(ctx.io, { version: 1, local, findings });
      else {
        ctx.io.out(`${renderLocalFindings(findings, style).join('\n')}\n\n`);
        ctx.io.out(problems.length ? style.red(`${problems.length} problem${problems.length === 1 ? '' : 's'} found\n`) : style.green('this machine looks healthy\n'));
      }
      ctx.exitCode = problems.length ? ExitCode.Problem : ExitCode.Healthy;
    });
  },
};

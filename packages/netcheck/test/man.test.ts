import { execFileSync } from 'node:child_process';
import { buildProgram } from '@netcheck/cli';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs build script, no types
import { escapeRoff, renderManPage } from '../scripts/man.mjs';

async function page(): Promise<string> {
  const io = { out: () => {}, err: () => {}, isTTY: false, color: false, env: {} };
  const runner = { run: () => Promise.reject(new Error('not for running')) } as never;
  const program = await buildProgram({ io, runner, signal: new AbortController().signal, exitCode: 0 });
  return renderManPage(program, { version: '9.9.9' }) as string;
}

describe('netcheck(1) from the command definitions', () => {
  it('has a section per command with its options and the examples --help prints', async () => {
    const text = await page();
    expect(text).toMatch(/^\.TH NETCHECK 1 "" "netcheck 9\.9\.9" "User Commands"$/m);
    for (const cmd of ['ping', 'trace', 'mtr', 'dns', 'sockets', 'completion', 'check']) {
      expect(text).toMatch(new RegExp(`^\\.SS netcheck ${cmd} `, 'm'));
    }
    expect(text).toContain('.B \\-x, \\-\\-reverse');
    expect(text).toContain('netcheck dns MX lab +short');
    expect(text).toContain('source <(netcheck completion bash)');
  });

  it('lists the exit codes of --help as EXIT STATUS', async () => {
    const text = await page();
    const exit = text.slice(text.indexOf('.SH EXIT STATUS'), text.indexOf('.SH SEE ALSO'));
    for (const code of ['0', '1', '2', '3', '4', '130']) expect(exit).toContain(`.B ${code}\n`);
  });

  it('escapes roff: no text line starts with a control character, backslashes survive', async () => {
    expect(escapeRoff(".hidden\n'quoted\na\\b -x")).toBe("\\&.hidden\n\\&'quoted\na\\eb \\-x");
    const text = await page();
    const macros = /^\.(TH|SH|SS|TP|B|I|PP|nf|fi)( |$)/;
    for (const line of text.split('\n')) if (line.startsWith('.')) expect(line).toMatch(macros);
  });

  it('man renders it without warnings', async () => {
    let man = '';
    try {
      man = execFileSync('sh', ['-c', 'command -v man'], { encoding: 'utf8' }).trim();
    } catch {
      return; // man is not installed here; the roff checks above still ran
    }
    const { writeFileSync, mkdtempSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const file = join(mkdtempSync(join(tmpdir(), 'netcheck-man-')), 'netcheck.1');
    writeFileSync(file, await page());
    const env = { ...process.env, MANWIDTH: '100' };
    const out = execFileSync(man, ['--warnings', '-l', file], { encoding: 'utf8', env });
    expect(out).toContain('netcheck dns');
  });
});

import { exitCodeFor, FakeCommandRunner } from '@netcheck/core';
import { describe, expect, it } from 'vitest';
import { LOCAL_OUTCOME } from '../local-outcome.js';
import { main } from '../main.js';
import { captureIo } from '../test-io.js';

async function help(args: string[]): Promise<string> {
  const io = captureIo();
  expect(await main(args, { io, runner: new FakeCommandRunner([]) })).toBe(0);
  return io.stdout;
}

/** The options a help text lists, as [flags, description], without the ones every command has. */
const options = (text: string) =>
  text
    .split('\n')
    .filter((l) => /^ {2}-/.test(l) && !/--(help|version|no-color)/.test(l))
    .map((l) => l.trim().split(/\s{2,}/));

describe('the root command', () => {
  it('`netcheck <target>` and `netcheck check <target>` take the same options, declared once', async () => {
    const root = options(await help(['--help']));
    expect(root.map(([flags]) => flags)).toEqual(['-p, --port <port>', '--deep', '--json', '--stream']);
    expect(options(await help(['check', '--help']))).toEqual(root);
  });

  it("the local check's exit code: 1 for a warning or critical check, 0 for ok or a check that could not run", () => {
    const code = (...severities: (keyof typeof LOCAL_OUTCOME)[]) =>
      exitCodeFor({ findings: severities.map((s) => LOCAL_OUTCOME[s]) });
    expect(code('ok', 'ok', 'skipped')).toBe(0);
    expect(code('ok', 'warning')).toBe(1);
    expect(code('critical', 'skipped')).toBe(1);
  });
});

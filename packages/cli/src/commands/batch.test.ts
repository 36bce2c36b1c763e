import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeCommandRunner } from '@netcheck/core';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../main.js';
import { captureIo } from '../test-io.js';

const dir = mkdtempSync(join(tmpdir(), 'netcheck-batch-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('netcheck batch', () => {
  it('an NDJSON record per target, comments and blanks skipped, a summary on stderr, the worst exit code', async () => {
    const file = join(dir, 'targets.txt');
    writeFileSync(file, '# targets\n\n-rf\nhost name\n  $(id)  \n');
    const io = captureIo();
    const runner = new FakeCommandRunner([]);
    expect(await main(['batch', file, '-j', '2'], { io, runner })).toBe(2);
    const records = io.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { line: number; target: string; exitCode: number; error?: { code: string } });
    expect(records.map((r) => [r.line, r.target, r.exitCode, r.error?.code])).toEqual([
      [3, '-rf', 2, 'invalid-target'],
      [4, 'host name', 2, 'invalid-target'],
      [5, '$(id)', 2, 'invalid-target'],
    ]);
    expect(runner.calls).toHaveLength(0);
    expect(io.stderr).toMatch(/netcheck batch: 3 targets in [\d.]+ s, worst exit code 2/);
    expect(io.stderr).toMatch(/invalid-target\s+3\s+100\.0%/);
  });

  it('says when the file cannot be read (exit 2)', async () => {
    const io = captureIo();
    expect(await main(['batch', join(dir, 'missing.txt')], { io, runner: new FakeCommandRunner([]) })).toBe(2);
    expect(io.stderr).toMatch(/cannot read .*missing\.txt: ENOENT/);
  });
});

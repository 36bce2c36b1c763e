import { describe, expect, it } from 'vitest';
import type { CommandFailure } from './command-runner.js';
import { budgetWarning, probeFailureFrom } from './probe-failure.js';

const result = (failure: CommandFailure | undefined, exitCode: number | undefined, stderr = '') => ({
  command: 'traceroute',
  exitCode,
  stdout: '',
  stderr,
  failure,
});
const context = { tool: 'traceroute' as const, platform: 'linux' as const, nothingParsed: true };

describe('probeFailureFrom: one decision for every tool (rules in its comment)', () => {
  it.each<[string, ReturnType<typeof result>, boolean, unknown]>([
    ['ran and exited 0', result(undefined, 0), true, undefined],
    ['aborted by the caller: not a failure', result({ reason: 'aborted', detail: 'x' }, undefined), true, undefined],
    [
      'past its time budget: not a failure, even with nothing read',
      result({ reason: 'timeout', detail: 't' }, undefined),
      true,
      undefined,
    ],
    [
      'not installed: the install command',
      result({ reason: 'tool-missing', detail: 'traceroute not found on PATH' }, undefined),
      true,
      {
        ok: false,
        reason: 'tool-missing',
        detail: 'traceroute is not installed',
        hint: 'install it: apt-get install traceroute',
      },
    ],
    [
      'not permitted: the runner detail and the hint',
      result({ reason: 'permission-denied', detail: 'EPERM' }, undefined),
      true,
      { ok: false, reason: 'permission-denied', detail: 'EPERM', hint: 'setcap' },
    ],
    [
      'crashed',
      result({ reason: 'tool-error', detail: 'SIGSEGV' }, undefined),
      false,
      { ok: false, reason: 'tool-error', detail: 'SIGSEGV' },
    ],
    [
      'exited 2 having printed nothing readable',
      result(undefined, 2, "traceroute: bad option `-Z'\n"),
      true,
      { ok: false, reason: 'tool-error', detail: "traceroute exited 2 without probing: traceroute: bad option `-Z'" },
    ],
    ['exited 1 with replies: the parser reads it (ping exits 1 on loss)', result(undefined, 1, 'x'), false, undefined],
  ])('%s', (_name, r, nothingParsed, want) => {
    expect(probeFailureFrom(r, { ...context, nothingParsed, permissionHint: 'setcap' })).toEqual(want);
  });

  it('a tool quoted at length is cut to 200 characters', () => {
    const f = probeFailureFrom(result(undefined, 1, 'x'.repeat(500)), context);
    expect(f?.detail.length).toBeLessThan(240);
  });
});

describe('budgetWarning', () => {
  it('says a command was stopped at its budget, and nothing otherwise', () => {
    expect(budgetWarning(result({ reason: 'timeout', detail: 't' }, undefined), 5000)).toBe(
      'traceroute ran past its 5000 ms budget and was stopped',
    );
    expect(budgetWarning(result(undefined, 0), 5000)).toBeUndefined();
  });
});

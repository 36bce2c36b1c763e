import { describe, expect, it } from 'vitest';
import { ExitCode } from './errors.js';
import { exitCodeFor, sortFindings } from './finding.js';

describe('exitCodeFor', () => {
  it.each<[string, Parameters<typeof exitCodeFor>[0], number]>([
    ['nothing wrong', { findings: [{ severity: 'info' }] }, ExitCode.Healthy],
    ['a warning', { findings: [{ severity: 'info' }, { severity: 'warning' }] }, ExitCode.Problem],
    ['a critical finding', { findings: [{ severity: 'critical' }] }, ExitCode.Problem],
    [
      'a missing tool, whatever was found',
      { findings: [{ severity: 'info' }], failure: { reason: 'tool-missing' } },
      ExitCode.ToolFailed,
    ],
    [
      'the network said no (a failure that is an answer)',
      { findings: [], failure: { reason: 'unreachable' } },
      ExitCode.Problem,
    ],
    ['interrupted', { findings: [], failure: { reason: 'aborted' } }, ExitCode.Interrupted],
  ])('%s', (_n, outcome, code) => expect(exitCodeFor(outcome)).toBe(code));
});

describe('sortFindings', () => {
  it('puts critical first, then warnings, then information, keeping order within each', () => {
    const f = [
      { severity: 'info', n: 1 },
      { severity: 'critical', n: 2 },
      { severity: 'warning', n: 3 },
      { severity: 'critical', n: 4 },
    ] as const;
    expect(sortFindings(f).map((x) => x.n)).toEqual([2, 4, 3, 1]);
  });
});

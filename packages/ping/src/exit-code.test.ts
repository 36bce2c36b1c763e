import { ExitCode, type FailureReason, type ProbeFailure } from '@netcheck/core';
import { describe, expect, it } from 'vitest';
import { derivePingSeverity, exitCodeForPing } from './exit-code.js';
import type { PingVerdict } from './verdict.js';

const failure = (reason: FailureReason): ProbeFailure => ({ ok: false, reason, detail: reason });

describe('exitCodeForPing', () => {
  it.each<[PingVerdict['kind'], FailureReason | undefined, number]>([
    ['healthy', undefined, ExitCode.Healthy],
    ['loss', undefined, ExitCode.Problem],
    ['no-reply', undefined, ExitCode.Problem],
    ['unreachable', undefined, ExitCode.Problem],
    ['ttl-exceeded', undefined, ExitCode.Problem],
    ['failed', 'unknown-host', ExitCode.Problem],
    ['failed', 'tool-missing', ExitCode.ToolFailed],
    ['failed', 'permission-denied', ExitCode.ToolFailed],
    ['failed', 'tool-error', ExitCode.ToolFailed],
    // stopped by Ctrl-C: judged on what was seen
    ['healthy', 'aborted', ExitCode.Healthy],
    ['loss', 'aborted', ExitCode.Problem],
  ])('%s with failure %s: exit %i', (kind, reason, code) => {
    const report = { verdict: { kind, text: '' }, failure: reason && failure(reason) };
    expect(exitCodeForPing(report)).toBe(code);
  });

  it('partial loss is a warning, silence critical', () => {
    expect(
      ['healthy', 'loss', 'no-reply'].map((kind) => derivePingSeverity({ kind: kind as PingVerdict['kind'] })),
    ).toEqual(['info', 'warning', 'critical']);
  });
});

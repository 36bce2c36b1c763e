import { ExitCode } from '@netcheck/core';
import { describe, expect, it } from 'vitest';
import type { Explanation } from './explain.js';
import type { ResolverFinding } from './compare.js';
import { deriveLookupSeverity, exitCodeForLookup } from './exit-code.js';

const finding = (kind: ResolverFinding['kind'], severity: ResolverFinding['severity']): ResolverFinding => ({
  kind,
  severity,
  servers: ['10.0.4.3'],
  text: kind,
});
const report = (status: Explanation['status'], findings: ResolverFinding[] = [], resolvers = 1) => ({
  verdict: { status, text: '', nextStep: undefined },
  findings,
  resolvers: Array.from({ length: resolvers }) as never[],
});

describe('exitCodeForLookup', () => {
  it.each<[string, ReturnType<typeof report>, string, number]>([
    ['an answer', report('answer'), 'info', ExitCode.Healthy],
    ['an answer, one resolver slow', report('answer', [finding('slow', 'warning')]), 'info', ExitCode.Healthy],
    ['an answer, one resolver silent', report('answer', [finding('timeout', 'warning')]), 'warning', ExitCode.Problem],
    ['an answer, resolvers disagree', report('answer', [finding('disagree', 'warning')]), 'warning', ExitCode.Problem],
    [
      'an answer, NXDOMAIN rewriting',
      report('answer', [finding('slow', 'warning'), finding('nxdomain-rewriting', 'critical')]),
      'critical',
      ExitCode.Problem,
    ],
    ['NXDOMAIN', report('nxdomain'), 'critical', ExitCode.Problem],
    ['NODATA', report('nodata'), 'critical', ExitCode.Problem],
    ['every resolver silent', report('timeout', [finding('timeout', 'critical')]), 'critical', ExitCode.Problem],
    ['no resolver to ask', report('error', [], 0), 'critical', ExitCode.ToolFailed],
  ])('%s: %s, exit %i', (_what, r, severity, code) => {
    expect(deriveLookupSeverity(r)).toBe(severity);
    expect(exitCodeForLookup(r)).toBe(code);
  });
});

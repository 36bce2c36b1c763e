import { ExitCode, type FailureReason, type ProbeFailure } from '@netcheck/core';
import { describe, expect, it } from 'vitest';
import { derivePingFindings, derivePingSeverity, exitCodeForPing, renderLossBound } from './exit-code.js';
import type { PingSummary } from './types.js';
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

describe('derivePingFindings', () => {
  const summary = { sent: 10, received: 9, lossPct: 10, avgMs: 31.2, minMs: 30.1, maxMs: 33.4 } as PingSummary;
  it('one core-shaped finding: the verdict as title, its severity, the figures as evidence, the tool as source', () => {
    const [f] = derivePingFindings('web.lab', {
      verdict: { kind: 'loss', text: '10% of probes to web.lab were lost' },
      summary,
      hops: undefined,
      failure: undefined,
      command: ['ping', '-n', 'web.lab'],
    });
    expect(f).toEqual({
      id: 'ping-loss',
      severity: 'warning',
      title: '10% of probes to web.lab were lost',
      evidence: ['10 sent, 9 received (10.0% lost)', 'rtt min/avg/max 30.10/31.20/33.40 ms'],
      source: 'ping',
      nextSteps: ['netcheck mtr web.lab'],
    });
  });
  it('every probe answered: the title says what the count bounds (a 95% upper bound on loss, rounded up)', () => {
    const [f] = derivePingFindings('web.lab', {
      verdict: { kind: 'healthy', text: 'every probe to web.lab was answered' },
      summary: { ...summary, received: 10, lossPct: 0 },
      hops: undefined,
      failure: undefined,
      command: ['ping'],
    });
    expect(f).toMatchObject({ id: 'ping-healthy', severity: 'info', nextSteps: [] });
    expect(f?.title).toBe('every probe to web.lab was answered: 0 of 10 lost: loss below 26% (95%)');
    expect(renderLossBound(60)).toBe('0 of 60 lost: loss below 5% (95%)');
  });
  it('a ping that could not run says what to do', () => {
    const [f] = derivePingFindings('web.lab', {
      verdict: { kind: 'failed', text: 'ping is not installed' },
      summary: { ...summary, sent: 0, received: 0, lossPct: undefined, avgMs: undefined },
      hops: undefined,
      failure: {
        ok: false,
        reason: 'tool-missing',
        detail: 'ping is not installed',
        hint: 'apt-get install iputils-ping',
      },
      command: ['ping'],
    });
    expect(f).toMatchObject({ id: 'ping-failed', severity: 'critical', nextSteps: ['apt-get install iputils-ping'] });
  });
});

import { readFileSync } from 'node:fs';
import type { LocalFinding } from '@netcheck/diagnose';
import { describe, expect, it } from 'vitest';
import { makeStyle } from '../style.js';
import { renderLocalCheck, renderLocalFindings } from './local.js';

/** A report recorded in the lab (see test/fixtures/README.md). */
const fixture = <T>(name: string): T =>
  JSON.parse(readFileSync(new URL(`../../test/fixtures/${name}`, import.meta.url), 'utf8')) as T;
const plain = makeStyle({ color: false });
const colour = makeStyle({ color: true });

describe('local check renderer, on `netcheck --json` in the lab client', () => {
  it('standard: every check ok, and the machine looks healthy', () => {
    const { findings } = fixture<{ findings: LocalFinding[] }>('local-check.json');
    expect(renderLocalCheck(findings, plain)).toEqual([
      'ok    interfaces  to-r1 up and running',
      '                  to-r1: admin up, carrier, operstate up',
      'ok    gateway     gateway 10.0.1.1 (to-r1) answers ping in 0.02 ms',
      '                  default route via 10.0.1.1 dev to-r1 metric 0',
      '                  3 pings, 3 answered, avg 0.02 ms',
      'ok    resolvers   the resolver answers',
      '                  10.0.4.2: answered NODATA for lab SOA in 59 ms',
      'ok    sockets     0 TCP sockets, no socket problem',
      '',
      'this machine looks healthy',
    ]);
  });

  it('dead-resolver: the dead resolver is a warning with its evidence and next steps, and counts as a problem', () => {
    const { findings } = fixture<{ findings: LocalFinding[] }>('local-check-dead-resolver.json');
    expect(renderLocalCheck(findings, plain)).toEqual([
      'ok    interfaces  to-r1 up and running',
      '                  to-r1: admin up, carrier, operstate up',
      'ok    gateway     gateway 10.0.1.1 (to-r1) answers ping in 0.02 ms',
      '                  default route via 10.0.1.1 dev to-r1 metric 0',
      '                  3 pings, 3 answered, avg 0.02 ms',
      'warn  resolvers   resolver 10.0.4.3 does not answer; every lookup that tries it first waits for its timeout',
      '                  10.0.4.3: no answer (ETIMEOUT)',
      '                  10.0.4.2: answered NODATA for lab SOA in 71 ms',
      '                  next: remove or fix it in /etc/resolv.conf',
      '                  next: netcheck trace 10.0.4.3',
      'ok    sockets     0 TCP sockets, no socket problem',
      '',
      '1 problem found',
    ]);
  });

  it('marks: the severity words of the diagnosis findings, and skip for a check that could not run', () => {
    const finding = ([state, severity, text]: [LocalFinding['state'], LocalFinding['severity'], string]) => ({
      state,
      severity,
      check: 'gateway' as const,
      text,
      evidence: [],
      nextSteps: [],
    });
    const findings = (
      [
        ['fine', 'info', 'ok'],
        ['problem', 'warning', 'warning'],
        ['problem', 'critical', 'critical'],
        ['not-checked', 'info', 'skipped'],
      ] as const
    ).map((f) => finding([...f]));
    expect(renderLocalFindings(findings, plain)).toEqual([
      'ok    gateway     ok',
      'warn  gateway     warning',
      'FAIL  gateway     critical',
      'skip  gateway     skipped',
    ]);
    expect(renderLocalFindings(findings, colour)).toEqual([
      '\u001b[32mok  \u001b[39m  gateway     ok',
      '\u001b[33mwarn\u001b[39m  gateway     warning',
      '\u001b[31mFAIL\u001b[39m  gateway     critical',
      '\u001b[2mskip\u001b[22m  gateway     skipped',
    ]);
    expect(renderLocalCheck(findings, plain).at(-1)).toBe('2 problems found');
    expect(renderLocalCheck([finding(['not-checked', 'info', 'skipped'])], plain).at(-1)).toBe(
      'this machine looks healthy',
    );
  });
});

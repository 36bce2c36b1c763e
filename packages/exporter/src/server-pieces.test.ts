import { describe, expect, it } from 'vitest';
import { buildErrorSamples, buildTimingSamples, deriveProbeOutcome } from './server.js';

const success = (value: number) => [{ name: 'probe_success', help: 'h', value }];

describe('the exporter server, pure pieces', () => {
  it.each([
    ['probe_success 1', success(1), false, 'success'],
    ['probe_success 0', success(0), false, 'failure'],
    ['no probe_success at all', [{ name: 'probe_dns_lookup_time_seconds', help: 'h', value: 1 }], false, 'failure'],
    ['past the deadline, even with probe_success 1', success(1), true, 'deadline'],
  ] as const)('a probe with %s is a %s', (_, samples, deadlinePassed, outcome) => {
    expect(deriveProbeOutcome(samples, deadlinePassed)).toBe(outcome);
  });
  it('gives a probe that threw probe_success 0 and netcheck_probe_failure{reason="error"} 1', () => {
    const samples = buildErrorSamples();
    expect(samples.map((s) => [s.name, s.labels, s.value])).toEqual([
      ['probe_success', undefined, 0],
      ['netcheck_probe_failure', { reason: 'error' }, 1],
    ]);
    // Each call its own samples: the caller appends to them.
    expect(buildErrorSamples()).not.toBe(samples);
    expect(buildErrorSamples()[0]).not.toBe(samples[0]);
  });
  it('ends every probe with its duration and its deadline in seconds', () => {
    expect(buildTimingSamples(1.25, 4500).map((s) => [s.name, s.value])).toEqual([
      ['probe_duration_seconds', 1.25],
      ['netcheck_probe_deadline_seconds', 4.5],
    ]);
  });
});

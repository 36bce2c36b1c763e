import { describe, expect, it } from 'vitest';
import { deriveProbeDeadlineMs } from './deadline.js';
import { parseDurationMs } from './duration.js';

describe('deriveProbeDeadlineMs', () => {
  it.each([
    { header: '10', moduleMs: 30_000, want: 9500, why: 'scrape timeout less the offset' },
    { header: '10', moduleMs: 5000, want: 5000, why: 'the module is stricter' },
    { header: undefined, moduleMs: 5000, want: 5000, why: 'no header: the module timeout' },
    { header: 'abc', moduleMs: 5000, want: 5000, why: 'an unreadable header is ignored' },
    { header: '0.5', moduleMs: 5000, want: 200, why: 'never below the minimum' },
    { header: '2.5', moduleMs: 10_000, want: 2000, why: 'fractions of a second' },
  ])('$why', ({ header, moduleMs, want }) => expect(deriveProbeDeadlineMs(header, moduleMs)).toBe(want));
});

describe('parseDurationMs', () => {
  it.each([
    ['5s', 5000],
    ['500ms', 500],
    ['1m30s', 90_000],
    ['2', 2000],
    ['1h', 3_600_000],
    ['0s', undefined],
    ['5 s', undefined],
    ['s', undefined],
    ['5x', undefined],
    ['-1s', undefined],
  ])('%s -> %s', (text, want) => expect(parseDurationMs(text)).toBe(want));
});

import { escapeControl, FakeCommandRunner, NetcheckError } from '@netcheck/core';
import { describe, expect, it } from 'vitest';
import { main } from './main.js';
import { nestKeyValues, parseKeyValueOption } from './options.js';
import { captureIo } from './test-io.js';

const RULES = new Map([
  ['close-wait-leak.minCloseWait', { min: 1, max: 1_000_000, integer: true }],
  ['time-wait.ratio', { min: 0, max: 1 }],
]);

const usageError = (f: () => unknown): NetcheckError => {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(NetcheckError);
    expect((e as NetcheckError).exitCode).toBe(2);
    return e as NetcheckError;
  }
  throw new Error('did not throw');
};

describe('parseKeyValueOption: an allow-list, never a path into an object', () => {
  it('parses known keys and range-checks their values', () => {
    expect(parseKeyValueOption('close-wait-leak.minCloseWait=5', RULES)).toEqual({
      key: 'close-wait-leak.minCloseWait',
      value: 5,
    });
    expect(parseKeyValueOption('time-wait.ratio=0.5', RULES)).toEqual({ key: 'time-wait.ratio', value: 0.5 });
    expect(usageError(() => parseKeyValueOption('time-wait.ratio=2', RULES)).message).toContain('from 0 to 1 (got 2)');
    expect(usageError(() => parseKeyValueOption('close-wait-leak.minCloseWait=1.5', RULES)).message).toContain(
      'whole number',
    );
    expect(usageError(() => parseKeyValueOption('close-wait-leak.minCloseWait=1e9', RULES)).message).toContain(
      'must be a number',
    );
    expect(usageError(() => parseKeyValueOption('nokey', RULES)).message).toContain('expected key=number');
  });

  it.each([
    'constructor.name=1',
    'constructor.keys=1',
    'constructor.assign=1',
    '__proto__.polluted=1',
    'toString=1',
    'hasOwnProperty=1',
    'close-wait-leak.__proto__=1',
    'close-wait-leak.constructor=1',
  ])('%s is an unknown key (exit 2) and touches no prototype', (text) => {
    const e = usageError(() => parseKeyValueOption(text, RULES));
    expect(e.message).toMatch(/^unknown key "/);
    expect(e.hint).toContain('close-wait-leak.minCloseWait');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(typeof Object.assign).toBe('function');
  });

  it('nests pairs on objects without a prototype', () => {
    const nested = nestKeyValues([
      { key: 'close-wait-leak.minCloseWait', value: 5 },
      { key: '__proto__.x', value: 1 },
      { key: 'constructor.name', value: 2 },
    ]);
    expect(nested['close-wait-leak']!.minCloseWait).toBe(5);
    expect(Object.getPrototypeOf(nested)).toBeNull();
    expect(Object.keys(nested)).toEqual(['close-wait-leak', '__proto__', 'constructor']);
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });

  it('shows control characters escaped', () => {
    expect(escapeControl('a\u001b[31mRED\u0007\u009b\u202e')).toBe('a\\x1b[31mRED\\x07\\x9b\\u202e');
    expect(usageError(() => parseKeyValueOption('a\u001b]0;x\u0007=1', RULES)).message).not.toMatch(/[\u0000-\u001f]/);
  });
});

describe('conflicting options are a usage error naming both, and nothing runs', () => {
  it.each([
    [['ping', '127.0.0.1', '-4', '-6'], /option '-4' cannot be used with option '-6'/],
    [['ping', '127.0.0.1', '--json', '--stream'], /option '--json' cannot be used with option '--stream'/],
    [['127.0.0.1', '--json', '--stream'], /option '--json' cannot be used with option '--stream'/],
    [
      ['check', '127.0.0.1', '--stream', '--json'],
      /option '--stream' cannot be used with option '--json'|option '--json' cannot be used with option '--stream'/,
    ],
    [['dns', 'x.invalid', '@127.0.0.1', '--json', '--short'], /option '--json' cannot be used with option '--short'/],
  ])('%j', async (args, message) => {
    const io = captureIo();
    const runner = new FakeCommandRunner([]);
    expect(await main(args, { io, runner })).toBe(2);
    expect(io.stderr).toMatch(message);
    expect(runner.calls).toEqual([]);
  });
});

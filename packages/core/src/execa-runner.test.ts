import { describe, expect, it } from 'vitest';
import type { ChildEnd } from './execa-runner.js';
import { deriveCommandEnd } from './execa-runner.js';

const spec = { command: 'ping', timeoutMs: 5000 };
const plain = { setpriv: undefined, supervised: false, killedByCaller: false };
const tied = { setpriv: '/usr/bin/setpriv', supervised: true, killedByCaller: false };
const ended = (r: Partial<ChildEnd>): ChildEnd => ({ timedOut: false, isCanceled: false, failed: false, ...r });

describe('deriveCommandEnd (pure)', () => {
  it.each([
    ['an exit code alone', ended({ exitCode: 1, stderr: 'x' }), plain, 1, undefined, undefined],
    ['ENOENT', ended({ failed: true, code: 'ENOENT' }), plain, undefined, undefined, 'tool-missing'],
    ['EPERM', ended({ failed: true, code: 'EPERM' }), plain, undefined, undefined, 'permission-denied'],
    ['a timeout', ended({ timedOut: true, signal: 'SIGTERM' }), plain, undefined, 'SIGTERM', 'timeout'],
    ['a cancel', ended({ isCanceled: true, signal: 'SIGTERM' }), plain, undefined, 'SIGTERM', 'aborted'],
    ['kill()', ended({ signal: 'SIGTERM' }), { ...plain, killedByCaller: true }, undefined, 'SIGTERM', 'aborted'],
    [
      'a failure without code or signal',
      ended({ failed: true, shortMessage: 'boom' }),
      plain,
      undefined,
      undefined,
      'tool-error',
    ],
    ['a signal of its own', ended({ signal: 'SIGSEGV' }), plain, undefined, 'SIGSEGV', undefined],
    ['exit 128+9 under the supervising sh', ended({ exitCode: 137 }), tied, undefined, 'SIGKILL', undefined],
    ['exit 137 without the supervising sh', ended({ exitCode: 137 }), plain, 137, undefined, undefined],
  ] as const)('%s', (_, r, how, exitCode, signal, reason) => {
    const end = deriveCommandEnd(spec, r, how);
    expect(end.exitCode).toBe(exitCode);
    expect(end.signal).toBe(signal);
    expect(end.failure?.reason).toBe(reason);
  });
  it('maps setpriv and sh failing to exec the tool back to missing or not allowed', () => {
    const missing = ended({ exitCode: 127, stderr: 'setpriv: failed to execute ping: No such file or directory\n' });
    expect(deriveCommandEnd(spec, missing, tied)).toEqual({
      exitCode: undefined,
      signal: undefined,
      stderr: 'setpriv: failed to execute ping: No such file or directory\n',
      failure: { reason: 'tool-missing', detail: 'ping not found on PATH' },
    });
    const denied = ended({ exitCode: 126, stderr: 'sh: 1: ping: Permission denied\n' });
    expect(deriveCommandEnd(spec, denied, tied).failure).toEqual({
      reason: 'permission-denied',
      detail: 'not allowed to run ping',
    });
    // Without setpriv the same exit code is the tool's own.
    expect(deriveCommandEnd(spec, missing, plain)).toMatchObject({ exitCode: 127, failure: undefined });
  });
  it('reports the timeout with its length and a tool error with its message', () => {
    expect(deriveCommandEnd(spec, ended({ timedOut: true }), plain).failure?.detail).toBe('ping killed after 5000 ms');
    const broken = ended({ failed: true, shortMessage: 'spawn failed' });
    expect(deriveCommandEnd(spec, broken, plain).failure).toEqual({ reason: 'tool-error', detail: 'spawn failed' });
    expect(deriveCommandEnd(spec, ended({ stderr: Buffer.from('x') }), plain).stderr).toBe('');
  });
});

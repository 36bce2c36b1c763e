import type { CommandFailure, CommandResult, CommandRunner } from '@netcheck/core';
import { describe, expect, it } from 'vitest';
import { fixture } from '../test/helpers.js';
import { queryLsof, queryNetstatTable, querySsListeners } from './run-tools.js';

const listeners = fixture('linux/all-states.ss-ltnH.txt');

/** A runner whose every command ends as `end` says (stdout printed before it ended, exit code or failure). */
function endingAs(end: Partial<Pick<CommandResult, 'stdout' | 'stderr' | 'exitCode' | 'failure'>>): CommandRunner {
  return {
    start(spec) {
      const result: CommandResult = {
        command: spec.command,
        args: spec.args,
        exitCode: end.failure ? undefined : (end.exitCode ?? 0),
        signal: undefined,
        stdout: end.stdout ?? '',
        stderr: end.stderr ?? '',
        durationMs: 5,
        failure: end.failure,
      };
      return { result: Promise.resolve(result), kill() {}, [Symbol.asyncIterator]: async function* () {} };
    },
  };
}
const failed = (reason: CommandFailure['reason'], detail = 'x'): { failure: CommandFailure } => ({
  failure: { reason, detail },
});

describe('a tool run becomes a table or a failure through core probeFailureFrom', () => {
  it('a clean run: the sockets, no warning', async () => {
    const r = await querySsListeners(endingAs({ stdout: listeners }));
    expect(r).toMatchObject({ ok: true, command: ['ss', '-ltnH'], warnings: [] });
    expect(r.ok && r.sockets.length).toBeGreaterThan(0);
  });

  it('not installed: "<tool> is not installed", with the install command of this tool on this platform', async () => {
    expect(await querySsListeners(endingAs(failed('tool-missing')))).toEqual({
      ok: false,
      reason: 'tool-missing',
      detail: 'ss is not installed',
      hint: 'install it: apt-get install iproute2',
      command: ['ss', '-ltnH'],
    });
    const mac = await queryNetstatTable(endingAs(failed('tool-missing')), 'darwin', false);
    expect(mac).toMatchObject({ ok: false, reason: 'tool-missing', detail: 'netstat is not installed' });
  });

  it('stopped by the caller: aborted, not a table', async () => {
    const r = await querySsListeners(endingAs({ ...failed('aborted', 'ss stopped on request'), stdout: listeners }));
    expect(r).toEqual({ ok: false, reason: 'aborted', detail: 'ss stopped on request', command: ['ss', '-ltnH'] });
  });

  it('stopped at our own 30 s budget: what it printed is the table, with a warning (never a failure)', async () => {
    const r = await querySsListeners(endingAs({ ...failed('timeout'), stdout: listeners }));
    expect(r.ok).toBe(true);
    expect(r.ok && r.sockets.length).toBeGreaterThan(0);
    expect(r.ok && r.warnings).toEqual(['ss ran past its 30000 ms budget and was stopped']);
  });

  it('not permitted, or crashed: the runner says why', async () => {
    expect(await querySsListeners(endingAs(failed('permission-denied', 'EACCES')))).toMatchObject({
      ok: false,
      reason: 'permission-denied',
      detail: 'EACCES',
    });
    expect(await querySsListeners(endingAs(failed('tool-error', 'SIGSEGV')))).toMatchObject({
      ok: false,
      reason: 'tool-error',
      detail: 'SIGSEGV',
    });
  });

  it('a non-zero exit with no socket printed is a tool error quoting what it said', async () => {
    const r = await querySsListeners(endingAs({ exitCode: 1, stderr: 'Cannot open netlink socket' }));
    expect(r).toMatchObject({
      ok: false,
      reason: 'tool-error',
      detail: 'ss exited 1 without probing: Cannot open netlink socket',
    });
  });

  it('lsof exits 1 with nothing on stderr when no socket matched: an empty list, not a failure', async () => {
    expect(await queryLsof(endingAs({ exitCode: 1 }), 'darwin', 8080)).toMatchObject({ ok: true, sockets: [] });
    expect(await queryLsof(endingAs({ exitCode: 1, stderr: 'lsof: bad option' }), 'darwin')).toMatchObject({
      ok: false,
      reason: 'tool-error',
    });
  });
});

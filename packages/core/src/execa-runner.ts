import { execa } from 'execa';
import type { CommandFailure, CommandResult, CommandRunner, CommandSpec, RunningCommand } from './command-runner.js';
import { C_LOCALE_ENV } from './command-runner.js';
import { clip } from './errors.js';
import { LineQueue, makeLineSplitter } from './line-queue.js';

/**
 * The real runner, on execa: no shell, the C locale forced, SIGTERM then SIGKILL
 * after 1 s on timeout or abort, and children killed if netcheck itself exits
 * (execa's `cleanup`), so no probe process outlives its caller.
 */
export function createExecaRunner(): CommandRunner {
  return {
    start(spec: CommandSpec): RunningCommand {
      const started = performance.now();
      const queue = new LineQueue();
      let killedByCaller = false;
      const stdoutParts: string[] = [];
      const splitter = makeLineSplitter((line) => queue.push(line));
      const subprocess = execa(spec.command, [...spec.args], {
        reject: false,
        env: { ...C_LOCALE_ENV, ...spec.env },
        extendEnv: true,
        timeout: spec.timeoutMs,
        cancelSignal: spec.signal,
        forceKillAfterDelay: 1000,
        cleanup: true,
        input: spec.input,
        cwd: spec.cwd,
        stdin: spec.input === undefined ? 'ignore' : 'pipe',
        buffer: { stdout: false, stderr: true },
        stripFinalNewline: false,
      });
      subprocess.stdout?.setEncoding('utf8');
      subprocess.stdout?.on('data', (chunk: string) => {
        stdoutParts.push(chunk);
        splitter.write(chunk);
      });
      const stdoutDone = new Promise<void>((resolve) => {
        if (!subprocess.stdout) return resolve();
        subprocess.stdout.on('close', () => resolve());
        subprocess.stdout.on('error', () => resolve());
      });
      const result = (async (): Promise<CommandResult> => {
        const r = await subprocess;
        await stdoutDone;
        splitter.flush();
        queue.close();
        const stderr = typeof r.stderr === 'string' ? r.stderr : '';
        let failure: CommandFailure | undefined;
        const code = (r as { code?: string }).code;
        if (code === 'ENOENT') failure = { reason: 'tool-missing', detail: `${spec.command} not found on PATH` };
        else if (code === 'EACCES' || code === 'EPERM') failure = { reason: 'permission-denied', detail: `not allowed to run ${spec.command}` };
        else if (r.timedOut) failure = { reason: 'timeout', detail: `${spec.command} killed after ${spec.timeoutMs} ms` };
        else if (r.isCanceled || killedByCaller) failure = { reason: 'aborted', detail: `${spec.command} stopped on request` };
        else if (r.failed && r.exitCode === undefined && !r.signal) failure = { reason: 'tool-error', detail: clip(r.shortMessage ?? String(r.message)) };
        return {
          command: spec.command,
          args: spec.args,
          exitCode: r.exitCode,
          signal: r.signal ?? undefined,
          stdout: stdoutParts.join(''),
          stderr,
          durationMs: performance.now() - started,
          failure,
        };
      })();
      return {
        result,
        kill: () => {
          killedByCaller = true;
          subprocess.kill('SIGTERM');
        },
        [Symbol.asyncIterator]: () => queue[Symbol.asyncIterator](),
      };
    },
  };
}

import type { CommandFailure, CommandResult, CommandRunner, CommandSpec, RunningCommand } from './command-runner.js';
import { C_LOCALE_ENV } from './command-runner.js';
import { clip } from './errors.js';
import { LineQueue, makeLineSplitter } from './line-queue.js';

// execa takes ~90 ms to load; commands that never spawn (dns, sockets) should not pay for it.
let execaModule: Promise<typeof import('execa')> | undefined;
const loadExeca = () => (execaModule ??= import('execa'));

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
      let subprocess: { kill(signal?: NodeJS.Signals): boolean } | undefined;
      const result = (async (): Promise<CommandResult> => {
        let execa: (typeof import('execa'))['execa'];
        try {
          ({ execa } = await loadExeca());
        } catch (e) {
          queue.close();
          return { command: spec.command, args: spec.args, exitCode: undefined, signal: undefined, stdout: '', stderr: '', durationMs: performance.now() - started, failure: { reason: 'tool-error', detail: `cannot load execa: ${clip(String(e))}` } };
        }
        const stdoutParts: string[] = [];
        const splitter = makeLineSplitter((line) => queue.push(line));
        const child = execa(spec.command, [...spec.args], {
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
        subprocess = child;
        if (killedByCaller) child.kill('SIGTERM');
        child.stdout?.setEncoding('utf8');
        child.stdout?.on('data', (chunk: string) => {
          stdoutParts.push(chunk);
          splitter.write(chunk);
        });
        const stdoutDone = new Promise<void>((resolve) => {
          if (!child.stdout) return resolve();
          child.stdout.on('close', () => resolve());
          child.stdout.on('error', () => resolve());
        });
        const r = await child;
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
          subprocess?.kill('SIGTERM');
        },
        [Symbol.asyncIterator]: () => queue[Symbol.asyncIterator](),
      };
    },
  };
}

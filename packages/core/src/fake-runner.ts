import type { CommandFailure, CommandResult, CommandRunner, CommandSpec, RunningCommand } from './command-runner.js';
import { LineQueue } from './line-queue.js';

/** One scripted process for FakeCommandRunner. */
export interface FakeScript {
  /** Which spec this script answers: a command name, or a predicate over the whole spec. */
  match: string | ((spec: CommandSpec) => boolean);
  stdout?: string;
  stderr?: string;
  exitCode?: number;
  failure?: CommandFailure;
  /** Delay before each stdout line, to imitate a tool that prints as replies arrive. */
  lineDelayMs?: number;
}

/**
 * A CommandRunner for tests: answers each started command with the first
 * matching script (recorded real output, usually a fixture file), records
 * every call in `calls`, honours AbortSignal and `kill()` like the real one,
 * and reports 'tool-missing' for a command no script matches.
 */
export class FakeCommandRunner implements CommandRunner {
  readonly calls: CommandSpec[] = [];
  /** Number of fake processes still "running"; a test can assert nothing is left behind. */
  running = 0;

  constructor(private readonly scripts: FakeScript[]) {}

  start(spec: CommandSpec): RunningCommand {
    this.calls.push(spec);
    const script = this.scripts.find((s) => (typeof s.match === 'string' ? s.match === spec.command : s.match(spec)));
    const queue = new LineQueue();
    const started = performance.now();
    let killed = false;
    let wake: (() => void) | undefined;
    const stop = () => {
      killed = true;
      wake?.();
    };
    spec.signal?.addEventListener('abort', stop, { once: true });
    this.running++;
    const result = (async (): Promise<CommandResult> => {
      const printed: string[] = [];
      let failure: CommandFailure | undefined = script
        ? script.failure
        : { reason: 'tool-missing', detail: `${spec.command} not found on PATH` };
      if (script && !failure) {
        const text = script.stdout ?? '';
        const lines = text.length ? text.replace(/\n$/, '').split('\n') : [];
        for (const line of lines) {
          if (script.lineDelayMs)
            await new Promise<void>((r) => {
              wake = r;
              setTimeout(r, script.lineDelayMs);
            });
          if (killed) break;
          printed.push(line);
          queue.push(line);
        }
        if (killed) failure = { reason: 'aborted', detail: `${spec.command} stopped on request` };
      }
      queue.close();
      this.running--;
      spec.signal?.removeEventListener('abort', stop);
      return {
        command: spec.command,
        args: spec.args,
        exitCode: failure ? undefined : (script?.exitCode ?? 0),
        signal: killed ? 'SIGTERM' : undefined,
        stdout: printed.length ? `${printed.join('\n')}\n` : '',
        stderr: script?.stderr ?? '',
        durationMs: performance.now() - started,
        failure,
      };
    })();
    return { result, kill: stop, [Symbol.asyncIterator]: () => queue[Symbol.asyncIterator]() };
  }
}

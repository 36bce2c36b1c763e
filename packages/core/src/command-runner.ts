/**
 * The seam between netcheck and the processes it runs. Everything that spawns
 * goes through a CommandRunner, so tests can substitute a fake and the lab can
 * run the same code inside a network namespace.
 */

/** What to run. `command` is executed directly, never through a shell. */
export interface CommandSpec {
  command: string;
  args: readonly string[];
  /** Kill the process after this long (SIGTERM, then SIGKILL 1 s later); `undefined` for no limit. */
  timeoutMs?: number | undefined;
  /** Aborting kills the process; the result then has failure.reason 'aborted'. */
  signal?: AbortSignal | undefined;
  /** Extra environment; LC_ALL=C and LANG=C are always forced so numbers never use decimal commas. */
  env?: Readonly<Record<string, string>> | undefined;
  /** Text written to standard input; stdin is closed otherwise. */
  input?: string | undefined;
  /** Working directory; the caller's when absent. */
  cwd?: string | undefined;
}

/** Why a process did not run to a normal exit. */
export interface CommandFailure {
  reason: 'tool-missing' | 'permission-denied' | 'timeout' | 'aborted' | 'tool-error';
  detail: string;
}

/** How a process ended. A non-zero exit code alone is not a failure: ping exits 1 when replies were lost. */
export interface CommandResult {
  command: string;
  args: readonly string[];
  /** `undefined` when the process was killed by a signal or never started. */
  exitCode: number | undefined;
  /** Name of the terminating signal, if any. */
  signal: string | undefined;
  stdout: string;
  stderr: string;
  durationMs: number;
  /** `undefined` when the process ran and exited by itself, whatever its exit code. */
  failure: CommandFailure | undefined;
}

/** A process being run: iterate it for stdout lines as they arrive (without newlines); `result` settles when it ends. */
export interface RunningCommand extends AsyncIterable<string> {
  readonly result: Promise<CommandResult>;
  /** Terminate the process now (idempotent). */
  kill(): void;
}

/** Runs commands. Implementations: `createExecaRunner()` (real), `FakeCommandRunner` (tests), `withNetns()` (lab). */
export interface CommandRunner {
  /** Start a process and stream its stdout lines. */
  start(spec: CommandSpec): RunningCommand;
}

/** Run to completion and return the result (stdout is still collected in full). */
export async function runCommand(runner: CommandRunner, spec: CommandSpec): Promise<CommandResult> {
  const running = runner.start(spec);
  // Drain lines so a process with a lot of output never blocks on a full pipe.
  for await (const _line of running) {
    // collected in result.stdout
  }
  return running.result;
}

/** Environment forced on every wrapped tool: the C locale, so "0.045 ms" never comes back as "0,045 ms". */
export const C_LOCALE_ENV: Readonly<Record<string, string>> = { LC_ALL: 'C', LANG: 'C', LANGUAGE: 'C' };

/**
 * A runner that executes every command inside a Linux network namespace via
 * `ip netns exec NAME`. Used by lab tests and by anyone diagnosing from
 * inside a namespace. `ip netns exec` reports a missing tool as exit 255
 * with "exec of ... failed"; that is mapped back to 'tool-missing'.
 */
export function withNetns(inner: CommandRunner, namespace: string): CommandRunner {
  return {
    start(spec) {
      const running = inner.start({
        ...spec,
        command: 'ip',
        args: ['netns', 'exec', namespace, spec.command, ...spec.args],
      });
      const result = running.result.then((r): CommandResult => {
        const missing = /exec of "([^"]+)" failed: No such file or directory/.exec(r.stderr);
        const failure: CommandFailure | undefined =
          r.failure ??
          (r.exitCode === 255 && missing
            ? { reason: 'tool-missing', detail: `${missing[1]} not found in namespace ${namespace}` }
            : undefined);
        return { ...r, command: spec.command, args: spec.args, failure };
      });
      return { result, kill: () => running.kill(), [Symbol.asyncIterator]: () => running[Symbol.asyncIterator]() };
    },
  };
}

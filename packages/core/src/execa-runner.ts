import { constants } from 'node:os';
import type { CommandFailure, CommandResult, CommandRunner, CommandSpec, RunningCommand } from './command-runner.js';
import { C_LOCALE_ENV } from './command-runner.js';
import { findExecutable } from './capabilities.js';
import { clip } from './errors.js';
import { LineQueue, makeLineSplitter } from './line-queue.js';

const signalName = (n: number): string | undefined => Object.entries(constants.signals).find(([, v]) => v === n)?.[0];

// execa takes ~90 ms to load; commands that never spawn (dns, sockets) should not pay for it.
let execaModule: Promise<typeof import('execa')> | undefined;
const loadExeca = () => (execaModule ??= import('execa'));
type Execa = typeof import('execa')['execa'];

/**
 * How children are tied to netcheck's life. execa's `cleanup` kills them when netcheck exits by itself, but
 * not after a SIGKILL or a crash of node: a `ping -i 60` would then live on until its next write to the
 * closed pipe. util-linux's `setpriv --pdeathsig KILL` (2.33+) asks the kernel to kill the child when
 * netcheck's main thread dies, whatever kills it; it execs the tool in place (same pid, same exit status).
 * With it, children also get their own process group, so a Ctrl-C at the terminal reaches netcheck alone,
 * which then stops them and reports them as interrupted (not as a tool that died of SIGINT).
 * `undefined` where setpriv is missing or too old (not Linux, util-linux before 2.33, busybox systems):
 * execa's cleanup is then all there is, and a SIGKILL of netcheck leaves its children running.
 */
let setprivCheck: Promise<string | undefined> | undefined;
async function findSetpriv(execa: Execa): Promise<string | undefined> {
  if (process.platform !== 'linux') return undefined;
  const path = await findExecutable('setpriv');
  if (!path) return undefined;
  const r = await execa(path, ['--pdeathsig', 'KILL', '--', 'true'], { reject: false, stdin: 'ignore', timeout: 2000 });
  return r.exitCode === 0 ? path : undefined;
}

/**
 * The kernel forgets a parent-death signal when the program exec'd gains privileges: an ordinary user's ping
 * (file capability cap_net_raw, or setuid) would outlive netcheck again. For an ordinary user the tool therefore
 * runs under a small sh that keeps the signal (it gains nothing) and takes the tool down with it. The
 * background job's stdin is /dev/null, so a command with `input` is exec'd in place instead.
 */
const SUPERVISOR = 'trap \'kill -KILL "$c" 2>/dev/null; exit 143\' TERM; "$@" & c=$!; wait "$c"';

/** How a command is spawned so that it dies with netcheck (pure): see createExecaRunner. */
export function buildTiedCommand(
  spec: Pick<CommandSpec, 'command' | 'args' | 'input'>,
  how: { setpriv: string | undefined; isRoot: boolean },
): { command: string; args: string[]; supervised: boolean } {
  if (!how.setpriv) return { command: spec.command, args: [...spec.args], supervised: false };
  if (how.isRoot || spec.input !== undefined) {
    return { command: how.setpriv, args: ['--pdeathsig', 'KILL', '--', spec.command, ...spec.args], supervised: false };
  }
  return {
    command: how.setpriv,
    args: ['--pdeathsig', 'TERM', '--', 'sh', '-c', SUPERVISOR, 'sh', spec.command, ...spec.args],
    supervised: true,
  };
}

/** What setpriv or the supervising sh say when they cannot exec the tool: mapped back to what execa reports itself. */
const EXEC_FAILED =
  /^(?:setpriv: failed to execute .*: (No such file or directory|Permission denied)|sh: .*(not found|Permission denied))$/m;

/** How a child ended, as execa reports it (the fields the runner reads). */
export interface ChildEnd {
  exitCode?: number;
  signal?: string;
  stderr?: unknown;
  /** The spawn error's code (ENOENT, EACCES...), when it could not start. */
  code?: string;
  timedOut: boolean;
  isCanceled: boolean;
  failed: boolean;
  shortMessage?: string;
  message?: string;
}

/**
 * The exit code, signal and failure of a command from how its child ended. Pure. Rules, in order:
 * 1 - setpriv or the supervising sh that could not exec the tool (exit 126/127 and their message) stands for the
 *     tool itself: missing (ENOENT) or not allowed (EACCES), with no exit code;
 * 2 - the supervising sh reports a tool killed by signal N as exit 128+N: the signal gets its name back;
 * 3 - missing, not allowed, timed out, stopped (by the signal or by kill()), or failed without an exit code or a
 *     signal, is a failure; any exit code alone is not.
 */
export function deriveCommandEnd(
  spec: Pick<CommandSpec, 'command' | 'timeoutMs'>,
  r: ChildEnd,
  how: { setpriv: string | undefined; supervised: boolean; killedByCaller: boolean },
): Pick<CommandResult, 'exitCode' | 'signal' | 'stderr' | 'failure'> {
  const stderr = typeof r.stderr === 'string' ? r.stderr : '';
  let failure: CommandFailure | undefined;
  const viaSetpriv = how.setpriv && (r.exitCode === 127 || r.exitCode === 126) ? EXEC_FAILED.exec(stderr) : null;
  const denied = viaSetpriv && (viaSetpriv[1] ?? viaSetpriv[2]) === 'Permission denied';
  const code = viaSetpriv ? (denied ? 'EACCES' : 'ENOENT') : r.code;
  const bySignal =
    how.supervised && r.exitCode !== undefined && r.exitCode > 128 ? signalName(r.exitCode - 128) : undefined;
  if (code === 'ENOENT') failure = { reason: 'tool-missing', detail: `${spec.command} not found on PATH` };
  else if (code === 'EACCES' || code === 'EPERM')
    failure = { reason: 'permission-denied', detail: `not allowed to run ${spec.command}` };
  else if (r.timedOut) failure = { reason: 'timeout', detail: `${spec.command} killed after ${spec.timeoutMs} ms` };
  else if (r.isCanceled || how.killedByCaller)
    failure = { reason: 'aborted', detail: `${spec.command} stopped on request` };
  else if (r.failed && r.exitCode === undefined && !r.signal)
    failure = { reason: 'tool-error', detail: clip(r.shortMessage ?? String(r.message)) };
  return {
    exitCode: viaSetpriv || bySignal ? undefined : r.exitCode,
    signal: r.signal ?? bySignal,
    stderr,
    failure,
  };
}

/** execa's options for a command: no shell, the C locale, SIGKILL 1 s after SIGTERM, stdout streamed. Pure. */
function buildExecaOptions(spec: CommandSpec, setpriv: string | undefined) {
  return {
    reject: false,
    env: { ...C_LOCALE_ENV, ...spec.env },
    extendEnv: true,
    timeout: spec.timeoutMs,
    cancelSignal: spec.signal,
    forceKillAfterDelay: 1000,
    cleanup: true,
    // execa's cleanup skips detached children: only where the kernel kills them with netcheck.
    detached: setpriv !== undefined,
    input: spec.input,
    cwd: spec.cwd,
    stdin: spec.input === undefined ? ('ignore' as const) : ('pipe' as const),
    buffer: { stdout: false, stderr: true },
    stripFinalNewline: false,
  };
}

/** The result of a command that never started because execa could not be loaded. */
const execaMissing = (spec: CommandSpec, started: number, e: unknown): CommandResult => ({
  command: spec.command,
  args: spec.args,
  exitCode: undefined,
  signal: undefined,
  stdout: '',
  stderr: '',
  durationMs: performance.now() - started,
  failure: { reason: 'tool-error', detail: `cannot load execa: ${clip(String(e))}` },
});

/** Feeds a child's stdout to the line queue as it arrives and keeps all of it; `done` settles when it closes. */
function streamStdout(stdout: NodeJS.ReadableStream | null | undefined, queue: LineQueue) {
  const parts: string[] = [];
  const splitter = makeLineSplitter((line) => queue.push(line));
  stdout?.setEncoding('utf8');
  stdout?.on('data', (chunk: string) => {
    parts.push(chunk);
    splitter.write(chunk);
  });
  const done = new Promise<void>((resolve) => {
    if (!stdout) return resolve();
    stdout.on('close', () => resolve());
    stdout.on('error', () => resolve());
  });
  /** Flushes the last partial line and returns the whole output. */
  const finish = () => {
    splitter.flush();
    return parts.join('');
  };
  return { done, finish };
}

/** What the caller's kill() and the running command share. */
interface KillSwitch {
  killedByCaller: boolean;
  subprocess: { kill(signal?: NodeJS.Signals): boolean } | undefined;
}

/** Runs one command to its end, tied to netcheck's life, streaming its stdout lines into `queue`. */
async function runTiedCommand(spec: CommandSpec, queue: LineQueue, control: KillSwitch): Promise<CommandResult> {
  const started = performance.now();
  let execa: Execa;
  try {
    ({ execa } = await loadExeca());
  } catch (e) {
    queue.close();
    return execaMissing(spec, started, e);
  }
  const setpriv = await (setprivCheck ??= findSetpriv(execa).catch(() => undefined));
  const isRoot = process.getuid?.() === 0;
  const { command, args, supervised } = buildTiedCommand(spec, { setpriv, isRoot });
  const child = execa(command, args, buildExecaOptions(spec, setpriv));
  control.subprocess = child;
  if (control.killedByCaller) child.kill('SIGTERM');
  const out = streamStdout(child.stdout, queue);
  const r = await child;
  await out.done;
  const stdout = out.finish();
  queue.close();
  const end = deriveCommandEnd(spec, r, { setpriv, supervised, killedByCaller: control.killedByCaller });
  return {
    command: spec.command,
    args: spec.args,
    exitCode: end.exitCode,
    signal: end.signal,
    stdout,
    stderr: end.stderr,
    durationMs: performance.now() - started,
    failure: end.failure,
  };
}

/**
 * The real runner, on execa: no shell, the C locale forced, SIGTERM then SIGKILL
 * after 1 s on timeout or abort, and children killed if netcheck itself exits
 * (execa's `cleanup`), so no probe process outlives its caller.
 */
export function createExecaRunner(): CommandRunner {
  return {
    start(spec: CommandSpec): RunningCommand {
      const queue = new LineQueue();
      const control: KillSwitch = { killedByCaller: false, subprocess: undefined };
      const result = runTiedCommand(spec, queue, control);
      return {
        result,
        kill: () => {
          control.killedByCaller = true;
          control.subprocess?.kill('SIGTERM');
        },
        [Symbol.asyncIterator]: () => queue[Symbol.asyncIterator](),
      };
    },
  };
}

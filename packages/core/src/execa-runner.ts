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
async function findSetpriv(execa: typeof import('execa')['execa']): Promise<string | undefined> {
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
const EXEC_FAILED = new RegExp(
  '^(?:setpriv: failed to execute .*: (No such file or directory|Permission denied)|sh: .*(not found|Permission denied))$',
  'm',
);

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
        let execa: typeof import('execa')['execa'];
        try {
          ({ execa } = await loadExeca());
        } catch (e) {
          queue.close();
          return {
            command: spec.command,
            args: spec.args,
            exitCode: undefined,
            signal: undefined,
            stdout: '',
            stderr: '',
            durationMs: performance.now() - started,
            failure: { reason: 'tool-error', detail: `cannot load execa: ${clip(String(e))}` },
          };
        }
        const setpriv = await (setprivCheck ??= findSetpriv(execa).catch(() => undefined));
        const isRoot = process.getuid?.() === 0;
        const { command, args, supervised } = buildTiedCommand(spec, { setpriv, isRoot });
        const stdoutParts: string[] = [];
        const splitter = makeLineSplitter((line) => queue.push(line));
        const child = execa(command, args, {
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
        const viaSetpriv = setpriv && (r.exitCode === 127 || r.exitCode === 126) ? EXEC_FAILED.exec(stderr) : null;
        const denied = viaSetpriv && (viaSetpriv[1] ?? viaSetpriv[2]) === 'Permission denied';
        const code = viaSetpriv ? (denied ? 'EACCES' : 'ENOENT') : (r as { code?: string }).code;
        // The supervising sh reports a tool killed by signal N as exit 128+N: give the signal back its name.
        const bySignal =
          supervised && r.exitCode !== undefined && r.exitCode > 128 ? signalName(r.exitCode - 128) : undefined;
        if (code === 'ENOENT') failure = { reason: 'tool-missing', detail: `${spec.command} not found on PATH` };
        else if (code === 'EACCES' || code === 'EPERM')
          failure = { reason: 'permission-denied', detail: `not allowed to run ${spec.command}` };
        else if (r.timedOut)
          failure = { reason: 'timeout', detail: `${spec.command} killed after ${spec.timeoutMs} ms` };
        else if (r.isCanceled || killedByCaller)
          failure = { reason: 'aborted', detail: `${spec.command} stopped on request` };
        else if (r.failed && r.exitCode === undefined && !r.signal)
          failure = { reason: 'tool-error', detail: clip(r.shortMessage ?? String(r.message)) };
        return {
          command: spec.command,
          args: spec.args,
          exitCode: viaSetpriv || bySignal ? undefined : r.exitCode,
          signal: r.signal ?? bySignal,
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

import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  appendFileSync,
  closeSync,
  existsSync,
  openSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import type { CommandResult, CommandRunner, CommandSpec, RunningCommand } from '@netcheck/core';
import { createExecaRunner, runCommand, withNetns } from '@netcheck/core';
import { loadScenario } from './load-scenario.js';
import { CLI_BIN, NETLAB_DIR, REPO_ROOT, STATE_ROOT } from './paths.js';
import type { LabStep } from './plan.js';
import { buildLabPlan, LAB_ID_PATTERN, nsName } from './plan.js';
import type { LabNode, Scenario } from './scenario.js';
import { LAB_NODES } from './scenario.js';

/** Options for a single command run inside a lab node. */
export interface LabExecOptions {
  timeoutMs?: number;
  input?: string;
  env?: Record<string, string>;
  signal?: AbortSignal;
}

/** A running lab. */
export interface Lab {
  id: string;
  scenario: Scenario;
  /** The network namespace of a node. */
  nsName(node: LabNode): string;
  /** A CommandRunner whose commands run inside `node`. */
  runner(node: LabNode): CommandRunner;
  /** Run a command inside `node` to completion. */
  exec(node: LabNode, command: string, args: readonly string[], opts?: LabExecOptions): Promise<CommandResult>;
  /** Run the built netcheck CLI inside `node`. */
  cli(node: LabNode, args: readonly string[], opts?: LabExecOptions): Promise<CommandResult>;
  /** Run an ES module snippet with node inside `node`, from the repo root (so '@netcheck/x' imports resolve). */
  nodeScript(node: LabNode, code: string, opts?: LabExecOptions): Promise<CommandResult>;
  /** Start a long-running helper process inside `node`; it is killed by `down()`. */
  spawn(node: LabNode, command: string, args: readonly string[]): RunningCommand;
  /** Remove everything this lab made. Idempotent. */
  down(): Promise<void>;
}

const exec = createExecaRunner();

async function must(argv: string[], input?: string): Promise<CommandResult> {
  const r = await runCommand(exec, { command: argv[0]!, args: argv.slice(1), input, timeoutMs: 20_000 });
  if (r.failure || r.exitCode !== 0) {
    throw new Error(
      `netlab: \`${argv.join(' ')}\` failed ` +
        `(${r.failure?.detail ?? `exit ${r.exitCode}`}): ${r.stderr.trim().slice(0, 400)}`,
    );
  }
  return r;
}

function stateDir(id: string): string {
  return join(STATE_ROOT, id);
}

function recordPid(id: string, pid: number, what: string): void {
  appendFileSync(join(stateDir(id), 'pids'), `${pid} ${what}\n`);
}

/** Start the TUN wire; resolve once it says its devices exist. */
async function startWire(id: string, step: Extract<LabStep, { kind: 'wire' }>, watchStdin: boolean): Promise<void> {
  const args = [
    join(NETLAB_DIR, 'wire', 'tun-wire.py'),
    '--lab',
    id,
    '--dev-a',
    step.devA,
    '--dev-b',
    step.devB,
    '--delay-ms',
    String(step.delayMs),
    '--jitter-ms',
    String(step.jitterMs),
  ];
  if (watchStdin) args.push('--watch-stdin');
  const logPath = join(stateDir(id), `wire-${step.link}.log`);
  const log = openSync(logPath, 'a');
  const child = spawn('python3', args, { detached: true, stdio: [watchStdin ? 'pipe' : 'ignore', 'pipe', log] });
  closeSync(log);
  await new Promise<void>((resolve, reject) => {
    const err = () => (existsSync(logPath) ? readFileSync(logPath, 'utf8').trim().slice(0, 400) : '');
    const timer = setTimeout(() => reject(new Error(`netlab: wire for ${step.link} did not start: ${err()}`)), 10_000);
    child.stdout!.on('data', (d: Buffer) => {
      if (d.toString().includes('ready')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`netlab: wire for ${step.link} exited (${code}): ${err()}`));
    });
  });
  child.removeAllListeners('exit');
  // The wire closes its stdout after "ready"; wait for that instead of closing it under its feet.
  if (!child.stdout!.closed) await new Promise<void>((resolve) => child.stdout!.once('close', () => resolve()));
  // The stdin pipe (when watched) stays open as long as this process lives; it is not a handle that keeps us alive.
  (child.stdin as unknown as { unref?: () => void } | null)?.unref?.();
  child.unref();
  recordPid(id, child.pid!, `wire ${step.link}`);
}

async function waitListening(ns: string, ready: { proto: 'tcp' | 'udp'; addr: string; port: number }): Promise<void> {
  const flag = ready.proto === 'tcp' ? '-Hltn' : '-Hlun';
  for (let i = 0; i < 100; i++) {
    const addr = ready.addr.includes(':') ? `[${ready.addr}]` : ready.addr;
    const r = await runCommand(exec, {
      command: 'ip',
      args: ['netns', 'exec', ns, 'ss', flag, 'src', `${addr}:${ready.port}`],
    });
    if (r.stdout.trim()) return;
    await new Promise((res) => setTimeout(res, 50));
  }
  throw new Error(`netlab: nothing listens on ${ready.proto} ${ready.addr}:${ready.port} in ${ns} after 5 s`);
}

/**
 * Wait until every link of the node carries packets. A veth's carrier reaches the rest of the kernel through
 * linkwatch, which batches events up to a second apart (across the host); until then the device has no
 * queue and drops what is sent, so the first neighbour discovery of a fresh lab would wait a retransmission.
 */
async function waitLinksUp(ns: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const r = await runCommand(exec, { command: 'ip', args: ['-n', ns, '-o', 'link', 'show', 'up'] });
    const links = r.stdout.split('\n').filter((l) => /^\d+: to-/.test(l));
    if (links.every((l) => !/NO-CARRIER|qdisc noop|state (DOWN|LOWERLAYERDOWN)/.test(l))) return;
    await new Promise((res) => setTimeout(res, 50));
  }
  throw new Error(`netlab: the links of ${ns} are not up after 5 s: ip -n ${ns} link`);
}

function startDaemon(id: string, step: Extract<LabStep, { kind: 'daemon' }>): void {
  const ns = nsName(id, step.node);
  const child = spawn('ip', ['netns', 'exec', ns, ...step.argv], { detached: true, stdio: 'ignore' });
  child.unref();
  recordPid(id, child.pid!, `daemon ${step.name}`);
}

/**
 * Ids of the labs netlab built on this machine: those with state in STATE_ROOT, written before their first
 * namespace. A namespace that merely looks like a lab's (`nce-r1`) is someone else's and is never listed.
 */
export async function listLabIds(): Promise<string[]> {
  if (!existsSync(STATE_ROOT)) return [];
  return readdirSync(STATE_ROOT)
    .filter((d) => LAB_ID_PATTERN.test(d))
    .sort();
}

/** The lab namespaces (`nc<id>-<node>`) that exist now, whoever made them. */
async function existingNamespaces(id: string): Promise<string[]> {
  const r = await runCommand(exec, { command: 'ip', args: ['netns', 'list'] });
  const names = new Set(r.stdout.split('\n').map((l) => l.split(/\s+/)[0]));
  return LAB_NODES.map((n) => nsName(id, n)).filter((ns) => names.has(ns));
}

/**
 * Remove everything lab `id` made: its recorded processes, any process still
 * inside its namespaces, strays of its wires, the namespaces, /etc/netns files
 * and the state directory. Safe to call for a lab that is half built or gone.
 * A lab without state is not netlab's: nothing of it is touched. The host's
 * sysctls are restored either way.
 */
export async function teardownLab(id: string): Promise<void> {
  if (!LAB_ID_PATTERN.test(id)) throw new Error(`lab id "${id}" must be 1-8 lowercase letters or digits`);
  if (!existsSync(stateDir(id))) {
    restoreHostSysctls();
    return;
  }
  const pidsFile = join(stateDir(id), 'pids');
  const pids: number[] = [];
  if (existsSync(pidsFile))
    for (const line of readFileSync(pidsFile, 'utf8').split('\n'))
      if (/^\d+/.test(line)) pids.push(Number(line.split(' ')[0]));
  for (const node of LAB_NODES) {
    const r = await runCommand(exec, { command: 'ip', args: ['netns', 'pids', nsName(id, node)] });
    for (const p of r.stdout.split(/\s+/)) if (/^\d+$/.test(p)) pids.push(Number(p));
  }
  const strays = await runCommand(exec, { command: 'pgrep', args: ['-f', `tun-wire.py --lab ${id} `] });
  for (const p of strays.stdout.split(/\s+/)) if (/^\d+$/.test(p)) pids.push(Number(p));
  for (const pid of new Set(pids)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  for (const node of LAB_NODES) {
    const ns = nsName(id, node);
    await runCommand(exec, { command: 'ip', args: ['netns', 'del', ns] });
    rmSync(`/etc/netns/${ns}`, { recursive: true, force: true });
  }
  rmSync(stateDir(id), { recursive: true, force: true });
  restoreHostSysctls();
}

const ROUTE_ERROR_COST = '/proc/sys/net/ipv4/route/error_cost';
const SAVED_ERROR_COST = join(STATE_ROOT, 'route-error-cost.saved');

/**
 * The lab leaves the host's route error limit (net.ipv4.route.error_cost / error_burst: the token bucket
 * behind `!H` / `!N` / `!X`, global to the host) as the kernel has it, so tests meet routers as users do.
 * Older versions set it to 0 while a lab was up and saved the value beside the labs' state: that value is
 * put back here (when a lab starts or goes down, and by every `netlab down`, even with no lab to remove), so
 * a machine is left clean.
 */
export function restoreHostSysctls(): void {
  if (!existsSync(SAVED_ERROR_COST)) return;
  const saved = readFileSync(SAVED_ERROR_COST, 'utf8');
  if (/^\d+\s*$/.test(saved)) writeFileSync(ROUTE_ERROR_COST, saved);
  rmSync(SAVED_ERROR_COST, { force: true });
}

/** Options for `startLab`. */
export interface StartLabOptions {
  /** Lab id (1-8 of a-z0-9); a random one by default so labs of parallel tests never collide. */
  id?: string;
  /**
   * Tie the lab's wires to this process: they exit when it dies. True for
   * tests (a crashed test run leaves fewer strays); false for `netlab up`.
   */
  ownedByThisProcess?: boolean;
}

/** Build a lab from a scenario name (or a resolved scenario). Tears down leftovers of the same id first. */
export async function startLab(scenario: string | Scenario, options: StartLabOptions = {}): Promise<Lab> {
  const s = typeof scenario === 'string' ? loadScenario(scenario) : scenario;
  const id = options.id ?? `t${randomBytes(3).toString('hex')}`;
  await teardownLab(id);
  // Namespaces of this id without netlab's state are someone else's: never build over (nor later delete) them.
  const foreign = await existingNamespaces(id);
  if (foreign.length) {
    const why = `exists and is not a netlab lab's (no state in ${stateDir(id)})`;
    throw new Error(`netlab: ${foreign.join(', ')} ${why}: use another --id`);
  }
  mkdirSync(stateDir(id), { recursive: true });
  writeFileSync(join(stateDir(id), 'scenario'), `${s.name}\n`);
  restoreHostSysctls();
  const plan = buildLabPlan(s, id, { netlabDir: NETLAB_DIR, stateDir: stateDir(id) });
  try {
    for (const step of plan) {
      if (step.kind === 'run') await must(step.argv, step.input);
      else if (step.kind === 'wire') await startWire(id, step, options.ownedByThisProcess ?? true);
      else if (step.kind === 'file') {
        mkdirSync(dirname(step.path), { recursive: true });
        writeFileSync(step.path, step.content);
      } else startDaemon(id, step);
    }
    for (const step of plan) if (step.kind === 'daemon') await waitListening(nsName(id, step.node), step.ready);
    for (const node of s.nodes) await waitLinksUp(nsName(id, node));
  } catch (e) {
    const logs = readdirSync(stateDir(id))
      .filter((f) => f.endsWith('.log'))
      .map(
        (f) =>
          `${f}: ${readFileSync(join(stateDir(id), f), 'utf8')
            .trim()
            .slice(-300)}`,
      )
      .filter((l) => !l.endsWith(': '));
    await teardownLab(id);
    if (logs.length) (e as Error).message += `\n${logs.join('\n')}`;
    throw e;
  }
  return makeLab(id, s);
}

/** A handle on an existing lab (for `netlab exec`), without building anything. */
export function attachLab(id: string, s: Scenario): Lab {
  return makeLab(id, s);
}

function makeLab(id: string, s: Scenario): Lab {
  const spawned: RunningCommand[] = [];
  const runnerFor = (node: LabNode) => withNetns(exec, nsName(id, node));
  const run = (node: LabNode, command: string, args: readonly string[], opts: LabExecOptions = {}, cwd?: string) => {
    const spec: CommandSpec = {
      command,
      args,
      timeoutMs: opts.timeoutMs ?? 120_000,
      input: opts.input,
      env: opts.env,
      signal: opts.signal,
      cwd,
    };
    return runCommand(runnerFor(node), spec);
  };
  let downed = false;
  return {
    id,
    scenario: s,
    nsName: (node) => nsName(id, node),
    runner: runnerFor,
    exec: (node, command, args, opts) => run(node, command, args, opts),
    // Run the CLI as a plain user in a pipe would: test runners (nx) export FORCE_COLOR, which must not leak in.
    cli: (node, args, opts = {}) =>
      run(node, process.execPath, [CLI_BIN, ...args], { ...opts, env: { FORCE_COLOR: '0', ...opts.env } }, REPO_ROOT),
    // node colours console.log output under FORCE_COLOR; a snippet's output is data, so never.
    nodeScript: (node, code, opts = {}) =>
      run(
        node,
        process.execPath,
        ['--input-type=module', '-e', code],
        { ...opts, env: { FORCE_COLOR: '0', ...opts.env } },
        REPO_ROOT,
      ),
    spawn(node, command, args) {
      const r = runnerFor(node).start({ command, args });
      spawned.push(r);
      return r;
    },
    async down() {
      if (downed) return;
      downed = true;
      for (const r of spawned) r.kill();
      await Promise.allSettled(spawned.map((r) => r.result));
      await teardownLab(id);
    },
  };
}

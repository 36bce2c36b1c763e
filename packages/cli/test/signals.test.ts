import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../dist/bin.js', import.meta.url));

/** Start the built CLI in its own process group (as a shell would), with stdout piped. */
function startCli(
  args: string[],
  netns?: string,
  prefix: string[] = [],
): { child: ChildProcess; output: () => string } {
  const node = [...prefix, process.execPath, BIN, ...args];
  const [command, ...argv] = netns ? ['ip', 'netns', 'exec', netns, ...node] : node;
  const child = spawn(command!, argv, {
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
    env: { ...process.env, FORCE_COLOR: '0' },
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  return { child, output: () => out };
}

/** Pids whose parent is `ppid`, from /proc. */
function childrenOf(ppid: number): number[] {
  const text = existsSync(`/proc/${ppid}/task/${ppid}/children`)
    ? readFileSync(`/proc/${ppid}/task/${ppid}/children`, 'utf8')
    : '';
  return text.split(/\s+/).filter(Boolean).map(Number);
}

/** The ping processes below `pid` (directly, or under a supervising sh). */
function pingsBelow(pid: number): number[] {
  return childrenOf(pid).flatMap((p) => {
    const argv = readFileSync(`/proc/${p}/cmdline`, 'utf8').split('\0');
    return argv[0]?.endsWith('ping') ? [p] : pingsBelow(p);
  });
}

/** Alive and not a zombie. */
function running(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

async function until(what: string, cond: () => boolean, ms: number): Promise<void> {
  const t0 = performance.now();
  while (!cond()) {
    if (performance.now() - t0 > ms) throw new Error(`not within ${ms} ms: ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** How a shell sees an interrupted netcheck: killed by SIGINT, `$?` 130. */
const interruptedExit = (r: { code: number | null; signal: string | null }) => (r.signal === 'SIGINT' ? 130 : r.code);

const exited = (child: ChildProcess) =>
  new Promise<{ code: number | null; signal: string | null }>((r) =>
    child.once('exit', (code, signal) => r({ code, signal })),
  );

describe('signals and children (real processes, loopback only)', () => {
  it('after kill -9 of netcheck, its ping child is gone within a second', async () => {
    const { child, output } = startCli(['ping', '127.0.0.1', '-c', '100', '-i', '60']);
    const done = exited(child);
    await until('the first reply', () => /seq=1/.test(output()), 5000);
    const pings = pingsBelow(child.pid!);
    expect(pings).toHaveLength(1);
    process.kill(child.pid!, 'SIGKILL');
    await done;
    const t0 = performance.now();
    await until('ping gone', () => !running(pings[0]!), 1000).catch((e: Error) => {
      process.kill(pings[0]!, 'SIGKILL');
      throw e;
    });
    expect(performance.now() - t0).toBeLessThan(1000);
  });

  it.runIf(process.getuid?.() === 0 && existsSync('/usr/bin/setpriv'))(
    'as an ordinary user (ping gains cap_net_raw, so the kernel drops its parent-death signal): gone within a second ' +
      'too',
    async () => {
      const { child, output } = startCli(['ping', '127.0.0.1', '-c', '100', '-i', '60'], undefined, [
        'setpriv',
        '--reuid=65534',
        '--regid=65534',
        '--clear-groups',
        '--',
      ]);
      const done = exited(child);
      await until('the first reply', () => /seq=1/.test(output()), 5000);
      const pings = pingsBelow(child.pid!);
      expect(pings).toHaveLength(1);
      expect(readFileSync(`/proc/${pings[0]}/status`, 'utf8')).toMatch(/^Uid:\s+65534/m);
      process.kill(child.pid!, 'SIGKILL');
      await done;
      await until('ping gone', () => !running(pings[0]!), 1000).catch((e: Error) => {
        process.kill(pings[0]!, 'SIGKILL');
        throw e;
      });
    },
  );

  it('Ctrl-C to the whole process group: ping prints what it saw and exits 130; a second Ctrl-C quits at once', async () => {
    const { child, output } = startCli(['ping', '127.0.0.1', '-c', '100', '-i', '60']);
    const done = exited(child);
    await until('the first reply', () => /seq=1/.test(output()), 5000);
    const t0 = performance.now();
    process.kill(-child.pid!, 'SIGINT');
    const r = await done;
    expect(performance.now() - t0).toBeLessThan(1000);
    expect(interruptedExit(r)).toBe(130);
    expect(output()).toMatch(/1 sent|1 of 1|sent 1|1 probe/);
  });
});

const isRoot = process.getuid?.() === 0;

/**
 * A namespace whose only resolver (127.0.0.1:53, UDP and TCP) never answers: getaddrinfo then hangs for
 * resolv.conf's timeouts (about 10 s), and nothing can cut it. Loopback only.
 */
describe.skipIf(!isRoot)(
  `Ctrl-C while a name lookup hangs${isRoot ? '' : ' — skipped: needs root (a network namespace)'}`,
  () => {
    const ns = `ncsig${randomBytes(3).toString('hex')}`;
    let resolver: ChildProcess | undefined;
    beforeAll(async () => {
      // Wait for each `ip` to finish, and check it worked: the namespace file appears before `ip netns add` has
      // finished setting it up, and a loopback left down makes the lookup fail at once (no hang to interrupt).
      const ip = (...args: string[]) => new Promise((r) => spawn('ip', args).once('exit', r));
      expect(await ip('netns', 'add', ns)).toBe(0);
      expect(await ip('-n', ns, 'link', 'set', 'lo', 'up')).toBe(0);
      mkdirSync(`/etc/netns/${ns}`, { recursive: true });
      writeFileSync(`/etc/netns/${ns}/resolv.conf`, 'nameserver 127.0.0.1\n');
      const code = [
        'import socket, sys, time',
        'u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); u.bind(("127.0.0.1", 53))',
        't = socket.socket(); t.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); t.bind(("127.0.0.1", 53)); ' +
          't.listen(0)',
        'print("ready", flush=True); time.sleep(600)',
      ].join('\n');
      resolver = spawn('ip', ['netns', 'exec', ns, 'python3', '-c', code], { stdio: ['ignore', 'pipe', 'inherit'] });
      await new Promise((r) => resolver!.stdout!.once('data', r));
    });
    afterAll(async () => {
      resolver?.kill('SIGKILL');
      await new Promise((r) => spawn('ip', ['netns', 'del', ns]).once('exit', r));
      rmSync(`/etc/netns/${ns}`, { recursive: true, force: true });
    });

    it('one Ctrl-C: the steps say interrupted and netcheck exits at once, not when getaddrinfo gives up', async () => {
      const { child, output } = startCli(['silent.test:80'], ns);
      const done = exited(child);
      await until('the diagnosis starts', () => output().includes('netcheck silent.test'), 5000);
      await new Promise((r) => setTimeout(r, 300));
      const t0 = performance.now();
      process.kill(-child.pid!, 'SIGINT');
      const r = await done;
      const ms = performance.now() - t0;
      expect(output()).toMatch(/resolve silent\.test +interrupted/);
      expect(interruptedExit(r)).toBe(130);
      expect(ms).toBeLessThan(1000);
    });

    it('a second Ctrl-C quits at once, without waiting for the first to finish', async () => {
      const { child, output } = startCli(['silent.test:80'], ns);
      const done = exited(child);
      await until('the diagnosis starts', () => output().includes('netcheck silent.test'), 5000);
      await new Promise((r) => setTimeout(r, 300)); // getaddrinfo is under way
      const t0 = performance.now();
      process.kill(-child.pid!, 'SIGINT');
      await new Promise((r) => setTimeout(r, 20));
      try {
        process.kill(-child.pid!, 'SIGINT');
      } catch (e) {
        // already gone: the first Ctrl-C was enough
        if ((e as NodeJS.ErrnoException).code !== 'ESRCH') throw e;
      }
      const r = await done;
      expect(interruptedExit(r)).toBe(130);
      // the first alone may let a step hand over for up to 300 ms; the second does not wait for it
      expect(performance.now() - t0).toBeLessThan(270);
    });
  },
);

import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../dist/bin.js', import.meta.url));

/** Start the built CLI in its own process group (as a shell would), with stdout piped. */
function startCli(args: string[]): { child: ChildProcess; output: () => string } {
  const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'], detached: true, env: { ...process.env, FORCE_COLOR: '0' } });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  return { child, output: () => out };
}

/** Pids whose parent is `ppid`, from /proc. */
function childrenOf(ppid: number): number[] {
  const text = existsSync(`/proc/${ppid}/task/${ppid}/children`) ? readFileSync(`/proc/${ppid}/task/${ppid}/children`, 'utf8') : '';
  return text.split(/\s+/).filter(Boolean).map(Number);
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

const exited = (child: ChildProcess) =>
  new Promise<{ code: number | null; signal: string | null }>((r) => child.once('exit', (code, signal) => r({ code, signal })));

describe('signals and children (real processes, loopback only)', () => {
  it('after kill -9 of netcheck, its ping child is gone within a second', async () => {
    const { child, output } = startCli(['ping', '127.0.0.1', '-c', '100', '-i', '60']);
    const done = exited(child);
    await until('the first reply', () => /seq=1/.test(output()), 5000);
    const pings = childrenOf(child.pid!).filter((p) => /ping/.test(readFileSync(`/proc/${p}/cmdline`, 'utf8')));
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

  it('Ctrl-C to the whole process group: ping prints what it saw and exits 130; a second Ctrl-C quits at once', async () => {
    const { child, output } = startCli(['ping', '127.0.0.1', '-c', '100', '-i', '60']);
    const done = exited(child);
    await until('the first reply', () => /seq=1/.test(output()), 5000);
    const t0 = performance.now();
    process.kill(-child.pid!, 'SIGINT');
    const r = await done;
    expect(performance.now() - t0).toBeLessThan(1000);
    expect(r.code).toBe(130);
    expect(output()).toMatch(/1 sent|1 of 1|sent 1|1 probe/);
  });
});

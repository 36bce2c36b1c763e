import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labAvailability } from '../src/availability.js';
import { listLabIds, startLab, teardownLab } from '../src/lab.js';
import { STATE_ROOT } from '../src/paths.js';

const avail = labAvailability();
// Someone else's namespace that merely looks like a lab's: nc<id>-r1, with a process inside.
const id = `z${randomBytes(2).toString('hex')}`;
const foreign = `nc${id}-r1`;
const namespaces = () => spawnSync('ip', ['netns', 'list'], { encoding: 'utf8' }).stdout;
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe.skipIf(!avail.ok)(
  `netlab touches only its own labs${avail.ok ? '' : ` — skipped: needs root (${avail.reason})`}`,
  () => {
    let sleeper: number | undefined;
    beforeAll(() => {
      expect(existsSync(`${STATE_ROOT}/${id}`)).toBe(false);
      expect(spawnSync('ip', ['netns', 'add', foreign]).status).toBe(0);
      const child = spawn('ip', ['netns', 'exec', foreign, 'sleep', '60'], { stdio: 'ignore', detached: true });
      child.unref();
      sleeper = child.pid;
    });
    afterAll(() => {
      if (sleeper && alive(sleeper)) process.kill(sleeper, 'SIGKILL');
      spawnSync('ip', ['netns', 'del', foreign]);
    });

    it('a namespace named like a lab is not a lab without the lab state', async () => {
      expect(namespaces()).toContain(foreign);
      expect(await listLabIds()).not.toContain(id);
    });

    it('tearing down that id leaves the namespace and its processes alone', async () => {
      await teardownLab(id);
      expect(namespaces()).toContain(foreign);
      expect(alive(sleeper!)).toBe(true);
    });

    it('a lab refuses to start over a namespace it does not own, and leaves it alone', async () => {
      await expect(startLab('standard', { id })).rejects.toThrow(/not a netlab lab's|not ours|exists/);
      expect(namespaces()).toContain(foreign);
      expect(alive(sleeper!)).toBe(true);
      expect(existsSync(`${STATE_ROOT}/${id}`)).toBe(false);
    });
  },
);

describe.skipIf(!avail.ok)('netlab down restores the host sysctls, even with no lab to remove', () => {
  it('a saved route error cost is put back by `netlab down` of an id that has no lab', () => {
    const proc = '/proc/sys/net/ipv4/route/error_cost';
    const saved = `${STATE_ROOT}/route-error-cost.saved`;
    const before = readFileSync(proc, 'utf8');
    expect(existsSync(saved)).toBe(false);
    // What an older netlab left behind: the value to put back (here the current one, so nothing changes for others).
    writeFileSync(saved, before);
    const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
    const r = spawnSync(process.execPath, [cli, 'down', '--id', id], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('no labs');
    expect(existsSync(saved)).toBe(false);
    expect(readFileSync(proc, 'utf8')).toBe(before);
  });
});

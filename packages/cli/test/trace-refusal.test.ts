import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../dist/bin.js', import.meta.url));
const root = typeof process.getuid === 'function' && process.getuid() === 0;

/** Run the built CLI as the unprivileged user `nobody` (real traceroute, loopback only); stdout+stderr and exit. */
async function asNobody(args: string[]): Promise<{ code: number; out: string }> {
  const cmd = [process.execPath, BIN, ...args].map((a) => `'${a}'`).join(' ');
  try {
    const r = await promisify(execFile)('su', ['nobody', '-s', '/bin/sh', '-c', cmd], { timeout: 30_000 });
    return { code: 0, out: r.stdout + r.stderr };
  } catch (e) {
    const x = e as { code: number; stdout: string; stderr: string };
    return { code: x.code, out: x.stdout + x.stderr };
  }
}

describe.skipIf(!root)(
  'netcheck trace -T as an ordinary user (real traceroute, loopback; skipped: needs root to become nobody)',
  () => {
    it('is refused with exit 3 and the fix, never traced with UDP under a TCP header', async () => {
      const r = await asNobody(['trace', '127.0.0.1', '-T', '-p', '82', '--no-ping']);
      expect(r.code).toBe(3);
      expect(r.out).toMatch(/may not send TCP probes/);
      expect(r.out).toMatch(/setcap cap_net_raw\+ep/);
      expect(r.out).not.toMatch(/tracepath|reached/);
    });

    it('a UDP trace needs no privilege and still runs', async () => {
      const r = await asNobody(['trace', '127.0.0.1', '--no-ping']);
      expect(r.code).toBe(0);
      expect(r.out).toMatch(/reached/);
    });
  },
);

// What node loads for a short command of the built bin. Every builtin module a command loads is compiled on each
// start: node:fs/promises (with readline and the fs watchers) and perf_hooks cost a one-shot `netcheck dns` ~1 ms
// each, child_process (commander's, for executable subcommands netcheck has none of) ~0.3 ms, against a target of
// 2x dig's whole run. The list comes from the process itself (process.moduleLoadList, written at exit by a preload).
import { execFile } from 'node:child_process';
import { createSocket, type Socket } from 'node:dgram';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const bin = join(import.meta.dirname, '..', 'dist', 'netcheck.js');

describe('builtin modules a short command of the built bin loads', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'netcheck-modules-'));
  const preload = join(tmp, 'record.cjs');
  let server: Socket;

  /** Run the bin with `args`; the builtin modules it loaded, as node names them ("NativeModule fs/promises"). */
  async function modulesOf(args: string[]): Promise<{ stdout: string; modules: string[] }> {
    const out = join(tmp, `modules-${args[0]}-${args.length}.txt`);
    const { stdout } = await run(process.execPath, ['--require', preload, bin, ...args], {
      env: { ...process.env, MODULES_OUT: out, NODE_DISABLE_COMPILE_CACHE: '1' },
    });
    return { stdout, modules: readFileSync(out, 'utf8').split('\n') };
  }

  beforeAll(async () => {
    writeFileSync(
      preload,
      "process.on('exit', () => require('node:fs').writeFileSync(process.env.MODULES_OUT, " +
        "process.moduleLoadList.join('\\n')));\n",
    );
    // A resolver on loopback that answers every query with one A record for 192.0.2.7: the question echoed (its
    // EDNS record left out), QR and RA set, the answer pointing at the question's name.
    server = createSocket('udp4');
    server.on('message', (query, peer) => {
      let end = 12; // the name's labels, up to its root
      for (let label = query[end] ?? 0; label !== 0; label = query[end] ?? 0) end += label + 1;
      const question = query.subarray(12, end + 5); // the root byte, then type and class
      const header = Buffer.from(query.subarray(0, 12));
      header.writeUInt16BE(0x8180, 2); // response, recursion desired and available, NOERROR
      header.writeUInt16BE(1, 6); // one answer
      header.writeUInt16BE(0, 10); // no additional records
      const answer = Buffer.from([0xc0, 0x0c, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 192, 0, 2, 7]);
      server.send(Buffer.concat([header, question, answer]), peer.port, peer.address);
    });
    await new Promise<void>((resolve) => server.bind(0, '127.0.0.1', resolve));
  });

  afterAll(() => {
    server?.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('a one-shot lookup answers and loads neither fs/promises nor perf_hooks', async () => {
    const port = String(server.address().port);
    const { stdout, modules } = await modulesOf(['dns', 'web.lab', '@127.0.0.1', '-p', port, '+short']);
    expect(stdout).toBe('192.0.2.7\n');
    expect(modules).toContain('NativeModule dgram'); // the list is the real one: the query went out by UDP
    expect(modules).not.toContain('NativeModule fs/promises');
    expect(modules).not.toContain('NativeModule perf_hooks');
  });

  it("dns --help loads no child_process: commander's is loaded only if it ever spawns", async () => {
    const { stdout, modules } = await modulesOf(['dns', '--help']);
    expect(stdout).toMatch(/^Usage: netcheck dns/);
    expect(modules).not.toContain('NativeModule child_process');
    expect(modules).not.toContain('NativeModule fs/promises');
  });
});

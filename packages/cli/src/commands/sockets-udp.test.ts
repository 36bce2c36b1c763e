import { readFileSync, rmSync } from 'node:fs';
import { FakeCommandRunner } from '@netcheck/core';
import { afterAll, describe, expect, it } from 'vitest';
import { makeFakeProc } from '../../../sockets/test/helpers.js';
import { main } from '../main.js';
import { captureIo } from '../test-io.js';

const fx = (name: string) =>
  readFileSync(new URL(`../../../sockets/fixtures/linux/${name}`, import.meta.url), 'utf8')
    .split('\n')
    .filter((l) => !l.startsWith('# '))
    .join('\n');
// Recorded: 127.0.0.1:5353 overflowed its receive buffer (196 drops); a client connected to it from :50000.
const UDP = fx('udp-drops.proc-net-udp.txt');
const root = makeFakeProc({
  net: {
    tcp: fx('all-states.proc-net-tcp.txt'),
    tcp6: fx('all-states.proc-net-tcp6.txt'),
    snmp: fx('counters-after.proc-net-snmp.txt'),
    udp: UDP,
  } as never,
  processes: [{ pid: 4242, comm: 'dnsd', inodes: [2200164] }],
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function run(args: string[]) {
  const io = captureIo({ env: { NETCHECK_PROC_ROOT: root } });
  const code = await main(args, { io, runner: new FakeCommandRunner([]) });
  return { code, out: io.stdout, err: io.stderr };
}

describe('netcheck sockets -u / ss letters', () => {
  it('ss -uanp: UDP sockets with queues, drops and holders, the UDP counters; exit 0', async () => {
    const r = await run(['ss', '-uanp']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/UDP sockets: 2/);
    expect(r.out).toMatch(/UNCONN\s+3328\s+0\s+127\.0\.0\.1:5353\s+\*:\*\s+196\s+dnsd \(4242\)/);
    expect(r.out).toMatch(/ESTAB\s+0\s+0\s+127\.0\.0\.1:50000\s+127\.0\.0\.1:5353\s+0/);
    expect(r.out).toMatch(/UDP since boot: \d+ datagrams in/);
    expect(r.out).toMatch(/dropped on full receive buffers: 127\.0\.0\.1:5353 \(196\)/);
    expect(r.out).not.toMatch(/TCP sockets/);
  });

  it('-ul: bound sockets only', async () => {
    const r = await run(['sockets', '-u', '-l']);
    expect(r.out).toMatch(/UDP sockets: 1/);
    expect(r.out).not.toMatch(/ESTAB/);
  });

  it('-t -u: the TCP report, then the UDP sockets; --json has both', async () => {
    const r = await run(['ss', '-t', '-u', '-n']);
    expect(r.out).toMatch(/TCP sockets: \d+/);
    expect(r.out).toMatch(/UDP sockets: 2/);
    const j = await run(['ss', '-tu', '--json']);
    const doc = JSON.parse(j.out) as { tcp: { ok: boolean }; udp: { sockets: unknown[] } };
    expect(doc.tcp.ok).toBe(true);
    expect(doc.udp.sockets).toHaveLength(2);
  });

  it('-tln: TCP listeners only', async () => {
    const r = await run(['ss', '-tln', '--list']);
    expect(r.code).toBeLessThan(2);
    expect(r.out).toMatch(/LISTEN/);
    expect(r.out).not.toMatch(/ESTABLISHED\s+[1-9]/);
  });

  it.each([
    [['ss', '-u', '--state', 'established'], /--state is for TCP sockets/],
    [['ss', '-l', '-a'], /'-l, --listening' cannot be used with option '-a, --all'/],
  ])('%j: usage error, exit 2', async (args, message) => {
    const r = await run(args);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
  });
});

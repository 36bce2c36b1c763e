import { readFileSync, rmSync } from 'node:fs';
import { FakeCommandRunner } from '@netcheck/core';
import { afterAll, describe, expect, it } from 'vitest';
import { makeFakeProc } from '../../../sockets/test/helpers.js';
import { main } from '../main.js';
import { captureIo } from '../test-io.js';

// Recorded tables of @netcheck/sockets (packages/sockets/fixtures), served as a procfs.
const fx = (name: string) =>
  readFileSync(new URL(`../../../sockets/fixtures/linux/${name}`, import.meta.url), 'utf8')
    .split('\n')
    .filter((l) => !l.startsWith('# '))
    .join('\n');
const lsofInodes = [...fx('all-states.lsof-iTCP.txt').matchAll(/IPv[46]\s+(\d+)/g)].map((m) => Number(m[1]));
const root = makeFakeProc({
  net: {
    tcp: fx('all-states.proc-net-tcp.txt'),
    tcp6: fx('all-states.proc-net-tcp6.txt'),
    netstat: fx('counters-after.proc-net-netstat.txt'),
    snmp: fx('counters-after.proc-net-snmp.txt'),
    sockstat: fx('all-states.proc-net-sockstat.txt'),
  },
  processes: [{ pid: 4242, comm: 'ncfixture', inodes: lsofInodes }],
});
const empty = makeFakeProc({});
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
  rmSync(empty, { recursive: true, force: true });
});

const ss = () =>
  new FakeCommandRunner([
    { match: (s) => s.command === 'ss' && s.args[0] === '-ltnH', stdout: fx('all-states.ss-ltnH.txt') },
    { match: (s) => s.command === 'ss' && s.args[0] === '-tnoieH', stdout: fx('keepalive.ss-tnoiH-established.txt') },
  ]);

async function run(args: string[], opts: { procRoot?: string; runner?: FakeCommandRunner } = {}) {
  const io = captureIo({ env: { NETCHECK_PROC_ROOT: opts.procRoot ?? root } });
  const runner = opts.runner ?? ss();
  const code = await main(args, { io, runner });
  return { code, out: io.stdout, err: io.stderr, runner };
}

describe('netcheck sockets', () => {
  it('the summary: states, breakdowns, listeners, counters, audit, findings; exit 0 when nothing fires', async () => {
    const r = await run(['sockets']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    for (const s of [
      'TCP sockets: 43',
      'Top local ports',
      'Top destinations',
      'Top peers',
      'Top processes',
      'Listeners (accept queue: waiting / limit)',
      'Kernel counters',
      'Sysctl audit',
      'Findings',
      'none: no rule fired',
    ]) {
      expect(r.out).toContain(s);
    }
    expect(r.out).toMatch(/4242\s+ncfixture/);
    expect(r.out).toMatch(/^  CLOSE_WAIT +5$/m);
    expect(r.out).toContain('0 / 128');
    expect(r.out).toContain('whether they are rising was not measured');
  });

  it('`ss` is an alias; --json is one document with every state counted', async () => {
    const r = await run(['ss', '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.ok).toBe(true);
    expect(j.states).toMatchObject({
      LISTEN: 7,
      ESTABLISHED: 14,
      SYN_SENT: 2,
      SYN_RECV: 2,
      FIN_WAIT_1: 1,
      FIN_WAIT_2: 5,
      CLOSE_WAIT: 5,
      CLOSING: 1,
      LAST_ACK: 1,
      TIME_WAIT: 5,
      CLOSED: 0,
    });
    expect(j.source.kind).toBe('proc');
  });

  it('a finding: exit 1, explained, with the commands to look closer', async () => {
    const r = await run(['sockets', '--rule', 'close-wait-leak.minCloseWait=5']);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/WARNING {2}5 CLOSE_WAIT sockets on local port \d+ held by ncfixture \(pid 4242\)/);
    expect(r.out).toContain('never called close()');
    expect(r.out).toMatch(/ss -tanp state close-wait '\( sport = :\d+ \)'/);
    expect(r.out).toMatch(/lsof -nP -iTCP:\d+/);
  });

  it('filters and --list: only the matching sockets, listed like ss', async () => {
    const r = await run(['sockets', '--state', 'close-wait,FIN_WAIT_2', '--list']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('TCP sockets: 10 (filtered)');
    expect(r.out).toContain('Sockets (10)');
    expect(r.out.match(/^ {2}CLOSE_WAIT +1 +0 /gm)).toHaveLength(5);
  });

  it('--peer takes an address and port', async () => {
    const r = await run(['sockets', '--peer', '127.0.0.1:9', '--json']);
    expect(JSON.parse(r.out).states.SYN_SENT).toBe(2);
    expect(JSON.parse(r.out).total).toBe(2);
  });

  it('--counts: the state table only, nothing spawned', async () => {
    const r = await run(['sockets', '--counts']);
    expect(r.code).toBe(0);
    expect(r.out.split('\n')[0]).toBe('TCP sockets: 43');
    expect(r.out).not.toContain('Findings');
    expect(r.runner.calls).toEqual([]);
  });

  it('--watch: one line per sample with the change, then what the trend says', async () => {
    const r = await run(['sockets', '--watch', '0.1', '--samples', '3']);
    expect(r.code).toBe(0);
    const lines = r.out.trim().split('\n');
    expect(lines[0]).toMatch(/^TIME\s+TOTAL\s+LISTEN\s+SYN_S/);
    expect(lines.filter((l) => /^\d\d:\d\d:\d\d\s+43\s/.test(l))).toHaveLength(3);
    expect(r.out).toContain('over 2 intervals:');
    expect(r.out).toContain('every state steady');
  });

  it('--watch --json: NDJSON samples and the trends', async () => {
    const r = await run(['sockets', '--watch', '0.1', '--samples', '3', '--json']);
    const lines = r.out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(4);
    expect(lines[1].stateDeltas.ESTABLISHED).toBe(0);
    expect(lines[3].type).toBe('trends');
  });

  it('no table anywhere: exit 3 with what failed and the fix', async () => {
    const r = await run(['sockets'], { procRoot: empty, runner: new FakeCommandRunner([]) });
    expect(r.code).toBe(3);
    expect(r.err).toContain('no TCP table could be read');
    expect(r.err).toContain('install it: apt-get install net-tools');
  });

  it.each([
    [['sockets', '--state', 'bogus'], 'unknown TCP state "bogus"'],
    [['sockets', '--peer', 'example.com'], '--peer takes an IP address'],
    [['sockets', '--peer', '1.2.3.4;ls'], 'invalid target'],
    [['sockets', '--port', '0'], 'port must be from 1 to 65535'],
    [['sockets', '--rule', 'nope.x=1'], 'unknown rule "nope"'],
    [['sockets', '--rule', 'close-wait-leak.oops=1'], 'has no option "oops"'],
    [['sockets', '--rule', 'constructor.name=1'], 'unknown rule "constructor"'],
    [['sockets', '--rule', 'close-wait-leak.toString=1'], 'has no option "toString"'],
    [['sockets', '--rule', 'garbage'], 'expected rule.option=number'],
  ])('usage errors exit 2 before reading anything: %s', async (args, message) => {
    const r = await run(args);
    expect(r.code).toBe(2);
    expect(r.err).toContain(message);
    expect(r.runner.calls).toEqual([]);
  });

  it('--help has examples and the exit codes', async () => {
    const r = await run(['sockets', '--help']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('Examples:');
    expect(r.out).toContain('netcheck ss --state close-wait');
    expect(r.out).toContain('Exit codes: 0 no warning, 1 a finding');
  });
});

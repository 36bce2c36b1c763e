import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FakeCommandRunner, NetcheckError } from '@netcheck/core';
import { afterAll, describe, expect, it } from 'vitest';
import { fixture, makeFakeProc } from '../test/helpers.js';
import { countStates } from './aggregate.js';
import { inspectPeer, inspectSockets, validateSocketFilter } from './inspect.js';
import { parseLsof } from './parse-lsof.js';
import { parseProcNetTcp } from './parse-proc-net-tcp.js';

const tcp = fixture('linux/all-states.proc-net-tcp.txt');
const tcp6 = fixture('linux/all-states.proc-net-tcp6.txt');
const procAll = [...parseProcNetTcp(tcp, 4).sockets, ...parseProcNetTcp(tcp6, 6).sockets];
const inodes = parseLsof(fixture('linux/all-states.lsof-iTCP.txt')).sockets.map((s) => s.inode!);
const net = {
  tcp,
  tcp6,
  netstat: fixture('linux/counters-after.proc-net-netstat.txt'),
  snmp: fixture('linux/counters-after.proc-net-snmp.txt'),
  sockstat: fixture('linux/all-states.proc-net-sockstat.txt'),
};
const roots: string[] = [];
const fakeProc = (o: Parameters<typeof makeFakeProc>[0]) => {
  const r = makeFakeProc(o);
  roots.push(r);
  return r;
};
afterAll(() => {
  for (const r of roots) rmSync(r, { recursive: true, force: true });
});
const isSs = (args: string) => (spec: { command: string; args: readonly string[] }) =>
  spec.command === 'ss' && spec.args.join(' ') === args;
const ssScripts = () => [
  { match: isSs('-ltnH'), stdout: fixture('linux/all-states.ss-ltnH.txt') },
  { match: isSs('-tnoieH state established'), stdout: fixture('linux/keepalive.ss-tnoiH-established.txt') },
];

describe('inspectSockets on Linux (a procfs built from the recorded all-states table)', () => {
  const root = fakeProc({ net, processes: [{ pid: 4242, comm: 'ncfixture', inodes }] });

  it('reads /proc, adds listener limits from ss -ltn and idle times from ss -tnoie, attributes processes', async () => {
    const runner = new FakeCommandRunner(ssScripts());
    const r = await inspectSockets({ procRoot: root, platform: 'linux', runner });
    expect(r.ok).toBe(true);
    expect(r.source).toMatchObject({ kind: 'proc', what: '/proc/net/tcp, /proc/net/tcp6' });
    expect(r.states).toEqual(countStates(procAll));
    expect(r.total).toBe(procAll.length);
    expect(r.listeners!.every((l) => l.queueLimit === 128 && l.owners[0]?.name === 'ncfixture')).toBe(true);
    expect(r.attribution).toBe('all');
    expect(r.processes).toEqual([expect.objectContaining({ pid: 4242, name: 'ncfixture', total: inodes.length })]);
    expect(r.idle).toMatchObject({ examined: 8, idleWithoutKeepalive: 0 });
    expect(r.counters!.SyncookiesSent).toBeGreaterThan(0);
    expect(r.deltas).toBeUndefined();
    expect(r.audit!.map((a) => a.state)).not.toContain('not-checked');
    expect(r.findings).toEqual([]);
    expect(r.warnings).toEqual([]);
    expect(runner.calls.map((c) => `${c.command} ${c.args.join(' ')}`).sort()).toEqual([
      'ss -ltnH',
      'ss -tnoieH state established',
    ]);
  });

  it('countsOnly spawns nothing and keeps no breakdowns', async () => {
    const runner = new FakeCommandRunner([]);
    const r = await inspectSockets({ procRoot: root, platform: 'linux', runner, countsOnly: true });
    expect(r.states).toEqual(countStates(procAll));
    expect(r.ports).toBeUndefined();
    expect(r.processes).toBeUndefined();
    expect(runner.calls).toEqual([]);
  });

  it('without ss, listener limits are unknown and it says so', async () => {
    const r = await inspectSockets({ procRoot: root, platform: 'linux', runner: new FakeCommandRunner([]) });
    expect(r.ok).toBe(true);
    expect(r.listeners!.every((l) => l.queueLimit === undefined)).toBe(true);
    expect(r.warnings.join('\n')).toContain('listener queue limits unknown: ss -ltnH: ss is not installed');
    expect(r.idle).toMatchObject({ status: 'skipped' });
  });

  it('a big table (auto limit) is not attributed, and says why', async () => {
    const r = await inspectSockets({
      procRoot: root,
      platform: 'linux',
      runner: new FakeCommandRunner(ssScripts()),
      processScanMaxSockets: 3,
    });
    expect(r.attribution).toBe('none');
    expect(r.processes).toMatchObject({
      status: 'skipped',
      why: expect.stringContaining('more than 3 sockets have owners'),
    });
  });

  it('...but the processes a finding is about are still named', async () => {
    const r = await inspectSockets({
      procRoot: root,
      platform: 'linux',
      runner: new FakeCommandRunner(ssScripts()),
      processScanMaxSockets: 3,
      rules: { 'close-wait-leak': { minCloseWait: 5 } },
    });
    expect(r.attribution).toBe('watched');
    const f = r.findings.find((x) => x.id === 'close-wait-leak')!;
    expect(f.subject.processes).toEqual([{ pid: 4242, name: 'ncfixture' }]);
    expect(f.title).toContain('held by ncfixture (pid 4242)');
  });

  it('filters by process name through /proc/<pid>/comm and fd', async () => {
    const r = await inspectSockets({
      procRoot: root,
      platform: 'linux',
      runner: new FakeCommandRunner(ssScripts()),
      filter: { process: 'ncfixture' },
    });
    expect(r.states.ESTABLISHED).toBe(procAll.filter((s) => s.state === 'ESTABLISHED' && s.inode).length);
    expect(r.states.SYN_RECV).toBe(2); // request sockets on its listening port
    const none = await inspectSockets({
      procRoot: root,
      platform: 'linux',
      runner: new FakeCommandRunner(ssScripts()),
      filter: { process: 'nobody' },
    });
    expect(none.total).toBe(0);
  });

  it('inspectPeer: sockets toward one destination, listed', async () => {
    const syn = procAll.find((s) => s.state === 'SYN_SENT')!;
    const r = await inspectPeer('127.0.0.1', syn.remotePort, {
      procRoot: root,
      platform: 'linux',
      runner: new FakeCommandRunner(ssScripts()),
    });
    expect(r.states.SYN_SENT).toBe(2);
    expect(r.total).toBe(2);
    expect(r.sockets).toHaveLength(2);
    expect(r.sockets[0]!.owners).toEqual([{ pid: 4242, name: 'ncfixture' }]);
  });

  it('deltaMs: two samples, counter rises measured', async () => {
    const moving = fakeProc({
      net: {
        ...net,
        netstat: fixture('linux/counters-before.proc-net-netstat.txt'),
        snmp: fixture('linux/counters-before.proc-net-snmp.txt'),
      },
    });
    const p = inspectSockets({
      procRoot: moving,
      platform: 'linux',
      runner: new FakeCommandRunner(ssScripts()),
      deltaMs: 300,
    });
    setTimeout(() => {
      writeFileSync(join(moving, 'net', 'netstat'), net.netstat);
      writeFileSync(join(moving, 'net', 'snmp'), net.snmp);
    }, 100);
    const r = await p;
    expect(r.deltas!.intervalMs).toBe(300);
    expect(r.deltas!.counters.SyncookiesSent!.delta).toBeGreaterThan(0);
    expect(r.stateDeltas!.ESTABLISHED).toBe(0);
  });

  it('misuse throws before reading anything', async () => {
    await expect(inspectSockets({ filter: { port: 70000 } })).rejects.toThrow(NetcheckError);
    await expect(inspectPeer('example.com')).rejects.toThrow(/resolve a host name first/);
    expect(validateSocketFilter({ states: ['ESTABLISHED', 'BOGUS' as never] })).toContain('unknown TCP state "BOGUS"');
    expect(validateSocketFilter({ process: 'a/b' })).toContain('without "/"');
    expect(validateSocketFilter({ peer: { address: '[::1]', port: 22 }, port: 22, process: 1 })).toBeUndefined();
  });
});

describe('inspectSockets falls back to tools', () => {
  const noTcp = fakeProc({ net: { netstat: net.netstat, snmp: net.snmp } });

  it('no /proc/net/tcp: ss -tanpH, with the owners ss names', async () => {
    const runner = new FakeCommandRunner([
      { match: isSs('-tanpH'), stdout: fixture('linux/all-states.ss-tanp.txt') },
      ...ssScripts(),
    ]);
    const r = await inspectSockets({ procRoot: noTcp, platform: 'linux', runner });
    expect(r.ok).toBe(true);
    expect(r.source).toMatchObject({ kind: 'ss', what: 'ss -tanpH' });
    expect(r.states).toEqual(countStates(procAll));
    expect(r.processes).toEqual([expect.objectContaining({ name: 'ncfixture', total: inodes.length })]);
    expect(r.listeners!.every((l) => l.queueLimit === 128)).toBe(true);
  });

  it('no ss either: netstat -natp', async () => {
    const runner = new FakeCommandRunner([{ match: 'netstat', stdout: fixture('linux/all-states.netstat-natp.txt') }]);
    const r = await inspectSockets({ procRoot: noTcp, platform: 'linux', runner });
    expect(r.source).toMatchObject({ kind: 'netstat', what: 'netstat -natp' });
    expect(r.states).toEqual(countStates(procAll));
    expect(r.processes).toEqual([expect.objectContaining({ name: 'python3' })]);
  });

  it('nothing works: ok false with what failed and the fix, no exception', async () => {
    const r = await inspectSockets({ procRoot: noTcp, platform: 'linux', runner: new FakeCommandRunner([]) });
    expect(r.ok).toBe(false);
    expect(r.failure).toMatchObject({ reason: 'tool-missing', hint: 'install it: apt-get install net-tools' });
    expect(r.failure!.detail).toContain('/proc/net/tcp could not be read');
  });

  it('macOS: netstat -anp tcp, owners from lsof matched by endpoints (documented formats)', async () => {
    const runner = new FakeCommandRunner([
      { match: 'netstat', stdout: fixture('darwin/netstat-anp-tcp.txt') },
      { match: 'lsof', stdout: fixture('darwin/lsof-iTCP.txt') },
    ]);
    const r = await inspectSockets({ platform: 'darwin', runner });
    expect(r.source).toMatchObject({ kind: 'netstat', what: 'netstat -anp tcp' });
    expect(r.total).toBe(15);
    expect(r.counters).toBeUndefined();
    expect(r.audit).toBeUndefined();
    const procs = r.processes as { name: string }[];
    expect(procs.map((p) => p.name)).toEqual(
      expect.arrayContaining(['rapportd', 'Google Ch', 'Slack He', 'ssh', 'curl', 'Discord']),
    );
    // the IANA dynamic range macOS and Windows use by default (not read)
    expect(r.ephemeralRange).toEqual([49152, 65535]);
  });

  it('Windows: netstat -ano, the PID column', async () => {
    const runner = new FakeCommandRunner([{ match: 'netstat', stdout: fixture('win32/netstat-ano.txt') }]);
    const r = await inspectSockets({ platform: 'win32', runner });
    expect(runner.calls[0]!.args).toEqual(['-ano']);
    expect(r.total).toBe(14);
    expect((r.processes as { pid: number }[]).map((p) => p.pid)).toContain(7308);
  });
});

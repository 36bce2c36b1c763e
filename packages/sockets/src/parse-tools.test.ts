import { describe, expect, it } from 'vitest';
import { fixture, fixtureHeader } from '../test/helpers.js';
import { splitHostPort } from './address.js';
import { countStates } from './aggregate.js';
import { parseLsof } from './parse-lsof.js';
import { parseNetstat } from './parse-netstat.js';
import { parseProcNetTcp } from './parse-proc-net-tcp.js';
import { parseSs, parseSsUsers } from './parse-ss.js';
import { parseTcpState } from './tcp-state.js';

const procAll = [
  ...parseProcNetTcp(fixture('linux/all-states.proc-net-tcp.txt'), 4).sockets,
  ...parseProcNetTcp(fixture('linux/all-states.proc-net-tcp6.txt'), 6).sockets,
];
const key = (s: {
  localAddress: string;
  localPort: number;
  remoteAddress: string;
  remotePort: number;
  state: string;
}) => `${s.state} ${s.localAddress}:${s.localPort} ${s.remoteAddress}:${s.remotePort}`;

describe('state names of every tool', () => {
  it.each([
    ['ESTAB', 'ESTABLISHED'],
    ['SYN-RECV', 'SYN_RECV'],
    ['SYN_RCVD', 'SYN_RECV'],
    ['SYN_RECEIVED', 'SYN_RECV'],
    ['FIN_WAIT1', 'FIN_WAIT_1'],
    ['fin-wait-2', 'FIN_WAIT_2'],
    ['LISTENING', 'LISTEN'],
    ['UNCONN', 'CLOSED'],
    ['DELETE_TCB', 'CLOSED'],
    ['CLOSE-WAIT', 'CLOSE_WAIT'],
  ])('%s is %s', (text, state) => expect(parseTcpState(text)).toBe(state));
  it('anything else is undefined', () => expect(parseTcpState('WAITING')).toBeUndefined());
});

describe('address:port columns', () => {
  it.each([
    ['127.0.0.1:22', ':', '127.0.0.1', 22],
    ['[::1]:37709', ':', '::1', 37709],
    ['*:36457', ':', '*', 36457],
    ['0.0.0.0:*', ':', '*', undefined],
    ['[::]:*', ':', '*', undefined],
    ['[::ffff:127.0.0.1]:57106', ':', '127.0.0.1', 57106],
    ['127.0.0.53%lo:53', ':', '127.0.0.53', 53],
    [':::36457', ':', '*', 36457],
    ['::1:56630', ':', '::1', 56630],
    ['[fe80::1c2d:3e4f:5a6b:7c8d%12]:139', ':', 'fe80::1c2d:3e4f:5a6b:7c8d', 139],
    ['192.168.1.23.52814', '.', '192.168.1.23', 52814],
    ['*.*', '.', '*', undefined],
  ] as const)('%s', (text, sep, address, port) => expect(splitHostPort(text, sep)).toEqual({ address, port }));
});

describe('ss (iproute2 6.1, recorded)', () => {
  it('ss -tan: every line, same sockets as /proc at the same moment', () => {
    const p = parseSs(fixture('linux/all-states.ss-tan.txt'));
    expect(p.warnings).toEqual([]);
    expect(p.sockets.map(key).sort()).toEqual(procAll.map(key).sort());
  });

  it('ss -tanH (no header) equals ss -tan', () => {
    expect(parseSs(fixture('linux/all-states.ss-tanH.txt')).sockets.map(key).sort()).toEqual(procAll.map(key).sort());
  });

  it('ss -tanp names the owners; sockets nobody holds have none', () => {
    const p = parseSs(fixture('linux/all-states.ss-tanp.txt'));
    expect(p.warnings).toEqual([]);
    const owned = p.sockets.filter((s) => s.owners.length > 0);
    expect(owned.every((s) => s.owners[0]!.name === 'ncfixture')).toBe(true);
    expect(new Set(owned.map((s) => s.owners[0]!.pid)).size).toBe(1);
    for (const s of p.sockets.filter((x) =>
      ['TIME_WAIT', 'SYN_RECV', 'LAST_ACK', 'CLOSING', 'FIN_WAIT_1'].includes(x.state),
    ))
      expect(s.owners).toEqual([]);
  });

  it('a listener: Recv-Q is the accept queue, Send-Q its limit', () => {
    const p = parseSs(fixture('linux/accept-full.ss-ltn.txt'));
    expect(p.sockets).toHaveLength(1);
    expect(p.sockets[0]).toMatchObject({
      state: 'LISTEN',
      recvQ: 5,
      sendQ: 4,
      localAddress: '127.0.0.1',
      remoteAddress: '*',
    });
  });

  it('ss ... state close-wait has no state column: the filter gives it', () => {
    const text = fixture('linux/all-states.ss-state-close-wait.txt');
    expect(parseSs(text).sockets).toHaveLength(0);
    const p = parseSs(text, { state: 'CLOSE_WAIT' });
    expect(p.warnings).toEqual([]);
    expect(p.sockets).toHaveLength(5);
    expect(p.sockets.every((s) => s.state === 'CLOSE_WAIT' && s.recvQ === 1 && s.owners.length === 1)).toBe(true);
  });

  it('ss -tnoi: idle times from lastsnd/lastrcv, keepalive timers from -o', () => {
    const p = parseSs(fixture('linux/keepalive.ss-tnoiH-established.txt'), { state: 'ESTABLISHED' });
    expect(p.warnings).toEqual([]);
    expect(p.sockets).toHaveLength(8);
    expect(p.sockets.filter((s) => s.timer === 'keepalive')).toHaveLength(4);
    expect(p.sockets.filter((s) => s.timer === undefined)).toHaveLength(4);
    expect(p.sockets.every((s) => s.idleMs !== undefined && s.idleMs >= 1000 && s.idleMs < 2000)).toBe(true);
  });

  it('ss -tano: timewait timers', () => {
    const p = parseSs(fixture('linux/keepalive.ss-tanoH.txt'));
    expect(p.sockets.filter((s) => s.state === 'TIME_WAIT').every((s) => s.timer === 'timewait')).toBe(true);
  });

  it('owners of a forked socket', () => {
    expect(parseSsUsers('users:(("nginx",pid=812,fd=6),("nginx",pid=813,fd=6))')).toEqual([
      { pid: 812, name: 'nginx' },
      { pid: 813, name: 'nginx' },
    ]);
  });

  it('garbage is a warning', () => {
    expect(parseSs('ESTAB 0 0 nonsense\nhello world\n').warnings).toHaveLength(2);
  });
});

describe('netstat', () => {
  it('Linux netstat -nat (net-tools 2.10, recorded): same sockets as /proc', () => {
    const p = parseNetstat(fixture('linux/all-states.netstat-nat.txt'), 'linux');
    expect(p.warnings).toEqual([]);
    expect(p.sockets.map(key).sort()).toEqual(procAll.map(key).sort());
    // net-tools reads /proc, which has no backlog limit
    expect(p.sockets.filter((s) => s.state === 'LISTEN').every((s) => s.sendQ === undefined)).toBe(true);
  });

  it('Linux netstat -natp names pid/program ("-" for none)', () => {
    const p = parseNetstat(fixture('linux/all-states.netstat-natp.txt'), 'linux');
    expect(countStates(p.sockets)).toEqual(countStates(procAll));
    const owned = p.sockets.filter((s) => s.owners.length);
    expect(owned.length).toBeGreaterThan(20);
    expect(owned.every((s) => s.owners[0]!.name === 'python3')).toBe(true);
    expect(p.sockets.filter((s) => s.state === 'TIME_WAIT').every((s) => s.owners.length === 0)).toBe(true);
  });

  it('macOS netstat -anp tcp (documented format)', () => {
    const p = parseNetstat(fixture('darwin/netstat-anp-tcp.txt'), 'darwin');
    expect(p.warnings).toEqual([]);
    expect(countStates(p.sockets)).toEqual({
      LISTEN: 3,
      SYN_SENT: 1,
      SYN_RECV: 1,
      ESTABLISHED: 3,
      FIN_WAIT_1: 1,
      FIN_WAIT_2: 1,
      CLOSE_WAIT: 1,
      CLOSING: 1,
      LAST_ACK: 1,
      TIME_WAIT: 1,
      CLOSED: 1,
    });
    expect(p.sockets[0]).toMatchObject({
      localAddress: '192.168.1.23',
      localPort: 52814,
      remoteAddress: '140.82.112.25',
      remotePort: 443,
      family: 4,
    });
    expect(p.sockets.find((s) => s.state === 'CLOSE_WAIT')!.recvQ).toBe(31);
    expect(p.sockets.find((s) => s.localPort === 5000)).toMatchObject({ localAddress: '*', family: 6, remotePort: 0 });
  });

  it('Windows netstat -ano (documented format, CRLF): PID column, UDP skipped, pid 0 owns nothing', () => {
    const p = parseNetstat(fixture('win32/netstat-ano.txt'), 'win32');
    expect(p.warnings).toEqual([]);
    expect(countStates(p.sockets)).toEqual({
      LISTEN: 4,
      SYN_SENT: 1,
      SYN_RECV: 1,
      ESTABLISHED: 2,
      FIN_WAIT_1: 1,
      FIN_WAIT_2: 1,
      CLOSE_WAIT: 1,
      CLOSING: 1,
      LAST_ACK: 1,
      TIME_WAIT: 1,
      CLOSED: 0,
    });
    expect(p.sockets.find((s) => s.state === 'TIME_WAIT')!.owners).toEqual([]);
    expect(p.sockets.find((s) => s.localPort === 49718)!.owners).toEqual([{ pid: 7308, name: undefined }]);
    expect(p.sockets.find((s) => s.localPort === 139)).toMatchObject({
      localAddress: 'fe80::1c2d:3e4f:5a6b:7c8d',
      family: 6,
    });
    expect(p.sockets.find((s) => s.localPort === 135 && s.family === 4)).toMatchObject({
      localAddress: '*',
      remoteAddress: '*',
      remotePort: 0,
    });
  });

  it('rows it cannot read are warnings', () => {
    expect(parseNetstat('tcp 0 0 what ever LISTEN\n', 'linux').warnings).toHaveLength(1);
  });
});

describe('lsof', () => {
  it('Linux lsof -iTCP -n -P (lsof 4.95, recorded): owners, and inodes that match /proc', () => {
    const p = parseLsof(fixture('linux/all-states.lsof-iTCP.txt'));
    expect(p.warnings).toEqual([]);
    // every socket a process holds (an inode in /proc), and only those
    expect(p.sockets).toHaveLength(procAll.filter((s) => s.inode).length);
    expect(p.sockets.every((s) => s.owners[0]?.name === 'ncfixture')).toBe(true);
    const byInode = new Map(procAll.filter((s) => s.inode).map((s) => [s.inode, s]));
    for (const s of p.sockets) expect(key(byInode.get(s.inode)!)).toBe(key(s));
    // lsof lists only sockets a process holds
    expect(p.sockets.some((s) => s.state === 'TIME_WAIT' || s.state === 'SYN_RECV')).toBe(false);
  });

  it('lsof -iTCP:PORT: the `lsof -i :port` lookup', () => {
    const port = Number(/-iTCP:(\d+)/.exec(fixtureHeader('linux/all-states.lsof-port.txt', 'command')!)![1]);
    const p = parseLsof(fixture('linux/all-states.lsof-port.txt'));
    expect(p.sockets.length).toBeGreaterThan(0);
    expect(p.sockets.every((s) => s.localPort === port || s.remotePort === port)).toBe(true);
    expect(p.sockets.find((s) => s.state === 'LISTEN')).toMatchObject({ localAddress: '127.0.0.1', localPort: port });
  });

  it('macOS lsof (documented format): kernel-address DEVICE, escaped command names', () => {
    const p = parseLsof(fixture('darwin/lsof-iTCP.txt'));
    expect(p.warnings).toEqual([]);
    expect(p.sockets).toHaveLength(7);
    expect(p.sockets.find((s) => s.state === 'ESTABLISHED')!.owners).toEqual([{ pid: 812, name: 'Google Ch' }]);
    expect(p.sockets.every((s) => s.inode === undefined)).toBe(true);
  });

  it('merges the rows of one socket held by two processes', () => {
    const text = [
      'COMMAND PID USER FD TYPE DEVICE SIZE/OFF NODE NAME',
      'nginx 812 root 6u IPv4 1234 0t0 TCP *:80 (LISTEN)',
      'nginx 813 www 6u IPv4 1234 0t0 TCP *:80 (LISTEN)',
    ].join('\n');
    expect(parseLsof(text).sockets[0]!.owners.map((o) => o.pid)).toEqual([812, 813]);
  });
});

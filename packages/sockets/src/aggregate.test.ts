import { describe, expect, it } from 'vitest';
import { fixture, tableFrom } from '../test/helpers.js';
import type { AggregateOptions } from './aggregate.js';
import {
  compileFilter,
  countStates,
  makeSocketAggregator,
  makeStateCounter,
  rowFromSocket as rowOf,
} from './aggregate.js';
import { mergeListenerLimits } from './merge-listeners.js';
import { parseLsof } from './parse-lsof.js';
import { makeProcTcpScanner, parseProcNetTcp } from './parse-proc-net-tcp.js';
import { parseSs } from './parse-ss.js';
import type { SocketOwner } from './types.js';

const tcpText = fixture('linux/all-states.proc-net-tcp.txt');
const tcp6Text = fixture('linux/all-states.proc-net-tcp6.txt');
const procAll = [...parseProcNetTcp(tcpText, 4).sockets, ...parseProcNetTcp(tcp6Text, 6).sockets];
const lsof = parseLsof(fixture('linux/all-states.lsof-iTCP.txt')).sockets;
const owners = new Map<number, SocketOwner[]>(lsof.map((s) => [s.inode!, s.owners]));
const RANGE: [number, number] = [32768, 60999];

/** Stream the recorded tables through an aggregator, as readProcTcpTables does. */
function aggregate(options: AggregateOptions = {}) {
  const agg = makeSocketAggregator({ ephemeralRange: RANGE, ...options });
  for (const [text, family] of [
    [tcpText, 4],
    [tcp6Text, 6],
  ] as const) {
    const sc = makeProcTcpScanner(family, { row: (r) => agg.add(r) });
    sc.write(Buffer.from(text, 'latin1'));
    sc.end();
  }
  return agg;
}

const portOf = (state: string) => procAll.find((s) => s.state === state)!;

describe('aggregating the recorded table', () => {
  const table = aggregate().result();

  it('counts every state like the parser, without keeping sockets', () => {
    expect(table.states).toEqual(countStates(procAll));
    expect(table.total).toBe(procAll.length);
    expect(table.sockets).toEqual([]);
  });

  it('server sides go to their listening port', () => {
    const cw = portOf('CLOSE_WAIT').localPort;
    expect(table.ports.find((p) => p.port === cw)).toMatchObject({
      listening: true,
      states: { LISTEN: 1, CLOSE_WAIT: 5 },
    });
    const listeners = table.listeners.map((l) => l.port);
    for (const p of table.ports.filter((x) => x.listening)) expect(listeners).toContain(p.port);
  });

  it('client sides go to their destination, and count against the ephemeral range', () => {
    const fw2 = portOf('FIN_WAIT_2');
    const d = table.destinations.find((x) => x.address === '127.0.0.1' && x.port === fw2.remotePort)!;
    expect(d.states).toEqual({ FIN_WAIT_2: 5 });
    expect(d.ephemeralPortsInUse).toBe(5);
    expect(table.destinations.find((x) => x.port === 9)!.states).toEqual({ SYN_SENT: 2 });
    const tw = table.destinations.filter((x) => (x.states.TIME_WAIT ?? 0) > 0);
    expect(tw.reduce((n, x) => n + x.timeWaitInRange, 0)).toBe(table.states.TIME_WAIT);
  });

  it('peers: every socket with a remote, by address', () => {
    expect(
      table.peers.find((p) => p.address === '127.0.0.1')!.total + table.peers.find((p) => p.address === '::1')!.total,
    ).toBe(table.total - table.states.LISTEN);
  });

  it('listeners, with the SYN_RECV of their port', () => {
    const sr = portOf('SYN_RECV').localPort;
    expect(table.listeners.find((l) => l.port === sr)).toMatchObject({
      synRecv: 2,
      queueLength: 0,
      queueLimit: undefined,
    });
    expect(table.listeners).toHaveLength(7);
  });

  it('no processes until owners are attached', () => {
    expect(table.processes).toBeUndefined();
    expect(table.attribution).toBe('none');
  });

  it('the counts-only sink agrees', () => {
    const c = makeStateCounter();
    for (const [text, family] of [
      [tcpText, 4],
      [tcp6Text, 6],
    ] as const) {
      const sc = makeProcTcpScanner(family, { state: c.state });
      sc.write(Buffer.from(text, 'latin1'));
      sc.end();
    }
    expect(c.counts()).toEqual(table.states);
    expect(c.total).toBe(table.total);
  });
});

describe('attributing processes (inode owners from the recorded lsof)', () => {
  it('every owned socket is credited to its process, listeners get owners', () => {
    const agg = aggregate({ rememberOwned: 1000 });
    expect(agg.ownedInodes()!.size).toBe(lsof.length);
    agg.attachOwners(owners);
    const t = agg.result();
    expect(t.attribution).toBe('all');
    expect(t.processes).toHaveLength(1);
    expect(t.processes![0]).toMatchObject({ name: 'ncfixture', total: lsof.length });
    expect(t.processes![0]!.listening).toEqual([...new Set(t.listeners.map((l) => l.port))].sort((a, b) => a - b));
    expect(t.listeners.every((l) => l.owners[0]?.name === 'ncfixture')).toBe(true);
    const cw = portOf('CLOSE_WAIT').localPort;
    expect(t.ports.find((p) => p.port === cw)!.processes[0]).toMatchObject({
      name: 'ncfixture',
      states: { LISTEN: 1, CLOSE_WAIT: 5 },
    });
  });

  it('past rememberOwned the table is not attributed, but watched states still can be', () => {
    const agg = aggregate({ rememberOwned: 3, rememberWatched: 100 });
    expect(agg.ownedOverflow).toBe(true);
    expect(agg.ownedInodes()).toBeUndefined();
    expect(agg.watchedInodes().size).toBe(5 + 2 + 5); // CLOSE_WAIT, SYN_SENT, FIN_WAIT_2
    agg.attachOwners(owners);
    const t = agg.result();
    expect(t.attribution).toBe('watched');
    expect(t.processes).toBeUndefined();
    const cw = portOf('CLOSE_WAIT').localPort;
    expect(t.ports.find((p) => p.port === cw)!.processes[0]!.states).toEqual({ CLOSE_WAIT: 5 });
    expect(t.destinations.find((d) => d.port === 9)!.processes[0]!.states).toEqual({ SYN_SENT: 2 });
  });

  it('owners named by the tool itself (ss -tanp) need no inode walk', () => {
    const ss = parseSs(fixture('linux/all-states.ss-tanp.txt')).sockets;
    expect(tableFrom([]).total).toBe(0);
    const agg = makeSocketAggregator({ ephemeralRange: RANGE });
    for (const s of [...ss.filter((x) => x.state === 'LISTEN'), ...ss.filter((x) => x.state !== 'LISTEN')])
      agg.add({ ...rowOf(s) }, s);
    const r = agg.result();
    expect(r.attribution).toBe('all');
    expect(r.processes![0]!.total).toBe(ss.filter((s) => s.owners.length).length);
  });
});

describe('filters', () => {
  it('by state', () => {
    const t = aggregate({ filter: compileFilter({ states: ['CLOSE_WAIT', 'FIN_WAIT_2'] }) }).result();
    expect(t.total).toBe(10);
    expect(t.states.LISTEN).toBe(0);
    // the listening ports are still known, so CLOSE_WAIT lands on its port
    expect(t.ports.find((p) => p.port === portOf('CLOSE_WAIT').localPort)!.listening).toBe(true);
  });

  it('by port (local or remote)', () => {
    const p = portOf('CLOSE_WAIT').localPort;
    const t = aggregate({ filter: compileFilter({ port: p }) }).result();
    expect(t.states).toMatchObject({ LISTEN: 1, CLOSE_WAIT: 5, FIN_WAIT_2: 5 });
    expect(t.total).toBe(11);
  });

  it('by peer address and port (IPv4-mapped matches IPv4)', () => {
    const sr = portOf('SYN_RECV').localPort;
    const t = aggregate({
      filter: compileFilter({ peer: { address: '127.0.0.1', port: sr } }),
      keepSockets: 10,
    }).result();
    expect(t.states.ESTABLISHED).toBe(2);
    expect(t.sockets).toHaveLength(2);
    expect(t.sockets.every((s) => s.remotePort === sr)).toBe(true);
    const any = aggregate({ filter: compileFilter({ peer: { address: '::ffff:127.0.0.1' } }) }).result();
    expect(any.total).toBe(procAll.filter((s) => s.remoteAddress === '127.0.0.1').length);
  });

  it('by process: its sockets, plus TIME_WAIT and SYN_RECV on the ports it listens on', () => {
    const inodes = new Set(lsof.map((s) => s.inode!));
    const t = aggregate({ filter: compileFilter({ process: 'ncfixture' }, inodes) }).result();
    const tw = portOf('TIME_WAIT');
    // TIME_WAIT on the client side (local ephemeral port) cannot be attributed; server-side ones would be
    expect(t.states.SYN_RECV).toBe(2);
    expect(t.states.TIME_WAIT).toBe(
      procAll.filter((s) => s.state === 'TIME_WAIT' && t.listeners.some((l) => l.port === s.localPort)).length,
    );
    // ...and every socket nobody holds (TIME_WAIT, SYN_RECV, LAST_ACK) on a port it listens on
    const itsPorts = new Set(t.listeners.map((l) => l.port));
    expect(t.total).toBe(lsof.length + procAll.filter((s) => s.inode === 0 && itsPorts.has(s.localPort)).length);
    expect(tw).toBeDefined();
    const none = aggregate({ filter: compileFilter({ process: 'nobody' }, new Set()) }).result();
    expect(none.total).toBe(0);
  });

  it('an empty filter compiles to nothing', () => {
    expect(compileFilter({})).toBeUndefined();
    expect(compileFilter(undefined)).toBeUndefined();
  });
});

describe('keepalive timers and listener limits', () => {
  it('counts ESTABLISHED sockets with and without a keepalive timer (recorded)', () => {
    const agg = makeSocketAggregator({ ephemeralRange: RANGE });
    const sc = makeProcTcpScanner(4, { row: (r) => agg.add(r) });
    sc.write(Buffer.from(fixture('linux/keepalive.proc-net-tcp.txt'), 'latin1'));
    sc.end();
    expect(agg.result().keepalive).toEqual({ established: 8, keepalive: 4, noTimer: 4, busy: 0, unknown: 0 });
  });

  it('ss -ltn gives /proc listeners their queue limit', () => {
    const agg = makeSocketAggregator({ ephemeralRange: RANGE });
    const sc = makeProcTcpScanner(4, { row: (r) => agg.add(r) });
    sc.write(Buffer.from(fixture('linux/accept-full.proc-net-tcp.txt'), 'latin1'));
    sc.end();
    const merged = mergeListenerLimits(
      agg.result().listeners,
      parseSs(fixture('linux/accept-full.ss-ltnH.txt')).sockets,
    );
    expect(merged).toHaveLength(1);
    expect(merged[0]).toMatchObject({ queueLength: 5, queueLimit: 4 });
  });

  it('dual-stack and IPv6 listeners match ss by family', () => {
    const agg = aggregate();
    const merged = mergeListenerLimits(
      agg.result().listeners,
      parseSs(fixture('linux/all-states.ss-ltnH.txt')).sockets,
    );
    expect(merged.every((l) => l.queueLimit === 128)).toBe(true);
  });
});

import { normaliseAddress } from './address.js';
import type { ProcTcpRow } from './parse-proc-net-tcp.js';
import { procRowToSocket } from './parse-proc-net-tcp.js';
import type { StateCounts, TcpState } from './tcp-state.js';
import { makeStateCounts, nonZeroStates, STATE_COUNT, STATE_INDEX, TCP_STATES, toStateCounts } from './tcp-state.js';
import type { SocketFilter, SocketOwner, TcpSocket, TcpTimer } from './types.js';

/**
 * A socket as the aggregator takes it: the /proc scanner's reused row as is,
 * or a parsed tool row (`rowFromSocket`). Unknown numbers are NaN.
 */
export interface AggregateRow extends ProcTcpRow {
  /** LISTEN only: the accept queue's limit when the source printed it (ss's Send-Q). */
  queueLimit?: number;
  /** Processes the source named (ss -p, netstat -p, lsof, Windows' PID column). */
  owners?: readonly SocketOwner[];
}

/** Slots of the per-destination counting arrays after the states. */
const IN_RANGE = STATE_COUNT;
const TW_IN_RANGE = STATE_COUNT + 1;

const LISTEN = STATE_INDEX.LISTEN;
const ESTABLISHED = STATE_INDEX.ESTABLISHED;
const TIME_WAIT = STATE_INDEX.TIME_WAIT;
const SYN_RECV = STATE_INDEX.SYN_RECV;
const WATCHED = new Set([STATE_INDEX.CLOSE_WAIT, STATE_INDEX.SYN_SENT, STATE_INDEX.FIN_WAIT_2]);

/** A filter in the shape the aggregator checks quickly. */
export interface CompiledFilter {
  /** By state index; `undefined` = every state. */
  states: boolean[] | undefined;
  port: number | undefined;
  peerAddress: string | undefined;
  peerPort: number | undefined;
  /** Inodes of the sockets the wanted processes hold (the /proc path). */
  inodes: ReadonlySet<number> | undefined;
  /** Owners to keep (tool rows that name their processes). */
  ownerMatches: ((owner: SocketOwner) => boolean) | undefined;
}

/**
 * Compile a SocketFilter. `processInodes` are the socket inodes of the processes
 * the filter names (found by the I/O layer in /proc/<pid>/fd); without them a
 * process filter is checked against the owners a tool row names.
 */
export function compileFilter(filter: SocketFilter | undefined, processInodes?: ReadonlySet<number>): CompiledFilter | undefined {
  if (!filter) return undefined;
  const states = filter.states?.length ? TCP_STATES.map((s) => filter.states!.includes(s)) : undefined;
  const proc = filter.process;
  const ownerMatches =
    proc === undefined ? undefined : typeof proc === 'number' ? (o: SocketOwner) => o.pid === proc : (o: SocketOwner) => o.name === proc;
  const compiled: CompiledFilter = {
    states,
    port: filter.port,
    peerAddress: filter.peer ? normaliseAddress(filter.peer.address) : undefined,
    peerPort: filter.peer?.port,
    inodes: proc === undefined ? undefined : processInodes,
    ownerMatches,
  };
  const empty = !states && compiled.port === undefined && compiled.peerAddress === undefined && proc === undefined;
  return empty ? undefined : compiled;
}

/** Options of an aggregation. */
export interface AggregateOptions {
  /** net.ipv4.ip_local_port_range: local ports in it (and not listened on) are client ends of outgoing connections. */
  ephemeralRange?: readonly [number, number] | undefined;
  filter?: CompiledFilter | undefined;
  /** Keep up to this many matching sockets as objects (default 0: counts only). */
  keepSockets?: number;
  /**
   * Remember which group and state each socket with an inode is in, for up to this
   * many sockets, so processes can be attributed after the scan (default 0). Past the
   * limit the memory is dropped and `ownedOverflow` says so.
   */
  rememberOwned?: number;
  /** Remember the inodes of up to this many CLOSE_WAIT, SYN_SENT and FIN_WAIT_2 sockets, to name their processes in findings (default 0). */
  rememberWatched?: number;
}

/** Sockets of one process inside a port or destination group. */
export interface ProcessShare {
  pid: number;
  name: string | undefined;
  total: number;
  states: Partial<StateCounts>;
}

/** Sockets on one local port: a port something listens on, or a local port outside the ephemeral range. */
export interface PortSummary {
  port: number;
  /** Something listens on this port. */
  listening: boolean;
  total: number;
  states: Partial<StateCounts>;
  /** Who holds them (empty when processes were not attributed). */
  processes: ProcessShare[];
}

/** Outgoing connections toward one remote address and port (our side on a local port that is not listened on). */
export interface DestinationSummary {
  address: string;
  port: number;
  total: number;
  states: Partial<StateCounts>;
  /** Of these, sockets whose local port is in the ephemeral range: ports taken from it toward this destination. */
  ephemeralPortsInUse: number;
  /** TIME_WAIT sockets among ephemeralPortsInUse. */
  timeWaitInRange: number;
  processes: ProcessShare[];
}

/** Sockets by remote address, both directions. */
export interface PeerSummary {
  address: string;
  total: number;
  states: Partial<StateCounts>;
}

/** Sockets one process holds. */
export interface ProcessSummary {
  pid: number;
  name: string | undefined;
  total: number;
  states: Partial<StateCounts>;
  /** Ports it listens on. */
  listening: number[];
}

/** A listening socket and its queues. */
export interface ListenerSummary {
  address: string;
  port: number;
  family: 4 | 6 | undefined;
  /** Connections completed and waiting for accept() (Recv-Q of a listener). */
  queueLength: number | undefined;
  /** The accept queue's limit, min(backlog, somaxconn) (Send-Q of a listener in ss); `undefined` when the source does not give it. */
  queueLimit: number | undefined;
  /** Half-open connections on this port (SYN_RECV), all local addresses together. */
  synRecv: number;
  inode: number | undefined;
  owners: SocketOwner[];
}

/** What the kernel's timers say about ESTABLISHED sockets (from /proc's `tr` or ss -o). */
export interface KeepaliveSummary {
  established: number;
  /** SO_KEEPALIVE armed. */
  keepalive: number;
  /** No timer at all: no keepalive, and nothing waiting for an ACK. */
  noTimer: number;
  /** Retransmitting or probing: whether keepalive is on cannot be told from the timer. */
  busy: number;
  /** The source did not say. */
  unknown: number;
}

/**
 * Which sockets were looked up for their processes: 'all' every socket with an owner, 'watched' only the
 * CLOSE_WAIT/SYN_SENT/FIN_WAIT_2 ones findings are about, 'none' none.
 */
export type OwnerCoverage = 'all' | 'watched' | 'none';

/** The aggregated table: counts, breakdowns, listeners. Plain data. */
export interface SocketTable {
  /** Sockets counted (after the filter). */
  total: number;
  states: StateCounts;
  /** Listening ports and local ports outside the ephemeral range, most sockets first. */
  ports: PortSummary[];
  /** Outgoing connections by destination, most sockets first. */
  destinations: DestinationSummary[];
  /** By remote address (both directions), most sockets first. */
  peers: PeerSummary[];
  listeners: ListenerSummary[];
  /** Per process, most sockets first; `undefined` when processes were not attributed for every socket. */
  processes: ProcessSummary[] | undefined;
  /** 'all' every socket with an owner was attributed, 'watched' only CLOSE_WAIT/SYN_SENT, 'none' none. */
  attribution: OwnerCoverage;
  keepalive: KeepaliveSummary;
  /** The ephemeral range used to split ports from destinations; `undefined` when not known. */
  ephemeralRange: [number, number] | undefined;
  /** Matching sockets kept as objects (up to keepSockets). */
  sockets: TcpSocket[];
}

/** A running aggregation: add rows, attach owners, then read the table. */
export interface SocketAggregator {
  add(row: AggregateRow, original?: TcpSocket): void;
  /** Sockets remembered for attribution: inode -> nothing yet. */
  ownedInodes(): ReadonlySet<number> | undefined;
  /** Inodes of remembered CLOSE_WAIT/SYN_SENT sockets. */
  watchedInodes(): ReadonlySet<number>;
  /** True when more sockets had inodes than `rememberOwned`. */
  readonly ownedOverflow: boolean;
  /** Count sockets per process from inode owners (found in /proc/<pid>/fd). */
  attachOwners(owners: ReadonlyMap<number, readonly SocketOwner[]>): void;
  result(): SocketTable;
}

interface DestEntry {
  address: string;
  port: number;
  counts: Uint32Array;
  id: number;
}

type Group = { kind: 'port'; port: number } | { kind: 'dest'; entry: DestEntry };

const TIMER_CODES: Readonly<Record<TcpTimer, number>> = { off: 0, retransmit: 1, keepalive: 2, timewait: 3, probe: 4 };

/** A tool's parsed socket in the aggregator's row shape. */
export function rowFromSocket(s: TcpSocket): AggregateRow {
  const listen = s.state === 'LISTEN';
  return {
    family: s.family ?? 4,
    state: STATE_INDEX[s.state],
    localAddress: s.localAddress,
    localPort: s.localPort,
    remoteAddress: s.remoteAddress,
    remotePort: s.remotePort,
    txQueue: listen ? Number.NaN : (s.sendQ ?? Number.NaN),
    rxQueue: s.recvQ ?? Number.NaN,
    timer: s.timer === undefined ? Number.NaN : TIMER_CODES[s.timer],
    uid: s.uid ?? Number.NaN,
    inode: s.inode ?? Number.NaN,
    queueLimit: listen ? s.sendQ : undefined,
    owners: s.owners,
  };
}

/**
 * Count a socket table without keeping an object per socket: per state, per local
 * port (one flat typed array), per destination and per peer address (maps whose size
 * is the number of distinct peers), listeners, keepalive timers.
 * 1 - LISTEN sockets mark their port as listening (/proc and ss print listeners first);
 * 2 - a socket on a listening port, or on a local port outside the ephemeral range,
 *     belongs to that local port (the server side);
 * 3 - any other socket is an outgoing connection and belongs to its destination
 *     (remote address and port); its local port counts against the ephemeral range
 *     when inside it (what runs out with "Cannot assign requested address");
 * 4 - the filter is applied before counting; listening ports are marked whatever the filter.
 */
export function makeSocketAggregator(options: AggregateOptions = {}): SocketAggregator {
  const range = options.ephemeralRange;
  const lo = range?.[0] ?? 1;
  const hi = range?.[1] ?? 0;
  const filter = options.filter;
  const keep = options.keepSockets ?? 0;
  const rememberOwned = options.rememberOwned ?? 0;
  const rememberWatched = options.rememberWatched ?? 0;

  const counts = new Float64Array(STATE_COUNT);
  let total = 0;
  const portCounts = new Uint32Array(65536 * STATE_COUNT);
  const listening = new Uint8Array(65536);
  const portGroupId = new Int32Array(65536).fill(-1);
  const groups: Group[] = [];
  const dests = new Map<string, Map<number, DestEntry>>();
  const peers = new Map<string, Float64Array>();
  const listeners: ListenerSummary[] = [];
  const keepalive: KeepaliveSummary = { established: 0, keepalive: 0, noTimer: 0, busy: 0, unknown: 0 };
  let owned: Map<number, number> | undefined = rememberOwned > 0 ? new Map() : undefined;
  let ownedOverflow = false;
  const watched = new Map<number, number>();
  const processPorts = new Set<number>(); // ports the filtered processes listen on
  // group id -> pid -> per-state counts; pid -> process totals
  const groupOwners = new Map<number, Map<number, { name: string | undefined; counts: Float64Array }>>();
  const processes = new Map<number, { name: string | undefined; counts: Float64Array; listening: Set<number> }>();
  let attribution: OwnerCoverage = 'none';
  const sockets: TcpSocket[] = [];

  const portGroup = (port: number): number => {
    let id = portGroupId[port]!;
    if (id < 0) {
      id = groups.length;
      groups.push({ kind: 'port', port });
      portGroupId[port] = id;
    }
    return id;
  };
  const destEntry = (address: string, port: number): DestEntry => {
    let byPort = dests.get(address);
    if (!byPort) dests.set(address, (byPort = new Map()));
    let e = byPort.get(port);
    if (!e) {
      e = { address, port, counts: new Uint32Array(STATE_COUNT + 2), id: groups.length };
      groups.push({ kind: 'dest', entry: e });
      byPort.set(port, e);
    }
    return e;
  };
  const credit = (groupId: number, state: number, owner: SocketOwner) => {
    let byPid = groupOwners.get(groupId);
    if (!byPid) groupOwners.set(groupId, (byPid = new Map()));
    let g = byPid.get(owner.pid);
    if (!g) byPid.set(owner.pid, (g = { name: owner.name, counts: new Float64Array(STATE_COUNT) }));
    g.counts[state]!++;
    g.name ??= owner.name;
  };
  const creditProcess = (state: number, port: number, owner: SocketOwner) => {
    let p = processes.get(owner.pid);
    if (!p) processes.set(owner.pid, (p = { name: owner.name, counts: new Float64Array(STATE_COUNT), listening: new Set() }));
    p.counts[state]!++;
    p.name ??= owner.name;
    if (state === LISTEN) p.listening.add(port);
  };

  const passes = (row: AggregateRow): boolean => {
    if (!filter) return true;
    const st = row.state;
    if (filter.states && !filter.states[st]) return false;
    if (filter.port !== undefined && row.localPort !== filter.port && row.remotePort !== filter.port) return false;
    if (filter.peerAddress !== undefined) {
      // both sides are normalised already (v4-mapped as IPv4, RFC 5952 IPv6): plain equality
      if (row.remoteAddress !== filter.peerAddress) return false;
      if (filter.peerPort !== undefined && row.remotePort !== filter.peerPort) return false;
    }
    if (filter.ownerMatches) {
      let mine: boolean;
      if (row.owners && row.owners.length > 0) mine = row.owners.some(filter.ownerMatches);
      else if (filter.inodes && row.inode > 0) mine = filter.inodes.has(row.inode);
      else mine = st !== LISTEN && processPorts.has(row.localPort);
      if (mine && st === LISTEN) processPorts.add(row.localPort);
      if (!mine) return false;
    }
    return true;
  };

  return {
    add(row, original) {
      const st = row.state;
      const lp = row.localPort;
      if (st === LISTEN) listening[lp] = 1;
      if (!passes(row)) return;
      counts[st]!++;
      total++;
      portCounts[lp * STATE_COUNT + st]!++;
      let groupId: number;
      if (st === LISTEN || listening[lp] === 1 || (range !== undefined && (lp < lo || lp > hi))) {
        groupId = portGroup(lp);
      } else {
        const e = destEntry(row.remoteAddress, row.remotePort);
        e.counts[st]!++;
        if (range !== undefined && lp >= lo && lp <= hi) {
          e.counts[IN_RANGE]!++;
          if (st === TIME_WAIT) e.counts[TW_IN_RANGE]!++;
        }
        groupId = e.id;
      }
      if (st === LISTEN) {
        listeners.push({
          address: row.localAddress,
          port: lp,
          family: row.family,
          queueLength: Number.isNaN(row.rxQueue) ? undefined : row.rxQueue,
          queueLimit: row.queueLimit,
          synRecv: 0,
          inode: row.inode > 0 ? row.inode : undefined,
          owners: row.owners ? [...row.owners] : [],
        });
      } else {
        let p = peers.get(row.remoteAddress);
        if (!p) peers.set(row.remoteAddress, (p = new Float64Array(STATE_COUNT)));
        p[st]!++;
      }
      if (st === ESTABLISHED) {
        keepalive.established++;
        const t = row.timer;
        if (t === 0) keepalive.noTimer++;
        else if (t === 2) keepalive.keepalive++;
        else if (t === 1 || t === 4) keepalive.busy++;
        else keepalive.unknown++;
      }
      if (row.owners && row.owners.length > 0) {
        attribution = 'all';
        for (const o of row.owners) {
          credit(groupId, st, o);
          creditProcess(st, lp, o);
        }
      } else if (row.inode > 0) {
        const packed = groupId * 16 + st;
        if (owned) {
          if (owned.size < rememberOwned) owned.set(row.inode, packed);
          else {
            owned = undefined;
            ownedOverflow = true;
          }
        }
        if (WATCHED.has(st) && watched.size < rememberWatched) watched.set(row.inode, packed);
      }
      if (sockets.length < keep) sockets.push(original ?? procRowToSocket(row));
    },
    ownedInodes: () => (owned ? new Set(owned.keys()) : undefined),
    watchedInodes: () => new Set(watched.keys()),
    get ownedOverflow() {
      return ownedOverflow;
    },
    attachOwners(owners) {
      const source = owned ?? watched;
      for (const [inode, packed] of source) {
        const who = owners.get(inode);
        if (!who) continue;
        const groupId = Math.floor(packed / 16);
        const st = packed % 16;
        const g = groups[groupId]!;
        const port = g.kind === 'port' ? g.port : 0;
        for (const o of who) {
          credit(groupId, st, o);
          if (owned) creditProcess(st, port, o);
        }
      }
      for (const l of listeners) {
        if (l.owners.length === 0 && l.inode !== undefined) l.owners = [...(owners.get(l.inode) ?? [])];
      }
      for (const s of sockets) {
        if (s.owners.length === 0 && s.inode) s.owners = [...(owners.get(s.inode) ?? [])];
      }
      attribution = owned ? 'all' : 'watched';
    },
    result() {
      const shares = (groupId: number): ProcessShare[] =>
        [...(groupOwners.get(groupId) ?? new Map()).entries()]
          .map(([pid, g]) => ({ pid, name: g.name, total: sum(g.counts), states: nonZeroStates(g.counts) }))
          .sort((a, b) => b.total - a.total || a.pid - b.pid);
      const ports: PortSummary[] = [];
      for (const g of groups) {
        if (g.kind !== 'port') continue;
        const slice = portCounts.subarray(g.port * STATE_COUNT, (g.port + 1) * STATE_COUNT);
        const t = sum(slice);
        if (t === 0) continue;
        ports.push({ port: g.port, listening: listening[g.port] === 1, total: t, states: nonZeroStates(slice), processes: shares(portGroupId[g.port]!) });
      }
      ports.sort((a, b) => b.total - a.total || a.port - b.port);
      const destinations: DestinationSummary[] = [];
      for (const byPort of dests.values()) {
        for (const e of byPort.values()) {
          const slice = e.counts.subarray(0, STATE_COUNT);
          destinations.push({
            address: e.address,
            port: e.port,
            total: sum(slice),
            states: nonZeroStates(slice),
            ephemeralPortsInUse: e.counts[IN_RANGE]!,
            timeWaitInRange: e.counts[TW_IN_RANGE]!,
            processes: shares(e.id),
          });
        }
      }
      destinations.sort((a, b) => b.total - a.total || a.address.localeCompare(b.address) || a.port - b.port);
      const peerList: PeerSummary[] = [...peers.entries()]
        .map(([address, c]) => ({ address, total: sum(c), states: nonZeroStates(c) }))
        .sort((a, b) => b.total - a.total || a.address.localeCompare(b.address));
      for (const l of listeners) l.synRecv = portCounts[l.port * STATE_COUNT + SYN_RECV]!;
      const processList =
        attribution === 'all'
          ? [...processes.entries()]
              .map(([pid, p]) => ({ pid, name: p.name, total: sum(p.counts), states: nonZeroStates(p.counts), listening: [...p.listening].sort((a, b) => a - b) }))
              .sort((a, b) => b.total - a.total || a.pid - b.pid)
          : undefined;
      return {
        total,
        states: toStateCounts(counts),
        ports,
        destinations,
        peers: peerList,
        listeners: [...listeners].sort((a, b) => a.port - b.port || a.address.localeCompare(b.address)),
        processes: processList,
        attribution,
        keepalive: { ...keepalive },
        ephemeralRange: range ? [range[0], range[1]] : undefined,
        sockets,
      };
    },
  };
}

function sum(a: ArrayLike<number>): number {
  let t = 0;
  for (let i = 0; i < STATE_COUNT && i < a.length; i++) t += a[i]!;
  return t;
}

/** Counts only: the state sink for the /proc scanner (no object per socket, no breakdowns). */
export function makeStateCounter(): { state(index: number): void; counts(): StateCounts; readonly total: number } {
  const c = new Float64Array(STATE_COUNT);
  let total = 0;
  return {
    state(i) {
      c[i]!++;
      total++;
    },
    counts: () => toStateCounts(c),
    get total() {
      return total;
    },
  };
}

/** Sum of two StateCounts (tcp + tcp6). */
export function addStateCounts(a: StateCounts, b: StateCounts): StateCounts {
  const out = makeStateCounts();
  for (const s of TCP_STATES) out[s] = a[s] + b[s];
  return out;
}

/** Sockets as a per-state count (for parsed tool output and tests). */
export function countStates(sockets: readonly { state: TcpState }[]): StateCounts {
  const out = makeStateCounts();
  for (const s of sockets) out[s.state]++;
  return out;
}

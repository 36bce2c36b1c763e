import { procRowToSocket } from './parse-proc-net-tcp.js';
import type { StateCounts, TcpState } from './tcp-state.js';
import { makeStateCounts, nonZeroStates, STATE_COUNT, STATE_INDEX, TCP_STATES, toStateCounts } from './tcp-state.js';
import type { CompiledFilter } from './aggregate/filter.js';
import { makeRowFilter } from './aggregate/filter.js';
import { bump, makeGroupCounts, sumStates } from './aggregate/groups.js';
import { makeOwnerLedger } from './aggregate/owners.js';
import type { AggregateRow } from './aggregate/row.js';
import type { KeepaliveSummary, ListenerSummary, PeerSummary, SocketTable } from './aggregate/types.js';
import type { SocketOwner, TcpSocket } from './types.js';

export type { CompiledFilter } from './aggregate/filter.js';
export { compileFilter } from './aggregate/filter.js';
export type { AggregateRow } from './aggregate/row.js';
export { rowFromSocket } from './aggregate/row.js';
export type {
  DestinationSummary,
  KeepaliveSummary,
  ListenerSummary,
  OwnerCoverage,
  PeerSummary,
  PortSummary,
  ProcessShare,
  ProcessSummary,
  SocketTable,
} from './aggregate/types.js';

const LISTEN = STATE_INDEX.LISTEN;
const ESTABLISHED = STATE_INDEX.ESTABLISHED;

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
  /** Remember the inodes of up to this many CLOSE_WAIT, SYN_SENT and FIN_WAIT_2 sockets (default 0). */
  rememberWatched?: number;
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

/**
 * Count a socket table without keeping an object per socket: per state, per group (local port or
 * destination, see `makeGroupCounts`), per peer address, listeners, keepalive timers, owners.
 * The filter is applied before counting; listening ports are marked whatever the filter.
 */
export function makeSocketAggregator(options: AggregateOptions = {}): SocketAggregator {
  const range = options.ephemeralRange;
  const keep = options.keepSockets ?? 0;
  const passes = makeRowFilter(options.filter);
  const groups = makeGroupCounts(range);
  const ledger = makeOwnerLedger(options.rememberOwned ?? 0, options.rememberWatched ?? 0);
  const counts = new Float64Array(STATE_COUNT);
  let total = 0;
  const peers = new Map<string, Float64Array>();
  const listeners: ListenerSummary[] = [];
  const keepalive: KeepaliveSummary = { established: 0, keepalive: 0, noTimer: 0, busy: 0, unknown: 0 };
  const sockets: TcpSocket[] = [];

  return {
    add(row, original) {
      const st = row.state;
      if (st === LISTEN) groups.markListening(row.localPort);
      if (!passes(row)) return;
      bump(counts, st);
      total++;
      const groupId = groups.place(row);
      if (st === LISTEN) listeners.push(listenerOf(row));
      else countPeer(peers, row.remoteAddress, st);
      if (st === ESTABLISHED) countTimer(keepalive, row.timer);
      if (row.owners && row.owners.length > 0) ledger.creditNamed(groupId, st, row.localPort, row.owners);
      else if (row.inode > 0) ledger.remember(row.inode, groupId, st);
      if (sockets.length < keep) sockets.push(original ?? procRowToSocket(row));
    },
    ownedInodes: () => ledger.ownedInodes(),
    watchedInodes: () => ledger.watchedInodes(),
    get ownedOverflow() {
      return ledger.ownedOverflow;
    },
    attachOwners(owners) {
      ledger.attach(owners, (groupId) => groups.portOf(groupId));
      for (const l of listeners) {
        if (l.owners.length === 0 && l.inode !== undefined) l.owners = [...(owners.get(l.inode) ?? [])];
      }
      for (const s of sockets) {
        if (s.owners.length === 0 && s.inode) s.owners = [...(owners.get(s.inode) ?? [])];
      }
    },
    result() {
      for (const l of listeners) l.synRecv = groups.synRecvOn(l.port);
      return {
        total,
        states: toStateCounts(counts),
        ports: groups.ports(ledger.shares),
        destinations: groups.destinations(ledger.shares),
        peers: summarisePeers(peers),
        listeners: [...listeners].sort((a, b) => a.port - b.port || a.address.localeCompare(b.address)),
        processes: ledger.processes(),
        attribution: ledger.coverage,
        keepalive: { ...keepalive },
        ephemeralRange: range ? [range[0], range[1]] : undefined,
        sockets,
      };
    },
  };
}

/** A LISTEN row as a listener (its SYN_RECV count is filled in at the end). */
function listenerOf(row: AggregateRow): ListenerSummary {
  return {
    address: row.localAddress,
    port: row.localPort,
    family: row.family,
    queueLength: Number.isNaN(row.rxQueue) ? undefined : row.rxQueue,
    queueLimit: row.queueLimit,
    synRecv: 0,
    inode: row.inode > 0 ? row.inode : undefined,
    owners: row.owners ? [...row.owners] : [],
  };
}

function countPeer(peers: Map<string, Float64Array>, address: string, state: number): void {
  let p = peers.get(address);
  if (!p) peers.set(address, (p = new Float64Array(STATE_COUNT)));
  bump(p, state);
}

/** An ESTABLISHED socket's timer: 0 none, 2 keepalive, 1 retransmit / 4 probe (busy), NaN not said. */
function countTimer(keepalive: KeepaliveSummary, timer: number): void {
  keepalive.established++;
  if (timer === 0) keepalive.noTimer++;
  else if (timer === 2) keepalive.keepalive++;
  else if (timer === 1 || timer === 4) keepalive.busy++;
  else keepalive.unknown++;
}

function summarisePeers(peers: ReadonlyMap<string, Float64Array>): PeerSummary[] {
  return [...peers]
    .map(([address, c]) => ({ address, total: sumStates(c), states: nonZeroStates(c) }))
    .sort((a, b) => b.total - a.total || a.address.localeCompare(b.address));
}

/** Counts only: the state sink for the /proc scanner (no object per socket, no breakdowns). */
export function makeStateCounter(): { state(index: number): void; counts(): StateCounts; readonly total: number } {
  const c = new Float64Array(STATE_COUNT);
  let total = 0;
  return {
    state(i) {
      bump(c, i);
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

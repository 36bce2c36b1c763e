import { nonZeroStates, STATE_COUNT, STATE_INDEX } from '../tcp-state.js';
import type { AggregateRow } from './row.js';
import type { DestinationSummary, PortSummary, ProcessShare } from './types.js';

/** Slots of the per-destination counting arrays after the states. */
const IN_RANGE = STATE_COUNT;
const TW_IN_RANGE = STATE_COUNT + 1;
const LISTEN = STATE_INDEX.LISTEN;
const TIME_WAIT = STATE_INDEX.TIME_WAIT;
const SYN_RECV = STATE_INDEX.SYN_RECV;

interface DestEntry {
  address: string;
  port: number;
  counts: Uint32Array;
  id: number;
}

type Group = { kind: 'port'; port: number } | { kind: 'dest'; entry: DestEntry };

/** Sockets counted by group: local ports (one flat typed array) and destinations (a map the size of the peers). */
export interface GroupCounts {
  /** A LISTEN row, before the filter: its port is a server port whatever the filter keeps. */
  markListening(port: number): void;
  /** Count a row that passed the filter in its group; the group's id. */
  place(row: AggregateRow): number;
  /** The local port of a port group; 0 for a destination. */
  portOf(groupId: number): number;
  /** SYN_RECV sockets counted on a local port. */
  synRecvOn(port: number): number;
  ports(shares: (groupId: number) => ProcessShare[]): PortSummary[];
  destinations(shares: (groupId: number) => ProcessShare[]): DestinationSummary[];
}

/**
 * Where a socket belongs.
 * 1 - LISTEN sockets mark their port as listening (/proc and ss print listeners first);
 * 2 - a socket on a listening port, or on a local port outside the ephemeral range,
 *     belongs to that local port (the server side);
 * 3 - any other socket is an outgoing connection and belongs to its destination
 *     (remote address and port); its local port counts against the ephemeral range
 *     when inside it (what runs out with "Cannot assign requested address").
 */
export function makeGroupCounts(range: readonly [number, number] | undefined): GroupCounts {
  const lo = range?.[0] ?? 1;
  const hi = range?.[1] ?? 0;
  const portCounts = new Uint32Array(65536 * STATE_COUNT);
  const listening = new Uint8Array(65536);
  const portGroupId = new Int32Array(65536).fill(-1);
  const groups: Group[] = [];
  const dests = new Map<string, Map<number, DestEntry>>();

  const portGroup = (port: number): number => {
    const known = portGroupId[port] ?? -1;
    if (known >= 0) return known;
    portGroupId[port] = groups.length;
    groups.push({ kind: 'port', port });
    return groups.length - 1;
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

  return {
    markListening(port) {
      listening[port] = 1;
    },
    place(row) {
      const st = row.state;
      const lp = row.localPort;
      bump(portCounts, lp * STATE_COUNT + st);
      const inRange = range !== undefined && lp >= lo && lp <= hi;
      if (st === LISTEN || listening[lp] === 1 || (range !== undefined && !inRange)) return portGroup(lp);
      const e = destEntry(row.remoteAddress, row.remotePort);
      bump(e.counts, st);
      if (inRange) {
        bump(e.counts, IN_RANGE);
        if (st === TIME_WAIT) bump(e.counts, TW_IN_RANGE);
      }
      return e.id;
    },
    portOf(groupId) {
      const g = groups[groupId];
      return g?.kind === 'port' ? g.port : 0;
    },
    synRecvOn: (port) => portCounts[port * STATE_COUNT + SYN_RECV] ?? 0,
    ports(shares) {
      const out: PortSummary[] = [];
      for (const g of groups) {
        if (g.kind !== 'port') continue;
        const slice = portCounts.subarray(g.port * STATE_COUNT, (g.port + 1) * STATE_COUNT);
        const total = sumStates(slice);
        if (total === 0) continue;
        const processes = shares(portGroupId[g.port] ?? -1);
        out.push({ port: g.port, listening: listening[g.port] === 1, total, states: nonZeroStates(slice), processes });
      }
      return out.sort((a, b) => b.total - a.total || a.port - b.port);
    },
    destinations(shares) {
      const out: DestinationSummary[] = [];
      for (const byPort of dests.values()) {
        for (const e of byPort.values()) out.push(summariseDestination(e, shares(e.id)));
      }
      return out.sort((a, b) => b.total - a.total || a.address.localeCompare(b.address) || a.port - b.port);
    },
  };
}

function summariseDestination(e: DestEntry, processes: ProcessShare[]): DestinationSummary {
  const slice = e.counts.subarray(0, STATE_COUNT);
  return {
    address: e.address,
    port: e.port,
    total: sumStates(slice),
    states: nonZeroStates(slice),
    ephemeralPortsInUse: e.counts[IN_RANGE] ?? 0,
    timeWaitInRange: e.counts[TW_IN_RANGE] ?? 0,
    processes,
  };
}

/** One more in slot `i` of a counting array (typed arrays read `undefined` only out of bounds). */
export function bump(a: Float64Array | Uint32Array, i: number): void {
  a[i] = (a[i] ?? 0) + 1;
}

/** Sockets in the state slots of a counting array. */
export function sumStates(a: ArrayLike<number>): number {
  let t = 0;
  for (let i = 0; i < STATE_COUNT && i < a.length; i++) t += a[i] ?? 0;
  return t;
}

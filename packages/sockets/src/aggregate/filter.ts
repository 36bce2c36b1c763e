import { normaliseAddress } from '../address.js';
import { STATE_INDEX, TCP_STATES } from '../tcp-state.js';
import type { SocketFilter, SocketOwner } from '../types.js';
import type { AggregateRow } from './row.js';

const LISTEN = STATE_INDEX.LISTEN;

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
export function compileFilter(
  filter: SocketFilter | undefined,
  processInodes?: ReadonlySet<number>,
): CompiledFilter | undefined {
  if (!filter) return undefined;
  const wanted = filter.states;
  const states = wanted?.length ? TCP_STATES.map((s) => wanted.includes(s)) : undefined;
  const proc = filter.process;
  const ownerMatches =
    proc === undefined
      ? undefined
      : typeof proc === 'number'
        ? (o: SocketOwner) => o.pid === proc
        : (o: SocketOwner) => o.name === proc;
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

/**
 * The row test of a compiled filter. It remembers the ports the wanted processes listen on, so
 * their ownerless sockets (TIME_WAIT, SYN_RECV) pass too: rows must come listeners first.
 */
export function makeRowFilter(filter: CompiledFilter | undefined): (row: AggregateRow) => boolean {
  if (!filter) return () => true;
  const processPorts = new Set<number>();
  const mine = (row: AggregateRow, matches: (owner: SocketOwner) => boolean): boolean => {
    if (row.owners && row.owners.length > 0) return row.owners.some(matches);
    if (filter.inodes && row.inode > 0) return filter.inodes.has(row.inode);
    return row.state !== LISTEN && processPorts.has(row.localPort);
  };
  return (row) => {
    const st = row.state;
    if (filter.states && !filter.states[st]) return false;
    if (filter.port !== undefined && row.localPort !== filter.port && row.remotePort !== filter.port) return false;
    if (filter.peerAddress !== undefined) {
      // both sides are normalised already (v4-mapped as IPv4, RFC 5952 IPv6): plain equality
      if (row.remoteAddress !== filter.peerAddress) return false;
      if (filter.peerPort !== undefined && row.remotePort !== filter.peerPort) return false;
    }
    if (!filter.ownerMatches) return true;
    const held = mine(row, filter.ownerMatches);
    if (held && st === LISTEN) processPorts.add(row.localPort);
    return held;
  };
}

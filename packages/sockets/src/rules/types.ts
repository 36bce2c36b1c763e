import type { Finding, Skipped } from '@netcheck/core';
import type { SocketTable } from '../aggregate.js';
import type { CounterDeltas, TcpCounters } from '../kernel-counters.js';
import type { TcpSysctls } from '../sysctls.js';
import type { StateCounts } from '../tcp-state.js';
import type { SocketOwner } from '../types.js';

/** The rules' finding ids, one per rule file under src/rules/. */
export type SocketFindingId =
  | 'syn-recv-pressure'
  | 'accept-queue-full'
  | 'close-wait-leak'
  | 'ephemeral-port-exhaustion'
  | 'syn-sent-stuck'
  | 'half-closed-pileup'
  | 'idle-without-keepalive';

/**
 * A socket finding: core's `Finding` (id, severity, title, evidence lines, the table it was read from, next
 * steps) with the explanation in words and what it is about.
 */
export interface SocketFinding extends Finding<SocketFindingId> {
  /** What it means and what to do, in words. */
  explanation: string;
  /** What it is about: a local port, a destination, the processes involved. */
  subject: {
    localPort?: number;
    remoteAddress?: string;
    remotePort?: number;
    processes?: SocketOwner[];
  };
}

/** One rule: its id, its default thresholds, and the pure function from facts to findings. */
export interface SocketRule<Id extends SocketFindingId, Options> {
  id: Id;
  defaults: Readonly<Options>;
  /** Findings on these facts; `options` default to `defaults`. */
  derive(facts: SocketFacts, options?: Options): SocketFinding[];
}

/** An ESTABLISHED socket with its idle time (from `ss -tnoie state established`). */
export interface IdleSocket {
  localAddress: string;
  localPort: number;
  remoteAddress: string;
  remotePort: number;
  /** Time since it last sent or received anything. */
  idleMs: number;
  /** SO_KEEPALIVE armed (ss -o printed a keepalive timer); `undefined` when another timer hid it. */
  keepalive: boolean | undefined;
  owners: SocketOwner[];
}

/** The idle-time scan of ESTABLISHED sockets. */
export interface IdleScan {
  status: 'done';
  /** ESTABLISHED sockets examined. */
  examined: number;
  sockets: IdleSocket[];
}

/** Everything the rules look at. Plain data: rules are pure functions of it. */
export interface SocketFacts {
  table: SocketTable;
  /** The table the counts were read from: '/proc/net/tcp', 'ss -tan' or 'netstat -tan'. */
  source: string;
  /** Kernel counters now; `undefined` when they could not be read (not Linux, no /proc). */
  counters: TcpCounters | undefined;
  /**
   * How the counters moved over a sampling interval; `undefined` when only one sample was taken (rises not
   * measured).
   */
  deltas: CounterDeltas | undefined;
  /** State counts now minus at the first sample; `undefined` with one sample. */
  stateDeltas: StateCounts | undefined;
  sysctls: TcpSysctls;
  /** Idle times of ESTABLISHED sockets; Skipped (with why) or `undefined` when not examined. */
  idle: IdleScan | Skipped | undefined;
}

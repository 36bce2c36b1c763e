import type { Skipped } from '@netcheck/core';
import type { SocketTable } from '../aggregate.js';
import type { CounterDeltas, TcpCounters } from '../kernel-counters.js';
import type { TcpSysctls } from '../sysctls.js';
import type { StateCounts } from '../tcp-state.js';
import type { SocketOwner } from '../types.js';

/** How bad a finding is: 'info' worth knowing, 'warning' likely a problem, 'critical' hurting now. */
export type Severity = 'info' | 'warning' | 'critical';

/** One number or fact a finding rests on, and where it was read. */
export interface Evidence {
  name: string;
  value: number | string;
  /** Where it came from: "/proc/net/tcp", "ss -ltn", "/proc/net/netstat", "sysctl"... */
  source: string;
}

/** A finding: what is wrong, why, the numbers, and what to run to look closer. */
export interface SocketFinding {
  /** The rule that produced it (its file name under src/rules/). */
  rule: string;
  severity: Severity;
  /** One line. */
  title: string;
  /** What it means and what to do, in words. */
  explanation: string;
  evidence: Evidence[];
  /** Commands to look closer. */
  nextSteps: string[];
  /** What it is about: a local port, a destination, the processes involved. */
  subject: {
    localPort?: number;
    remoteAddress?: string;
    remotePort?: number;
    processes?: SocketOwner[];
  };
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
  /** Kernel counters now; `undefined` when they could not be read (not Linux, no /proc). */
  counters: TcpCounters | undefined;
  /** How the counters moved over a sampling interval; `undefined` when only one sample was taken (rises not measured). */
  deltas: CounterDeltas | undefined;
  /** State counts now minus at the first sample; `undefined` with one sample. */
  stateDeltas: StateCounts | undefined;
  sysctls: TcpSysctls;
  /** Idle times of ESTABLISHED sockets; Skipped (with why) or `undefined` when not examined. */
  idle: IdleScan | Skipped | undefined;
}

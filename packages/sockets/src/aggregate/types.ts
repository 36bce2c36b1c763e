import type { StateCounts } from '../tcp-state.js';
import type { SocketOwner, TcpSocket } from '../types.js';

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
  /**
   * The accept queue's limit, min(backlog, somaxconn) (Send-Q of a listener in ss); `undefined` when the source
   * does not give it.
   */
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

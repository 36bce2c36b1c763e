import type { TcpState } from './tcp-state.js';

/**
 * What the kernel's per-socket timer is doing (the `tr` column of /proc/net/tcp,
 * the `timer:(...)` of `ss -o`): 'off' none pending, 'retransmit' data or a SYN/FIN
 * awaits its ACK, 'keepalive' SO_KEEPALIVE is armed (or the SYN-ACK/FIN_WAIT_2 timer),
 * 'timewait' the TIME_WAIT timer, 'probe' a zero-window probe.
 */
export type TcpTimer = 'off' | 'retransmit' | 'keepalive' | 'timewait' | 'probe';

/** A process holding a socket. */
export interface SocketOwner {
  pid: number;
  /** Command name (/proc/<pid>/comm, ss's users:(("name",...)), lsof's COMMAND); `undefined` when not known. */
  name: string | undefined;
}

/** One TCP socket as a parser or the /proc reader saw it. */
export interface TcpSocket {
  state: TcpState;
  /** 4 or 6; `undefined` when the tool does not say (ss prints a dual-stack wildcard as "*"). */
  family: 4 | 6 | undefined;
  /** Local address; "*" for the wildcard. IPv4-mapped IPv6 addresses are given as IPv4. */
  localAddress: string;
  /** Local port; 0 when the tool printed "*". */
  localPort: number;
  /** Remote address; "*" for a listener. */
  remoteAddress: string;
  /** Remote port; 0 for a listener. */
  remotePort: number;
  /**
   * Receive queue: bytes not yet read by the program. On a LISTEN socket, the
   * number of connections waiting in the accept queue. `undefined` when not printed.
   */
  recvQ: number | undefined;
  /**
   * Send queue: bytes not yet acknowledged by the peer. On a LISTEN socket (ss only),
   * the accept queue's limit: min(listen() backlog, net.core.somaxconn). `undefined` when not known.
   */
  sendQ: number | undefined;
  /** Socket inode (links it to a process's fd); 0 for sockets no process holds (TIME_WAIT, SYN_RECV, orphans). */
  inode: number | undefined;
  uid: number | undefined;
  timer: TcpTimer | undefined;
  /** Processes holding the socket (several after a fork); empty when none or not known. */
  owners: SocketOwner[];
}

/** Narrow the table to part of it. Every given criterion must hold. */
export interface SocketFilter {
  /** Local or remote port equals this one. */
  port?: number | undefined;
  /** Only these states. */
  states?: readonly TcpState[] | undefined;
  /** Remote address (IPv4-mapped IPv6 matches its IPv4), optionally a remote port too. */
  peer?: { address: string; port?: number | undefined } | undefined;
  /**
   * Sockets held by these processes: a number is a pid, a string a command name
   * (/proc/<pid>/comm, exact). Sockets no process holds (TIME_WAIT, SYN_RECV) are
   * included when their local port is a port these processes listen on.
   */
  process?: number | string | undefined;
}

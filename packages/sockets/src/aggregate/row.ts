import type { ProcTcpRow } from '../parse-proc-net-tcp.js';
import { STATE_INDEX } from '../tcp-state.js';
import type { SocketOwner, TcpSocket, TcpTimer } from '../types.js';

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

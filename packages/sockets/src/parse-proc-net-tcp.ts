import { clip } from '@netcheck/core';
import { ANY_ADDRESS, decodeProcAddress, hexAt } from './address.js';
import { PROC_STATE_TO_INDEX, TCP_STATES } from './tcp-state.js';
import type { TcpSocket, TcpTimer } from './types.js';

/**
 * One line of /proc/net/tcp or /proc/net/tcp6, decoded. The streaming scanner
 * hands the SAME object to every call (it is overwritten for the next line), so
 * a consumer copies what it keeps: no object is allocated per socket.
 */
export interface ProcTcpRow {
  family: 4 | 6;
  /** Index in TCP_STATES. */
  state: number;
  localAddress: string;
  localPort: number;
  remoteAddress: string;
  remotePort: number;
  /** tx_queue: unacknowledged bytes (write_seq - snd_una). */
  txQueue: number;
  /** rx_queue: unread bytes; on a LISTEN socket the accept queue length (sk_ack_backlog). */
  rxQueue: number;
  /** `tr`: 0 no timer, 1 retransmit, 2 keepalive (sk_timer), 3 TIME_WAIT, 4 zero-window probe. */
  timer: number;
  uid: number;
  /** 0 for sockets that no file descriptor refers to (TIME_WAIT, request sockets, orphans). */
  inode: number;
}

/** Where the scanner sends what it reads. */
export interface ProcTcpSink {
  /** Called for every socket with every field decoded (the row object is reused). */
  row?(row: ProcTcpRow): void;
  /** Called for every socket with its state index only, when `row` is absent: the cheap path for counts. */
  state?(stateIndex: number): void;
}

/** Options of the /proc/net/tcp scanner. */
export interface ProcTcpScanOptions {
  /** Byte order the kernel printed addresses in: true on x86/arm64 (the default), false on big-endian hosts. */
  littleEndian?: boolean;
}

/** A push parser over the bytes of one /proc/net/tcp{,6} file. */
export interface ProcTcpScanner {
  /** Feed the next chunk; lines may be split across chunks. */
  write(chunk: Uint8Array): void;
  /** The file has ended (a last line without newline is parsed). */
  end(): void;
  /** Sockets parsed so far. */
  readonly sockets: number;
  /** Unparseable lines (the first 10 quoted, then a count). */
  readonly warnings: string[];
}

const TIMERS: readonly TcpTimer[] = ['off', 'retransmit', 'keepalive', 'timewait', 'probe'];

/** The `tr` code as a TcpTimer; `undefined` for codes the kernel does not define. */
export function procTimerName(code: number): TcpTimer | undefined {
  return TIMERS[code];
}

const COLON = 58;
const SPACE = 32;
const NL = 10;

/**
 * Parse /proc/net/tcp (family 4) or /proc/net/tcp6 (family 6) as it streams in.
 * The kernel prints each socket with fixed-width fields
 *   "%4d: %08X:%04X %08X:%04X %02X %08X:%08X %02X:%08lX %08X %5u %8d %lu ..."
 * (32 hex digits per address in tcp6), so after the "sl:" column every field is
 * read at a known offset, without splitting the line into strings:
 * 1 - find the ':' that ends the sl column; fields start 2 bytes later (p);
 * 2 - with A = 8 (tcp) or 32 (tcp6) address digits: local address at p, local port at p+A+1,
 *     remote address at p+A+6, remote port at p+2A+7, state at p+2A+12, tx_queue at p+2A+15,
 *     rx_queue at p+2A+24, tr at p+2A+33; uid, timeout and inode follow, space-separated;
 * 3 - a line whose separators are not where they should be is a warning, never a crash;
 * 4 - with only `sink.state`, nothing but the state byte pair is decoded.
 */
export function makeProcTcpScanner(family: 4 | 6, sink: ProcTcpSink, options: ProcTcpScanOptions = {}): ProcTcpScanner {
  const littleEndian = options.littleEndian ?? true;
  const A = family === 4 ? 8 : 32;
  const wantRow = sink.row !== undefined;
  const row: ProcTcpRow = {
    family,
    state: -1,
    localAddress: ANY_ADDRESS,
    localPort: 0,
    remoteAddress: ANY_ADDRESS,
    remotePort: 0,
    txQueue: 0,
    rxQueue: 0,
    timer: 0,
    uid: 0,
    inode: 0,
  };
  const v4Names = new Map<number, string>();
  const v6Names = new Map<string, string>();
  const warnings: string[] = [];
  let malformed = 0;
  let sockets = 0;
  let tail: Uint8Array | undefined;
  let sawHeader = false;

  const warn = (buf: Uint8Array, start: number, end: number, why: string) => {
    malformed++;
    if (malformed <= 10) warnings.push(`${why}: ${clip(Buffer.from(buf.buffer, buf.byteOffset + start, end - start).toString('latin1'), 160)}`);
  };

  const v4Name = (buf: Uint8Array, at: number): string => {
    const n = hexAt(buf, at, 8);
    let name = v4Names.get(n);
    if (name === undefined) {
      if (n < 0) return ANY_ADDRESS;
      const b = littleEndian ? [n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, n >>> 24] : [n >>> 24, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff];
      name = n === 0 ? ANY_ADDRESS : b.join('.');
      v4Names.set(n, name);
    }
    return name;
  };
  const v6Name = (buf: Uint8Array, at: number): string => {
    const hex = Buffer.from(buf.buffer, buf.byteOffset + at, 32).toString('latin1');
    let name = v6Names.get(hex);
    if (name === undefined) {
      name = decodeProcAddress(hex, littleEndian) ?? ANY_ADDRESS;
      v6Names.set(hex, name);
    }
    return name;
  };

  const decimalAfter = (buf: Uint8Array, from: number, end: number): [number, number] => {
    let i = from;
    while (i < end && buf[i] === SPACE) i++;
    const start = i;
    let v = 0;
    let neg = false;
    if (buf[i] === 45) {
      neg = true;
      i++;
    }
    while (i < end) {
      const c = buf[i]!;
      if (c < 48 || c > 57) break;
      v = v * 10 + (c - 48);
      i++;
    }
    return [i === start ? Number.NaN : neg ? -v : v, i];
  };

  const parseLine = (buf: Uint8Array, start: number, end: number) => {
    // sl column: right-aligned number then ':'
    let colon = -1;
    const limit = Math.min(end, start + 16);
    for (let i = start; i < limit; i++) {
      const c = buf[i]!;
      if (c === COLON) {
        colon = i;
        break;
      }
      if (c !== SPACE && (c < 48 || c > 57)) break;
    }
    if (colon < 0) {
      if (!sawHeader && sockets === 0) {
        sawHeader = true; // "  sl  local_address rem_address   st tx_queue ..."
        return;
      }
      let blank = true;
      for (let i = start; i < end; i++) if (buf[i] !== SPACE && buf[i] !== 13) blank = false;
      if (!blank) warn(buf, start, end, 'not a socket line');
      return;
    }
    const p = colon + 2;
    const st = p + 2 * A + 12;
    if (end < st + 2 || buf[p + A] !== COLON || buf[p + 2 * A + 6] !== COLON || buf[st - 1] !== SPACE || buf[p + A + 5] !== SPACE) {
      warn(buf, start, end, 'unexpected field layout');
      return;
    }
    const code = hexAt(buf, st, 2);
    const state = code < 0 ? -1 : PROC_STATE_TO_INDEX[code]!;
    if (state < 0) {
      warn(buf, start, end, `unknown state 0x${Buffer.from(buf.buffer, buf.byteOffset + st, 2).toString('latin1')}`);
      return;
    }
    sockets++;
    if (!wantRow) {
      sink.state!(state);
      return;
    }
    row.state = state;
    row.localPort = hexAt(buf, p + A + 1, 4);
    row.remotePort = hexAt(buf, p + 2 * A + 7, 4);
    if (A === 8) {
      row.localAddress = v4Name(buf, p);
      row.remoteAddress = v4Name(buf, p + A + 6);
    } else {
      row.localAddress = v6Name(buf, p);
      row.remoteAddress = v6Name(buf, p + A + 6);
    }
    const q = st + 3;
    if (end >= q + 38 && buf[q + 8] === COLON && buf[q + 20] === COLON) {
      row.txQueue = hexAt(buf, q, 8);
      row.rxQueue = hexAt(buf, q + 9, 8);
      row.timer = hexAt(buf, q + 18, 2);
      // after "tr:tm->when retrnsmt": uid, timeout, inode
      const [uid, i1] = decimalAfter(buf, q + 38, end);
      const [, i2] = decimalAfter(buf, i1, end);
      const [inode] = decimalAfter(buf, i2, end);
      row.uid = uid;
      row.inode = inode;
    } else {
      row.txQueue = row.rxQueue = row.timer = row.uid = row.inode = Number.NaN;
    }
    sink.row!(row);
  };

  const scan = (buf: Uint8Array, from: number, final: boolean): number => {
    let start = from;
    for (;;) {
      const nl = buf.indexOf(NL, start);
      if (nl < 0) break;
      parseLine(buf, start, nl);
      start = nl + 1;
    }
    if (final && start < buf.length) {
      parseLine(buf, start, buf.length);
      return buf.length;
    }
    return start;
  };

  return {
    write(chunk) {
      let buf = chunk;
      if (tail) {
        const joined = new Uint8Array(tail.length + chunk.length);
        joined.set(tail, 0);
        joined.set(chunk, tail.length);
        buf = joined;
        tail = undefined;
      }
      const used = scan(buf, 0, false);
      if (used < buf.length) tail = buf.slice(used);
    },
    end() {
      if (tail) scan(tail, 0, true);
      tail = undefined;
      if (malformed > 10) warnings.push(`…and ${malformed - 10} more unparseable lines`);
    },
    get sockets() {
      return sockets;
    },
    warnings,
  };
}

/** The reused row of the scanner, copied into a TcpSocket. */
export function procRowToSocket(row: ProcTcpRow): TcpSocket {
  const ok = (n: number) => (Number.isNaN(n) ? undefined : n);
  return {
    state: TCP_STATES[row.state]!,
    family: row.family,
    localAddress: row.localAddress,
    localPort: row.localPort,
    remoteAddress: row.remoteAddress,
    remotePort: row.remotePort,
    recvQ: ok(row.rxQueue),
    sendQ: TCP_STATES[row.state] === 'LISTEN' ? undefined : ok(row.txQueue),
    inode: ok(row.inode),
    uid: ok(row.uid),
    timer: procTimerName(row.timer),
    owners: [],
  };
}

/** Parse a whole /proc/net/tcp or /proc/net/tcp6 text into sockets (for fixtures and small tables). */
export function parseProcNetTcp(text: string, family: 4 | 6, options: ProcTcpScanOptions = {}): { sockets: TcpSocket[]; warnings: string[] } {
  const sockets: TcpSocket[] = [];
  const scanner = makeProcTcpScanner(family, { row: (r) => sockets.push(procRowToSocket(r)) }, options);
  scanner.write(Buffer.from(text, 'latin1'));
  scanner.end();
  return { sockets, warnings: scanner.warnings };
}

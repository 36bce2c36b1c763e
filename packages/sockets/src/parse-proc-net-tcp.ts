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
  const A = family === 4 ? 8 : 32;
  const { row: rowSink, state: stateSink } = sink;
  const row = makeEmptyRow(family);
  const names = makeAddressNames(options.littleEndian ?? true);
  const warnings: string[] = [];
  let malformed = 0;
  let sockets = 0;
  let sawHeader = false;

  const warn = (buf: Uint8Array, start: number, end: number, why: string) => {
    malformed++;
    if (malformed <= 10) warnings.push(`${why}: ${clip(latin1(buf, start, end - start), 160)}`);
  };

  const parseLine = (buf: Uint8Array, start: number, end: number) => {
    const colon = findSlColon(buf, start, end);
    if (colon < 0) {
      if (!sawHeader && sockets === 0) {
        sawHeader = true; // "  sl  local_address rem_address   st tx_queue ..."
        return;
      }
      if (!isBlank(buf, start, end)) warn(buf, start, end, 'not a socket line');
      return;
    }
    const p = colon + 2;
    const st = p + 2 * A + 12;
    if (!hasLayout(buf, p, A, st, end)) {
      warn(buf, start, end, 'unexpected field layout');
      return;
    }
    const code = hexAt(buf, st, 2);
    const state = code < 0 ? -1 : (PROC_STATE_TO_INDEX[code] ?? -1);
    if (state < 0) {
      warn(buf, start, end, `unknown state 0x${latin1(buf, st, 2)}`);
      return;
    }
    sockets++;
    if (rowSink) {
      row.state = state;
      readRowFields(buf, p, A, end, row, names);
      rowSink(row);
    } else stateSink?.(state);
  };

  const lines = makeLineSplitter(parseLine);
  return {
    write: lines.write,
    end() {
      lines.end();
      if (malformed > 10) warnings.push(`…and ${malformed - 10} more unparseable lines`);
    },
    get sockets() {
      return sockets;
    },
    warnings,
  };
}

function makeEmptyRow(family: 4 | 6): ProcTcpRow {
  return {
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
}

function latin1(buf: Uint8Array, at: number, length: number): string {
  return Buffer.from(buf.buffer, buf.byteOffset + at, length).toString('latin1');
}

/** Address text by its hex, cached: a table holds few distinct addresses. */
interface AddressNames {
  v4(buf: Uint8Array, at: number): string;
  v6(buf: Uint8Array, at: number): string;
}

function makeAddressNames(littleEndian: boolean): AddressNames {
  const v4Names = new Map<number, string>();
  const v6Names = new Map<string, string>();
  return {
    v4(buf, at) {
      const n = hexAt(buf, at, 8);
      let name = v4Names.get(n);
      if (name === undefined) {
        if (n < 0) return ANY_ADDRESS;
        const b = littleEndian
          ? [n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, n >>> 24]
          : [n >>> 24, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff];
        name = n === 0 ? ANY_ADDRESS : b.join('.');
        v4Names.set(n, name);
      }
      return name;
    },
    v6(buf, at) {
      const hex = latin1(buf, at, 32);
      let name = v6Names.get(hex);
      if (name === undefined) {
        name = decodeProcAddress(hex, littleEndian) ?? ANY_ADDRESS;
        v6Names.set(hex, name);
      }
      return name;
    },
  };
}

/** The ':' ending the right-aligned sl column; -1 when the line does not start like a socket line. */
function findSlColon(buf: Uint8Array, start: number, end: number): number {
  const limit = Math.min(end, start + 16);
  for (let i = start; i < limit; i++) {
    const c = buf[i] ?? 0;
    if (c === COLON) return i;
    if (c !== SPACE && (c < 48 || c > 57)) return -1;
  }
  return -1;
}

function isBlank(buf: Uint8Array, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (buf[i] !== SPACE && buf[i] !== 13) return false;
  return true;
}

/** The separators sit where the fixed-width format puts them (rule 2 above). */
function hasLayout(buf: Uint8Array, p: number, A: number, st: number, end: number): boolean {
  return (
    end >= st + 2 &&
    buf[p + A] === COLON &&
    buf[p + 2 * A + 6] === COLON &&
    buf[st - 1] === SPACE &&
    buf[p + A + 5] === SPACE
  );
}

/** A decimal after spaces: its value (NaN when none) and where it ends. */
function decimalAfter(buf: Uint8Array, from: number, end: number): [number, number] {
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
    const c = buf[i] ?? 0;
    if (c < 48 || c > 57) break;
    v = v * 10 + (c - 48);
    i++;
  }
  return [i === start ? Number.NaN : neg ? -v : v, i];
}

/** Ports, addresses, queues, timer, uid and inode of a line whose layout was checked, into the reused row. */
function readRowFields(buf: Uint8Array, p: number, A: number, end: number, row: ProcTcpRow, names: AddressNames) {
  row.localPort = hexAt(buf, p + A + 1, 4);
  row.remotePort = hexAt(buf, p + 2 * A + 7, 4);
  const name = A === 8 ? names.v4 : names.v6;
  row.localAddress = name(buf, p);
  row.remoteAddress = name(buf, p + A + 6);
  const q = p + 2 * A + 15;
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
}

/** Chunks in, whole lines out (a line cut between chunks is kept until its end arrives). */
function makeLineSplitter(parseLine: (buf: Uint8Array, start: number, end: number) => void) {
  let tail: Uint8Array | undefined;
  const scan = (buf: Uint8Array, final: boolean): number => {
    let start = 0;
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
    write(chunk: Uint8Array) {
      let buf = chunk;
      if (tail) {
        const joined = new Uint8Array(tail.length + chunk.length);
        joined.set(tail, 0);
        joined.set(chunk, tail.length);
        buf = joined;
        tail = undefined;
      }
      const used = scan(buf, false);
      if (used < buf.length) tail = buf.slice(used);
    },
    end() {
      if (tail) scan(tail, true);
      tail = undefined;
    },
  };
}

/** The reused row of the scanner, copied into a TcpSocket. */
export function procRowToSocket(row: ProcTcpRow): TcpSocket {
  const ok = (n: number) => (Number.isNaN(n) ? undefined : n);
  return {
    state: TCP_STATES[row.state] ?? 'CLOSED',
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
export function parseProcNetTcp(
  text: string,
  family: 4 | 6,
  options: ProcTcpScanOptions = {},
): { sockets: TcpSocket[]; warnings: string[] } {
  const sockets: TcpSocket[] = [];
  const scanner = makeProcTcpScanner(family, { row: (r) => sockets.push(procRowToSocket(r)) }, options);
  scanner.write(Buffer.from(text, 'latin1'));
  scanner.end();
  return { sockets, warnings: scanner.warnings };
}

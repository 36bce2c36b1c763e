import { clip } from '@netcheck/core';
import { splitHostPort } from './address.js';
import type { TcpState } from './tcp-state.js';
import { parseTcpState } from './tcp-state.js';
import type { SocketOwner, TcpSocket, TcpTimer } from './types.js';

/** A socket from `ss`, with what `-i` adds. */
export interface SsSocket extends TcpSocket {
  /**
   * Milliseconds since the socket last sent or received anything: min(lastsnd, lastrcv)
   * of `ss -i`; `undefined` without `-i`.
   */
  idleMs: number | undefined;
}

/** What `parseSs` understood. */
export interface SsParse {
  sockets: SsSocket[];
  /** Lines that were not understood, quoted. */
  warnings: string[];
}

const SS_TIMERS: Readonly<Record<string, TcpTimer>> = {
  on: 'retransmit',
  keepalive: 'keepalive',
  timewait: 'timewait',
  persist: 'probe',
  off: 'off',
};

/** Owners from ss's `users:(("nginx",pid=812,fd=6),("nginx",pid=813,fd=6))`. */
export function parseSsUsers(text: string): SocketOwner[] {
  const owners: SocketOwner[] = [];
  const re = /\("((?:[^"\\]|\\.)*)",pid=(\d+)(?:,fd=\d+)?\)/g;
  for (let m = re.exec(text); m; m = re.exec(text)) owners.push({ pid: Number(m[2]), name: m[1] });
  return owners;
}

/** The address family of an "addr:port" column as printed: "[...]" or a bare IPv6 is 6, "*" unknown, else 4. */
export function familyOf(column: string): 4 | 6 | undefined {
  if (column.startsWith('[')) return 6;
  const address = column.slice(0, Math.max(0, column.lastIndexOf(':')));
  if (address === '*') return undefined;
  return address.includes(':') ? 6 : 4;
}

/**
 * Parse the output of `ss -tan` and its variants (`-p`, `-o`, `-i`, `-e`, `-H`,
 * `state X` filters, `-l`), iproute2 5.x/6.x.
 * 1 - a line starting with a state ("ESTAB", "SYN-RECV", "UNCONN"...) has a state column;
 *     a line starting with a number has none (`ss ... state close-wait`): `options.state` is used;
 * 2 - a leading "tcp" Netid column (`ss -a` without -t) is skipped;
 * 3 - then Recv-Q, Send-Q, local and peer "addr:port" ("[v6]:port", "*:*", "addr%dev:port");
 * 4 - the rest of the line: `users:((...))` (-p), `timer:(name,expires,retries)` (-o), `ino:N uid:N` (-e);
 * 5 - an indented line continues the previous socket (-i): lastsnd/lastrcv give idleMs;
 * 6 - the header and blank lines are skipped; anything else is a warning.
 * For a LISTEN socket ss prints the accept queue length as Recv-Q and its limit as Send-Q.
 */
export function parseSs(text: string, options: { state?: TcpState } = {}): SsParse {
  const sockets: SsSocket[] = [];
  const warnings: string[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\r$/, '');
    if (line.trim() === '') continue;
    if (/^\s/.test(line)) {
      const last = sockets[sockets.length - 1];
      if (!last) {
        warnings.push(`continuation without a socket: ${clip(line, 160)}`);
        continue;
      }
      const snd = /\blastsnd:(\d+)/.exec(line);
      const rcv = /\blastrcv:(\d+)/.exec(line);
      if (snd || rcv) last.idleMs = Math.min(snd ? Number(snd[1]) : Infinity, rcv ? Number(rcv[1]) : Infinity);
      continue;
    }
    if (/^(State|Netid|Recv-Q)\s/.test(line)) continue;
    const tokens = line.trim().split(/\s+/);
    let i = 0;
    if (tokens[0] === 'tcp') i++;
    let state = parseTcpState(tokens[i] ?? '');
    if (state) i++;
    else if (/^\d+$/.test(tokens[i] ?? '') && options.state) state = options.state;
    if (!state) {
      warnings.push(`no TCP state: ${clip(line, 160)}`);
      continue;
    }
    const recvQ = Number(tokens[i]);
    const sendQ = Number(tokens[i + 1]);
    const local = splitHostPort(tokens[i + 2] ?? '');
    const peer = splitHostPort(tokens[i + 3] ?? '');
    if (!local || !peer || !Number.isInteger(recvQ) || !Number.isInteger(sendQ)) {
      warnings.push(`unexpected columns: ${clip(line, 160)}`);
      continue;
    }
    const rest = tokens.slice(i + 4).join(' ');
    const timer = /timer:\((\w+),/.exec(rest);
    const ino = /\bino:(\d+)/.exec(rest);
    const uid = /\buid:(\d+)/.exec(rest);
    const family = familyOf(tokens[i + 2] ?? '');
    sockets.push({
      state,
      family,
      localAddress: local.address,
      localPort: local.port ?? 0,
      remoteAddress: peer.address,
      remotePort: peer.port ?? 0,
      recvQ,
      sendQ,
      inode: ino ? Number(ino[1]) : undefined,
      uid: uid ? Number(uid[1]) : undefined,
      timer: timer?.[1] !== undefined ? SS_TIMERS[timer[1]] : undefined,
      owners: parseSsUsers(rest),
      idleMs: undefined,
    });
  }
  return { sockets, warnings };
}

/**
 * UDP sockets (`netcheck sockets -u`, like `ss -u`): /proc/net/udp and udp6 parsed (pure), read in one small
 * function, with the kernel's UDP counters (receive buffer errors, datagrams to closed ports) from /proc/net/snmp.
 */
import { readFileSync } from 'node:fs';
import { endianness } from 'node:os';
import { join } from 'node:path';
import { decodeProcAddress } from './address.js';
import { parseProcNetSnmp } from './kernel-counters.js';
import { readSocketOwners } from './read-owners.js';
import type { SocketOwner } from './types.js';

/** One UDP socket. A socket with no peer (`remoteAddress` "*") is bound only: ss calls it UNCONN. */
export interface UdpSocket {
  family: 4 | 6;
  /** `UNCONN` (bound, no peer) or `ESTAB` (connect()ed to a peer), as ss prints them. */
  state: 'UNCONN' | 'ESTAB';
  localAddress: string;
  localPort: number;
  remoteAddress: string;
  remotePort: number | undefined;
  /** Bytes waiting to be read by the application (rx_queue) and to be sent (tx_queue). */
  recvQ: number;
  sendQ: number;
  /** Datagrams the kernel dropped for this socket (a full receive buffer, mostly). */
  drops: number;
  uid: number;
  inode: number;
  /** The processes holding it; `undefined` when processes were not looked up. */
  owners: SocketOwner[] | undefined;
}

/** The kernel's UDP counters (since boot) that say datagrams were lost; `undefined` when unreadable. */
export interface UdpCounters {
  inDatagrams: number | undefined;
  /** Datagrams to a port nobody listens on (answered with port unreachable). */
  noPorts: number | undefined;
  inErrors: number | undefined;
  /** Datagrams dropped because a socket's receive buffer was full: an application that reads too slowly. */
  rcvbufErrors: number | undefined;
  sndbufErrors: number | undefined;
}

/** What `inspectUdpSockets` found, or why it could not. */
export interface UdpReport {
  ok: boolean;
  sockets: UdpSocket[];
  counters: UdpCounters;
  /** Files that could not be read, with why (a missing udp6 without IPv6 is not listed). */
  warnings: string[];
}

const STATES: Record<string, UdpSocket['state']> = { '01': 'ESTAB', '07': 'UNCONN' };

/**
 * Parse /proc/net/udp or udp6 (pure). Fields: sl, local, remote, st, tx:rx queues, tr:when, retrnsmt, uid,
 * timeout, inode, ref, pointer, drops. A line that does not read is a warning, never a crash.
 */
export function parseProcNetUdp(
  text: string,
  family: 4 | 6,
  littleEndian = true,
): { sockets: Omit<UdpSocket, 'owners'>[]; warnings: string[] } {
  const sockets: Omit<UdpSocket, 'owners'>[] = [];
  const warnings: string[] = [];
  for (const line of text.split('\n').slice(1)) {
    if (!line.trim()) continue;
    const f = line.trim().split(/\s+/);
    const [local = '', remote = '', st = '', queues = ''] = f.slice(1, 5);
    const [lh = '', lp = ''] = local.split(':');
    const [rh = '', rp = ''] = remote.split(':');
    const [tx = '', rx = ''] = queues.split(':');
    const localAddress = decodeProcAddress(lh, littleEndian);
    const remoteAddress = decodeProcAddress(rh, littleEndian);
    const state = STATES[st] ?? (remoteAddress === '*' ? 'UNCONN' : 'ESTAB');
    if (localAddress === undefined || remoteAddress === undefined || f.length < 13) {
      warnings.push(`unrecognised /proc/net/udp${family === 6 ? '6' : ''} line: ${line.slice(0, 120)}`);
      continue;
    }
    const hex = (s: string) => Number.parseInt(s, 16);
    const remotePort = hex(rp) || undefined;
    const [uid, inode, drops] = [f[7], f[9], f[12]].map((x) => Number(x ?? 'NaN'));
    sockets.push({
      ...{ family, state, localAddress, localPort: hex(lp), remoteAddress, remotePort },
      ...{ recvQ: hex(rx), sendQ: hex(tx), drops: drops ?? 0, uid: uid ?? 0, inode: inode ?? 0 },
    });
  }
  return { sockets, warnings };
}

/** The UDP counters of /proc/net/snmp's `Udp:` section (pure); a missing one is `undefined`. */
export function pickUdpCounters(snmp: Record<string, Record<string, number>>): UdpCounters {
  const u = snmp.Udp ?? {};
  return {
    inDatagrams: u.InDatagrams,
    noPorts: u.NoPorts,
    inErrors: u.InErrors,
    rcvbufErrors: u.RcvbufErrors,
    sndbufErrors: u.SndbufErrors,
  };
}

/**
 * The UDP sockets of this network namespace (/proc/net/udp, udp6) and its UDP counters; with `processes`, who
 * holds each socket (the fd walk). `ok` is false only when neither table could be read.
 */
export function inspectUdpSockets(o: { procRoot?: string; processes?: boolean } = {}): UdpReport {
  const procRoot = o.procRoot ?? '/proc';
  const le = endianness() === 'LE';
  const warnings: string[] = [];
  const sockets: Omit<UdpSocket, 'owners'>[] = [];
  let read = 0;
  for (const [name, family] of [
    ['udp', 4],
    ['udp6', 6],
  ] as const) {
    try {
      const p = parseProcNetUdp(readFileSync(join(procRoot, 'net', name), 'utf8'), family, le);
      sockets.push(...p.sockets);
      warnings.push(...p.warnings);
      read++;
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code ?? String(e);
      if (!(name === 'udp6' && code === 'ENOENT')) warnings.push(`${join(procRoot, 'net', name)}: ${code}`);
    }
  }
  let counters: UdpCounters = pickUdpCounters({});
  try {
    counters = pickUdpCounters(parseProcNetSnmp(readFileSync(join(procRoot, 'net', 'snmp'), 'utf8')).sections);
  } catch {
    warnings.push(`${join(procRoot, 'net', 'snmp')}: unreadable, no UDP counters`);
  }
  const owners = o.processes ? readSocketOwners(new Set(sockets.map((s) => s.inode)), { procRoot }).owners : undefined;
  const withOwners = sockets.map((s) => ({ ...s, owners: owners ? (owners.get(s.inode) ?? []) : undefined }));
  return { ok: read > 0, sockets: withOwners, counters, warnings };
}

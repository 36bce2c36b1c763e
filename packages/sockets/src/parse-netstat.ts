import type { Platform } from '@netcheck/core';
import { clip } from '@netcheck/core';
import { normaliseAddress, splitHostPort } from './address.js';
import { parseTcpState } from './tcp-state.js';
import type { SocketOwner, TcpSocket } from './types.js';

/** What `parseNetstat` understood. */
export interface NetstatParse {
  sockets: TcpSocket[];
  warnings: string[];
}

const HEADERS =
  /^(Active |Proto\s|\s*Proto\s|Socket\s|Tcpcb\s|\(Not all processes|\s*will not be shown|\(only servers|Active Connections)/;

/**
 * Parse netstat's TCP table:
 * - 'linux' (net-tools 2.10): `netstat -nat` / `netstat -natp` —
 *   "tcp6  0  0 ::1:8080  :::*  LISTEN  812/nginx", unbracketed IPv6 with the port after the last ':';
 * - 'darwin' (macOS/BSD): `netstat -anp tcp` — "tcp4  0  0  10.0.0.5.52345  17.57.144.10.443  ESTABLISHED",
 *   the port after the last '.', "*.*" for a listener's peer, no process column;
 * - 'win32': `netstat -ano` — "TCP  [::1]:49669  [::1]:49670  ESTABLISHED  4740", no queues, PID last.
 * With -A (BSD) the control block's address before Proto is skipped. UDP lines are skipped; headers and blank lines
 * too; anything else is a warning.
 * Limits: Linux netstat prints a listener's Send-Q as 0 (it reads /proc, which has no
 * backlog limit); macOS cuts long IPv6 addresses; Windows state names are those of an
 * English system (a localised netstat's rows become warnings).
 */
export function parseNetstat(text: string, platform: Platform): NetstatParse {
  const sockets: TcpSocket[] = [];
  const warnings: string[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\r$/, '');
    if (line.trim() === '' || HEADERS.test(line)) continue;
    const t = line.trim().split(/\s+/);
    // BSD netstat -A: the protocol control block's address comes first ("5d1c0b6f3a2e9c41 tcp4 ...").
    if (/^[0-9a-f]{8,16}$/.test(t[0] ?? '') && /^(tcp|udp)/i.test(t[1] ?? '')) t.shift();
    const proto = (t[0] ?? '').toLowerCase();
    if (proto.startsWith('udp') || proto === 'raw' || proto === 'raw6') continue;
    if (!proto.startsWith('tcp')) {
      warnings.push(`not a TCP row: ${clip(line, 160)}`);
      continue;
    }
    const s = platform === 'win32' ? parseWindowsRow(t) : parseUnixRow(t, platform);
    if (s) sockets.push(s);
    else warnings.push(`unexpected columns: ${clip(line, 160)}`);
  }
  return { sockets, warnings };
}

function parseUnixRow(t: string[], platform: Platform): TcpSocket | undefined {
  const [proto, recvQ, sendQ, localText, remoteText, stateText, ...rest] = t;
  const sep = platform === 'darwin' ? '.' : ':';
  const local = splitHostPort(localText ?? '', sep);
  const remote = splitHostPort(remoteText ?? '', sep);
  const state = parseTcpState(stateText ?? '');
  if (!local || !remote || !state || !/^\d+$/.test(recvQ ?? '') || !/^\d+$/.test(sendQ ?? '')) return undefined;
  const owners: SocketOwner[] = [];
  const [, pid, program] = /^(\d+)\/(.*)$/.exec(rest.join(' ')) ?? [];
  if (pid !== undefined) owners.push({ pid: Number(pid), name: program?.trim() || undefined });
  // tcp/tcp4 are IPv4 sockets; tcp6 and macOS's dual-stack tcp46 are IPv6 sockets (Linux netstat shows
  // an IPv4-mapped peer of one as plain IPv4)
  const family: 4 | 6 = proto === 'tcp6' || proto === 'tcp46' ? 6 : 4;
  return {
    state,
    family,
    localAddress: local.address,
    localPort: local.port ?? 0,
    remoteAddress: remote.address,
    remotePort: remote.port ?? 0,
    recvQ: Number(recvQ),
    sendQ: state === 'LISTEN' && platform === 'linux' ? undefined : Number(sendQ),
    inode: undefined,
    uid: undefined,
    timer: undefined,
    owners,
  };
}

function parseWindowsRow(t: string[]): TcpSocket | undefined {
  const [, localText, remoteText, stateText, pidText] = t;
  const local = splitHostPort(localText ?? '');
  const remote = splitHostPort(remoteText ?? '');
  const state = parseTcpState(stateText ?? '');
  if (!local || !remote || !state) return undefined;
  const pid = pidText !== undefined && /^\d+$/.test(pidText) ? Number(pidText) : undefined;
  return {
    state,
    family: (localText ?? '').startsWith('[') ? 6 : 4,
    localAddress: normaliseAddress(local.address),
    localPort: local.port ?? 0,
    remoteAddress: remote.address,
    remotePort: remote.port ?? 0,
    recvQ: undefined,
    sendQ: undefined,
    inode: undefined,
    uid: undefined,
    timer: undefined,
    // pid 0 is the "System Idle Process", which Windows shows for TIME_WAIT: nobody holds those
    owners: pid !== undefined && pid > 0 ? [{ pid, name: undefined }] : [],
  };
}

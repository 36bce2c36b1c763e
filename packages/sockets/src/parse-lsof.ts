import { clip } from '@netcheck/core';
import { splitHostPort } from './address.js';
import { parseTcpState } from './tcp-state.js';
import type { TcpSocket } from './types.js';

/** What `parseLsof` understood. */
export interface LsofParse {
  /** One entry per socket; a socket several processes hold (after fork) lists them all as owners. */
  sockets: TcpSocket[];
  warnings: string[];
}

// COMMAND PID USER FD TYPE DEVICE SIZE/OFF NODE NAME; the name is "local[->remote] (STATE)"
const ROW = new RegExp(
  [
    String.raw`^(\S+)\s+(\d+)\s+(\S+)\s+(\S+)\s+(IPv4|IPv6)\s+(\S+)\s+(?:\S+\s+)?`,
    String.raw`TCP\s+(\S+?)(?:->(\S+))?(?:\s+\(([A-Z_0-9]+)\))?\s*$`,
  ].join(''),
);

/**
 * Parse `lsof -iTCP -n -P` or `lsof -n -P -iTCP:PORT` (lsof 4.9x on Linux and macOS).
 * 1 - the header and rows that are not TCP sockets are skipped;
 * 2 - COMMAND has lsof's escapes undone ("\x20" is a space);
 * 3 - NAME is "addr:port" for a listener, "local->remote" otherwise, then "(STATE)";
 * 4 - on Linux DEVICE is the socket inode (the key to /proc/net/tcp); on macOS a kernel address;
 * 5 - rows of the same socket (same inode, or same endpoints and state) are merged, owners listed.
 * lsof shows only sockets a process holds: never TIME_WAIT, nor SYN_RECV request sockets,
 * so it names owners but cannot count a table.
 */
export function parseLsof(text: string): LsofParse {
  const byKey = new Map<string, TcpSocket>();
  const warnings: string[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\r$/, '');
    if (line.trim() === '' || line.startsWith('COMMAND ')) continue;
    const m = ROW.exec(line);
    if (!m) {
      if (/\sTCP\s/.test(line)) warnings.push(`unexpected columns: ${clip(line, 160)}`);
      continue;
    }
    const [, command, pid, , , type, device, localText, remoteText, stateText] = m;
    const local = splitHostPort(localText!);
    const remote = remoteText ? splitHostPort(remoteText) : { address: '*', port: 0 };
    const state = stateText ? parseTcpState(stateText) : 'CLOSED';
    if (!local || !remote || !state) {
      warnings.push(`unexpected name: ${clip(line, 160)}`);
      continue;
    }
    const inode = /^\d+$/.test(device!) ? Number(device) : undefined;
    const key = inode !== undefined ? `i${inode}` : `${localText}|${remoteText ?? ''}|${state}`;
    const owner = {
      pid: Number(pid),
      name: command!.replace(/\\x([0-9a-fA-F]{2})/g, (_, h: string) => String.fromCharCode(Number.parseInt(h, 16))),
    };
    const seen = byKey.get(key);
    if (seen) {
      if (!seen.owners.some((o) => o.pid === owner.pid)) seen.owners.push(owner);
      continue;
    }
    byKey.set(key, {
      state,
      family: type === 'IPv6' ? 6 : 4,
      localAddress: local.address,
      localPort: local.port ?? 0,
      remoteAddress: remote.address,
      remotePort: remote.port ?? 0,
      recvQ: undefined,
      sendQ: undefined,
      inode,
      uid: undefined,
      timer: undefined,
      owners: [owner],
    });
  }
  return { sockets: [...byKey.values()], warnings };
}

import type { Skipped } from '@netcheck/core';
import type { IdleScan, IdleSocket } from '../rules/types.js';
import type { SocketOwner, TcpSocket } from '../types.js';

/** What the report says about the idle scan: how many were examined, how many idle without keepalive. */
export interface IdleSummary {
  examined: number;
  idleWithoutKeepalive: number;
  /** `undefined` when no examined socket had an idle time. */
  longestIdleMs: number | undefined;
}

/** Idle sockets from `ss -tnoie state established`, with owners from the inode map when there is one (pure). */
export function buildIdleScan(
  sockets: readonly (TcpSocket & { idleMs: number | undefined })[],
  owners: ReadonlyMap<number, SocketOwner[]> | undefined,
): IdleScan {
  const out: IdleSocket[] = [];
  for (const s of sockets) {
    if (s.idleMs === undefined) continue;
    out.push({
      localAddress: s.localAddress,
      localPort: s.localPort,
      remoteAddress: s.remoteAddress,
      remotePort: s.remotePort,
      idleMs: s.idleMs,
      // ss -o prints timer:(keepalive,...) when SO_KEEPALIVE is armed, nothing when no timer runs
      keepalive: s.timer === 'keepalive' ? true : s.timer === undefined || s.timer === 'off' ? false : undefined,
      owners: s.inode ? [...(owners?.get(s.inode) ?? [])] : [],
    });
  }
  return { status: 'done', examined: sockets.length, sockets: out };
}

/** Why the idle scan did not run (pure). */
export function buildIdleSkip(currEstab: number | undefined, idleScanMax: number): Skipped {
  const why =
    currEstab === undefined
      ? 'the ESTABLISHED count is unknown'
      : `${currEstab} established connections (more than ${idleScanMax}): ` +
        'pass a higher idleScanMax (--idle-scan N) to examine them';
  return { status: 'skipped', why };
}

/** The report's view of a scan: counts only, the sockets stay out of it (pure). */
export function summariseIdle(
  scan: IdleScan | Skipped | undefined,
  idleMinMs: number,
): IdleSummary | Skipped | undefined {
  if (!scan || !('sockets' in scan)) return scan;
  return {
    examined: scan.examined,
    idleWithoutKeepalive: scan.sockets.filter((s) => s.keepalive === false && s.idleMs >= idleMinMs).length,
    longestIdleMs: scan.sockets.length ? Math.max(...scan.sockets.map((s) => s.idleMs)) : undefined,
  };
}

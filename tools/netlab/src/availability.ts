import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

/** What building a lab needs from this machine. */
export const LAB_REQUIREMENTS = ['ip', 'nft', 'python3', 'dnsmasq', 'ping', 'traceroute'] as const;

function onPath(cmd: string): boolean {
  const dirs = [...(process.env.PATH ?? '').split(delimiter), '/usr/sbin', '/sbin'];
  return dirs.some((d) => {
    try {
      accessSync(join(d, cmd), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/**
 * Whether a lab can be built here, and if not, why in words a person can act on.
 * Synchronous because vitest decides at collection time whether to skip.
 */
export function labAvailability(): { ok: true } | { ok: false; reason: string } {
  if (process.platform !== 'linux') return { ok: false, reason: 'the lab uses Linux network namespaces' };
  if (typeof process.getuid !== 'function' || process.getuid() !== 0)
    return { ok: false, reason: 'network namespaces need root; run the tests as root' };
  const missing = LAB_REQUIREMENTS.filter((c) => !onPath(c));
  if (missing.length)
    return { ok: false, reason: `missing ${missing.join(', ')}; run npm test as root to install them` };
  try {
    accessSync('/dev/net/tun', constants.R_OK | constants.W_OK);
  } catch {
    return { ok: false, reason: '/dev/net/tun is not usable (the delay wire needs it)' };
  }
  return { ok: true };
}

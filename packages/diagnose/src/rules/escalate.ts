import type { StepResults } from '../types.js';
import { handshakeCompleted, lossSeen, pingSilent, ran } from './util.js';

/**
 * Why the path should be traced, or `undefined` when nothing calls for it (first that holds):
 * 1 - ping or the TCP handshakes lost probes → loss, to place on a node or link;
 * 2 - ping got "unreachable" or "TTL exceeded" from a router → who says so;
 * 3 - the connect timed out or found no route → who drops or rejects it (traced with TCP to the port);
 * 4 - ping got no reply and no handshake completed → where packets vanish (a completed handshake proves the
 *     path works: ICMP silence is then filtering, measured with handshakes instead);
 * 5 - the MTU step saw a blackhole, or a download stalled → where big packets stop.
 * A refused connection does not escalate: the host answered.
 */
export function deriveEscalation(r: StepResults): string | undefined {
  const p = ran(r, 'ping');
  const c = ran(r, 'connect');
  if (lossSeen(r)) return 'probes were lost';
  if (p && (p.verdict.kind === 'unreachable' || p.verdict.kind === 'ttl-exceeded'))
    return 'a router answered ping with an error';
  if (c && (c.code === 'ETIMEDOUT' || c.code === 'EHOSTUNREACH' || c.code === 'EACCES' || c.code === 'ENETUNREACH'))
    return `the connect failed (${c.code})`;
  if (pingSilent(r) && !handshakeCompleted(r)) return 'ping got no reply';
  if (ran(r, 'mtu')?.pathMtu.kind === 'blackhole') return 'large packets vanish';
  if (ran(r, 'http')?.verdict.kind === 'stalled') return 'the download stalled';
  return undefined;
}

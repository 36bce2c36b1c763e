import type { ListenerSummary } from './aggregate.js';
import type { TcpSocket } from './types.js';

const key = (family: 4 | 6 | undefined, address: string, port: number) => `${family ?? 6}|${address}|${port}`;

/**
 * Give listeners read from /proc/net/tcp (which has no backlog limit) the accept
 * queue limit `ss -ltn` prints as Send-Q, matched on family, address and port
 * (ss prints a dual-stack "[::]" listener as "*", an IPv6 socket). The queue length
 * stays the /proc one unless /proc had none. Listeners ss did not list keep `undefined`.
 */
export function mergeListenerLimits(
  listeners: readonly ListenerSummary[],
  fromSs: readonly TcpSocket[],
): ListenerSummary[] {
  const limits = new Map<string, TcpSocket>();
  for (const s of fromSs) if (s.state === 'LISTEN') limits.set(key(s.family, s.localAddress, s.localPort), s);
  return listeners.map((l) => {
    const s = limits.get(key(l.family, l.address, l.port));
    if (!s) return l;
    return { ...l, queueLimit: l.queueLimit ?? s.sendQ, queueLength: l.queueLength ?? s.recvQ };
  });
}

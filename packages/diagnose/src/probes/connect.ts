import net from 'node:net';
import { constants } from 'node:os';
import type { ConnectResult } from '../types.js';

const MEANINGS: Record<string, string> = {
  ECONNREFUSED: 'the host answered with a reset: nothing listens on that port',
  ETIMEDOUT: 'no answer at all: a firewall drops the connection, or the host is down',
  EHOSTUNREACH: 'no route to the host: a router or firewall answered "unreachable" or "prohibited"',
  ENETUNREACH: 'no route to that network from here',
  EADDRNOTAVAIL: 'no local address or port could be assigned: the ephemeral port range toward this destination is exhausted',
  ECONNRESET: 'the connection was reset as it opened',
  EACCES: 'not permitted by a local policy',
  EPERM: 'blocked by a local firewall rule',
};

/** An OS error code in words. */
export function explainConnectError(code: string): string {
  return MEANINGS[code] ?? `the operating system said ${code}`;
}

/** Open a TCP connection and close it again, timed. Never throws. */
export function probeTcpConnect(address: string, port: number, timeoutMs: number, signal?: AbortSignal): Promise<ConnectResult> {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const sock = net.connect({ host: address, port });
    let done = false;
    const finish = (code: string | undefined) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      sock.destroy();
      const errno = code ? (constants.errno as Record<string, number>)[code] : undefined;
      resolve({ address, port, ok: code === undefined, ms: performance.now() - t0, code, errno, meaning: code ? explainConnectError(code) : undefined });
    };
    const timer = setTimeout(() => finish('ETIMEDOUT'), timeoutMs);
    signal?.addEventListener('abort', () => finish('ECANCELED'), { once: true });
    sock.on('connect', () => finish(undefined));
    sock.on('error', (e: NodeJS.ErrnoException) => finish(e.code ?? 'EUNKNOWN'));
  });
}

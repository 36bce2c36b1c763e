import dgram from 'node:dgram';
import { isIPv6 } from 'node:net';
import net from 'node:net';

/** How a transport call ended. */
export type TransportOutcome = { ok: true } | { ok: false; reason: 'timeout' | 'refused' | 'unreachable' | 'aborted' | 'error'; detail: string };

/**
 * The only socket I/O of this package, injected everywhere so tests can fake it.
 * `udp` sends from a fresh socket (a random source port per query) and hands
 * every packet that arrives on it to `accept` until `accept` returns true or the
 * time runs out. `tcp` sends one length-prefixed query and returns the answer
 * without its prefix.
 */
export interface DnsTransport {
  udp(server: string, port: number, payload: Buffer, timeoutMs: number, accept: (buf: Buffer, from: { address: string; port: number }) => boolean, signal?: AbortSignal): Promise<TransportOutcome>;
  tcp(server: string, port: number, payload: Buffer, timeoutMs: number, signal?: AbortSignal): Promise<TransportOutcome & { answer?: Buffer; from?: { address: string; port: number } }>;
}

function errnoOutcome(e: NodeJS.ErrnoException): TransportOutcome {
  if (e.code === 'ECONNREFUSED') return { ok: false, reason: 'refused', detail: 'connection refused: nothing listens on that port' };
  if (e.code === 'EHOSTUNREACH' || e.code === 'ENETUNREACH') return { ok: false, reason: 'unreachable', detail: `${e.code}: no route to the server` };
  return { ok: false, reason: 'error', detail: `${e.code ?? 'error'}: ${e.message}` };
}

/** The real transport, on node:dgram and node:net. */
export const socketTransport: DnsTransport = {
  udp(server, port, payload, timeoutMs, accept, signal) {
    return new Promise((resolve) => {
      const sock = dgram.createSocket(isIPv6(server) ? 'udp6' : 'udp4');
      let done = false;
      const finish = (o: TransportOutcome) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        sock.close();
        resolve(o);
      };
      const onAbort = () => finish({ ok: false, reason: 'aborted', detail: 'stopped on request' });
      const timer = setTimeout(() => finish({ ok: false, reason: 'timeout', detail: `no answer within ${timeoutMs} ms` }), timeoutMs);
      if (signal?.aborted) return onAbort();
      signal?.addEventListener('abort', onAbort, { once: true });
      sock.on('error', (e) => finish(errnoOutcome(e)));
      sock.on('message', (buf, rinfo) => {
        if (accept(buf, { address: rinfo.address, port: rinfo.port })) finish({ ok: true });
      });
      sock.bind(0, () => sock.send(payload, port, server, (e) => e && finish(errnoOutcome(e))));
    });
  },
  tcp(server, port, payload, timeoutMs, signal) {
    return new Promise((resolve) => {
      const sock = net.connect({ host: server, port });
      const chunks: Buffer[] = [];
      let done = false;
      const finish = (o: TransportOutcome & { answer?: Buffer; from?: { address: string; port: number } }) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        sock.destroy();
        resolve(o);
      };
      const onAbort = () => finish({ ok: false, reason: 'aborted', detail: 'stopped on request' });
      const timer = setTimeout(() => finish({ ok: false, reason: 'timeout', detail: `no answer over TCP within ${timeoutMs} ms` }), timeoutMs);
      if (signal?.aborted) return onAbort();
      signal?.addEventListener('abort', onAbort, { once: true });
      sock.on('error', (e) => finish(errnoOutcome(e)));
      sock.on('connect', () => sock.write(payload));
      sock.on('data', (d) => {
        chunks.push(d);
        const all = Buffer.concat(chunks);
        if (all.length >= 2 && all.length >= 2 + all.readUInt16BE(0)) finish({ ok: true, answer: all.subarray(2, 2 + all.readUInt16BE(0)), from: { address: server, port } });
      });
      sock.on('end', () => finish({ ok: false, reason: 'error', detail: 'the server closed the TCP connection without a complete answer' }));
    });
  },
};

import { connect } from 'node:net';
import type { ConnectOutcome } from './metrics-tcp.js';

/** Open one TCP connection and close it at once; the time is from connect() to the handshake's end. Never throws. */
export function probeConnect(host: string, port: number, signal: AbortSignal): Promise<ConnectOutcome> {
  return new Promise((resolve) => {
    const started = performance.now();
    const socket = connect({ host, port, signal });
    const done = (o: ConnectOutcome) => {
      socket.destroy();
      resolve(o);
    };
    socket.once('connect', () =>
      done({ ok: true, address: socket.remoteAddress ?? host, connectMs: performance.now() - started }),
    );
    socket.once('error', (e: NodeJS.ErrnoException) =>
      done({
        ok: false,
        address: socket.remoteAddress,
        code: e.name === 'AbortError' ? 'ETIMEDOUT' : (e.code ?? 'EUNKNOWN'),
        detail: e.message,
      }),
    );
  });
}

import dgram from 'node:dgram';
import type { LookupOneOptions } from 'node:dns';
import { isIP, isIPv4 } from 'node:net';
import net from 'node:net';

/** How a transport call ended. */
export type TransportOutcome =
  | { ok: true }
  | { ok: false; reason: 'timeout' | 'refused' | 'unreachable' | 'aborted' | 'error'; detail: string };

/** Judges one arriving message: true when it is the answer (the call then ends). */
export type AcceptMessage = (buf: Buffer, from: { address: string; port: number }) => boolean;

/**
 * The only socket I/O of this package, injected everywhere so tests can fake it.
 * `udp` sends from a fresh socket (a random source port per query) and hands
 * every packet that arrives on it to `accept` until `accept` returns true or the
 * time runs out. `tcp` sends one length-prefixed query and hands every message
 * that arrives on the connection (without its prefix) to `accept` the same way,
 * until one is accepted, the time runs out, the server closes, or it has read
 * TCP_MAX_MESSAGES messages or TCP_MAX_BYTES bytes. `server` is an address.
 */
export interface DnsTransport {
  udp(
    server: string,
    port: number,
    payload: Buffer,
    timeoutMs: number,
    accept: AcceptMessage,
    signal?: AbortSignal,
  ): Promise<TransportOutcome>;
  tcp(
    server: string,
    port: number,
    payload: Buffer,
    timeoutMs: number,
    accept: AcceptMessage,
    signal?: AbortSignal,
  ): Promise<TransportOutcome>;
}

/** Messages read from one TCP connection before giving up on it (forged or stray ones ahead of the answer). */
export const TCP_MAX_MESSAGES = 16;
/** Bytes read from one TCP connection before giving up on it: four full-size messages. */
export const TCP_MAX_BYTES = 4 * 65537;

/**
 * Cut a TCP byte stream into DNS messages (2-byte length prefix each). Pure. Returns the complete
 * messages and the bytes of an incomplete one left over.
 */
export function splitTcpMessages(stream: Buffer): { messages: Buffer[]; rest: Buffer } {
  const messages: Buffer[] = [];
  let pos = 0;
  while (stream.length - pos >= 2 && stream.length - pos >= 2 + stream.readUInt16BE(pos)) {
    const len = stream.readUInt16BE(pos);
    messages.push(stream.subarray(pos + 2, pos + 2 + len));
    pos += 2 + len;
  }
  return { messages, rest: stream.subarray(pos) };
}

function errnoOutcome(e: NodeJS.ErrnoException): TransportOutcome {
  if (e.code === 'ECONNREFUSED')
    return { ok: false, reason: 'refused', detail: 'connection refused: nothing listens on that port' };
  if (e.code === 'EHOSTUNREACH' || e.code === 'ENETUNREACH')
    return { ok: false, reason: 'unreachable', detail: `${e.code}: no route to the server` };
  return { ok: false, reason: 'error', detail: `${e.code ?? 'error'}: ${e.message}` };
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string, family: number) => void;

/**
 * dgram's name lookup for the addresses this transport is given: an address is itself. dgram's default,
 * dns.lookup, would load node's DNS module (c-ares) to hand an address back, ~1 ms of a one-shot query. A name
 * (never given here: query resolves server names first) still goes to dns.lookup.
 */
function lookupAddress(host: string, options: LookupOneOptions | number, callback: LookupCallback): void {
  const family = isIP(host);
  if (family) callback(null, host, family);
  else void import('node:dns').then((dns) => dns.lookup(host, options as LookupOneOptions, callback));
}

/** The real transport, on node:dgram and node:net. */
export const socketTransport: DnsTransport = {
  udp(server, port, payload, timeoutMs, accept, signal) {
    return new Promise((resolve) => {
      const sock = dgram.createSocket({ type: isIPv4(server) ? 'udp4' : 'udp6', lookup: lookupAddress });
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
      const timer = setTimeout(
        () => finish({ ok: false, reason: 'timeout', detail: `no answer within ${timeoutMs} ms` }),
        timeoutMs,
      );
      if (signal?.aborted) return onAbort();
      signal?.addEventListener('abort', onAbort, { once: true });
      sock.on('error', (e) => finish(errnoOutcome(e)));
      sock.on('message', (buf, rinfo) => {
        if (accept(buf, { address: rinfo.address, port: rinfo.port })) finish({ ok: true });
      });
      sock.bind(0, () => sock.send(payload, port, server, (e) => e && finish(errnoOutcome(e))));
    });
  },
  tcp(server, port, payload, timeoutMs, accept, signal) {
    return new Promise((resolve) => {
      const sock = net.connect({ host: server, port });
      let pending: Buffer = Buffer.alloc(0);
      let messages = 0;
      let bytes = 0;
      let done = false;
      const finish = (o: TransportOutcome) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        sock.destroy();
        resolve(o);
      };
      const onAbort = () => finish({ ok: false, reason: 'aborted', detail: 'stopped on request' });
      const others = () => (messages ? ` (${messages} other message${messages === 1 ? '' : 's'})` : '');
      const late = () =>
        finish({ ok: false, reason: 'timeout', detail: `no answer over TCP within ${timeoutMs} ms${others()}` });
      const timer = setTimeout(late, timeoutMs);
      if (signal?.aborted) return onAbort();
      signal?.addEventListener('abort', onAbort, { once: true });
      sock.on('error', (e) => finish(errnoOutcome(e)));
      sock.on('connect', () => sock.write(payload));
      sock.on('data', (d) => {
        if (done) return;
        bytes += d.length;
        const split = splitTcpMessages(pending.length ? Buffer.concat([pending, d]) : d);
        pending = Buffer.from(split.rest);
        for (const m of split.messages) {
          messages++;
          const from = { address: sock.remoteAddress ?? server, port: sock.remotePort ?? port };
          if (accept(m, from)) return finish({ ok: true });
          if (done) return;
          if (messages >= TCP_MAX_MESSAGES)
            return finish({ ok: false, reason: 'error', detail: `gave up after ${messages} TCP messages, none ours` });
        }
        if (bytes >= TCP_MAX_BYTES)
          finish({ ok: false, reason: 'error', detail: `gave up after ${bytes} bytes over TCP without the answer` });
      });
      sock.on('end', () => {
        const got =
          pending.length >= 2 ? `${pending.length - 2} of ${pending.readUInt16BE(0)} bytes` : '1 of its 2 length bytes';
        finish({
          ok: false,
          reason: 'error',
          detail: pending.length
            ? `the server closed the TCP connection in the middle of a message (${got})`
            : `the server closed the TCP connection without the answer${others()}`,
        });
      });
    });
  },
};

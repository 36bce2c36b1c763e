import http from 'node:http';
import type { IncomingMessage } from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import type { Socket } from 'node:net';
import { NetcheckError } from '@netcheck/core';

export type { TransferVerdict } from './derive-transfer.js';

/** Options of {@link probeHttp}. */
export interface HttpProbeOptions {
  /** The whole GET is stopped after this long, ms (connect, TLS, headers and body). */
  timeoutMs: number;
  /** Once connected, this long without a byte while the response is incomplete is a stall and ends the GET, ms. */
  stallMs?: number;
  /** Stop reading the body after this many bytes (default 1 MiB): enough to cross any MTU problem. */
  maxBytes?: number;
  signal?: AbortSignal;
}

/** How a GET ended. */
export type HttpEnd = 'complete' | 'max-bytes' | 'stalled' | 'timeout' | 'closed' | 'error' | 'aborted';

/** What one bounded GET saw. Times are ms from the start; `undefined` when that moment never came. */
export interface HttpTransfer {
  url: string;
  /** The address connected to (the URL's host was resolved before; never re-resolved here). */
  address: string;
  port: number;
  /** TCP connected. */
  connectMs: number | undefined;
  /** TLS handshake done (https only). */
  tlsMs: number | undefined;
  /** Request written to the socket. */
  requestSentMs: number | undefined;
  /** Status line and headers in. */
  headersMs: number | undefined;
  status: number | undefined;
  /** The Location header of a redirect (3xx); redirects are reported, never followed. */
  location: string | undefined;
  /** The Content-Length header; `undefined` when absent (chunked, or close-delimited). */
  contentLength: number | undefined;
  /** Body bytes received. */
  bytes: number;
  firstByteMs: number | undefined;
  lastByteMs: number | undefined;
  /** The response arrived whole (its length, or the end of its chunks). */
  complete: boolean;
  end: HttpEnd;
  /** The OS, TLS or HTTP parser error, when there was one (ECONNREFUSED, CERT_HAS_EXPIRED, ECONNRESET...). */
  error: { code: string; message: string } | undefined;
  /** The limits this GET ran with. */
  stallMs: number;
  maxBytes: number;
  durationMs: number;
}

const DEFAULT_STALL_MS = 1000;
const DEFAULT_MAX_BYTES = 1 << 20;

/** The record of a transfer before anything happened. */
function emptyTransfer(url: URL, address: string, port: number, stallMs: number, maxBytes: number): HttpTransfer {
  return {
    url: url.href,
    address,
    port,
    connectMs: undefined,
    tlsMs: undefined,
    requestSentMs: undefined,
    headersMs: undefined,
    status: undefined,
    location: undefined,
    contentLength: undefined,
    bytes: 0,
    firstByteMs: undefined,
    lastByteMs: undefined,
    complete: false,
    end: 'error',
    error: undefined,
    stallMs,
    maxBytes,
    durationMs: 0,
  };
}

/** What the response loop needs from the request's: the clock, the limit, and how to re-arm or end. */
interface ResponseHooks {
  now: () => number;
  maxBytes: number;
  armStall: () => void;
  finish: (end: HttpEnd, error?: NodeJS.ErrnoException) => void;
}

/** Read a response into `t`: the status line, every body byte's time, and how it ended. */
function readResponse(res: IncomingMessage, t: HttpTransfer, { now, maxBytes, armStall, finish }: ResponseHooks): void {
  t.headersMs = now();
  t.status = res.statusCode;
  t.location = res.headers.location;
  const length = Number(res.headers['content-length']);
  t.contentLength = res.headers['content-length'] !== undefined && Number.isFinite(length) ? length : undefined;
  armStall();
  res.on('data', (chunk: Buffer) => {
    t.bytes += chunk.length;
    t.firstByteMs ??= now();
    t.lastByteMs = now();
    // A body that ends exactly at the limit is complete: wait for its end.
    if (t.bytes >= maxBytes && t.bytes !== t.contentLength) finish('max-bytes');
    else armStall();
  });
  res.on('end', () => {
    t.complete = res.complete;
    finish(res.complete ? 'complete' : 'closed');
  });
  res.on('error', (e: NodeJS.ErrnoException) => finish('closed', e));
  // The peer closed mid-body without an error event: whatever came is what there is.
  res.on('close', () => {
    t.complete ||= res.complete;
    finish(t.complete ? 'complete' : 'closed');
  });
}

/**
 * A bounded GET of `url` over node:http / node:https to the already-resolved `address`: the Host header and
 * the TLS server name come from the URL, so the name is never resolved again. Records when the connection,
 * the TLS handshake, the headers, the first and the last body byte came; stops at `maxBytes`, at `timeoutMs`,
 * after `stallMs` without a byte while the response is incomplete, or on `signal`. Never follows redirects.
 * Never throws for network trouble: errors come back in `error` and `end`. Throws NetcheckError only for misuse:
 * a URL that is not http(s), an `address` that is not an IP address.
 */
export function probeHttp(url: URL, address: string, options: HttpProbeOptions): Promise<HttpTransfer> {
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new NetcheckError('usage', `probeHttp fetches http and https URLs, not ${url.protocol}`);
  if (isIP(address) === 0)
    throw new NetcheckError('usage', `probeHttp connects to an IP address, got "${address.slice(0, 100)}"`);
  const secure = url.protocol === 'https:';
  const port = url.port ? Number(url.port) : secure ? 443 : 80;
  const hostname = url.hostname.replace(/^\[|\]$/g, '');
  const stallMs = options.stallMs ?? DEFAULT_STALL_MS;
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const t0 = performance.now();
  const now = () => performance.now() - t0;
  const t = emptyTransfer(url, address, port, stallMs, maxBytes);
  return new Promise((resolve) => {
    let settled = false;
    let stallTimer: NodeJS.Timeout | undefined;
    const finish = (end: HttpEnd, error?: NodeJS.ErrnoException) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      clearTimeout(stallTimer);
      options.signal?.removeEventListener('abort', onAbort);
      t.end = end;
      if (error) t.error = { code: error.code ?? error.name, message: error.message.slice(0, 200) };
      t.durationMs = now();
      req.destroy();
      resolve(t);
    };
    // Armed once connected, re-armed by every byte: silence while incomplete is a stall.
    const armStall = () => {
      clearTimeout(stallTimer);
      stallTimer = setTimeout(() => finish('stalled'), stallMs);
    };
    const onAbort = () => finish('aborted');
    const timer = setTimeout(() => finish('timeout'), options.timeoutMs);
    const mod = secure ? https : http;
    const req = mod.request({
      host: address,
      port,
      method: 'GET',
      path: `${url.pathname}${url.search}`,
      headers: { Host: url.host, 'User-Agent': 'netcheck', Accept: '*/*', Connection: 'close' },
      agent: false,
      ...(secure ? { servername: isIP(hostname) ? undefined : hostname } : {}),
    });
    req.on('socket', (socket: Socket) => {
      socket.once('connect', () => {
        t.connectMs = now();
        if (!secure) armStall();
      });
      socket.once('secureConnect', () => {
        t.tlsMs = now();
        armStall();
      });
    });
    req.on('finish', () => {
      t.requestSentMs = now();
    });
    req.on('error', (e: NodeJS.ErrnoException) => finish(t.headersMs === undefined ? 'error' : 'closed', e));
    req.on('response', (res) => readResponse(res, t, { now, maxBytes, armStall, finish }));
    if (options.signal?.aborted) onAbort();
    else options.signal?.addEventListener('abort', onAbort, { once: true });
    req.end();
  });
}

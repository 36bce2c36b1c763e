import type { HttpTransfer } from './http.js';

/**
 * What a bounded GET says; `text` is it in one sentence:
 * - `complete`: the whole response arrived (a redirect too: `location`, never followed);
 * - `stalled`: connected, then nothing for `stalledForMs` (about the probe's stallMs) while the response was
 *   incomplete: `phase` 'body' after the headers (the classic PMTU black hole symptom: small packets pass,
 *   full-size ones vanish), 'headers' before them (the first full-size segment lost, or a stuck server);
 * - `http-error`: the server answered 4xx or 5xx;
 * - `failed`: no usable response: connect, TLS or HTTP errors (`code` as the OS or TLS said it), a close
 *   mid-body, or the time ran out with the body still coming;
 * - `truncated-at-limit`: the body reached maxBytes and was cut there, as asked: fine.
 */
export type TransferVerdict =
  | { kind: 'complete'; status: number; bytes: number; transferMs: number; location: string | undefined; text: string }
  | { kind: 'stalled'; phase: 'headers' | 'body'; afterBytes: number; stalledForMs: number; text: string }
  | { kind: 'http-error'; status: number; text: string }
  | { kind: 'failed'; code: string; detail: string; text: string }
  | { kind: 'truncated-at-limit'; bytes: number; text: string };

const ms = (n: number) => `${Math.round(n)} ms`;

/**
 * The verdict on a bounded GET (pure). Rules, in order:
 * 1 - stopped by the caller: `failed` ABORTED;
 * 2 - an error before any response (refused, unreachable, TLS, reset): `failed` with its code;
 * 3 - a 4xx/5xx status: `http-error`, whatever the body did;
 * 4 - the response arrived whole: `complete`;
 * 5 - the body reached maxBytes: `truncated-at-limit`;
 * 6 - connected and then silent for stallMs while incomplete (the probe ended it as a stall, or the time limit
 *     came after a gap that long): `stalled`, after the headers or before them;
 * 7 - the peer closed mid-response: `failed` with the error's code (ECONNRESET when there was none);
 * 8 - the time ran out while bytes were still coming, or before the connection: `failed` ETIMEDOUT.
 */
export function deriveTransfer(t: HttpTransfer): TransferVerdict {
  if (t.end === 'aborted') return { kind: 'failed', code: 'ABORTED', detail: 'stopped on request', text: 'stopped' };
  if (t.headersMs === undefined && t.error) {
    const { code, message } = t.error;
    return { kind: 'failed', code, detail: message, text: `${code}: ${message}` };
  }
  if (t.status !== undefined && t.status >= 400) {
    return { kind: 'http-error', status: t.status, text: `HTTP ${t.status}` };
  }
  if (t.complete && t.status !== undefined) {
    const transferMs = (t.lastByteMs ?? t.headersMs ?? t.durationMs) - (t.connectMs ?? 0);
    const redirect = t.location === undefined ? '' : `, redirect to ${t.location.slice(0, 100)} (not followed)`;
    const text = `HTTP ${t.status}, ${t.bytes} bytes in ${ms(transferMs)}${redirect}`;
    return { kind: 'complete', status: t.status, bytes: t.bytes, transferMs, location: t.location, text };
  }
  if (t.end === 'max-bytes') {
    return { kind: 'truncated-at-limit', bytes: t.bytes, text: `HTTP ${t.status}, read ${t.bytes} bytes (the limit)` };
  }
  const quietSinceMs = t.lastByteMs ?? t.headersMs ?? t.requestSentMs ?? t.tlsMs ?? t.connectMs;
  const stalledForMs = quietSinceMs === undefined ? undefined : t.durationMs - quietSinceMs;
  // The probe's own stall timer decides (libuv timers may fire a fraction of a ms before performance.now agrees).
  const longGap = stalledForMs !== undefined && stalledForMs >= t.stallMs;
  if (stalledForMs !== undefined && (t.end === 'stalled' || (t.end === 'timeout' && longGap))) {
    const phase = t.headersMs === undefined ? 'headers' : 'body';
    const of = t.contentLength === undefined ? '' : ` of ${t.contentLength}`;
    const text =
      phase === 'body'
        ? `HTTP ${t.status} headers in, then nothing for ${ms(stalledForMs)} after ${t.bytes}${of} body bytes`
        : `connected, then no response for ${ms(stalledForMs)} after the request`;
    return { kind: 'stalled', phase, afterBytes: t.bytes, stalledForMs, text };
  }
  if (t.end === 'closed') {
    const code = t.error?.code ?? 'ECONNRESET';
    const detail = `closed after ${t.bytes} body bytes${t.error ? `: ${t.error.message}` : ''}`;
    return { kind: 'failed', code, detail, text: `${code}: ${detail}` };
  }
  const where = t.connectMs === undefined ? 'before the connection was made' : `after ${t.bytes} body bytes`;
  const detail = `no complete response within ${ms(t.durationMs)}, ${where}`;
  return { kind: 'failed', code: 'ETIMEDOUT', detail, text: `ETIMEDOUT: ${detail}` };
}

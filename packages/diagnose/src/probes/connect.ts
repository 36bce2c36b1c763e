import { setMaxListeners } from 'node:events';
import net from 'node:net';
import { constants } from 'node:os';
import type { ConnectResult, TcpLossSample } from '../types.js';

const MEANINGS: Record<string, string> = {
  ECONNREFUSED: 'the host answered with a reset: nothing listens on that port',
  ETIMEDOUT: 'no answer at all: a firewall drops the connection, or the host is down',
  EHOSTUNREACH: 'no route to the host: a router or firewall answered "unreachable" or "prohibited"',
  ENETUNREACH: 'no route to that network from here',
  EADDRNOTAVAIL:
    'no local address or port could be assigned: the ephemeral port range toward this destination is exhausted',
  ECONNRESET: 'the connection was reset as it opened',
  // Linux reports ICMPv6 "administratively prohibited" as EACCES (IPv4's admin-prohibited as EHOSTUNREACH).
  EACCES: 'refused as "administratively prohibited" by a firewall on the way (ICMPv6), or by a local policy',
  EPERM: 'blocked by a local firewall rule',
  ECANCELED: 'interrupted before it finished',
};

/** An OS error code in words. */
export function explainConnectError(code: string): string {
  return MEANINGS[code] ?? `the operating system said ${code}`;
}

/** One timed TCP connect: `ms` to the handshake or the error; `code` undefined when connected. */
export interface ConnectAttempt {
  ms: number;
  code: string | undefined;
}

/**
 * Open a TCP connection and close it again with a reset (no TIME_WAIT left behind), timed from the
 * connect call to the handshake. Never throws; an abort ends it with ECANCELED.
 */
export function probeTcpConnect(
  address: string,
  port: number,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<ConnectAttempt> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve({ ms: 0, code: 'ECANCELED' });
    const t0 = performance.now();
    const sock = net.connect({ host: address, port });
    const finish = (code: string | undefined) => {
      const ms = performance.now() - t0;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      sock.removeAllListeners();
      sock.on('error', () => {});
      if (code === undefined) sock.resetAndDestroy();
      else sock.destroy();
      resolve({ ms, code });
    };
    const onAbort = () => finish('ECANCELED');
    const timer = setTimeout(() => finish('ETIMEDOUT'), timeoutMs);
    signal?.addEventListener('abort', onAbort, { once: true });
    sock.once('connect', () => finish(undefined));
    sock.once('error', (e: NodeJS.ErrnoException) => finish(e.code ?? 'EUNKNOWN'));
  });
}

const median = (xs: readonly number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

/**
 * `samples` connects one after another (never overlapping, so each time is one handshake's); the first
 * attempt's outcome decides, and a failed one ends the series (a refused or dropped port will not change).
 */
export async function sampleTcpConnect(
  address: string,
  port: number,
  samples: number,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<ConnectResult> {
  const okMs: number[] = [];
  for (let i = 0; i < samples; i++) {
    const a = await probeTcpConnect(address, port, timeoutMs, signal);
    if (a.code !== undefined) {
      if (okMs.length) break; // a later attempt failing (interrupted, say) does not undo the handshakes seen
      const errno = (constants.errno as Record<string, number>)[a.code];
      return {
        address,
        port,
        ok: false,
        ms: a.ms,
        samplesMs: [],
        code: a.code,
        errno,
        meaning: explainConnectError(a.code),
      };
    }
    okMs.push(a.ms);
  }
  return {
    address,
    port,
    ok: true,
    ms: median(okMs),
    samplesMs: okMs,
    code: undefined,
    errno: undefined,
    meaning: undefined,
  };
}

/**
 * Loss measured with `probes` TCP handshakes at once (for a host that drops ICMP echo): a handshake that takes
 * longer than `lostAfterMs` (the kernel's first SYN retransmit comes after 1 s) or never completes lost a SYN
 * or a SYN-ACK. Connections close with a reset, so no TIME_WAIT piles up.
 */
export async function sampleTcpLoss(
  address: string,
  port: number,
  options: { probes: number; timeoutMs: number; lostAfterMs: number; signal?: AbortSignal },
): Promise<TcpLossSample> {
  // One listener on the caller's signal; the attempts listen on ours (one each, so the limit is raised for them).
  const ac = new AbortController();
  setMaxListeners(options.probes + 1, ac.signal);
  const onAbort = () => ac.abort();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  if (options.signal?.aborted) ac.abort();
  const attempts = await Promise.all(
    Array.from({ length: options.probes }, () => probeTcpConnect(address, port, options.timeoutMs, ac.signal)),
  ).finally(() => options.signal?.removeEventListener('abort', onAbort));
  // A refused or interrupted attempt says nothing about loss: only handshakes and silence count.
  const counted = attempts.filter((a) => a.code === undefined || a.code === 'ETIMEDOUT');
  const answered = counted.filter((a) => a.code === undefined && a.ms <= options.lostAfterMs);
  return {
    address,
    port,
    sent: counted.length,
    answered: answered.length,
    lost: counted.length - answered.length,
    samplesMs: answered.map((a) => a.ms),
  };
}

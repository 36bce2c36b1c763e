import dgram from 'node:dgram';
import { monotonicMs } from './clock.js';

/** An address as getaddrinfo returns it. */
export interface SystemAddress {
  address: string;
  family: 4 | 6;
}

/**
 * What getaddrinfo gave, timed on its own:
 * - `answered`: its addresses, in its order (RFC 6724: the first is what a connecting application tries first);
 * - `failed`: its error code (ENOTFOUND, EAI_AGAIN...);
 * - `slow`: no result after `waitedMs` (the lookup goes on in the background and is ignored);
 * - `interrupted`: the caller's signal fired after `waitedMs`, before it returned;
 * - `not-asked`: why it was not run.
 * `durationMs` and `waitedMs` are wall times in ms.
 */
export type SystemLookup =
  | { state: 'answered'; addresses: SystemAddress[]; durationMs: number }
  | { state: 'failed'; code: string; durationMs: number }
  | { state: 'slow'; waitedMs: number }
  | { state: 'interrupted'; waitedMs: number }
  | { state: 'not-asked'; why: string };

/** getaddrinfo for every family (`all: true`, family 0); injectable for tests. */
export type SystemResolver = (name: string) => Promise<SystemAddress[]>;

/** Node's getaddrinfo (libuv thread pool, through nsswitch: files, dns...), as applications call it. */
export const nodeSystemResolver: SystemResolver = async (name) => {
  // loaded when asked for, as the server resolver does (server-address.ts)
  const { lookup } = await import('node:dns/promises');
  return (await lookup(name, { all: true, family: 0 })).map((a) => ({
    address: a.address,
    family: a.family === 6 ? 6 : 4,
  }));
};

/**
 * Run getaddrinfo and wait for it at most `waitMs`. getaddrinfo cannot be cancelled: when the wait runs
 * out (or `signal` fires) the lookup keeps running on its thread and its outcome is dropped quietly.
 */
export function querySystem(
  name: string,
  resolver: SystemResolver,
  waitMs: number,
  signal?: AbortSignal,
): Promise<SystemLookup> {
  const t0 = monotonicMs();
  const elapsed = () => Math.round(monotonicMs() - t0);
  return new Promise((resolve) => {
    let done = false;
    const finish = (r: SystemLookup) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      resolve(r);
    };
    const onAbort = () => finish({ state: 'interrupted', waitedMs: elapsed() });
    const timer = setTimeout(() => finish({ state: 'slow', waitedMs: elapsed() }), waitMs);
    if (signal?.aborted) return onAbort();
    signal?.addEventListener('abort', onAbort, { once: true });
    resolver(name).then(
      (addresses) => finish({ state: 'answered', addresses, durationMs: monotonicMs() - t0 }),
      (e: unknown) =>
        finish({
          state: 'failed',
          code: (e as NodeJS.ErrnoException).code ?? String(e),
          durationMs: monotonicMs() - t0,
        }),
    );
  });
}

/**
 * Whether this machine has a route to `address`: a UDP socket is connected to it (the kernel looks the
 * route up; nothing is sent). `false` on ENETUNREACH/EHOSTUNREACH, `undefined` on any other error.
 */
export function probeRoute(address: string, family: 4 | 6): Promise<boolean | undefined> {
  return new Promise((resolve) => {
    const sock = dgram.createSocket(family === 6 ? 'udp6' : 'udp4');
    const finish = (v: boolean | undefined) => {
      try {
        sock.close();
      } catch {
        // already closed
      }
      resolve(v);
    };
    sock.on('error', (e: NodeJS.ErrnoException) => finish(/UNREACH/.test(e.code ?? '') ? false : undefined));
    sock.connect(53, address, (e?: Error) => {
      const code = (e as NodeJS.ErrnoException | undefined)?.code;
      finish(e ? (/UNREACH/.test(code ?? '') ? false : undefined) : true);
    });
  });
}

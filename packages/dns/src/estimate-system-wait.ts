import type { ResolvConf } from './resolv-conf.js';

/** How long the system resolver waits on silent servers before one that answers, per name it tries. */
export interface SystemWaitEstimate {
  /** Wait per name tried (each search candidate asked), in ms: the sum of the silent servers' timeouts. */
  perNameMs: number;
  /** The silent servers asked before the first that answers, in resolv.conf order, with each one's wait in ms. */
  silentBefore: Array<{ server: string; waitMs: number }>;
  /** The first server, in resolv.conf order, that answers; `undefined` when none does. */
  firstAnswering: string | undefined;
  /** With `options rotate` only a share of lookups start at a silent server: that share (0–1); 1 without rotate. */
  shareOfLookups: number;
}

/**
 * Estimate glibc's wait (res_send, one attempt round; the servers are asked one after another):
 * 1 - the servers that count are resolv.conf's first 3; A and AAAA wait once together (also with
 *     `single-request`, which only sends AAAA after A's answer from the same server: measured in the lab);
 * 2 - server i (from 0) waits `timeout` when i = 0, else `timeout × 2^i / nscount` whole seconds (at least 1 s),
 *     glibc's send_dg (lab: two silent servers before the live one, timeout 5 → 5 + 3 = 8 s, measured 8.16 s);
 * 3 - the wait is the sum over the silent servers before the first that answers (later ones are never asked);
 * 4 - with `rotate` a lookup starts at a random server: only lookups that start before the first answering one
 *     wait, so the share is (silent servers before it) / nscount, and their wait is at most the sum in 3;
 * 5 - no server answering gives `undefined` for firstAnswering: the lookup fails after attempts × every wait.
 * `answering` is the set of servers that answered this time (either type).
 */
export function estimateSystemWait(
  conf: Pick<ResolvConf, 'nameservers' | 'timeoutMs' | 'attempts' | 'rotate'>,
  answering: ReadonlySet<string>,
): SystemWaitEstimate {
  const servers = conf.nameservers.slice(0, 3);
  const timeoutS = Math.max(1, Math.round(conf.timeoutMs / 1000));
  const waitOf = (i: number) =>
    1000 * (i === 0 ? timeoutS : Math.max(1, Math.floor((timeoutS * 2 ** i) / servers.length)));
  const firstIndex = servers.findIndex((s) => answering.has(s));
  const before =
    firstIndex === -1 ? servers.map((s, i) => ({ s, i })) : servers.slice(0, firstIndex).map((s, i) => ({ s, i }));
  const silentBefore = before.map(({ s, i }) => ({ server: s, waitMs: waitOf(i) }));
  return {
    perNameMs: silentBefore.reduce((sum, x) => sum + x.waitMs, 0),
    silentBefore,
    firstAnswering: firstIndex === -1 ? undefined : servers[firstIndex],
    shareOfLookups: conf.rotate && servers.length ? silentBefore.length / servers.length : 1,
  };
}

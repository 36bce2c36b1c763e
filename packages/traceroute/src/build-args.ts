import type { TraceTool } from './types.js';

/** What to ask traceroute for. */
export interface TraceOptions {
  /** Probe method: UDP (default, unprivileged), ICMP echo (-I) or TCP SYN (-T, needs root). */
  method?: 'udp' | 'icmp' | 'tcp';
  /** Destination port (UDP base port or TCP port; TCP defaults to 80). */
  port?: number;
  /** First TTL (default 1). */
  firstTtl?: number;
  /** Maximum TTL (default 30). */
  maxTtl?: number;
  /** Probes per hop (default 3). */
  probesPerHop?: number;
  /** How long to wait for a probe (default 2000 ms; traceroute's own default is 5 s). */
  waitMs?: number;
  /**
   * Wait the whole `waitMs` for every probe (traceroute -w MAX) instead of giving up after a
   * multiple of the RTT already seen (-w MAX,3,10, the default). For measuring loss: adaptive
   * waits turn a late reply (a busy host, a jittery link) into a lost one, most of all at
   * sub-millisecond hops where 3× the RTT is under a millisecond.
   */
  fixedWait?: boolean;
  /** Probes in flight at once (traceroute -N; default 16). */
  simultaneous?: number;
  /** Print reverse names too (default: numeric only). */
  resolveNames?: boolean;
  family?: 4 | 6;
  /**
   * Stop after this many consecutive silent hops beyond the last one that
   * answered (default 3; 0 disables): a blackholed destination must not cost
   * 30 hops × the wait.
   */
  giveUpAfter?: number;
  /**
   * Before concluding from silence (lost after hop N, or a destination further away than it is), send the
   * first silent hop one more probe after this pause, so a router whose ICMP error bucket was empty can
   * answer (default 2000 ms: a Linux router answers `!H` / `!X` once per 2 s at most once its burst is
   * spent; 0 disables). See planReprobe.
   */
  reprobeAfterMs?: number;
}

export const TRACE_DEFAULTS = {
  method: 'udp',
  firstTtl: 1,
  maxTtl: 30,
  probesPerHop: 3,
  waitMs: 2000,
  simultaneous: 16,
  giveUpAfter: 3,
  reprobeAfterMs: 2000,
} as const;

const secs = (ms: number) => String(Math.round(ms) / 1000);

/**
 * Arguments per tool; the host always comes last and has been validated
 * (parseTarget), so it can never be read as an option.
 */
export function buildTraceArgs(
  host: string,
  options: TraceOptions,
  tool: TraceTool,
): { command: string; args: string[] } {
  const o = { ...TRACE_DEFAULTS, ...options };
  const a: string[] = [];
  switch (tool) {
    case 'traceroute':
      if (o.method === 'icmp') a.push('-I');
      if (o.method === 'tcp') a.push('-T');
      if (o.port !== undefined) a.push('-p', String(o.port));
      if (o.family) a.push(`-${o.family}`);
      // -w MAX,HERE,NEAR: a single value would turn off the adaptive waits (give up on a lost probe after
      // 3× the RTT of its hop's other answers, or 10× the next hop's), and every lost probe would cost MAX.
      a.push('-f', String(o.firstTtl), '-m', String(o.maxTtl), '-q', String(o.probesPerHop));
      a.push('-w', o.fixedWait ? secs(o.waitMs) : `${secs(o.waitMs)},3,10`, '-N', String(o.simultaneous));
      if (!o.resolveNames) a.push('-n');
      return { command: 'traceroute', args: [...a, '--', host] };
    case 'tracepath':
      if (!o.resolveNames) a.push('-n');
      if (o.family) a.push(`-${o.family}`);
      a.push('-m', String(o.maxTtl));
      if (o.port !== undefined) a.push('-p', String(o.port));
      return { command: 'tracepath', args: [...a, host] };
    case 'bsd-traceroute':
      if (o.method === 'icmp') a.push('-I');
      if (o.method === 'tcp') a.push('-P', 'TCP');
      if (o.port !== undefined) a.push('-p', String(o.port));
      a.push('-f', String(o.firstTtl), '-m', String(o.maxTtl), '-q', String(o.probesPerHop));
      a.push('-w', String(Math.max(1, Math.round(o.waitMs / 1000))));
      if (!o.resolveNames) a.push('-n');
      return { command: o.family === 6 ? 'traceroute6' : 'traceroute', args: [...a, host] };
    case 'tracert':
      if (!o.resolveNames) a.push('-d');
      if (o.family) a.push(`-${o.family}`);
      a.push('-h', String(o.maxTtl), '-w', String(Math.round(o.waitMs)));
      return { command: 'tracert', args: [...a, host] };
  }
}

/** The problem with the options in words, or undefined. */
export function validateTraceOptions(o: TraceOptions): string | undefined {
  const intIn = (v: number | undefined, lo: number, hi: number) =>
    v === undefined || (Number.isInteger(v) && v >= lo && v <= hi);
  if (!intIn(o.firstTtl, 1, 255)) return `first TTL must be 1–255 (got ${o.firstTtl})`;
  if (!intIn(o.maxTtl, 1, 255)) return `max TTL must be 1–255 (got ${o.maxTtl})`;
  if ((o.firstTtl ?? 1) > (o.maxTtl ?? 30)) return `first TTL ${o.firstTtl} is above the max TTL ${o.maxTtl ?? 30}`;
  if (!intIn(o.probesPerHop, 1, 10)) return `probes per hop must be 1–10 (got ${o.probesPerHop})`;
  if (!intIn(o.port, 1, 65535)) return `port must be 1–65535 (got ${o.port})`;
  if (!intIn(o.simultaneous, 1, 128)) return `simultaneous probes must be 1–128 (got ${o.simultaneous})`;
  if (!intIn(o.giveUpAfter, 0, 255)) return `give-up-after must be 0–255 (got ${o.giveUpAfter})`;
  const pause = o.reprobeAfterMs;
  if (pause !== undefined && !(pause >= 0 && pause <= 60_000)) return `re-probe pause must be 0–60 s (got ${pause} ms)`;
  if (o.waitMs !== undefined && !(o.waitMs >= 10 && o.waitMs <= 60_000))
    return `wait must be 0.01–60 s (got ${o.waitMs} ms)`;
  return undefined;
}

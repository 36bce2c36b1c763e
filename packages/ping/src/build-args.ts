import type { Platform } from '@netcheck/core';

/** What to ask ping for. Every field is optional; defaults are the CLI's. */
export interface PingOptions {
  /** Probes to send (default 4). */
  count?: number;
  /**
   * Time between probes (default 1000 ms). iputils lets ordinary users go down to 2 ms since 2021 (200 ms
   * before; core's `detectPingMinIntervalMs` asks the installed one); root has no limit, but below 2 ms is a flood.
   */
  intervalMs?: number;
  /** How long to wait for each reply (default 2000 ms). */
  timeoutMs?: number;
  /** Stop the whole run after this long, whatever the count. */
  deadlineMs?: number;
  /** ICMP payload size in bytes (ping's -s). */
  sizeBytes?: number;
  /** IP version to force. */
  family?: 4 | 6;
  /** Source address or interface name. */
  source?: string;
  /** TTL (hop limit) to send with. */
  ttl?: number;
}

export const PING_DEFAULTS = { count: 4, intervalMs: 1000, timeoutMs: 2000 } as const;

const seconds = (ms: number) => String(Math.round(ms) / 1000);

/**
 * Arguments for the system ping, per platform. The host always comes last,
 * after "--" where the tool understands it, and has been validated before
 * (parseTarget), so it can never be read as an option.
 * Linux (iputils) always gets -n (no reverse lookups: they stall output) and
 * -O (report a missing reply when the next probe goes out, so timeouts stream).
 */
export function buildPingArgs(
  host: string,
  options: PingOptions,
  platform: Platform | 'busybox',
): { command: string; args: string[] } {
  const o = { ...PING_DEFAULTS, ...options };
  const a: string[] = [];
  switch (platform) {
    case 'linux':
      a.push('-n', '-O', '-c', String(o.count), '-i', seconds(o.intervalMs), '-W', seconds(o.timeoutMs));
      if (o.deadlineMs !== undefined) a.push('-w', String(Math.max(1, Math.ceil(o.deadlineMs / 1000))));
      if (o.sizeBytes !== undefined) a.push('-s', String(o.sizeBytes));
      if (o.ttl !== undefined) a.push('-t', String(o.ttl));
      if (o.family) a.push(`-${o.family}`);
      if (o.source) a.push('-I', o.source);
      return { command: 'ping', args: [...a, '--', host] };
    case 'busybox':
      a.push('-c', String(o.count), '-W', String(Math.max(1, Math.ceil(o.timeoutMs / 1000))));
      if (o.deadlineMs !== undefined) a.push('-w', String(Math.max(1, Math.ceil(o.deadlineMs / 1000))));
      if (o.sizeBytes !== undefined) a.push('-s', String(o.sizeBytes));
      if (o.ttl !== undefined) a.push('-t', String(o.ttl));
      if (o.family) a.push(`-${o.family}`);
      if (o.source) a.push('-I', o.source);
      return { command: 'busybox', args: ['ping', ...a, host] };
    case 'darwin':
      a.push('-n', '-c', String(o.count), '-i', seconds(o.intervalMs), '-W', String(Math.round(o.timeoutMs)));
      if (o.deadlineMs !== undefined) a.push('-t', String(Math.max(1, Math.ceil(o.deadlineMs / 1000))));
      if (o.sizeBytes !== undefined) a.push('-s', String(o.sizeBytes));
      if (o.ttl !== undefined) a.push('-m', String(o.ttl));
      if (o.source) a.push('-S', o.source);
      return { command: o.family === 6 ? 'ping6' : 'ping', args: [...a, '--', host] };
    case 'win32':
      a.push('-n', String(o.count), '-w', String(Math.round(o.timeoutMs)));
      if (o.sizeBytes !== undefined) a.push('-l', String(o.sizeBytes));
      if (o.ttl !== undefined) a.push('-i', String(o.ttl));
      if (o.family) a.push(`-${o.family}`);
      if (o.source) a.push('-S', o.source);
      return { command: 'ping', args: [...a, host] };
  }
}

/** Reject option values ping would misread or refuse, before anything is spawned. Returns the problem in words, or undefined. */
export function validatePingOptions(o: PingOptions): string | undefined {
  const intIn = (v: number | undefined, lo: number, hi: number) =>
    v === undefined || (Number.isInteger(v) && v >= lo && v <= hi);
  if (!intIn(o.count, 1, 1_000_000)) return `count must be a whole number from 1 to 1000000 (got ${o.count})`;
  if (o.intervalMs !== undefined && !(o.intervalMs >= 2 && o.intervalMs <= 3_600_000))
    return `interval must be from 0.002 s to 3600 s (got ${o.intervalMs} ms)`;
  if (o.timeoutMs !== undefined && !(o.timeoutMs >= 1 && o.timeoutMs <= 3_600_000))
    return `timeout must be from 0.001 s to 3600 s (got ${o.timeoutMs} ms)`;
  if (!intIn(o.ttl, 1, 255)) return `ttl must be a whole number from 1 to 255 (got ${o.ttl})`;
  if (!intIn(o.sizeBytes, 0, 65507)) return `size must be a whole number of bytes from 0 to 65507 (got ${o.sizeBytes})`;
  if (o.source !== undefined && !/^[A-Za-z0-9_.:%-]{1,64}$/.test(o.source))
    return `source must be an address or interface name (got "${o.source.slice(0, 40)}")`;
  if (o.source?.startsWith('-')) return 'source must not start with "-"';
  return undefined;
}

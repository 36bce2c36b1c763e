import type { HopName, PathpingReport } from '@netcheck/pathping';
import type { MtrRunMeta } from './mtr.js';

/** The version of `netcheck mtr --json`'s document; raised when a field changes meaning or goes away. */
export const MTR_JSON_VERSION = 1;

/** Numbers to `decimals` places (pure), deep: `0.007600000000000002` → `0.008`; integers stay as they are. */
export function roundNumbers<T>(value: T, decimals = 3): T {
  const f = 10 ** decimals;
  const walk = (v: unknown): unknown => {
    if (typeof v === 'number') return Number.isInteger(v) ? v : Math.round(v * f) / f;
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object' && !(v instanceof Date)) {
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    }
    return v;
  };
  return walk(value) as T;
}

/**
 * `netcheck mtr --json`'s document (pure): a `version`, when it started and ended (ISO 8601), the source host,
 * the report without its raw probes, numbers rounded to 3 decimals, and `names` (address → reverse name and
 * origin AS) when names or AS numbers were looked up.
 */
export function buildMtrJson(
  r: PathpingReport,
  meta: MtrRunMeta & { endedAt: Date },
  names?: (address: string) => HopName,
): Record<string, unknown> {
  const addresses = [...new Set(r.hops.flatMap((h) => h.responders.map((x) => x.address)))];
  const named = names ? Object.fromEntries(addresses.map((a) => [a, names(a)])) : undefined;
  return roundNumbers({
    version: MTR_JSON_VERSION,
    startedAt: meta.startedAt.toISOString(),
    endedAt: meta.endedAt.toISOString(),
    source: meta.source,
    ...r,
    probes: undefined,
    names: named,
  });
}

const csvCell = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
const fixed = (x: number | undefined, d: number) => (x === undefined ? '' : x.toFixed(d));

/**
 * mtr's `--csv` (pure): a header, then one line per hop and responder:
 * `Mtr_Version,Start_Time,Status,Host,Hop,Ip,Loss%,Snt,Last,Avg,Best,Wrst,StDev` (Start_Time in Unix
 * seconds, as mtr writes it), then netcheck's Jitter and Verdict. Status is `OK`, or the failure's reason.
 */
export function renderMtrCsv(r: PathpingReport, meta: MtrRunMeta, names?: (address: string) => HopName): string[] {
  const head = 'Mtr_Version,Start_Time,Status,Host,Hop,Ip,Loss%,Snt,Last,Avg,Best,Wrst,StDev,Jitter,Verdict';
  const start = String(Math.floor(meta.startedAt.getTime() / 1000));
  const status = r.failure ? r.failure.reason : 'OK';
  const lines = [head];
  for (const h of r.hops) {
    const v = r.attribution.verdicts.find((x) => x.ttl === h.ttl)?.kind ?? '';
    const ips = h.responders.length ? h.responders.map((x) => x.address) : ['???'];
    for (const ip of ips) {
      const name = names?.(ip).name;
      const shown = name ? `${name} (${ip})` : ip;
      const times = [h.lastMs, h.avgMs, h.bestMs, h.worstMs, h.stdevMs, h.jitterMs].map((x) => fixed(x, 2));
      const row = ['netcheck', start, status, r.target, String(h.ttl), shown, fixed(h.lossPct, 2), String(h.sent)];
      lines.push([...row, ...times, v].map(csvCell).join(','));
    }
  }
  return lines;
}

import { readNumber, readPastedJson } from './pasted-json.js';
import { makePastedHop, quoteLine } from './pasted-hop.js';
import type { PastedHop, PastedPath } from './types.js';

interface TrippyHop {
  ttl?: unknown;
  hosts?: Array<{ ip?: unknown; hostname?: unknown }>;
  loss_pct?: unknown;
  sent?: unknown;
  recv?: unknown;
  last?: unknown;
  avg?: unknown;
  best?: unknown;
  worst?: unknown;
  stddev?: unknown;
}

/**
 * Parse trippy's JSON report (`trip --mode json`) (pure): `{ info: { target: { ip, hostname } }, hops: [{ ttl,
 * hosts: [{ ip, hostname }], loss_pct, sent, recv, last, avg, best, worst, stddev, ... }] }`. trippy prints its
 * figures as fixed-width strings ("10.00"); numbers are read too. A hop with no host never answered.
 */
export function parseTrippyJson(text: string): PastedPath {
  const warnings: string[] = [];
  const parsed = readPastedJson(text, 'trippy-json', 'trippy json');
  if (!parsed.ok) return parsed.path;
  const doc = parsed.doc;
  const d = doc as { info?: { target?: { ip?: unknown; hostname?: unknown } }; hops?: unknown } | null;
  if (!d || !Array.isArray(d.hops)) {
    return {
      format: 'trippy-json',
      target: undefined,
      hops: [],
      warnings: ['trippy json: no hops array in the document'],
    };
  }
  const hops: PastedHop[] = [];
  for (const h of d.hops as TrippyHop[]) {
    const ttl = readNumber(h?.ttl);
    const sent = readNumber(h?.sent);
    const recv = readNumber(h?.recv);
    if (ttl === undefined || sent === undefined || recv === undefined) {
      warnings.push(`trippy json: hop not understood: ${quoteLine(JSON.stringify(h))}`);
      continue;
    }
    const hosts = Array.isArray(h.hosts) ? h.hosts.filter((x) => typeof x?.ip === 'string') : [];
    const answered = recv > 0 && hosts.length > 0;
    hops.push(
      makePastedHop(ttl, {
        addresses: hosts.map((x) => x.ip as string),
        names: hosts.map((x) => (typeof x.hostname === 'string' && x.hostname !== x.ip ? x.hostname : undefined)),
        sent,
        received: recv,
        lastMs: answered ? readNumber(h.last) : undefined,
        avgMs: answered ? readNumber(h.avg) : undefined,
        bestMs: answered ? readNumber(h.best) : undefined,
        worstMs: answered ? readNumber(h.worst) : undefined,
        stdevMs: answered ? readNumber(h.stddev) : undefined,
      }),
    );
  }
  const ip = d.info?.target?.ip;
  return { format: 'trippy-json', target: typeof ip === 'string' ? ip : undefined, hops, warnings };
}

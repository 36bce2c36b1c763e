import { readNumber, readPastedJson } from './pasted-json.js';
import { makePastedHop, quoteLine, receivedFromLoss } from './pasted-hop.js';
import type { PastedHop, PastedPath } from './types.js';

interface MtrHub {
  count?: unknown;
  host?: unknown;
  'Loss%'?: unknown;
  Snt?: unknown;
  Last?: unknown;
  Avg?: unknown;
  Best?: unknown;
  Wrst?: unknown;
  StDev?: unknown;
}

/**
 * Parse `mtr --json` output (pure): `{ report: { mtr: { dst, tests, ... }, hubs: [{ count, host, Loss%, Snt,
 * Last, Avg, Best, Wrst, StDev }] } }`. A hub whose `count` repeats the one before is a further responder
 * at that TTL (ECMP). A document of another shape gives no hops and one warning, never an exception.
 */
export function parseMtrJson(text: string): PastedPath {
  const warnings: string[] = [];
  const parsed = readPastedJson(text, 'mtr-json', 'mtr --json');
  if (!parsed.ok) return parsed.path;
  const doc = parsed.doc;
  const report = (doc as { report?: { mtr?: { dst?: unknown }; hubs?: unknown } } | null)?.report;
  if (!report || !Array.isArray(report.hubs)) {
    return {
      format: 'mtr-json',
      target: undefined,
      hops: [],
      warnings: ['mtr --json: no report.hubs array in the document'],
    };
  }
  const hops: PastedHop[] = [];
  for (const hub of report.hubs as MtrHub[]) {
    const ttl = readNumber(hub?.count);
    const sent = readNumber(hub?.Snt);
    const loss = readNumber(hub?.['Loss%']);
    const host = typeof hub?.host === 'string' ? hub.host : undefined;
    if (ttl === undefined || sent === undefined || loss === undefined || host === undefined) {
      warnings.push(`mtr --json: hub not understood: ${quoteLine(JSON.stringify(hub))}`);
      continue;
    }
    const prev = hops.at(-1);
    if (prev && prev.ttl === ttl) {
      prev.addresses.push(host);
      prev.names.push(undefined);
      continue;
    }
    const received = receivedFromLoss(sent, loss);
    const silent = host === '???' || received === 0;
    hops.push(
      makePastedHop(ttl, {
        addresses: silent ? [] : [host],
        names: silent ? [] : [undefined],
        sent,
        received,
        lastMs: silent ? undefined : readNumber(hub.Last),
        avgMs: silent ? undefined : readNumber(hub.Avg),
        bestMs: silent ? undefined : readNumber(hub.Best),
        worstMs: silent ? undefined : readNumber(hub.Wrst),
        stdevMs: silent ? undefined : readNumber(hub.StDev),
      }),
    );
  }
  const dst = report.mtr?.dst;
  return { format: 'mtr-json', target: typeof dst === 'string' ? dst : undefined, hops, warnings };
}

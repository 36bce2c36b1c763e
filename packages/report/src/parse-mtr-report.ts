import { makePastedHop, quoteLine, receivedFromLoss } from './pasted-hop.js';
import type { PastedHop, PastedPath } from './types.js';

// "  3.|-- 10.0.3.2     10.0%   100   22.1  21.5  20.3  25.0   0.8" (mtr --report, with or without -w)
const HOP = /^\s*(\d+)\.\s*\|--\s+(\S+)\s+([\d.]+)%\s+(\d+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s*$/;
// ECMP: a further responder at the TTL above, on its own line ("    |-- 10.0.3.9")
const MORE = /^\s+\|--\s+(\S+)\s*$/;
const START = /^Start:\s/;
const HEADER = /^HOST:\s*(\S+)?.*Loss%\s+Snt/;

/**
 * Parse `mtr --report` / `mtr -r -w` text (pure). `???` is a hop that never answered. The target is not in
 * the report: it is the last hop's address when that hop answered.
 * 1 - a numbered `|--` line is one TTL with mtr's columns Loss% Snt Last Avg Best Wrst StDev;
 * 2 - an unnumbered `|--` line adds a responder to the TTL above it (mtr prints ECMP that way);
 * 3 - received = Snt × (1 − Loss%), rounded: mtr prints Loss% with one decimal, which is exact for Snt ≤ 1000.
 */
export function parseMtrReport(text: string): PastedPath {
  const hops: PastedHop[] = [];
  const warnings: string[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\r$/, '');
    if (line.startsWith('# ')) continue; // a fixture's note
    if (!line.trim() || START.test(line) || HEADER.test(line)) continue;
    const m = HOP.exec(line);
    if (m) {
      const [, ttl, host, loss, snt, last, avg, best, wrst, stdev] = m;
      const sent = Number(snt);
      const received = receivedFromLoss(sent, Number(loss));
      const silent = host === '???' || received === 0;
      hops.push(
        makePastedHop(Number(ttl), {
          addresses: silent ? [] : [host!],
          names: silent ? [] : [undefined],
          sent,
          received,
          lastMs: silent ? undefined : Number(last),
          avgMs: silent ? undefined : Number(avg),
          bestMs: silent ? undefined : Number(best),
          worstMs: silent ? undefined : Number(wrst),
          stdevMs: silent ? undefined : Number(stdev),
        }),
      );
      continue;
    }
    const more = MORE.exec(line);
    if (more && hops.length) {
      const h = hops.at(-1)!;
      h.addresses.push(more[1]!);
      h.names.push(undefined);
      continue;
    }
    warnings.push(`mtr report: line not understood: ${quoteLine(line)}`);
  }
  const last = hops.at(-1);
  return { format: 'mtr-report', target: last?.addresses[0], hops, warnings };
}

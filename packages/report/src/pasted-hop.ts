import type { PastedHop } from './types.js';

/** A pasted hop with every optional figure absent; parsers fill in what their tool printed (pure). */
export function makePastedHop(ttl: number, fields: Partial<PastedHop> = {}): PastedHop {
  return {
    ttl,
    addresses: [],
    names: [],
    sent: 0,
    received: 0,
    lastMs: undefined,
    avgMs: undefined,
    bestMs: undefined,
    worstMs: undefined,
    stdevMs: undefined,
    rttsMs: undefined,
    annotation: undefined,
    ...fields,
  };
}

/** A quoted line for warnings[]: control characters escaped, cut to 200 characters. */
export function quoteLine(line: string): string {
  // eslint-disable-next-line no-control-regex
  const clean = line.replace(/[\u0000-\u001f\u007f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
  return JSON.stringify(clean.length > 200 ? `${clean.slice(0, 200)}…` : clean);
}

/** Received probes from a sent count and a loss percentage as printed (rounded to the nearest whole probe). */
export function receivedFromLoss(sent: number, lossPct: number): number {
  return Math.max(0, Math.min(sent, Math.round(sent * (1 - lossPct / 100))));
}

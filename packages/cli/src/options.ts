import { InvalidArgumentError } from '@commander-js/extra-typings';

/** A commander value parser for a number within bounds; the message says what was expected and what was received. */
export function numberOption(what: string, opts: { min: number; max: number; integer?: boolean }): (value: string) => number {
  return (value: string) => {
    const n = Number(value);
    if (value.trim() === '' || !Number.isFinite(n)) throw new InvalidArgumentError(`${what} must be a number (got "${value.slice(0, 40)}")`);
    if (opts.integer && !Number.isInteger(n)) throw new InvalidArgumentError(`${what} must be a whole number (got ${value})`);
    if (n < opts.min || n > opts.max) throw new InvalidArgumentError(`${what} must be from ${opts.min} to ${opts.max} (got ${value})`);
    return n;
  };
}

/** Format a millisecond figure the way ping does: 3 significant decimals below 10 ms, one above. */
export function fmtMs(ms: number | undefined): string {
  if (ms === undefined) return '-';
  return ms < 10 ? ms.toFixed(3) : ms < 100 ? ms.toFixed(2) : ms.toFixed(1);
}

/** Format a percentage: one decimal below 10, whole numbers above. */
export function fmtPct(pct: number | undefined): string {
  if (pct === undefined) return '-';
  return pct > 0 && pct < 10 && pct % 1 !== 0 ? pct.toFixed(1) : Math.round(pct).toString();
}

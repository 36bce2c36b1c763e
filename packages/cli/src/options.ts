import { InvalidArgumentError, type Command } from '@commander-js/extra-typings';
import { escapeControl, NetcheckError } from '@netcheck/core';

/** A commander value parser for a number within bounds; the message says what was expected and what was received. */
export function numberOption(
  what: string,
  opts: { min: number; max: number; integer?: boolean },
): (value: string) => number {
  return (value: string) => {
    const n = Number(value);
    if (value.trim() === '' || !Number.isFinite(n))
      throw new InvalidArgumentError(`${what} must be a number (got "${value.slice(0, 40)}")`);
    if (opts.integer && !Number.isInteger(n))
      throw new InvalidArgumentError(`${what} must be a whole number (got ${value})`);
    if (n < opts.min || n > opts.max)
      throw new InvalidArgumentError(`${what} must be from ${opts.min} to ${opts.max} (got ${value})`);
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

/** Bounds of a numeric option value. */
export interface NumberLimits {
  min: number;
  max: number;
  integer?: boolean;
}

/**
 * Parse a `key=value` option (`--rule close-wait-leak.minCloseWait=5`) against an allow-list (pure).
 * 1 - the key must be one of `allowed`'s own keys, compared as a string: `constructor.name`, `__proto__.x` or
 *     `toString` are unknown keys like any other, never a path into an object;
 * 2 - the value must be a plain decimal number within the key's limits.
 * Returns a fresh `{ key, value }`; throws NetcheckError('usage') naming what was expected and what was received.
 */
export function parseKeyValueOption(
  text: string,
  allowed: ReadonlyMap<string, NumberLimits>,
): { key: string; value: number } {
  const shown = escapeControl(text.slice(0, 60));
  const eq = text.indexOf('=');
  if (eq <= 0) {
    const example = [...allowed.keys()][0] ?? 'key';
    throw new NetcheckError('usage', `expected key=number, e.g. ${example}=5 (got "${shown}")`);
  }
  const key = text.slice(0, eq);
  const valueText = text.slice(eq + 1);
  const limits = allowed.get(key);
  if (limits === undefined) {
    const known = `known: ${[...allowed.keys()].join(', ')}`;
    throw new NetcheckError('usage', `unknown key "${escapeControl(key.slice(0, 60))}"`, known);
  }
  if (!/^-?\d+(?:\.\d+)?$/.test(valueText)) {
    throw new NetcheckError('usage', `${key} must be a number (got "${escapeControl(valueText.slice(0, 40))}")`);
  }
  const value = Number(valueText);
  if (limits.integer && !Number.isInteger(value)) {
    throw new NetcheckError('usage', `${key} must be a whole number (got ${valueText})`);
  }
  if (value < limits.min || value > limits.max) {
    throw new NetcheckError('usage', `${key} must be from ${limits.min} to ${limits.max} (got ${valueText})`);
  }
  return { key, value };
}

/**
 * Group parsed `group.name=value` pairs into `{ group: { name: value } }` (pure), on objects without a
 * prototype, so no key can reach `Object.prototype` whatever it is. A later pair for the same key wins.
 */
export function nestKeyValues(
  pairs: readonly { key: string; value: number }[],
): Record<string, Record<string, number>> {
  const out = Object.create(null) as Record<string, Record<string, number>>;
  for (const { key, value } of pairs) {
    const dot = key.indexOf('.');
    const [group, name] = dot < 0 ? ['', key] : [key.slice(0, dot), key.slice(dot + 1)];
    out[group] ??= Object.create(null) as Record<string, number>;
    const inner = out[group]!;
    inner[name] = value;
  }
  return out;
}

/**
 * Declare pairs of options that cannot be used together (by attribute name: '4', 'json', 'icmp'): commander then
 * stops with "option '-4' cannot be used with option '-6'" (exit 2) before the action runs. Defaults never conflict.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyCommand = Command<any, any, any>;

export function declareConflicts<C extends AnyCommand>(cmd: C, pairs: readonly (readonly [string, string])[]): C {
  for (const [a, b] of pairs) {
    const option = cmd.options.find((o) => o.attributeName() === a);
    if (!option || !cmd.options.some((o) => o.attributeName() === b)) {
      throw new Error(`declareConflicts: ${cmd.name()} has no option ${option ? b : a}`);
    }
    option.conflicts(b);
  }
  return cmd;
}

import type { PastedPath } from './types.js';

/** A JSON figure as a number: numbers, and numeric strings (trippy prints "10.00"); `undefined` for anything else. */
export function readNumber(v: unknown): number | undefined {
  const n = typeof v === 'string' ? Number(v) : v;
  return typeof n === 'number' && Number.isFinite(n) ? n : undefined;
}

/**
 * Parse a pasted JSON document (pure): the document, or — when it is not JSON — the empty path with one warning
 * that names the tool (`label`), never an exception.
 */
export function readPastedJson(
  text: string,
  format: PastedPath['format'],
  label: string,
): { ok: true; doc: unknown } | { ok: false; path: PastedPath } {
  try {
    return { ok: true, doc: JSON.parse(text) };
  } catch (error) {
    return {
      ok: false,
      path: { format, target: undefined, hops: [], warnings: [`${label}: not JSON (${(error as Error).message})`] },
    };
  }
}

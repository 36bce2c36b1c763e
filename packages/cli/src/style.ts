import type { CliIo } from './context.js';

/** ANSI styling that disappears when colour is off, so piped output stays plain text. */
export interface Style {
  bold(s: string): string;
  dim(s: string): string;
  red(s: string): string;
  green(s: string): string;
  yellow(s: string): string;
  cyan(s: string): string;
}

const wrap = (on: boolean, open: number, close: number) => (s: string) =>
  on ? `\u001b[${open}m${s}\u001b[${close}m` : s;

/** Styling for this output. */
export function makeStyle(io: Pick<CliIo, 'color'>): Style {
  const c = io.color;
  return {
    bold: wrap(c, 1, 22),
    dim: wrap(c, 2, 22),
    red: wrap(c, 31, 39),
    green: wrap(c, 32, 39),
    yellow: wrap(c, 33, 39),
    cyan: wrap(c, 36, 39),
  };
}

/** Colour is used only on a terminal, and never when NO_COLOR is set (https://no-color.org). */
export function shouldUseColor(isTTY: boolean, env: Readonly<Record<string, string | undefined>>): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  const force = env.FORCE_COLOR;
  if (force !== undefined && force !== '' && force !== '0' && force !== 'false') return true;
  return isTTY && env.TERM !== 'dumb';
}

/** Print one JSON document (pretty, newline-terminated). */
export function writeJson(io: CliIo, value: unknown): void {
  io.out(`${JSON.stringify(value, jsonReplacer, 2)}\n`);
}

/** Print one NDJSON event line. */
export function writeNdjson(io: CliIo, value: unknown): void {
  io.out(`${JSON.stringify(value, jsonReplacer)}\n`);
}

// undefined fields vanish from JSON on their own; errors and bigints need help.
function jsonReplacer(_key: string, value: unknown): unknown {
  if (value instanceof Error) return { name: value.name, message: value.message };
  if (typeof value === 'bigint') return value.toString();
  return value;
}

/** Pad cells into aligned columns; `right` lists the column indexes to right-align (numbers). */
export function renderTable(rows: readonly (readonly string[])[], right: readonly number[] = []): string[] {
  // eslint-disable-next-line no-control-regex
  const visible = (s: string) => s.replace(/\u001b\[[0-9;]*m/g, '').length;
  const widths: number[] = [];
  for (const row of rows) for (const [i, cell] of row.entries()) widths[i] = Math.max(widths[i] ?? 0, visible(cell));
  return rows.map((row) =>
    row
      .map((cell, i) => {
        const pad = ' '.repeat((widths[i] ?? 0) - visible(cell));
        return right.includes(i) ? pad + cell : i === row.length - 1 ? cell : cell + pad;
      })
      .join('  ')
      .trimEnd(),
  );
}

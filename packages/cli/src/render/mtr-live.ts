import type { RoundEvent } from '@netcheck/pathping';
import type { Style } from '../style.js';
import type { MtrView } from './mtr.js';
import { fitLine, renderMtrTable } from './mtr.js';

/** The live view's state: what it shows and what the keys asked for. */
export interface LiveState {
  view: MtrView;
  paused: boolean;
  /** The keys asked to end (q, Ctrl-C) or to start the counts again (r); the loop carries them out. */
  action: 'quit' | 'reset' | undefined;
}

/** The keys of the live view, as mtr has them. */
export const LIVE_KEYS_HELP = 'q quit  p pause  r reset  n names  d display  o order';

const cycle = <T>(list: readonly T[], x: T): T => list[(list.indexOf(x) + 1) % list.length] ?? x;

/**
 * What a key does (pure): q or Ctrl-C quit; p or space pause and resume the display; r resets the counts; n
 * switches names and numbers (both when names are shown, like mtr's -b); d cycles loss / latency / jitter; o
 * cycles the order (hop, worst loss first, slowest first). Other keys change nothing.
 */
export function applyLiveKey(s: LiveState, key: string): LiveState {
  const v = s.view;
  switch (key) {
    case 'q':
    case '\u0003':
      return { ...s, action: 'quit' };
    case 'p':
    case ' ':
      return { ...s, paused: !s.paused };
    case 'r':
      return { ...s, action: 'reset', paused: false };
    case 'n':
      return { ...s, view: { ...v, hosts: v.hosts === 'numbers' ? 'names' : 'numbers' } };
    case 'd':
      return { ...s, view: { ...v, mode: cycle(['loss', 'latency', 'jitter'] as const, v.mode) } };
    case 'o':
      return { ...s, view: { ...v, order: cycle(['hop', 'loss', 'latency'] as const, v.order) } };
    default:
      return s;
  }
}

/**
 * One screen of the live view (pure): a title, the keys, the table of the last round. Every line fits in
 * `columns - 1` visible characters, so that each line is exactly one screen row (a line as wide as the screen
 * makes some terminals wrap), and there are at most `rows - 1` lines.
 */
export function renderLiveScreen(
  s: LiveState,
  target: string,
  last: RoundEvent | undefined,
  size: { columns: number; rows: number },
  style: Style,
): string[] {
  const width = Math.max(20, size.columns - 1);
  const round = last ? `round ${last.round}` : 'finding the path…';
  // What changes most is first, so a narrow terminal cuts the least telling part: the target's name.
  const flags = [s.paused ? 'PAUSED' : '', `display: ${s.view.mode}`, `order: ${s.view.order}`, s.view.hosts];
  const title = `${round}  ${flags.filter(Boolean).join(', ')}  mtr to ${target}`;
  const table = last ? renderMtrTable(last.hops, last.attribution, style, s.view, width) : [];
  const lines = [style.bold(title), style.dim(`keys: ${LIVE_KEYS_HELP}`), '', ...table];
  return lines.slice(0, Math.max(3, size.rows - 1)).map((l) => fitLine(l, width));
}

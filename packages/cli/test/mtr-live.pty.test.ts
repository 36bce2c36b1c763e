import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../dist/bin.js', import.meta.url));
const PTY = fileURLToPath(new URL('./pty-run.py', import.meta.url));

/** Run the built CLI on a pseudo-terminal `columns` wide, typing `keys` at their times; the raw output and exit. */
async function onPty(columns: number, keys: [number, string][], args: string[]) {
  const argv = [PTY, String(columns), '24', JSON.stringify(keys), '--', process.execPath, BIN, ...args];
  const { stdout } = await promisify(execFile)('python3', argv, { timeout: 40_000, maxBuffer: 1 << 24 });
  const exit = Number(/\nEXIT (-?\d+)\n$/.exec(stdout)?.[1]);
  const [live = '', after = ''] = stdout.split('\u001b[?1049l');
  const screen = emulateScreen(live.split('\u001b[?1049h').at(-1) ?? '', columns, 24);
  // eslint-disable-next-line no-control-regex
  const plain = (s: string) => s.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '');
  // Each redraw starts at the top left corner (ESC [H): a frame is one screen, its lines split at CR LF.
  const frames = live
    .split('\u001b[H')
    .slice(1)
    .map((f) => plain(f).split(/\r+\n/));
  return { exit, frames, screen, after: plain(after) };
}

/**
 * What a terminal `columns` x `rows` shows after `output` (a small VT100 subset: printing with auto-wrap, CR, LF
 * with scrolling, ESC[H, ESC[nA, ESC[K, ESC[J; colours and modes ignored): the screen a user would see.
 */
function emulateScreen(output: string, columns: number, rows: number): string[] {
  const screen = Array.from({ length: rows }, () => ' '.repeat(columns));
  let [x, y] = [0, 0];
  const put = (row: number, col: number, text: string) => {
    const line = screen[row] ?? '';
    screen[row] = (line.slice(0, col) + text + line.slice(col + text.length)).slice(0, columns);
  };
  const lineFeed = () => {
    if (y < rows - 1) y++;
    else screen.push(screen.shift()?.replace(/./g, ' ') ?? '');
  };
  // eslint-disable-next-line no-control-regex
  const tokens = output.match(/\u001b\[[0-9;?]*[A-Za-z]|[\r\n]|[^\u001b\r\n]/gu) ?? [];
  for (const t of tokens) {
    if (t === '\r') x = 0;
    else if (t === '\n') lineFeed();
    else if (t.startsWith('\u001b[')) {
      const n = Number(/\d+/.exec(t)?.[0] ?? 1);
      if (t === '\u001b[H') [x, y] = [0, 0];
      else if (t.endsWith('A')) y = Math.max(0, y - n);
      else if (t.endsWith('K')) put(y, x, ' '.repeat(columns - x));
      else if (t.endsWith('J')) {
        put(y, x, ' '.repeat(columns - x));
        for (let r = y + 1; r < rows; r++) screen[r] = ' '.repeat(columns);
      }
    } else {
      if (x >= columns) {
        x = 0;
        lineFeed();
      }
      put(y, x++, t);
    }
  }
  return screen.map((l) => l.trimEnd());
}

describe.each([80, 160])('the live view at %i columns (loopback)', (columns) => {
  it('fits every line in one screen row, answers d / n / p / o, runs until q, then prints the report', async () => {
    const keys: [number, string][] = [
      [2.5, 'd'],
      [3, 'o'],
      [3.5, 'p'],
      [4, 'n'],
      [5, 'q'],
    ];
    const { exit, frames, screen, after } = await onPty(columns, keys, ['mtr', '127.0.0.1', '-i', '0.5']);
    expect(exit).toBe(0);
    expect(frames.length).toBeGreaterThan(4);
    for (const f of frames) for (const line of f) expect(line.length).toBeLessThan(columns);
    // The screen as the terminal shows it after every redraw: one title, one header, no stale ones.
    expect(screen.filter((l) => /^\s*Host\b/.test(l))).toHaveLength(1);
    expect(screen.filter((l) => /mtr to 127\.0\.0\.1/.test(l))).toHaveLength(1);
    expect(screen.filter((l) => /^\s*1\.\s/.test(l))).toHaveLength(1);
    // Still running after the 2.5 s a settled run used to end in: only q ended it.
    const titles = frames.map((f) => f[0] ?? '');
    expect(titles[0]).toMatch(/mtr to 127\.0\.0\.1/);
    expect(titles.some((t) => /display: latency/.test(t))).toBe(true);
    expect(titles.some((t) => /order: loss/.test(t))).toBe(true);
    expect(titles.some((t) => /PAUSED/.test(t))).toBe(true);
    expect(titles.at(-1)).toMatch(/numbers/);
    expect(frames.some((f) => f.some((l) => /^\s*Host\s+Snt\s+Last\s+Avg/.test(l)))).toBe(true);
    // The report after q: mtr's Start and HOST lines, the run ended by the key.
    expect(after).toMatch(/^Start: \d{4}-\d\d-\d\dT/m);
    expect(after).toMatch(/^HOST: /m);
    expect(after).toMatch(/netcheck mtr to 127\.0\.0\.1: \d+ rounds, [\d.]+ s \(aborted\)/);
  }, 60_000);
});

describe('emulateScreen (the check above would catch the old redraw)', () => {
  it('moving up by logical lines over wrapped 95-column lines leaves stale headers at 80 columns', () => {
    const frame = ['round N', `    Host${' '.repeat(80)}Verdict`, `1.  10.0.1.1${' '.repeat(76)}ok`];
    let out = '';
    for (let i = 0; i < 4; i++) out += `${i ? `\u001b[${frame.length}A\u001b[J` : ''}${frame.join('\n')}\n`;
    const headers = emulateScreen(out.replace(/\n/g, '\r\n'), 80, 24).filter((l) => /^\s*Host\b/.test(l));
    expect(headers.length).toBeGreaterThan(1);
    expect(emulateScreen(out.replace(/\n/g, '\r\n'), 160, 24).filter((l) => /^\s*Host\b/.test(l))).toHaveLength(1);
  });
});

describe('the live view started with -n', () => {
  it('sends no name lookup until n asks for names, then shows them', async () => {
    const { exit, frames, after } = await onPty(
      80,
      [
        [1.5, 'n'],
        [3.5, 'q'],
      ],
      ['mtr', '127.0.0.1', '-n', '-i', '0.5'],
    );
    expect(exit).toBe(0);
    expect(frames.some((f) => f.some((l) => /^\s*1\.\s+127\.0\.0\.1\s/.test(l)))).toBe(true);
    expect(after).toMatch(/^\s*1\.\s+localhost\s/m);
  }, 60_000);
});

describe('the live view without -i or --probes', () => {
  it("goes at mtr's pace: a round a second, one probe per hop a round (Snt = rounds)", async () => {
    const { exit, after } = await onPty(80, [[3.5, 'q']], ['mtr', '127.0.0.1', '-n']);
    expect(exit).toBe(0);
    const rounds = Number(/: (\d+) rounds/.exec(after)?.[1]);
    // Launched at 0, 1, 2 and 3 s; q at 3.5 s. At the old 0.25 s it was ~14 rounds of 10 probes.
    expect(rounds).toBeGreaterThanOrEqual(3);
    expect(rounds).toBeLessThanOrEqual(4);
    expect(after).toMatch(new RegExp(`^\\s*1\\.\\s+127\\.0\\.0\\.1\\s+\\S+%\\s+${rounds}\\s`, 'm'));
  }, 60_000);
});

describe('p in the live view', () => {
  it('pauses probing: the rounds stop (those in flight finish) until p again', async () => {
    const { exit, frames, after } = await onPty(
      80,
      [
        [1.5, 'p'],
        [5, 'q'],
      ],
      ['mtr', '127.0.0.1', '-n', '-i', '0.25'],
    );
    expect(exit).toBe(0);
    const rounds = frames
      .map((f) => f[0] ?? '')
      .filter((t) => /PAUSED/.test(t))
      .map((t) => Number(/round (\d+)/.exec(t)?.[1]));
    expect(rounds.length).toBeGreaterThanOrEqual(3);
    // At 4 rounds a second, 3.5 s unpaused would have added ~14 rounds; paused, only those in flight (at most 5).
    expect((rounds.at(-1) ?? 0) - (rounds[0] ?? 0)).toBeLessThanOrEqual(5);
    expect(Number(/: (\d+) rounds/.exec(after)?.[1])).toBeLessThanOrEqual((rounds[0] ?? 0) + 5);
  }, 60_000);
});

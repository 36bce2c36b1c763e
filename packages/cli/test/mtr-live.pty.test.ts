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
  // eslint-disable-next-line no-control-regex
  const plain = (s: string) => s.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '');
  // Each redraw starts at the top left corner (ESC [H): a frame is one screen, its lines split at CR LF.
  const frames = live
    .split('\u001b[H')
    .slice(1)
    .map((f) => plain(f).split(/\r+\n/));
  return { exit, frames, after: plain(after) };
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
    const { exit, frames, after } = await onPty(columns, keys, ['mtr', '127.0.0.1', '-i', '0.5']);
    expect(exit).toBe(0);
    expect(frames.length).toBeGreaterThan(4);
    for (const f of frames) for (const line of f) expect(line.length).toBeLessThan(columns);
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

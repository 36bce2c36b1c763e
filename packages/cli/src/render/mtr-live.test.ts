import type { ProbeOutcome, RoundEvent } from '@netcheck/pathping';
import { aggregateRounds, attributeHops } from '@netcheck/pathping';
import { describe, expect, it } from 'vitest';
import { makeStyle } from '../style.js';
import { DEFAULT_MTR_VIEW, renderMtrTable } from './mtr.js';
import type { LiveState } from './mtr-live.js';
import { applyLiveKey, renderLiveScreen } from './mtr-live.js';

/** A 6-hop path, 100 probes a hop, 10% lost from hop 4 on; long host names, as a real path has. */
function event(): RoundEvent {
  const probes: ProbeOutcome[] = [];
  for (let ttl = 1; ttl <= 6; ttl++)
    for (let r = 1; r <= 100; r++) {
      const lost = ttl >= 4 && r <= 10;
      probes.push({
        round: r,
        ttl,
        responder: lost ? undefined : `10.0.${ttl}.1`,
        rttMs: lost ? undefined : ttl * 11.3,
      });
    }
  const hops = aggregateRounds(probes);
  return { type: 'round', round: 10, hops, attribution: attributeHops(hops) };
}
const names = (a: string) => ({ name: `core-router-${a.replace(/\./g, '-')}.transit.example.net`, asn: undefined });
const start: LiveState = { view: { ...DEFAULT_MTR_VIEW, hosts: 'names', names }, paused: false, action: undefined };
const plain = makeStyle({ color: false });

describe('applyLiveKey', () => {
  it.each([
    ['q', { action: 'quit' }],
    ['\u0003', { action: 'quit' }],
    ['r', { action: 'reset' }],
    ['p', { paused: true }],
    [' ', { paused: true }],
    ['n', { view: expect.objectContaining({ hosts: 'numbers' }) }],
    ['d', { view: expect.objectContaining({ mode: 'latency' }) }],
    ['o', { view: expect.objectContaining({ order: 'loss' }) }],
  ] as const)('%j', (key, change) => expect(applyLiveKey(start, key)).toMatchObject(change));

  it('cycles the display loss -> latency -> jitter -> loss, and ignores other keys', () => {
    const press = (keys: string) => [...keys].reduce((x, key) => applyLiveKey(x, key), start).view.mode;
    const modes = ['d', 'dd', 'ddd'].map(press);
    expect(modes).toEqual(['latency', 'jitter', 'loss']);
    expect(applyLiveKey(start, 'x')).toBe(start);
  });
});

describe('renderLiveScreen', () => {
  it('the full table is wider than 80 columns (why fitting matters)', () => {
    const e = event();
    const full = renderMtrTable(e.hops, e.attribution, plain, start.view);
    expect(Math.max(...full.map((l) => l.length))).toBeGreaterThan(100);
  });

  it.each([80, 160])('at %i columns every line is shorter than the screen, every hop on its own row', (columns) => {
    const screen = renderLiveScreen(start, 'web.lab', event(), { columns, rows: 40 }, plain);
    for (const l of screen) expect(l.length).toBeLessThan(columns);
    expect(screen.filter((l) => /^\s*\d+\.\s/.test(l))).toHaveLength(6);
    expect(screen.find((l) => /Host/.test(l))).toMatch(/Loss%\s+Snt/);
  });

  it('at 160 columns keeps the verdicts; at 80 drops the least useful columns first', () => {
    const wide = renderLiveScreen(start, 'web.lab', event(), { columns: 160, rows: 40 }, plain).join('\n');
    const narrow = renderLiveScreen(start, 'web.lab', event(), { columns: 80, rows: 40 }, plain).join('\n');
    expect(wide).toMatch(/LOSS STARTS HERE/);
    expect(wide).toMatch(/Jitter/);
    expect(narrow).not.toMatch(/Jitter/);
    expect(narrow).toMatch(/Avg/);
  });

  it('no more lines than the screen has rows', () => {
    expect(renderLiveScreen(start, 'web.lab', event(), { columns: 80, rows: 6 }, plain)).toHaveLength(5);
  });
});

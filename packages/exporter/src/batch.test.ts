import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { addToBatchSummary, EMPTY_BATCH_SUMMARY, parseBatchLine, runBatch } from './batch.js';

async function* linesOf(n: number, read: { count: number }) {
  for (let i = 1; i <= n; i++) {
    read.count++;
    yield i % 10 === 0 ? '# comment' : `host${i}.lab`;
  }
}

describe('parseBatchLine', () => {
  it.each([
    ['  web.lab:80 ', 'web.lab:80'],
    ['', undefined],
    ['   ', undefined],
    ['# a comment', undefined],
  ])('%j -> %j', (line, want) => expect(parseBatchLine(line)).toBe(want));
});

describe('runBatch', () => {
  it('keeps at most N in flight, reads input only as slots free, yields as each completes', async () => {
    const read = { count: 0 };
    let inFlight = 0;
    let peak = 0;
    let maxAhead = 0;
    let done = 0;
    const out = [];
    const probe = async (t: string) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await sleep(t.endsWith('3.lab') ? 30 : 1);
      inFlight--;
      return t.length;
    };
    for await (const item of runBatch(linesOf(200, read), probe, {
      concurrency: 7,
      signal: new AbortController().signal,
    })) {
      done++;
      maxAhead = Math.max(maxAhead, read.count - Math.floor(read.count / 10) - done); // comment lines start nothing
      out.push(item);
    }
    expect(out).toHaveLength(180);
    expect(peak).toBe(7);
    expect(maxAhead).toBeLessThanOrEqual(7); // targets read but not yet done: never more than the slots
    expect(out.find((i) => i.target === 'host3.lab')?.line).toBe(3);
    expect(out.findIndex((i) => i.target === 'host3.lab')).toBeGreaterThan(3); // a slow one does not hold the others
  });
  it('starts nothing new after an abort', async () => {
    const ac = new AbortController();
    const started: string[] = [];
    for await (const _ of runBatch(
      linesOf(50, { count: 0 }),
      async (t) => {
        started.push(t);
        ac.abort();
        return 1;
      },
      { concurrency: 2, signal: ac.signal },
    ))
      void _;
    expect(started.length).toBe(1);
  });
});

describe('addToBatchSummary', () => {
  it('counts outcomes and keeps the worst exit code (usage and tool failures above a problem)', () => {
    let s = EMPTY_BATCH_SUMMARY;
    s = addToBatchSummary(s, 'a', 'healthy', 0);
    s = addToBatchSummary(s, 'b', 'refused', 1);
    expect(s.worstExitCode).toBe(1);
    s = addToBatchSummary(s, 'c', 'invalid-target', 2);
    s = addToBatchSummary(s, 'd', 'lossy-path', 1);
    s = addToBatchSummary(s, 'e', 'inconclusive', 4);
    expect(s).toEqual({
      total: 5,
      byOutcome: { healthy: 1, refused: 1, 'invalid-target': 1, 'lossy-path': 1, inconclusive: 1 },
      worstExitCode: 2,
      examples: [
        { target: 'b', outcome: 'refused' },
        { target: 'c', outcome: 'invalid-target' },
        { target: 'd', outcome: 'lossy-path' },
        { target: 'e', outcome: 'inconclusive' },
      ],
    });
  });
});

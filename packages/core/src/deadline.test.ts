import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { makeDeadline } from './deadline.js';

describe('makeDeadline', () => {
  it('aborts at the deadline, even when a garbage collection runs before it', async () => {
    const d = makeDeadline(150);
    (globalThis as { gc?: () => void }).gc?.();
    await sleep(250);
    expect(d.signal.aborted).toBe(true);
    expect((d.signal.reason as DOMException).name).toBe('TimeoutError');
  });
  it('aborts with the outer signal, also one that had already aborted', () => {
    const outer = new AbortController();
    const d = makeDeadline(10_000, outer.signal);
    outer.abort('stop');
    expect(d.signal.reason).toBe('stop');
    d.dispose();
    const late = makeDeadline(10_000, AbortSignal.abort('gone'));
    expect(late.signal.reason).toBe('gone');
    late.dispose();
  });
  it('dispose clears the timer: a disposed deadline never fires', async () => {
    const d = makeDeadline(50);
    d.dispose();
    await sleep(120);
    expect(d.signal.aborted).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { makeLimiter } from './limiter.js';

describe('makeLimiter', () => {
  it('holds at most its size, hands slots over in order, and lets a waiter give up at its deadline', async () => {
    const l = makeLimiter(2);
    const never = new AbortController().signal;
    const a = await l.acquire(never);
    const b = await l.acquire(never);
    expect(l.active).toBe(2);
    const giveUp = new AbortController();
    const c = l.acquire(giveUp.signal);
    const d = l.acquire(never);
    expect(l.waiting).toBe(2);
    giveUp.abort();
    expect(await c).toBeUndefined();
    a!();
    a!(); // a second release is harmless
    const dRelease = await d;
    expect(dRelease).toBeTypeOf('function');
    expect(l.active).toBe(2);
    b!();
    dRelease!();
    expect(l.active).toBe(0);
    expect(l.waiting).toBe(0);
  });
});

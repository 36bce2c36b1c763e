import { afterEach, describe, expect, it, vi } from 'vitest';
import { readRandomId } from './random-id.js';

/** IDs in range, spread out: 1000 draws from 65536 values collide ~8 times, never hundreds; no stuck bit. */
function expectRandomIds(ids: number[]): void {
  for (const id of ids) {
    expect(Number.isInteger(id)).toBe(true);
    expect(id).toBeGreaterThanOrEqual(0);
    expect(id).toBeLessThan(65536);
  }
  expect(new Set(ids).size).toBeGreaterThan(ids.length * 0.95);
  expect(ids.some((id) => id >= 32768) && ids.some((id) => id < 32768)).toBe(true);
  expect(ids.some((id) => id % 2 === 1) && ids.some((id) => id % 2 === 0)).toBe(true);
}

describe('readRandomId', () => {
  afterEach(() => {
    vi.doUnmock('node:fs');
    vi.restoreAllMocks();
  });

  it('gives random 16-bit IDs, across refills of its pool', () => {
    // 1000 IDs: about four pools of 256
    expectRandomIds(Array.from({ length: 1000 }, () => readRandomId()));
  });

  it('takes them from node:crypto where /dev/urandom cannot be opened (Windows)', async () => {
    vi.resetModules();
    vi.doMock('node:fs', async (original) => ({
      ...(await original<typeof import('node:fs')>()),
      openSync: () => {
        throw Object.assign(new Error("ENOENT: no such file or directory, open '/dev/urandom'"), { code: 'ENOENT' });
      },
    }));
    const builtin = vi.spyOn(process, 'getBuiltinModule');
    const { readRandomId: fromCrypto } = await import('./random-id.js');
    expectRandomIds(Array.from({ length: 300 }, () => fromCrypto()));
    expect(builtin).toHaveBeenCalledWith('node:crypto');
  });
});

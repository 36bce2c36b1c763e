import type { Skipped } from '@netcheck/core';

export const isSkipped = (x: unknown): x is Skipped => typeof x === 'object' && x !== null && (x as Skipped).status === 'skipped';
/** The value when a step ran, `undefined` when it was skipped or not planned. */
export const ran = <T>(x: T | Skipped | undefined): T | undefined => (x === undefined || isSkipped(x) ? undefined : x);

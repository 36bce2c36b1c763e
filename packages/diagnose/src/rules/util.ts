import type { Skipped } from '@netcheck/core';
import { isSkipped } from '@netcheck/core';

/** The value when a step ran, `undefined` when it was skipped or not planned. */
export const ran = <T>(x: T | Skipped | undefined): T | undefined => (x === undefined || isSkipped(x) ? undefined : x);

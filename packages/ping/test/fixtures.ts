import { readFileSync } from 'node:fs';
import type { RecordedRun } from '@netcheck/core';
import { parseRecordedRun } from '@netcheck/core';

/** A recorded ping run from fixtures/<name>.txt (see parseRecordedRun for the format). */
export function readFixture(name: string): RecordedRun {
  return parseRecordedRun(readFileSync(new URL(`../fixtures/${name}.txt`, import.meta.url), 'utf8'));
}

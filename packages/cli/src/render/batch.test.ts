import { addToBatchSummary, EMPTY_BATCH_SUMMARY } from '@netcheck/exporter';
import { describe, expect, it } from 'vitest';
import { makeStyle } from '../style.js';
import { renderBatchSummary } from './batch.js';

describe('renderBatchSummary', () => {
  it('lists outcomes most frequent first with their share, then the targets that were not healthy', () => {
    let s = EMPTY_BATCH_SUMMARY;
    for (let i = 0; i < 3; i++) s = addToBatchSummary(s, `web${i}.lab:80`, 'healthy', 0);
    s = addToBatchSummary(s, '10.0.4.2:81', 'refused', 1);
    expect(renderBatchSummary(s, 2345, makeStyle({ color: false }))).toEqual([
      '',
      'netcheck batch: 4 targets in 2.3 s, worst exit code 1',
      '  outcome  targets  share',
      '  healthy        3  75.0%',
      '  refused        1  25.0%',
      '',
      'not healthy:',
      '  10.0.4.2:81  refused',
    ]);
  });
  it('says so when the input had no targets', () =>
    expect(renderBatchSummary(EMPTY_BATCH_SUMMARY, 10, makeStyle({ color: false }))[2]).toMatch(/no targets/));
});

import type { ProbeOutcome } from '@netcheck/pathping';
import { aggregateRounds, attributeHops } from '@netcheck/pathping';
import { describe, expect, it } from 'vitest';
import { makeStyle } from '../style.js';
import { renderMtrTable } from './mtr.js';

/** `lost` of `sent` probes at each hop (addresses 10.0.<ttl>.1), the lost ones first. */
function hops(spec: [number, number][]) {
  const probes: ProbeOutcome[] = [];
  spec.forEach(([lost, sent], i) => {
    for (let r = 1; r <= sent; r++) probes.push({ round: r, ttl: i + 1, responder: r <= lost ? undefined : `10.0.${i + 1}.1`, rttMs: r <= lost ? undefined : 10 * (i + 1) });
  });
  return aggregateRounds(probes);
}
const verdictColumn = (spec: [number, number][]) => {
  const h = hops(spec);
  return renderMtrTable(h, attributeHops(h), makeStyle({ color: false })).slice(1).map((l) => l.split(/\s{2,}/).at(-1));
};

describe('renderMtrTable', () => {
  it('marks the hop where loss starts, and the rate-limiting router as fine', () => {
    expect(verdictColumn([[95, 100], [0, 100], [10, 100], [10, 100]])).toEqual(['rate-limits ICMP (ok)', 'ok', 'LOSS STARTS HERE', 'destination']);
  });
  it('a link the rounds cannot yet tell from another: both rows carry a question mark', () => {
    expect(verdictColumn([[95, 100], [0, 100], [4, 100], [15, 100]])).toEqual(['rate-limits ICMP (ok)', 'ok', 'ok; or loss starts here?', 'LOSS STARTS HERE?']);
  });
});

import type { ProbeOutcome } from '@netcheck/pathping';
import {
  aggregateRounds,
  applyUnreachable,
  attributeHops,
  derivePathpingFindings,
  exitCodeForPathping,
} from '@netcheck/pathping';
import { decodeAnnotation } from '@netcheck/traceroute';
import { describe, expect, it } from 'vitest';
import { makeStyle } from '../style.js';
import { renderMtrReport, renderMtrTable } from './mtr.js';

/** `lost` of `sent` probes at each hop (addresses 10.0.<ttl>.1), the lost ones first. */
function hops(spec: [number, number][]) {
  const probes: ProbeOutcome[] = [];
  spec.forEach(([lost, sent], i) => {
    for (let r = 1; r <= sent; r++) {
      const gone = r <= lost;
      probes.push({ round: r, ttl: i + 1, responder: gone ? undefined : `10.0.${i + 1}.1`, rttMs: gone ? undefined : 10 * (i + 1) });
    }
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

describe('an unreachable destination (lab: 10.0.3.2 at hop 3 says !H; its answers rate-limited)', () => {
  // Hops 1-2 from the rounds; hop 3 the discovery's 3 probes, 2 answered before r3's bucket ran out.
  const h = hops([[0, 100], [0, 100], [1, 3]]);
  const annotation = decodeAnnotation('!H');
  if (!annotation) throw new Error('!H decodes');
  const stop = { kind: 'unreachable' as const, hop: 3, by: '10.0.3.2', annotation };
  const attribution = applyUnreachable(attributeHops(h), stop, '10.0.5.1');
  it('is the verdict, never "the path is clean", and exits 1', () => {
    const table = renderMtrTable(h, attribution, makeStyle({ color: false }));
    expect(table.at(-1)?.split(/\s{2,}/).at(-1)).toBe('SAYS UNREACHABLE');
    expect(attribution.summary).toBe('10.0.5.1 is unreachable: 10.0.3.2 at hop 3 says host unreachable (!H)');
    const exitCode = (hs: typeof h, a: typeof attribution) =>
      exitCodeForPathping({ failure: undefined, findings: derivePathpingFindings({ target: '10.0.5.1', hops: hs, attribution: a }) });
    expect(exitCode(h, attribution)).toBe(1);
    const clean = hops([[0, 100], [0, 100]]);
    expect(exitCode(clean, attributeHops(clean))).toBe(0);
    const report = { target: '10.0.5.1', address: '10.0.5.1', rounds: 10, durationMs: 3000, ended: 'count', hops: h, attribution };
    expect(renderMtrReport(report as never, makeStyle({ color: false })).at(-1)).toMatch(/^10\.0\.5\.1 is unreachable: 10\.0\.3\.2 at hop 3/);
  });
});

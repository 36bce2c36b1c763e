import { decodeAnnotation } from '@netcheck/traceroute';
import { describe, expect, it } from 'vitest';
import { aggregateRounds } from './aggregate.js';
import { attributeHops } from './attribute.js';
import { attributeWithRouterPings } from './direct.js';
import { derivePathpingFindings, exitCodeForPathping } from './findings.js';
import type { ProbeOutcome } from './types.js';
import { applyUnreachable } from './unreachable.js';

/** `lost` of `sent` probes at each hop (addresses 10.0.<ttl>.1), the lost ones first. */
function hops(spec: [number, number][]) {
  const probes: ProbeOutcome[] = [];
  spec.forEach(([lost, sent], i) => {
    for (let r = 1; r <= sent; r++) {
      const gone = r <= lost;
      const responder = gone ? undefined : `10.0.${i + 1}.1`;
      probes.push({ round: r, ttl: i + 1, responder, rttMs: gone ? undefined : 10 });
    }
  });
  return aggregateRounds(probes);
}
const findingsOf = (spec: [number, number][]) => {
  const h = hops(spec);
  return derivePathpingFindings({ target: 'web.lab', hops: h, attribution: attributeHops(h) });
};
const ids = (spec: [number, number][]) => findingsOf(spec).map((f) => `${f.id}:${f.severity}`);

describe('derivePathpingFindings (hop counts in, findings out)', () => {
  it.each<[string, [number, number][], string[], number]>([
    [
      'a clean path',
      [
        [0, 100],
        [0, 100],
        [0, 100],
      ],
      ['mtr-path-clean:info'],
      0,
    ],
    [
      'a lossy link',
      [
        [0, 100],
        [0, 100],
        [10, 100],
        [10, 100],
      ],
      ['mtr-link-loss:critical'],
      1,
    ],
    [
      'a rate-limiting router: shown, not blamed',
      [
        [47, 100],
        [0, 100],
        [0, 100],
      ],
      ['mtr-path-clean:info', 'mtr-not-blamed:info'],
      0,
    ],
    [
      'loss too thin to place',
      [
        [0, 30],
        [0, 30],
        [2, 30],
        [2, 30],
      ],
      ['mtr-loss-unplaced:warning'],
      1,
    ],
  ])('%s', (_name, spec, want, exit) => {
    expect(ids(spec)).toEqual(want);
    expect(exitCodeForPathping({ findings: findingsOf(spec), failure: undefined })).toBe(exit);
  });

  it('a lossy link cites the summary and each hop, from "mtr rounds"', () => {
    const [f] = findingsOf([
      [0, 100],
      [0, 100],
      [10, 100],
      [10, 100],
    ]);
    expect(f).toMatchObject({
      source: 'mtr rounds',
      title: 'forwarding loss starts on the link 10.0.2.1 → 10.0.3.1: 10% (6.6–15%), carried on to every later hop',
      nextSteps: ['show whoever runs 10.0.2.1 and 10.0.3.1 these figures: loss starts between them'],
    });
    expect(f?.evidence.slice(1)).toEqual([
      'hop 1: 10.0.1.1 0.0% of 100 lost',
      'hop 2: 10.0.2.1 0.0% of 100 lost',
      'hop 3: 10.0.3.1 10.0% of 100 lost',
      'hop 4: 10.0.4.1 10.0% of 100 lost',
    ]);
  });

  it('an unreachable destination is critical, exit 1', () => {
    const h = hops([
      [0, 100],
      [0, 100],
      [1, 3],
    ]);
    const annotation = decodeAnnotation('!H');
    if (!annotation) throw new Error('!H decodes');
    const stop = { kind: 'unreachable' as const, hop: 3, by: '10.0.3.1', annotation };
    const attribution = applyUnreachable(attributeWithRouterPings(h, []), stop, 'x');
    const findings = derivePathpingFindings({ target: 'x', hops: h, attribution });
    expect(findings.map((f) => f.id)).toEqual(['mtr-unreachable']);
    expect(exitCodeForPathping({ findings, failure: undefined })).toBe(1);
  });

  it('a run that could not probe exits by its failure: 3 for a tool that could not run', () => {
    const failure = { ok: false as const, reason: 'permission-denied' as const, detail: 'x' };
    expect(exitCodeForPathping({ findings: [], failure })).toBe(3);
  });
});

import { readFileSync } from 'node:fs';
import type { PathpingReport, ProbeOutcome } from '@netcheck/pathping';
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
      const responder = gone ? undefined : `10.0.${i + 1}.1`;
      probes.push({ round: r, ttl: i + 1, responder, rttMs: gone ? undefined : 10 * (i + 1) });
    }
  });
  return aggregateRounds(probes);
}
const verdictColumn = (spec: [number, number][]) => {
  const h = hops(spec);
  return renderMtrTable(h, attributeHops(h), makeStyle({ color: false }))
    .slice(1)
    .map((l) => l.split(/\s{2,}/).at(-1));
};

describe('renderMtrTable', () => {
  it('marks the hop where loss starts, and the rate-limiting router as fine', () => {
    expect(
      verdictColumn([
        [95, 100],
        [0, 100],
        [10, 100],
        [10, 100],
      ]),
    ).toEqual(['rate-limits ICMP (ok)', 'ok', 'LOSS STARTS HERE', 'destination']);
  });
  it('a link the rounds cannot yet tell from another: both rows carry a question mark', () => {
    expect(
      verdictColumn([
        [95, 100],
        [0, 100],
        [4, 100],
        [15, 100],
      ]),
    ).toEqual(['rate-limits ICMP (ok)', 'ok', 'ok; or loss starts here?', 'LOSS STARTS HERE?']);
  });
});

describe('an unreachable destination (lab: 10.0.3.2 at hop 3 says !H; its answers rate-limited)', () => {
  // Hops 1-2 from the rounds; hop 3 the discovery's 3 probes, 2 answered before r3's bucket ran out.
  const h = hops([
    [0, 100],
    [0, 100],
    [1, 3],
  ]);
  const annotation = decodeAnnotation('!H');
  if (!annotation) throw new Error('!H decodes');
  const stop = { kind: 'unreachable' as const, hop: 3, by: '10.0.3.2', annotation };
  const attribution = applyUnreachable(attributeHops(h), stop, '10.0.5.1');
  it('is the verdict, never "the path is clean", and exits 1', () => {
    const table = renderMtrTable(h, attribution, makeStyle({ color: false }));
    expect(
      table
        .at(-1)
        ?.split(/\s{2,}/)
        .at(-1),
    ).toBe('SAYS UNREACHABLE');
    expect(attribution.summary).toBe('10.0.5.1 is unreachable: 10.0.3.2 at hop 3 says host unreachable (!H)');
    const exitCode = (hs: typeof h, a: typeof attribution) =>
      exitCodeForPathping({
        failure: undefined,
        findings: derivePathpingFindings({ target: '10.0.5.1', hops: hs, attribution: a }),
      });
    expect(exitCode(h, attribution)).toBe(1);
    const clean = hops([
      [0, 100],
      [0, 100],
    ]);
    expect(exitCode(clean, attributeHops(clean))).toBe(0);
    const report = { target: '10.0.5.1', address: '10.0.5.1', rounds: 10, durationMs: 3000, ended: 'count', hops: h };
    expect(renderMtrReport({ ...report, attribution } as never, makeStyle({ color: false })).at(-1)).toMatch(
      /^10\.0\.5\.1 is unreachable: 10\.0\.3\.2 at hop 3/,
    );
  });
});

/** A report recorded in the lab (see test/fixtures/README.md). */
const fixture = (name: string): PathpingReport =>
  JSON.parse(readFileSync(new URL(`../../test/fixtures/${name}`, import.meta.url), 'utf8')) as PathpingReport;
const plain = makeStyle({ color: false });

describe('mtr renderer, on `netcheck mtr <host> --json` in the lossy lab (kernel ICMP limits on every router)', () => {
  it('10% loss on r2 → r3: the table, each verdict in words and the summary; exit 1', () => {
    const r = fixture('mtr-lossy.json');
    expect(renderMtrReport(r, plain)).toEqual([
      'netcheck mtr to 10.0.4.2: 10 rounds, 3.6 s (count)',
      '    Host      Loss%  Snt  Last   Avg  Best  Wrst  StDev  Jitter  Node/Link   Verdict',
      '1.  10.0.1.1  95.0%  100   0.0   0.0   0.0   0.0    0.0     0.0  node 29.3%  rate-limits ICMP (ok)',
      '2.  10.0.2.2  95.0%  100  10.2  12.5  10.2  14.2    1.7     1.3  node 44.0%  rate-limits ICMP (ok)',
      '3.  10.0.3.2  94.0%  100  20.0  23.9  20.0  25.4    2.1     1.1  link 10.0%  LOSS STARTS HERE',
      '4.  10.0.4.2   8.0%  100  33.4  34.6  31.3  39.3    1.8     0.5              destination',
      '',
      '  hop 1: 10.0.1.1 rate-limits or deprioritises ICMP: 95% unanswered here but 66% at the hops after it; ' +
        'not a problem for traffic through it',
      '  hop 2: 10.0.2.2 rate-limits or deprioritises ICMP: 95% unanswered here but 51% at the hops after it; ' +
        'not a problem for traffic through it',
      '  hop 3: forwarding loss starts on the link 10.0.2.2 → 10.0.3.2: 10% (6.6–15%), carried on to every later hop',
      '  hop 4: 10.0.4.2: 8.0% loss end to end',
      '',
      'trouble begins at hop 3: forwarding loss starts on the link 10.0.2.2 → 10.0.3.2: 10% (6.6–15%), carried on ' +
        'to every later hop; hop 1, hop 2 limit their ICMP errors (direct pings answered), not blamed',
    ]);
    expect(r.findings.map((f) => `${f.id} ${f.severity} ${f.source}`)).toEqual([
      'mtr-link-loss critical mtr rounds',
      'mtr-not-blamed info mtr rounds',
      'mtr-not-blamed info mtr rounds',
    ]);
    expect(exitCodeForPathping(r)).toBe(1);
  });

  it('10.0.5.1 unreachable (!H at hop 3): the verdict, never "the path is clean"; exit 1', () => {
    const r = fixture('mtr-unreachable.json');
    expect(renderMtrReport(r, plain)).toEqual([
      'netcheck mtr to 10.0.5.1: 3 rounds, 2.2 s (count)',
      '    Host      Loss%  Snt  Last   Avg  Best  Wrst  StDev  Jitter  Node/Link  Verdict',
      '1.  10.0.1.1   0.0%    3   0.0   0.1   0.0   0.2    0.1     0.1             ok',
      '2.  10.0.2.2   0.0%    3  10.6  12.9  10.6  16.6    2.7     3.0             ok',
      '3.  10.0.3.2  33.3%    3  21.3  21.2  21.0  21.3    0.1     0.3             SAYS UNREACHABLE',
      '',
      '  hop 3: 10.0.3.2 at hop 3 says host unreachable (!H)',
      '',
      '10.0.5.1 is unreachable: 10.0.3.2 at hop 3 says host unreachable (!H)',
    ]);
    expect(exitCodeForPathping(r)).toBe(1);
  });

  it('colours: trouble red, rate-limiting rows yellow; a run that could not probe: the error and its fix', () => {
    const colour = makeStyle({ color: true });
    const r = fixture('mtr-lossy.json');
    const out = renderMtrReport(r, colour);
    expect(out.at(-1)).toMatch(/^\u001b\[31mtrouble begins at hop 3/);
    expect(out[2]).toMatch(/\u001b\[33mrate-limits ICMP \(ok\)\u001b\[39m$/);
    expect(out[4]).toMatch(/\u001b\[31mLOSS STARTS HERE\u001b\[39m$/);
    const failure = {
      ok: false as const,
      reason: 'permission-denied' as const,
      detail: 'socket: Operation not permitted',
      hint: 'run as root',
    };
    const failed = { ...r, failure, findings: [] };
    expect(renderMtrReport(failed, plain)).toEqual(['error: socket: Operation not permitted', '  run as root']);
    expect(exitCodeForPathping(failed)).toBe(3);
  });
});

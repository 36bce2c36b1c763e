import { readFileSync } from 'node:fs';
import type { Hop, TraceReport } from '@netcheck/traceroute';
import { exitCodeForTrace } from '@netcheck/traceroute';
import { describe, expect, it } from 'vitest';
import { makeStyle } from '../style.js';
import { renderHop, renderTraceHeader, renderTraceSummary } from './trace.js';

/** A report recorded in the lab (see test/fixtures/README.md). */
const fixture = (name: string): TraceReport =>
  JSON.parse(readFileSync(new URL(`../../test/fixtures/${name}`, import.meta.url), 'utf8')) as TraceReport;
const plain = makeStyle({ color: false });
const colour = makeStyle({ color: true });
const lines = (r: TraceReport) => [
  renderTraceHeader(r.target, 30, 'udp'),
  ...r.hops.map((h) => renderHop(h, plain)),
  ...renderTraceSummary(r, plain),
];

describe('trace renderer, on `netcheck trace <host> --json` in the lossy lab', () => {
  it('reached: the hops, where, and the path length against the ping TTL', () => {
    const r = fixture('trace-10.0.4.2.json');
    expect(lines(r)).toEqual([
      'trace to 10.0.4.2, 30 hops max, UDP probes',
      ' 1  10.0.1.1          0.019 ms  0.003 ms  0.002 ms',
      ' 2  10.0.2.2          11.72 ms  11.63 ms  11.54 ms',
      ' 3  10.0.3.2          23.62 ms  23.62 ms  23.62 ms',
      ' 4  10.0.4.2          34.47 ms  36.35 ms  36.40 ms',
      '',
      'reached 10.0.4.2 at hop 4',
      'path length 4 hops; ping TTL says 3 routers back: both directions cross 3 routers',
    ]);
    expect(exitCodeForTrace(r)).toBe(0);
  });

  it('!H at hop 3: who said it, and its rate limit as a note, exit 1', () => {
    const r = fixture('trace-10.0.5.1.json');
    expect(lines(r)).toEqual([
      'trace to 10.0.5.1, 30 hops max, UDP probes',
      ' 1  10.0.1.1          0.053 ms  0.006 ms  0.002 ms',
      ' 2  10.0.2.2          10.70 ms  9.917 ms  13.11 ms',
      ' 3  10.0.3.2          27.25 ms !H  27.25 ms !H  *',
      '',
      'host unreachable (!H) at hop 3, said by 10.0.3.2',
      'note: 10.0.3.2 at hop 3 answered 2 of 3 probes, then went silent: it rate-limits its ICMP errors (!H); not loss',
    ]);
    expect(exitCodeForTrace(r)).toBe(1);
  });

  it('a blackhole: silent hops (the first re-probed), gave up naming the last to answer, exit 1', () => {
    const r = fixture('trace-10.0.5.3.json');
    expect(lines(r)).toEqual([
      'trace to 10.0.5.3, 30 hops max, UDP probes',
      ' 1  10.0.1.1          0.022 ms  0.003 ms  0.005 ms',
      ' 2  10.0.2.2          14.24 ms  14.01 ms  14.00 ms',
      ' 3  *                 *  *  *  *',
      ' 4  *                 *  *  *',
      ' 5  *                 *  *  *',
      '',
      'gave up after 3 silent hops: the last to answer was 10.0.2.2 at hop 2; packets to 10.0.5.3 are lost after it',
    ]);
    expect(exitCodeForTrace(r)).toBe(1);
  });

  it('colours: the stop reason green when reached, red otherwise; annotations red; notes yellow', () => {
    const reached = renderTraceSummary(fixture('trace-10.0.4.2.json'), colour);
    expect(reached[1]).toBe('\u001b[32mreached 10.0.4.2 at hop 4\u001b[39m');
    const unreachable = fixture('trace-10.0.5.1.json');
    const summary = renderTraceSummary(unreachable, colour);
    expect(summary[1]).toBe('\u001b[31mhost unreachable (!H) at hop 3, said by 10.0.3.2\u001b[39m');
    expect(summary[2]).toMatch(/^\u001b\[33mnote: 10\.0\.3\.2 at hop 3 answered 2 of 3/);
    expect(renderHop(unreachable.hops[2] as Hop, colour)).toContain('27.25 ms \u001b[31m!H\u001b[39m');
  });

  it('a re-probed hop: its first responder leads, the pause is said; a failure shows its fix', () => {
    const lost = { address: undefined, name: undefined, rttMs: undefined, annotation: undefined };
    const answer = { address: '10.0.3.2', name: undefined, rttMs: 21.61, annotation: undefined };
    const hop: Hop = {
      ttl: 3,
      probes: [lost, lost, lost, answer],
      responders: [{ address: '10.0.3.2', name: undefined, rttsMs: [21.61] }],
      ecmp: false,
      silent: false,
      mpls: [],
      annotations: [],
      reprobedAfterMs: 2000,
    };
    expect(renderHop(hop, plain)).toBe(' 3  10.0.3.2          *  *  *  21.61 ms  (last probe sent 2.0 s later)');
    const failed: TraceReport = {
      ...fixture('trace-10.0.4.2.json'),
      hops: [],
      hopComparison: undefined,
      stop: {
        kind: 'failed',
        failure: { ok: false, reason: 'tool-missing', detail: 'traceroute is not installed', hint: 'apt-get it' },
      },
    };
    expect(renderTraceSummary(failed, plain)).toEqual(['', 'traceroute is not installed', '  apt-get it']);
    expect(exitCodeForTrace(failed)).toBe(3);
  });
});

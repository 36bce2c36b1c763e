import { describe, expect, it } from 'vitest';
import { readFixture } from '../test/fixtures.js';
import { parseTraceOutput } from './accumulate.js';
import { deriveStopReason } from './stop-reason.js';
import type { TraceTool } from './types.js';

const parse = (p: string, tool: TraceTool) => parseTraceOutput(readFixture(p).text, tool);
const shape = (p: ReturnType<typeof parse>) =>
  p.hops.map((h) => [h.ttl, h.probes.length, ...h.responders.map((r) => `${r.address}:${r.rttsMs.length}`)]);

describe('BSD / macOS traceroute (typed from the man page formats)', () => {
  it('another router at the same TTL on its own indented line: its probes join the hop', () => {
    const p = parse('darwin/ecmp-continuation', 'bsd-traceroute');
    expect(p.warnings).toEqual([]);
    expect(shape(p)).toEqual([
      [1, 3, '192.168.1.1:3'],
      [2, 3, '198.51.100.1:1', '198.51.100.5:2'],
      [3, 3, '192.0.2.10:3'],
    ]);
  });

  it('traceroute6 to NAME (ADDR) from SRC: the header is read, so the named target is reached', () => {
    const p = parse('freebsd/traceroute6-named', 'bsd-traceroute');
    expect(p.warnings).toEqual([]);
    expect([p.target, p.address, p.maxHops]).toEqual(['www.example.net', '2001:db8::10', 64]);
    expect(deriveStopReason(p.hops, p.address, { maxTtl: 64, giveUpAfter: 3 })).toMatchObject({ kind: 'reached' });
  });

  it('a bare "!" (reply TTL <= 1) keeps the hop, noted, not terminal', () => {
    const p = parse('darwin/ttl-one-bang', 'bsd-traceroute');
    expect(p.warnings).toEqual([]);
    expect(shape(p)[1]).toEqual([2, 3, '198.51.100.1:3']);
    expect(p.hops[1]?.annotations.map((a) => [a.code, a.terminal])).toEqual([['!', false]]);
  });

  it('an interrupted "3  * *^C" keeps its hop', () => {
    const p = parse('darwin/interrupted', 'bsd-traceroute');
    expect(p.warnings).toEqual([]);
    expect(shape(p).at(-1)).toEqual([3, 2]);
  });
});

describe('Linux outputs recorded here', () => {
  it('tracepath with names ("1:  localhost  0.041ms reached") keeps the named hop', () => {
    const p = parse('tracepath/names', 'tracepath');
    expect(p.warnings).toEqual([]);
    expect(p.hops.map((h) => [h.ttl, h.responders[0]?.name, h.responders[0]?.rttsMs])).toEqual([
      [1, 'localhost', [0.041]],
    ]);
  });

  it('traceroute -A: the [AS64500] tag does not drop the hop', () => {
    const p = parse('linux/as-lookup', 'traceroute');
    expect(p.warnings).toEqual([]);
    expect(shape(p)).toEqual([[1, 2, '127.0.0.1:2']]);
  });
});

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { detectPasteFormat, parsePaste } from './detect-format.js';
import { explainPaste } from './explain.js';
import { describeHopVerdict } from './verdict-text.js';
import { parseMtrJson } from './parse-mtr-json.js';
import { parseMtrReport } from './parse-mtr-report.js';
import { parseWindowsPathping } from './parse-pathping.js';
import { parseTracerouteText } from './parse-traceroute-text.js';
import { parseTrippyJson } from './parse-trippy-json.js';

const fixture = (p: string) => readFileSync(new URL(`../fixtures/${p}`, import.meta.url), 'utf8');
const blamed = (text: string) => {
  const x = explainPaste(parsePaste(text)!);
  return x.attribution.trouble
    ? `${x.hops[x.attribution.trouble.ttl - 2]?.responders[0]?.address} ` +
        `→ ${x.hops[x.attribution.trouble.ttl - 1]?.responders[0]?.address}`
    : undefined;
};

/** What `netcheck mtr` said on the lossy path (recorded alongside the pastes). */
const netcheckMtr = JSON.parse(fixture('mtr/lossy-netcheck-mtr.json')) as {
  attribution: { trouble: { kind: string; text: string } };
};

describe('parsers on recorded and documented outputs', () => {
  it('mtr --report (recorded, lossy): four hops, counts from Loss% and Snt', () => {
    const p = parseMtrReport(fixture('mtr/lossy-report-c100.txt'));
    expect(p.warnings).toEqual([]);
    expect(p.hops.map((h) => [h.ttl, h.addresses[0], h.sent, h.received])).toEqual([
      [1, '10.0.1.1', 100, 100],
      [2, '10.0.2.2', 100, 100],
      [3, '10.0.3.2', 100, 93],
      [4, '10.0.4.2', 100, 91],
    ]);
    expect(p.hops[3]!.avgMs).toBe(34.8);
  });
  it('mtr --json (recorded, lossy): the target, hops, and ECMP hubs folded into their TTL', () => {
    const p = parseMtrJson(fixture('mtr/lossy-json-c100.json'));
    expect(p.target).toBe('10.0.4.2');
    expect(p.hops.map((h) => h.received)).toEqual([100, 100, 89, 89]);
    const ecmp = parseMtrJson(
      JSON.stringify({
        report: {
          mtr: { dst: 'x' },
          hubs: [
            { count: 1, host: 'a', 'Loss%': 0, Snt: 10, Avg: 1 },
            { count: 1, host: 'b', 'Loss%': 0, Snt: 10, Avg: 1 },
            { count: 2, host: '???', 'Loss%': 100, Snt: 10 },
            { nonsense: true },
          ],
        },
      }),
    );
    expect(ecmp.hops.map((h) => h.addresses)).toEqual([['a', 'b'], []]);
    expect(ecmp.warnings).toHaveLength(1);
  });
  it('Windows pathping (documented format): Source to Here counts, names in brackets, hop 0 left out', () => {
    const p = parseWindowsPathping(fixture('pathping-win32/lossy-documented.txt'));
    expect(p.warnings).toEqual([]);
    expect(p.target).toBe('10.0.4.2');
    expect(p.hops.map((h) => [h.ttl, h.addresses[0], h.names[0], h.received])).toEqual([
      [1, '10.0.1.1', undefined, 100],
      [2, '10.0.2.2', undefined, 100],
      [3, '10.0.3.2', 'r3.lab', 89],
      [4, '10.0.4.2', 'web.lab', 89],
    ]);
  });
  it('trippy json (documented format): fixed-width string figures', () => {
    const p = parseTrippyJson(fixture('trippy/lossy-documented.json'));
    expect(p.target).toBe('10.0.4.2');
    expect(p.hops[2]).toMatchObject({
      addresses: ['10.0.3.2'],
      names: ['r3.lab'],
      sent: 100,
      received: 89,
      avgMs: 25.24,
    });
  });
  it('traceroute text (recorded): probes counted, !H kept', () => {
    const p = parseTracerouteText(fixture('traceroute/unreachable-n.txt'));
    expect(p.hops.at(-1)).toMatchObject({ ttl: 3, addresses: ['10.0.3.2'], sent: 3, received: 2, annotation: '!H' });
  });
  it('tells the formats apart', () => {
    expect(detectPasteFormat(fixture('mtr/lossy-json-c100.json'))).toBe('mtr-json');
    expect(detectPasteFormat(fixture('mtr/lossy-report-c100.txt'))).toBe('mtr-report');
    expect(detectPasteFormat(fixture('pathping-win32/lossy-documented.txt'))).toBe('windows-pathping');
    expect(detectPasteFormat(fixture('trippy/lossy-documented.json'))).toBe('trippy-json');
    expect(detectPasteFormat(fixture('traceroute/lossy-n.txt'))).toBe('traceroute');
    expect(detectPasteFormat('hello')).toBeUndefined();
    expect(parseMtrReport('garbage line\n').warnings[0]).toContain('"garbage line"');
  });
});

describe('explain: the same attribution as netcheck mtr', () => {
  it('netcheck mtr on the lossy path named 10.0.2.2 → 10.0.3.2', () => {
    expect(netcheckMtr.attribution.trouble.kind).toBe('link-loss');
    expect(netcheckMtr.attribution.trouble.text).toContain('10.0.2.2 → 10.0.3.2');
  });
  it.each([
    ['mtr --json -c 100 (recorded)', 'mtr/lossy-json-c100.json'],
    ['mtr --report -c 100 (recorded)', 'mtr/lossy-report-c100.txt'],
    ['Windows pathping (documented)', 'pathping-win32/lossy-documented.txt'],
    ['trippy json (documented)', 'trippy/lossy-documented.json'],
  ])('lossy, %s: names the link 10.0.2.2 → 10.0.3.2 as netcheck mtr does', (_name, file) => {
    expect(blamed(fixture(file))).toBe('10.0.2.2 → 10.0.3.2');
    const x = explainPaste(parsePaste(fixture(file))!);
    expect(x.attribution.trouble!.kind).toBe('link-loss');
    expect(describeHopVerdict(x.attribution.trouble!)).toContain('10.0.2.2 → 10.0.3.2');
  });
  it.each([
    ['mtr --json -c 100 (recorded)', 'mtr/ratelimited-json-c100.json'],
    ['mtr --report -c 100 (recorded)', 'mtr/ratelimited-report-c100.txt'],
    ['mtr --json -c 100 -i 0.1 (recorded; r1 answers 15%)', 'mtr/ratelimited-json-c100-i0.1.json'],
    ['mtr --report -c 100 -i 0.1 (recorded; r1 answers 15%)', 'mtr/ratelimited-report-c100-i0.1.txt'],
    ['Windows pathping, a router answering 60% (documented)', 'pathping-win32/ratelimit-documented.txt'],
  ])('rate-limited, %s: blames nobody', (_name, file) => {
    const x = explainPaste(parsePaste(fixture(file))!);
    expect(x.attribution.trouble).toBeUndefined();
    expect(x.attribution.unplacedLoss).toBeUndefined();
  });
  it.each(['mtr/ratelimited-json-c100-i0.1.json', 'mtr/ratelimited-report-c100-i0.1.txt'])(
    '%s: r1 (85%% unanswered, 0%% beyond) rate-limits ICMP, not blamed',
    (file) => {
      const x = explainPaste(parsePaste(fixture(file))!);
      expect(x.attribution.verdicts[0]).toMatchObject({ ttl: 1, kind: 'node-loss' });
      expect(describeHopVerdict(x.attribution.verdicts[0]!)).toContain('not a problem');
    },
  );
  it('a router that answers 60% of the time is named as rate-limiting, not blamed', () => {
    const x = explainPaste(parsePaste(fixture('pathping-win32/ratelimit-documented.txt'))!);
    expect(x.attribution.verdicts[1]).toMatchObject({ ttl: 2, kind: 'node-loss' });
    expect(describeHopVerdict(x.attribution.verdicts[1]!)).toContain('not a problem');
  });
  it('states the limits of the data: 10 probes per hop cannot place 2% loss', () => {
    const ten = explainPaste(parseMtrReport('  1.|-- 10.0.1.1  0.0%    10    0.3   0.2   0.1   0.7   0.1\n'));
    expect(ten.limits[0]).toContain('10 probes per hop cannot place 2% loss');
    expect(ten.limits[0]).toContain('26%'); // 0 of 10 lost still allows 26% (95%)
    expect(ten.limits.join('\n')).toContain('averages stand in for medians');
  });
  it('a traceroute paste: the !H hop is the verdict, and its limits say so', () => {
    const x = explainPaste(parsePaste(fixture('traceroute/unreachable-n.txt'))!);
    expect(x.unreachable).toEqual({ ttl: 3, address: '10.0.3.2', annotation: '!H' });
    expect(x.limits.join('\n')).toContain('never where loss begins');
  });
});

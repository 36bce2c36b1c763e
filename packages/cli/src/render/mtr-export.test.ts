import type { PathpingReport, ProbeOutcome } from '@netcheck/pathping';
import { aggregateRounds, attributeHops } from '@netcheck/pathping';
import { describe, expect, it } from 'vitest';
import { makeStyle } from '../style.js';
import { renderMtrReport, renderStartTime } from './mtr.js';
import { buildMtrJson, MTR_JSON_VERSION, renderMtrCsv, roundNumbers } from './mtr-export.js';

function report(): PathpingReport {
  const probes: ProbeOutcome[] = [];
  for (let r = 1; r <= 10; r++) probes.push({ round: r, ttl: 1, responder: '127.0.0.1', rttMs: 0.0076 + r / 3000 });
  const hops = aggregateRounds(probes);
  const attribution = attributeHops(hops);
  return {
    target: 'localhost',
    address: '127.0.0.1',
    hops,
    attribution,
    rounds: 10,
    ended: 'count',
    failure: undefined,
    probes,
    findings: [],
    durationMs: 2512.3456,
    routerPings: [],
    directPings: undefined,
    unreachable: undefined,
  } as unknown as PathpingReport;
}
const meta = { startedAt: new Date('2026-11-29T23:01:09Z'), source: 'vm' };

describe('roundNumbers', () => {
  it('rounds non-integers deep, keeps integers and strings', () => {
    expect(roundNumbers({ a: 0.007600000000000002, b: [1.23456, 7], c: 'x' })).toEqual({
      a: 0.008,
      b: [1.235, 7],
      c: 'x',
    });
  });
});

describe('buildMtrJson', () => {
  it('has a version, start and end, the source host, rounded numbers, no raw probes', () => {
    const doc = buildMtrJson(report(), { ...meta, endedAt: new Date('2026-11-29T23:01:12Z') });
    expect(doc).toMatchObject({
      version: MTR_JSON_VERSION,
      startedAt: '2026-11-29T23:01:09.000Z',
      endedAt: '2026-11-29T23:01:12.000Z',
      source: 'vm',
      durationMs: 2512.346,
    });
    expect(JSON.stringify(doc)).not.toMatch(/\d\.\d{4,}/);
    expect(JSON.parse(JSON.stringify(doc)).probes).toBeUndefined();
  });

  it('with names, an address -> name and AS map', () => {
    const named = buildMtrJson(report(), { ...meta, endedAt: new Date() }, () => ({
      name: 'localhost',
      asn: undefined,
    }));
    expect(named.names).toEqual({ '127.0.0.1': { name: 'localhost', asn: undefined } });
  });
});

describe('renderMtrCsv', () => {
  it("mtr's header and one line a hop, start time in Unix seconds", () => {
    const csv = renderMtrCsv(report(), meta);
    expect(csv[0]).toBe('Mtr_Version,Start_Time,Status,Host,Hop,Ip,Loss%,Snt,Last,Avg,Best,Wrst,StDev,Jitter,Verdict');
    expect(csv[1]).toMatch(/^netcheck,1795993269,OK,localhost,1,127\.0\.0\.1,0\.00,10,/);
    expect(csv[1]?.split(',')).toHaveLength(15);
  });
});

describe("mtr's Start: and HOST: lines", () => {
  it('lead the report', () => {
    const lines = renderMtrReport(report(), makeStyle({ color: false }), meta);
    expect(lines[0]).toMatch(/^Start: 2026-11-\d\dT\d\d:\d\d:09[+-]\d{4}$/);
    expect(lines[1]).toBe('HOST: vm');
  });
  it('Start: is local time with its offset', () => {
    expect(renderStartTime(new Date(2026, 0, 2, 3, 4, 5))).toMatch(/^2026-01-02T03:04:05[+-]\d{4}$/);
  });
});

import { describe, expect, it } from 'vitest';
import { deltasOf, factsFrom, fixture } from '../../test/helpers.js';
import { makeSocketAggregator } from '../aggregate.js';
import { deriveCounterDeltas, parseProcNetSnmp, pickTcpCounters } from '../kernel-counters.js';
import { mergeListenerLimits } from '../merge-listeners.js';
import { makeProcTcpScanner } from '../parse-proc-net-tcp.js';
import { parseSs } from '../parse-ss.js';
import { synRecvPressure } from './syn-recv-pressure.js';

const FLOOD = [
  'LISTEN 10.0.0.1:80 q=0/4096',
  'ESTABLISHED 10.0.0.1:80 192.0.2.7:50000 x20',
  'SYN_RECV 10.0.0.1:80 198.51.100.1:40000 x150',
];
const HEALTHY = [
  'LISTEN 10.0.0.1:80 q=0/4096',
  'ESTABLISHED 10.0.0.1:80 192.0.2.7:50000 x50',
  'SYN_RECV 10.0.0.1:80 192.0.2.8:50000 x3',
];

describe('syn-recv-pressure', () => {
  it.each([
    ['many SYN_RECV, one sample: warning, rise not measured', FLOOD, undefined, 'warning', /not measured/],
    [
      'many SYN_RECV and SYN cookies rising: critical, SYN queue full',
      FLOOD,
      deltasOf({ SyncookiesSent: 40 }),
      'critical',
      /SYN queue is full/,
    ],
    [
      'many SYN_RECV and ListenOverflows rising: critical, accept queue',
      FLOOD,
      deltasOf({ ListenOverflows: 7, ListenDrops: 7 }),
      'critical',
      /accept queue overflows/,
    ],
    ['many SYN_RECV, counters flat: handshakes that never complete', FLOOD, deltasOf({}), 'warning', /not completing/],
    [
      'a small backlog full of SYN_RECV',
      ['LISTEN 10.0.0.1:8080 q=0/16', 'SYN_RECV 10.0.0.1:8080 198.51.100.1:40000 x16'],
      undefined,
      'warning',
      /port 8080 \(queue limit 16\)/,
    ],
  ] as const)('%s', (_name, lines, deltas, severity, text) => {
    const f = synRecvPressure.derive(factsFrom(lines, { deltas }));
    expect(f).toHaveLength(1);
    expect(f[0]!.severity).toBe(severity);
    expect(f[0]!.explanation).toMatch(text);
    expect(f[0]?.evidence[0]).toMatch(/^SYN_RECV sockets = [\d,]+ \(\/proc\/net\/tcp\)$/);
    expect(f[0]?.source).toBe('/proc/net/tcp');
  });

  it.each([
    ['a healthy server', HEALTHY],
    ['a few SYN_RECV on a big backlog', ['LISTEN 10.0.0.1:80 q=0/4096', 'SYN_RECV 10.0.0.1:80 198.51.100.1:40000 x40']],
    ['nothing at all', []],
  ])('quiet: %s', (_name, lines) => {
    expect(synRecvPressure.derive(factsFrom(lines, { deltas: deltasOf({ SyncookiesSent: 5 }) }))).toEqual([]);
  });

  it('thresholds are options', () => {
    expect(
      synRecvPressure.derive(factsFrom(HEALTHY), { minSynRecv: 3, minPerListener: 1000, listenerSharePct: 50 }),
    ).toHaveLength(1);
  });

  it('the recorded SYN flood (backlog 16, final ACKs dropped) with its counters: critical', () => {
    const agg = makeSocketAggregator({ ephemeralRange: [32768, 60999] });
    const sc = makeProcTcpScanner(4, { row: (r) => agg.add(r) });
    sc.write(Buffer.from(fixture('linux/syn-flood.proc-net-tcp.txt'), 'latin1'));
    sc.end();
    const t = agg.result();
    const table = {
      ...t,
      listeners: mergeListenerLimits(t.listeners, parseSs(fixture('linux/syn-flood.ss-ltnH.txt')).sockets),
    };
    const c = (w: string) =>
      pickTcpCounters(
        parseProcNetSnmp(fixture(`linux/counters-${w}.proc-net-netstat.txt`)).sections,
        parseProcNetSnmp(fixture(`linux/counters-${w}.proc-net-snmp.txt`)).sections,
      );
    const f = synRecvPressure.derive({
      ...factsFrom([]),
      table,
      counters: c('after'),
      deltas: deriveCounterDeltas(c('before'), c('after'), 2000),
    });
    expect(f).toHaveLength(1);
    expect(f[0]!.severity).toBe('critical');
    expect(f[0]!.title).toMatch(
      /^17 half-open connections \(SYN_RECV\) on port \d+ \(queue limit 16\), SyncookiesSent/,
    );
  });
});

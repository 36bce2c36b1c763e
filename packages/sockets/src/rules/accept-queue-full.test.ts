import { describe, expect, it } from 'vitest';
import { deltasOf, factsFrom, fixture } from '../../test/helpers.js';
import { makeSocketAggregator } from '../aggregate.js';
import { mergeListenerLimits } from '../merge-listeners.js';
import { makeProcTcpScanner } from '../parse-proc-net-tcp.js';
import { parseSs } from '../parse-ss.js';
import { acceptQueueFull } from './accept-queue-full.js';

describe('accept-queue-full', () => {
  it.each([
    ['full, overflows not measured', 'q=129/128', undefined, 'warning', 'full (129/128)'],
    [
      'full and ListenOverflows rising: critical',
      'q=129/128',
      deltasOf({ ListenOverflows: 12 }),
      'critical',
      'full (129/128)',
    ],
    ['nearly full', 'q=118/128', undefined, 'warning', 'nearly full (118/128)'],
    ['a backlog of 1, full', 'q=1/1', undefined, 'warning', 'full (1/1)'],
    [
      'limit unknown, queue non-empty while overflows rise',
      'q=3/?',
      deltasOf({ ListenOverflows: 2 }),
      'warning',
      'holding 3 while ListenOverflows rises',
    ],
  ] as const)('%s', (_n, q, deltas, severity, what) => {
    const f = acceptQueueFull.derive(factsFrom([`LISTEN 10.0.4.2:80 ${q} pid=9/server`], { deltas }));
    expect(f).toHaveLength(1);
    expect(f[0]!.severity).toBe(severity);
    expect(f[0]!.title).toBe(`accept queue of 10.0.4.2:80 is ${what} — server (pid 9)`);
    expect(f[0]!.explanation).toContain('net.core.somaxconn (4096)');
  });

  it.each([
    ['an empty queue', 'q=0/128', deltasOf({ ListenOverflows: 5 })],
    ['a few waiting', 'q=5/128', undefined],
    ['a small backlog not yet full', 'q=4/5', undefined],
    ['limit unknown, no overflows measured', 'q=3/?', undefined],
    ['limit unknown, overflows flat', 'q=3/?', deltasOf({})],
  ] as const)('quiet: %s', (_n, q, deltas) =>
    expect(acceptQueueFull.derive(factsFrom([`LISTEN 10.0.4.2:80 ${q}`], { deltas }))).toEqual([]),
  );

  it('the recorded listener that never accepts (backlog 4, 12 clients)', () => {
    const agg = makeSocketAggregator({ ephemeralRange: [32768, 60999] });
    const sc = makeProcTcpScanner(4, { row: (r) => agg.add(r) });
    sc.write(Buffer.from(fixture('linux/accept-full.proc-net-tcp.txt'), 'latin1'));
    sc.end();
    const t = agg.result();
    const table = {
      ...t,
      listeners: mergeListenerLimits(t.listeners, parseSs(fixture('linux/accept-full.ss-ltnH.txt')).sockets),
    };
    const f = acceptQueueFull.derive({ ...factsFrom([]), table });
    expect(f).toHaveLength(1);
    expect(f[0]!.title).toMatch(/^accept queue of 127\.0\.0\.1:\d+ is full \(5\/4\)$/);
  });
});

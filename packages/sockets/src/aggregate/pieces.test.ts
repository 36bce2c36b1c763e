import { describe, expect, it } from 'vitest';
import { socketsFrom } from '../../test/helpers.js';
import { STATE_INDEX } from '../tcp-state.js';
import { compileFilter, makeRowFilter } from './filter.js';
import { makeGroupCounts } from './groups.js';
import { makeOwnerLedger } from './owners.js';
import { rowFromSocket } from './row.js';

const rows = (lines: readonly string[]) => socketsFrom(lines).map(rowFromSocket);

describe('makeRowFilter', () => {
  it('no filter keeps everything', () => {
    expect(rows(['ESTABLISHED 10.0.0.1:80 10.0.0.9:40000']).every(makeRowFilter(undefined))).toBe(true);
  });

  it.each([
    [{ port: 80 }, ['ESTABLISHED 10.0.0.1:80 10.0.0.9:40000', 'ESTABLISHED 10.0.0.1:40001 10.0.0.9:80'], 2],
    [{ states: ['TIME_WAIT'] as const }, ['TIME_WAIT 10.0.0.1:80 10.0.0.9:1', 'ESTABLISHED 10.0.0.1:80 10.0.0.9:2'], 1],
    [
      { peer: { address: '10.0.0.9', port: 5432 } },
      ['ESTABLISHED 10.0.0.1:1 10.0.0.9:5432', 'SYN_SENT 10.0.0.1:2 10.0.0.9:80'],
      1,
    ],
  ])('%j keeps %#', (filter, lines, kept) => {
    const passes = makeRowFilter(compileFilter({ ...filter, states: filter.states ? [...filter.states] : undefined }));
    expect(rows(lines).filter(passes)).toHaveLength(kept);
  });

  it('a process filter keeps the ownerless sockets on the ports its listeners hold (listeners first)', () => {
    const passes = makeRowFilter(compileFilter({ process: 'nginx' }));
    const kept = rows([
      'LISTEN 0.0.0.0:80 pid=9/nginx',
      'LISTEN 0.0.0.0:22 pid=1/sshd',
      'TIME_WAIT 10.0.0.1:80 10.0.0.9:40000',
      'TIME_WAIT 10.0.0.1:22 10.0.0.9:40001',
    ]).filter(passes);
    expect(kept.map((r) => r.localPort)).toEqual([80, 80]);
  });
});

describe('makeGroupCounts', () => {
  it('listening and out-of-range local ports are ports; the rest are destinations, counted against the range', () => {
    const g = makeGroupCounts([32768, 60999]);
    const all = rows([
      'LISTEN 0.0.0.0:80',
      'ESTABLISHED 10.0.0.1:80 10.0.0.9:40000',
      'SYN_RECV 10.0.0.1:80 10.0.0.9:40001',
      'TIME_WAIT 10.0.0.1:40002 10.0.0.7:5432 x3',
      'ESTABLISHED 10.0.0.1:2000 10.0.0.7:5432',
    ]);
    for (const r of all) if (r.state === STATE_INDEX.LISTEN) g.markListening(r.localPort);
    const ids = all.map((r) => g.place(r));
    expect(g.portOf(ids[0] ?? -1)).toBe(80);
    expect(g.portOf(ids[3] ?? -1)).toBe(0);
    expect(g.synRecvOn(80)).toBe(1);
    expect(g.ports(() => []).map((p) => [p.port, p.total])).toEqual([
      [80, 3],
      [2000, 1],
    ]);
    expect(g.destinations(() => [])).toEqual([
      expect.objectContaining({
        address: '10.0.0.7',
        port: 5432,
        total: 3,
        ephemeralPortsInUse: 3,
        timeWaitInRange: 3,
      }),
    ]);
  });
});

describe('makeOwnerLedger', () => {
  const nginx = { pid: 9, name: 'nginx' };

  it('owners named by rows: every process counted, coverage all', () => {
    const l = makeOwnerLedger(0, 0);
    l.creditNamed(0, STATE_INDEX.LISTEN, 80, [nginx]);
    l.creditNamed(0, STATE_INDEX.ESTABLISHED, 80, [nginx]);
    expect(l.coverage).toBe('all');
    expect(l.shares(0)).toEqual([{ pid: 9, name: 'nginx', total: 2, states: { LISTEN: 1, ESTABLISHED: 1 } }]);
    expect(l.processes()).toEqual([
      { pid: 9, name: 'nginx', total: 2, states: { LISTEN: 1, ESTABLISHED: 1 }, listening: [80] },
    ]);
  });

  it('past rememberOwned the memory is dropped; watched sockets are still attributed', () => {
    const l = makeOwnerLedger(1, 10);
    l.remember(100, 0, STATE_INDEX.ESTABLISHED);
    l.remember(101, 1, STATE_INDEX.CLOSE_WAIT);
    expect(l.ownedOverflow).toBe(true);
    expect(l.ownedInodes()).toBeUndefined();
    expect([...l.watchedInodes()]).toEqual([101]);
    l.attach(new Map([[101, [nginx]]]), () => 0);
    expect(l.coverage).toBe('watched');
    expect(l.shares(1)).toEqual([{ pid: 9, name: 'nginx', total: 1, states: { CLOSE_WAIT: 1 } }]);
    expect(l.processes()).toBeUndefined();
  });
});

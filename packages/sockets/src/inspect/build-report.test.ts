import { describe, expect, it } from 'vitest';
import { tableFrom } from '../../test/helpers.js';
import type { SocketReportInput } from './build-report.js';
import { buildSocketReport, emptySocketReport, subtractStates, tableName } from './build-report.js';
import { buildTableFailure } from './collected.js';

const SYSCTLS = { ipLocalPortRange: [32768, 60999] as [number, number], tcpSyncookies: 1 };
const TABLE = tableFrom([
  'LISTEN 0.0.0.0:80 q=0/4096 pid=9/nginx',
  'ESTABLISHED 10.0.4.2:80 10.0.1.2:40000 x3 pid=9/nginx',
  'TIME_WAIT 10.0.4.2:80 10.0.1.2:50000 x2',
  'ESTABLISHED 10.0.4.2:33000 10.0.4.9:5432 x2 pid=9/nginx',
  'ESTABLISHED 10.0.4.2:33100 10.0.4.7:6379 x1 pid=9/nginx',
]);
const SOURCE = { kind: 'proc' as const, what: '/proc/net/tcp, /proc/net/tcp6', durationMs: 3 };

function input(extra: Partial<SocketReportInput>): SocketReportInput {
  return {
    platform: 'linux',
    takenAt: '2026-11-29T22:00:00.000Z',
    filter: undefined,
    counters: { CurrEstab: 6 },
    sockstat: undefined,
    sysctls: SYSCTLS,
    read: { table: TABLE, source: SOURCE },
    countsOnly: false,
    deltas: undefined,
    stateDeltas: undefined,
    idle: undefined,
    findings: [],
    attributionNote: undefined,
    top: 10,
    notes: [],
    warnings: [],
    durationMs: 5,
    ...extra,
  };
}

describe('buildSocketReport', () => {
  it('no table: the failure, the kernel settings and their audit, nothing counted', () => {
    const failure = { ok: false as const, reason: 'tool-missing' as const, detail: 'ss not found' };
    const r = buildSocketReport(input({ read: { failure } }));
    expect(r).toMatchObject({ ok: false, failure, source: undefined, total: 0, ephemeralRange: [32768, 60999] });
    expect(r.counters).toEqual({ CurrEstab: 6 });
    expect(r.audit?.map((a) => a.sysctl)).toContain('net.ipv4.tcp_syncookies');
    expect(r.ports).toBeUndefined();
  });

  it('counts only: states and source, no breakdowns, audit or findings', () => {
    const r = buildSocketReport(input({ countsOnly: true }));
    expect(r).toMatchObject({ ok: true, source: SOURCE, total: 9, attribution: 'none' });
    expect(r.states.ESTABLISHED).toBe(6);
    expect([r.ports, r.destinations, r.listeners, r.processes, r.audit, r.keepalive]).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });

  it('a full report cuts breakdowns to top and audits TIME_WAIT against the table', () => {
    const r = buildSocketReport(input({ top: 1, sysctls: { ...SYSCTLS, tcpMaxTwBuckets: 2 } }));
    expect(r.destinations).toHaveLength(1);
    expect(r.destinations?.[0]).toMatchObject({ address: '10.0.4.9', port: 5432, total: 2 });
    expect(r.processes).toEqual([expect.objectContaining({ pid: 9, name: 'nginx' })]);
    const buckets = r.audit?.find((a) => a.sysctl === 'net.ipv4.tcp_max_tw_buckets');
    expect(buckets).toMatchObject({
      state: 'problem',
      severity: 'warning',
      text: expect.stringMatching(/^2 TIME_WAIT sockets, 100% of the cap/),
    });
  });

  it('processes not attributed: skipped with the note, and the note once in notes', () => {
    const table = { ...TABLE, processes: undefined, attribution: 'none' as const };
    const note = 'not attributed (processes: none)';
    const r = buildSocketReport(input({ read: { table, source: SOURCE }, attributionNote: note, notes: ['x'] }));
    expect(r.processes).toEqual({ status: 'skipped', why: note });
    expect(r.notes).toEqual(['x', `processes ${note}`]);
  });

  it('every report starts from the same empty one', () => {
    const empty = emptySocketReport('linux', 't', undefined);
    const full = buildSocketReport(input({}));
    expect(Object.keys(full).sort()).toEqual(Object.keys(empty).sort());
  });
});

describe('small pure pieces', () => {
  it('subtractStates', () => {
    const a = { ...TABLE.states, ESTABLISHED: 10 };
    expect(subtractStates(a, TABLE.states).ESTABLISHED).toBe(4);
    expect(subtractStates(a, TABLE.states).LISTEN).toBe(0);
  });

  it.each([
    ['proc', '/proc/net/tcp'],
    ['ss', 'ss -tan'],
    ['netstat', 'netstat -tan'],
  ] as const)('tableName(%s) = %s', (kind, want) => expect(tableName(kind)).toBe(want));

  it('buildTableFailure: /proc alone keeps its own failure; otherwise every attempt, the last tool decides', () => {
    const proc = {
      kind: 'proc' as const,
      summary: '/proc/net/tcp could not be read',
      failure: { ok: false as const, reason: 'permission-denied' as const, detail: 'no /proc', hint: 'mount it' },
    };
    const ss = {
      kind: 'ss' as const,
      summary: 'ss -tanpH: not found',
      failure: {
        ok: false as const,
        reason: 'tool-missing' as const,
        detail: 'not found',
        hint: 'apt-get install iproute2',
      },
    };
    expect(buildTableFailure([proc])).toBe(proc.failure);
    expect(buildTableFailure([proc, ss])).toEqual({
      ok: false,
      reason: 'tool-missing',
      detail: 'no TCP table could be read: /proc/net/tcp could not be read; ss -tanpH: not found',
      hint: 'apt-get install iproute2',
    });
    expect(buildTableFailure([])).toMatchObject({ reason: 'tool-error', detail: 'no TCP table could be read: ' });
  });
});

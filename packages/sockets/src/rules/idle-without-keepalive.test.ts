import { describe, expect, it } from 'vitest';
import { factsFrom, fixture } from '../../test/helpers.js';
import { parseSs } from '../parse-ss.js';
import type { IdleScan, IdleSocket } from './types.js';
import { idleWithoutKeepalive } from './idle-without-keepalive.js';

const sock = (idleMs: number, keepalive: boolean | undefined, i = 0): IdleSocket => ({
  localAddress: '10.0.4.2',
  localPort: 5432,
  remoteAddress: '10.0.1.2',
  remotePort: 40000 + i,
  idleMs,
  keepalive,
  owners: [{ pid: 42, name: 'postgres' }],
});
const scan = (sockets: IdleSocket[]): IdleScan => ({ status: 'done', examined: sockets.length, sockets });

describe('idle-without-keepalive', () => {
  it('idle for hours without keepalive: info, with what the sysctls would change', () => {
    const f = idleWithoutKeepalive.derive(
      factsFrom([], {
        idle: scan([
          sock(7_200_000, false),
          sock(3_600_000, false, 1),
          sock(60_000, false, 2),
          sock(9_000_000, true, 3),
        ]),
      }),
    );
    expect(f).toHaveLength(1);
    expect(f[0]!.severity).toBe('info');
    expect(f[0]!.title).toBe('2 ESTABLISHED connections idle for 30 min or more without keepalive');
    expect(f[0]!.explanation).toContain('only to sockets that enable SO_KEEPALIVE');
    expect(f[0]!.explanation).toContain('2 h 11 min (7200 + 75 × 9 s)');
    expect(f[0]!.explanation).toContain('tcp_keepalive_time to 600 would make that 21 min');
    expect(f[0]!.explanation).toContain('postgres (pid 42)');
  });

  it('a warning from warnCount', () => {
    const many = Array.from({ length: 120 }, (_, i) => sock(2_000_000, false, i));
    expect(idleWithoutKeepalive.derive(factsFrom([], { idle: scan(many) }))[0]!.severity).toBe('warning');
  });

  it('the recorded table: the two idle pairs without SO_KEEPALIVE fire, the keepalive ones do not', () => {
    const ss = parseSs(fixture('linux/keepalive.ss-tnoiH-established.txt'), { state: 'ESTABLISHED' }).sockets;
    const idle = scan(
      ss.map((s) => ({
        ...sock(s.idleMs!, s.timer === 'keepalive'),
        localPort: s.localPort,
        remotePort: s.remotePort,
        owners: [],
      })),
    );
    const f = idleWithoutKeepalive.derive(factsFrom([], { idle }), { idleMinMs: 1000, warnCount: 100 });
    expect(f).toHaveLength(1);
    expect(f[0]!.title).toMatch(/^4 ESTABLISHED connections idle for 1 s/);
  });

  it.each([
    ['every idle socket has keepalive', scan([sock(9_000_000, true), sock(9_000_000, true, 1)])],
    ['busy sockets', scan([sock(1_000, false), sock(50, false, 1)])],
    ['the scan was skipped', { status: 'skipped', why: 'too many' } as const],
    ['no scan', undefined],
  ])('quiet: %s', (_n, idle) => expect(idleWithoutKeepalive.derive(factsFrom([], { idle }))).toEqual([]));
});

import { readFixture } from '../test/fixtures.js';
import { describe, expect, it } from 'vitest';
import { parsePingOutput, summarisePing } from './accumulate.js';
import { parsePingLine } from './parse-line.js';

const fixture = (p: string) => readFixture(p).text;

describe('iputils (Linux) fixtures recorded in the lab', () => {
  it('replies across 3 routers: TTL 61, RTTs, no warnings', () => {
    const p = parsePingOutput(fixture('linux/reply-3hops'), 'linux');
    expect(p.warnings).toEqual([]);
    expect(p.address).toBe('10.0.4.2');
    const replies = p.events.filter((e) => e.type === 'reply');
    expect(replies).toHaveLength(4);
    expect(replies[0]).toMatchObject({ seq: 1, from: '10.0.4.2', bytes: 64, ttl: 61, duplicate: false });
    const s = summarisePing(p);
    expect(s).toMatchObject({ sent: 4, received: 4, lossPct: 0, errors: 0 });
    expect(s.lossCi95!.highPct).toBeCloseTo(48.99, 1);
    // our figures agree with ping's own
    // lines round to 0.1 ms above 10 ms; the closing line has 3 decimals
    expect(s.minMs).toBeCloseTo(p.reported.minMs!, 1);
    expect(s.maxMs).toBeCloseTo(p.reported.maxMs!, 1);
    expect(s.avgMs!).toBeCloseTo(p.reported.avgMs!, 1);
  });

  it('a hostname target keeps the name and the address', () => {
    const p = parsePingOutput(fixture('linux/hostname'), 'linux');
    expect([p.target, p.address]).toEqual(['web.lab', '10.0.4.2']);
  });

  it('TTL exceeded names the router and is not a reply', () => {
    const p = parsePingOutput(fixture('linux/ttl-exceeded'), 'linux');
    expect(p.events.filter((e) => e.type === 'ttl-exceeded').map((e) => 'from' in e && e.from)).toEqual([
      '10.0.2.2',
      '10.0.2.2',
      '10.0.2.2',
    ]);
    expect(summarisePing(p)).toMatchObject({ sent: 3, received: 0, errors: 3, lossPct: 100 });
    expect(p.reported.errors).toBe(3);
  });

  it.each([
    ['linux/host-unreachable', 'host', 'Destination Host Unreachable'],
    ['linux/filtered', 'filtered', 'Packet filtered'],
    ['linux/net-unreachable', 'net', 'Destination Net Unreachable'],
  ])('%s decodes the ICMP error', (name, code, text) => {
    const p = parsePingOutput(fixture(name), 'linux');
    expect(p.warnings).toEqual([]);
    expect(p.events.find((e) => e.type === 'unreachable')).toMatchObject({ from: '10.0.3.2', code, text });
    // iputils also says "no answer yet" for those probes; that is not a second event
    expect(p.events.filter((e) => e.type === 'timeout')).toEqual([]);
  });

  it('a blackhole: timeouts stream, and the last silent probe counts from the closing line', () => {
    const p = parsePingOutput(fixture('linux/blackhole'), 'linux');
    expect(p.events.filter((e) => e.type === 'timeout').map((e) => 'seq' in e && e.seq)).toEqual([1, 2, 3]);
    expect(summarisePing(p)).toMatchObject({ sent: 4, received: 0, lossPct: 100, minMs: undefined });
  });

  it('the lossy link: loss from events matches the closing line', () => {
    const p = parsePingOutput(fixture('linux/lossy'), 'linux');
    const s = summarisePing(p);
    expect(s.sent).toBe(p.reported.transmitted);
    expect(s.received).toBe(p.reported.received);
    expect(s.lossPct).toBeCloseTo(p.reported.lossPct!, 0);
    expect(s.lossCi95!.lowPct).toBeLessThanOrEqual(s.lossPct!);
    expect(s.lossCi95!.highPct).toBeGreaterThanOrEqual(s.lossPct!);
  });

  it.each([
    ['linux/unknown-host', 'unknown-host'],
    ['linux/no-route', 'unreachable'],
  ])('%s is a failure with a hint, not a crash', (name, reason) => {
    const p = parsePingOutput(fixture(name), 'linux');
    expect(p.failure).toMatchObject({ ok: false, reason });
    expect(p.failure!.hint).toBeTruthy();
  });

  it('-D timestamps and IPv6 parse too', () => {
    expect(parsePingOutput(fixture('linux/timestamps'), 'linux').events.filter((e) => e.type === 'reply')).toHaveLength(
      2,
    );
    const v6 = parsePingOutput(fixture('linux/ipv6-loopback'), 'linux');
    expect(v6.warnings).toEqual([]);
    expect(v6.address).toBe('::1');
    expect(v6.events.find((e) => e.type === 'reply')).toMatchObject({ from: '::1', ttl: 64 });
  });
});

describe('more real iputils recordings: duplicates, broadcast, redirect, reordering, IPv6 errors', () => {
  it('unicast (DUP!) replies are duplicates, not extra answers', () => {
    const p = parsePingOutput(fixture('linux/duplicate'), 'linux');
    expect(p.warnings).toEqual([]);
    expect(summarisePing(p)).toMatchObject({ sent: 3, received: 3, duplicates: 2, lossPct: 0 });
  });

  it('broadcast answers repeat a sequence number without (DUP!): we still count them as duplicates', () => {
    const p = parsePingOutput(fixture('linux/broadcast'), 'linux');
    expect(p.warnings).toEqual([]);
    expect(summarisePing(p)).toMatchObject({ sent: 2, received: 2, duplicates: 3 });
    expect(p.reported).toMatchObject({ transmitted: 2, received: 2 });
  });

  it('a redirect is reported with its gateway and the reply still counts', () => {
    const p = parsePingOutput(fixture('linux/redirect'), 'linux');
    expect(p.warnings).toEqual([]);
    expect(p.events.filter((e) => e.type === 'redirect')[0]).toEqual({
      type: 'redirect',
      seq: 1,
      from: '10.9.0.3',
      gateway: '10.9.0.1',
    });
    expect(summarisePing(p)).toMatchObject({ sent: 3, received: 3 });
  });

  it('genuinely reordered replies are marked out of order and late, and are not loss', () => {
    const p = parsePingOutput(fixture('linux/out-of-order'), 'linux');
    expect(p.warnings).toEqual([]);
    const late = p.events.filter((e) => e.type === 'reply' && e.outOfOrder);
    expect(late.map((e) => 'seq' in e && e.seq)).toEqual([1, 3, 5]);
    expect(late.every((e) => e.type === 'reply' && e.late)).toBe(true);
    expect(summarisePing(p)).toMatchObject({ sent: 6, received: 6, lossPct: 0 });
  });

  it('replies that come after "no answer yet" (interval shorter than the RTT) are late, not lost', () => {
    const p = parsePingOutput(fixture('linux/late-replies'), 'linux');
    const s = summarisePing(p);
    expect(s.received).toBe(p.reported.received);
    expect(p.events.some((e) => e.type === 'reply' && e.late)).toBe(true);
  });

  it.each([
    ['linux/ipv6-hop-limit', 'ttl-exceeded', undefined],
    ['linux/ipv6-unreachable', 'unreachable', 'net'],
    ['linux/ipv6-prohibited', 'unreachable', 'filtered'],
  ])('%s → %s', (name, type, code) => {
    const p = parsePingOutput(fixture(name), 'linux');
    expect(p.warnings).toEqual([]);
    const e = p.events.find((x) => x.type === type)!;
    expect(e).toMatchObject({ from: 'fd09:1::1', ...(code ? { code } : {}) });
  });

  it('a small payload has no time=: the reply counts, its RTT is undefined (not 0)', () => {
    const p = parsePingOutput(fixture('linux/small-payload'), 'linux');
    const r = p.events.find((e) => e.type === 'reply')!;
    expect(r).toMatchObject({ bytes: 12, rttMs: undefined });
    expect(summarisePing(p).avgMs).toBeUndefined();
  });

  it('permission denied (stderr) is a failure, its extra lines are not warnings', () => {
    const p = parsePingOutput(fixture('linux/permission-denied'), 'linux');
    expect(p.failure?.reason).toBe('permission-denied');
    expect(p.warnings).toEqual([]);
  });
});

describe('busybox fixtures recorded in the lab', () => {
  it('busybox prints nothing for ICMP errors: unreachable and TTL exceeded read as silent loss', () => {
    for (const name of ['busybox/host-unreachable', 'busybox/ttl-exceeded']) {
      const p = parsePingOutput(fixture(name), 'busybox');
      expect(p.events.filter((e) => e.type !== 'start')).toEqual([]);
      expect(summarisePing(p).lossPct).toBe(100);
    }
  });

  it('replies count from seq 0', () => {
    const p = parsePingOutput(fixture('busybox/reply-3hops'), 'busybox');
    expect(p.warnings).toEqual([]);
    expect(summarisePing(p)).toMatchObject({ sent: 3, received: 3 });
    expect(p.events.find((e) => e.type === 'reply')).toMatchObject({ seq: 0, ttl: 61 });
  });
  it('silence is all loss; a bad address is unknown-host', () => {
    expect(summarisePing(parsePingOutput(fixture('busybox/blackhole'), 'busybox'))).toMatchObject({
      sent: 2,
      received: 0,
      lossPct: 100,
    });
    expect(parsePingOutput(fixture('busybox/unknown-host'), 'busybox').failure?.reason).toBe('unknown-host');
  });
});

describe('documented-format fixtures (macOS, Windows)', () => {
  it('macOS replies and "Request timeout"', () => {
    const p = parsePingOutput(fixture('darwin/reply-ttl-timeout'), 'darwin');
    expect(p.warnings).toEqual([]);
    expect(summarisePing(p)).toMatchObject({ sent: 5, received: 4, lossPct: 20 });
    expect(p.events.find((e) => e.type === 'timeout')).toMatchObject({ seq: 2 });
  });
  it('macOS TTL exceeded with its header dump', () => {
    const p = parsePingOutput(fixture('darwin/ttl-exceeded'), 'darwin');
    expect(p.warnings).toEqual([]);
    expect(p.events.filter((e) => e.type === 'ttl-exceeded')).toHaveLength(2);
  });
  it('Windows replies (time<1ms), timeouts, TTL expired, unreachable, unknown host', () => {
    const p = parsePingOutput(fixture('win32/reply-timeout'), 'win32');
    expect(p.warnings).toEqual([]);
    expect(p.events.map((e) => e.type)).toEqual(['start', 'reply', 'reply', 'timeout', 'reply']);
    expect(summarisePing(p)).toMatchObject({ sent: 4, received: 3, minMs: 0.5 });
    const u = parsePingOutput(fixture('win32/unreachable-ttl'), 'win32');
    expect(u.events.map((e) => e.type)).toEqual(['start', 'ttl-exceeded', 'unreachable']);
    // Windows counts an unreachable message as "received"; we do not.
    expect(summarisePing(u)).toMatchObject({ sent: 2, received: 0 });
    expect(parsePingOutput(fixture('win32/unknown-host'), 'win32').failure?.reason).toBe('unknown-host');
  });
});

describe('line-level behaviour', () => {
  it('unknown lines become warnings, never exceptions', () => {
    const p = parsePingOutput(
      'PING x (10.0.0.1) 56(84) bytes of data.\nsomething new from a future ping\n\u0000\u00ff garbage',
      'linux',
    );
    expect(p.warnings).toEqual(['something new from a future ping', '\u0000\u00ff garbage']);
  });

  it('marks duplicates, out-of-order and late replies', () => {
    const p = parsePingOutput(
      [
        '64 bytes from 10.0.0.1: icmp_seq=1 ttl=64 time=1.0 ms',
        'no answer yet for icmp_seq=2',
        '64 bytes from 10.0.0.1: icmp_seq=3 ttl=64 time=1.0 ms',
        '64 bytes from 10.0.0.1: icmp_seq=2 ttl=64 time=1500 ms',
        '64 bytes from 10.0.0.1: icmp_seq=3 ttl=64 time=1.2 ms (DUP!)',
      ].join('\n'),
      'linux',
    );
    const replies = p.events.filter((e) => e.type === 'reply');
    expect(replies.map((r) => [r.seq, r.duplicate, r.outOfOrder, r.late])).toEqual([
      [1, false, false, false],
      [3, false, false, false],
      [2, false, true, true],
      [3, true, false, false],
    ]);
    expect(summarisePing(p)).toMatchObject({ sent: 3, received: 3, duplicates: 1, lossPct: 0 });
  });

  it('decodes a redirect', () => {
    expect(parsePingLine('From 10.0.1.1: icmp_seq=1 Redirect Host(New nexthop: 10.0.1.5)', 'linux')).toEqual({
      kind: 'event',
      event: { type: 'redirect', seq: 1, from: '10.0.1.1', gateway: '10.0.1.5' },
    });
  });

  it('reads a permission error', () => {
    expect(parsePingLine('ping: socket: Operation not permitted', 'linux')).toMatchObject({
      kind: 'failure',
      failure: { reason: 'permission-denied' },
    });
  });
});

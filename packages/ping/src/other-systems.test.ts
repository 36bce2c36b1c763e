import { describe, expect, it } from 'vitest';
import { readFixture } from '../test/fixtures.js';
import { parsePingOutput, summarisePing } from './accumulate.js';
import { exitCodeForPing } from './exit-code.js';
import { derivePingVerdict } from './verdict.js';

const fixture = (p: string) => readFixture(p).text;

describe('macOS / FreeBSD ping6 (typed from the man page formats)', () => {
  it('ping6 replies carry hlim=, the header is PING6(...) src --> dst: 3 of 3 back, as the tool says', () => {
    const p = parsePingOutput(fixture('darwin/ping6-loopback'), 'darwin');
    expect(p.warnings).toEqual([]);
    expect(p.failure).toBeUndefined();
    expect([p.target, p.address]).toEqual(['::1', '::1']);
    const replies = p.events.filter((e) => e.type === 'reply');
    expect(replies[0]).toMatchObject({ seq: 0, from: '::1', bytes: 16, ttl: 64, rttMs: 0.071 });
    expect(summarisePing(p)).toMatchObject({ sent: 3, received: 3, lossPct: 0 });
  });

  it('ping -6 to a global address: replies read, hop limit kept', () => {
    const p = parsePingOutput(fixture('darwin/ping-ipv6-hlim'), 'darwin');
    expect(p.warnings).toEqual([]);
    expect(p.address).toBe('2001:db8::10');
    expect(summarisePing(p)).toMatchObject({ sent: 3, received: 3 });
  });

  it('an ICMP error from a named router is read as unreachable from its address', () => {
    const p = parsePingOutput(fixture('darwin/unreachable-named-router'), 'darwin');
    expect(p.warnings).toEqual([]);
    expect(p.failure).toBeUndefined();
    const errs = p.events.filter((e) => e.type === 'unreachable');
    expect(errs).toHaveLength(2);
    expect(errs[0]).toMatchObject({ from: '192.0.2.1', code: 'host' });
  });
});

describe('Linux headers recorded here (iputils 20221126)', () => {
  it('ping -I: "PING A (A) from S IF: 56(84) bytes of data." keeps the target', () => {
    const p = parsePingOutput(fixture('linux/interface-from'), 'linux');
    expect(p.warnings).toEqual([]);
    expect([p.target, p.address]).toEqual(['127.0.0.1', '127.0.0.1']);
  });

  it('ping -I with IPv6: "PING ::1(::1) from ::1 lo: 56 data bytes" keeps the target', () => {
    const p = parsePingOutput(fixture('linux/ipv6-interface-from'), 'linux');
    expect(p.warnings).toEqual([]);
    expect([p.target, p.address]).toEqual(['::1', '::1']);
  });

  it('IPv6 with a name: "PING name(name (addr)) 56 data bytes" keeps the name and the address', () => {
    const p = parsePingOutput(fixture('linux/ipv6-hostname'), 'linux');
    expect(p.warnings).toEqual([]);
    expect([p.target, p.address]).toEqual(['ip6-localhost', '::1']);
    expect(summarisePing(p)).toMatchObject({ sent: 2, received: 2 });
  });
});

describe("replies that disagree with the tool's own summary: output not understood", () => {
  const text = [
    'PING 192.0.2.10 (192.0.2.10): 56 data bytes',
    '64 bytes from 192.0.2.10: icmp_seq=0 ttl=117 time=14.123 ms (some future format)',
    '64 bytes from 192.0.2.10 icmp_seq 1 ttl 117 rtt 15.002 ms',
    '',
    '--- 192.0.2.10 ping statistics ---',
    '2 packets transmitted, 2 packets received, 0.0% packet loss',
  ].join('\n');

  it('is a tool failure quoting the line not understood, never loss the tool did not see (exit 3)', () => {
    const p = parsePingOutput(text, 'darwin');
    expect(p.failure).toMatchObject({ reason: 'tool-error' });
    expect(p.failure?.detail).toMatch(/^output not understood: ping says 2 of 2 came back, 1 reply was read/);
    expect(p.failure?.detail).toContain('64 bytes from 192.0.2.10 icmp_seq 1 ttl 117 rtt 15.002 ms');
    const summary = summarisePing(p);
    const verdict = derivePingVerdict('192.0.2.10', summary, p.events, p.failure);
    expect(verdict.kind).toBe('failed');
    expect(exitCodeForPing({ verdict, failure: p.failure })).toBe(3);
  });

  it('Windows counts an error reply as received: that is agreement, not a failure', () => {
    const p = parsePingOutput(fixture('win32/unreachable-ttl'), 'win32');
    expect(p.failure).toBeUndefined();
  });
});

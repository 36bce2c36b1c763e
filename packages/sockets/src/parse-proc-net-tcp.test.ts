import { describe, expect, it } from 'vitest';
import { fixture, fixtureHeader } from '../test/helpers.js';
import { countStates } from './aggregate.js';
import { decodeProcAddress, formatIpv6 } from './address.js';
import { makeProcTcpScanner, parseProcNetTcp } from './parse-proc-net-tcp.js';
import { parseSs } from './parse-ss.js';
import { STATE_COUNT, TCP_STATES, toStateCounts } from './tcp-state.js';

const tcp = fixture('linux/all-states.proc-net-tcp.txt');
const tcp6 = fixture('linux/all-states.proc-net-tcp6.txt');

describe('/proc/net/tcp parser (recorded: every holdable state, loopback)', () => {
  const v4 = parseProcNetTcp(tcp, 4);
  const v6 = parseProcNetTcp(tcp6, 6);
  const all = [...v4.sockets, ...v6.sockets];

  it('the fixture says where it came from', () => {
    expect(fixtureHeader('linux/all-states.proc-net-tcp.txt', 'command')).toBe('cat /proc/net/tcp');
    expect(fixtureHeader('linux/all-states.proc-net-tcp.txt', 'tool')).toMatch(/^Linux 6\./);
  });

  it('reads every line without a warning', () => {
    expect(v4.warnings).toEqual([]);
    expect(v6.warnings).toEqual([]);
    expect(v4.sockets).toHaveLength(36);
    expect(v6.sockets).toHaveLength(7);
  });

  it('counts equal what ss printed for the same table, state by state', () => {
    const ss = parseSs(fixture('linux/all-states.ss-tan.txt'));
    expect(ss.warnings).toEqual([]);
    expect(countStates(all)).toEqual(countStates(ss.sockets));
    expect(countStates(all)).toMatchObject({
      LISTEN: 7,
      ESTABLISHED: 14,
      SYN_SENT: 2,
      SYN_RECV: 2,
      FIN_WAIT_1: 1,
      FIN_WAIT_2: 5,
      CLOSE_WAIT: 5,
      CLOSING: 1,
      LAST_ACK: 1,
      TIME_WAIT: 5,
      CLOSED: 0,
    });
  });

  it('decodes addresses, ports, queues, timers and inodes', () => {
    const listen = v4.sockets.find((s) => s.state === 'LISTEN')!;
    expect(listen).toMatchObject({
      family: 4,
      localAddress: '127.0.0.1',
      remoteAddress: '*',
      remotePort: 0,
      recvQ: 0,
      sendQ: undefined,
      uid: 0,
      timer: 'off',
    });
    expect(listen.inode).toBeGreaterThan(0);
    const closeWait = v4.sockets.find((s) => s.state === 'CLOSE_WAIT')!;
    expect(closeWait.recvQ).toBe(1); // the FIN counts as one unread byte
    expect(
      v4.sockets.filter((s) => s.state === 'TIME_WAIT').every((s) => s.inode === 0 && s.timer === 'timewait'),
    ).toBe(true);
    expect(
      v4.sockets
        .filter((s) => s.state === 'SYN_SENT')
        .every((s) => s.remotePort === 9 && s.timer === 'retransmit' && s.sendQ === 1),
    ).toBe(true);
    expect(v4.sockets.filter((s) => s.state === 'SYN_RECV').every((s) => s.inode === 0)).toBe(true);
  });

  it('IPv6: ::1, the wildcard, and an IPv4 client of a dual-stack listener (shown as IPv4)', () => {
    expect(v6.sockets.filter((s) => s.localAddress === '::1')).toHaveLength(5);
    expect(v6.sockets.find((s) => s.state === 'LISTEN' && s.localAddress === '*')).toBeDefined();
    const mapped = v6.sockets.find((s) => s.state === 'ESTABLISHED' && s.localAddress === '127.0.0.1')!;
    expect(mapped).toMatchObject({ family: 6, remoteAddress: '127.0.0.1' });
  });

  it('gives the same result however the bytes are chunked', () => {
    const bytes = Buffer.from(tcp, 'latin1');
    for (const size of [1, 7, 149, 150, 4096]) {
      const seen: string[] = [];
      const sc = makeProcTcpScanner(4, {
        row: (r) =>
          seen.push(`${r.state} ${r.localAddress}:${r.localPort} ${r.remoteAddress}:${r.remotePort} ${r.inode}`),
      });
      for (let i = 0; i < bytes.length; i += size) sc.write(bytes.subarray(i, i + size));
      sc.end();
      expect(seen, `chunk ${size}`).toEqual(
        v4.sockets.map(
          (s) =>
            `${TCP_STATES.indexOf(s.state)} ${s.localAddress}:${s.localPort} ${s.remoteAddress}:${s.remotePort} ` +
            `${s.inode}`,
        ),
      );
    }
  });

  it('the counts-only path decodes nothing but the state and agrees', () => {
    const c = new Array<number>(STATE_COUNT).fill(0);
    const sc = makeProcTcpScanner(4, { state: (i) => c[i]!++ });
    sc.write(Buffer.from(tcp, 'latin1'));
    sc.end();
    expect(sc.sockets).toBe(36);
    expect(toStateCounts(c)).toEqual(countStates(v4.sockets));
  });

  it('a last line without newline is read at end()', () => {
    const text = tcp.trimEnd();
    expect(parseProcNetTcp(text, 4).sockets).toHaveLength(36);
  });

  it('unreadable lines are warnings, never a crash', () => {
    const broken =
      `${tcp.split('\n').slice(0, 3).join('\n')}\n   9: garbage here\n  10: 0100007F:0016 00000000:0000 ` +
      `FF 00000000:00000000 00:00000000 00000000     0        0 1 1\n`;
    const p = parseProcNetTcp(broken, 4);
    expect(p.sockets).toHaveLength(2);
    expect(p.warnings).toHaveLength(2);
    expect(p.warnings[0]).toContain('unexpected field layout');
    expect(p.warnings[1]).toContain('unknown state 0xFF');
  });

  it('the listener of a full accept queue shows its length in rx_queue', () => {
    const p = parseProcNetTcp(fixture('linux/accept-full.proc-net-tcp.txt'), 4);
    const l = p.sockets.find((s) => s.state === 'LISTEN')!;
    expect(l.recvQ).toBe(5);
  });
});

describe('address decoding', () => {
  it.each([
    ['0100007F', true, '127.0.0.1'],
    ['7F000001', false, '127.0.0.1'],
    ['00000000', true, '*'],
    ['0204000A', true, '10.0.4.2'],
    ['00000000000000000000000001000000', true, '::1'],
    ['0000000000000000FFFF00000100007F', true, '127.0.0.1'],
    ['000080FE000000000000000001000000', true, 'fe80::1'],
    ['00000000000000000000000000000000', true, '*'],
  ])('%s (little-endian %s) is %s', (hex, le, text) => {
    expect(decodeProcAddress(hex, le)).toBe(text);
  });

  it('formats IPv6 per RFC 5952', () => {
    expect(formatIpv6([0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1])).toBe('2001:db8::1:0:0:1');
    expect(formatIpv6([0xfd, 0x0c, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2])).toBe('fd0c:4::2');
  });

  it('rejects malformed hex', () => {
    expect(decodeProcAddress('0100007G')).toBeUndefined();
    expect(decodeProcAddress('0100')).toBeUndefined();
  });
});

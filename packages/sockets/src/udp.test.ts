import { createSocket } from 'node:dgram';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { inspectUdpSockets, parseProcNetUdp } from './udp.js';

// Typed by hand in the layout of /proc/net/udp on Linux 6.18 (its header copied from this machine, which had no
// UDP socket to record): a resolver's bound socket with 17 drops, a client connected to 10.0.0.2:53.
const UDP_HEADER =
  '   sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer' +
  ' drops';
const RECORDED = `${UDP_HEADER}
  107: 0100007F:0035 00000000:0000 07 00000000:00000300 00:00000000 00000000   101        0 21345 2 0000000000000000 17
 1203: 0100007F:C350 0200000A:0035 01 00000040:00000000 00:00000000 00000000     0        0 21400 2 0000000000000000 0
garbage line
`;

describe('parseProcNetUdp', () => {
  it('reads bound and connected sockets, queues and drops; an odd line is a warning', () => {
    const { sockets, warnings } = parseProcNetUdp(RECORDED, 4);
    expect(sockets).toEqual([
      {
        ...{ family: 4, state: 'UNCONN', localAddress: '127.0.0.1', localPort: 53, remoteAddress: '*' },
        ...{ remotePort: undefined, recvQ: 0x300, sendQ: 0, drops: 17, uid: 101, inode: 21345 },
      },
      {
        ...{ family: 4, state: 'ESTAB', localAddress: '127.0.0.1', localPort: 50000, remoteAddress: '10.0.0.2' },
        ...{ remotePort: 53, recvQ: 0, sendQ: 0x40, drops: 0, uid: 0, inode: 21400 },
      },
    ]);
    expect(warnings).toEqual(['unrecognised /proc/net/udp line: garbage line']);
  });
});

describe('inspectUdpSockets (this machine, loopback)', () => {
  it('finds a bound and a connected socket of this process, with its owner and the UDP counters', async () => {
    const bound = createSocket('udp4');
    await new Promise<void>((r) => bound.bind(0, '127.0.0.1', r));
    const port = (bound.address() as AddressInfo).port;
    const client = createSocket('udp4');
    await new Promise<void>((r) => client.connect(port, '127.0.0.1', r));
    try {
      const report = inspectUdpSockets({ processes: true });
      expect(report.ok).toBe(true);
      const server = report.sockets.find((s) => s.localPort === port && s.state === 'UNCONN');
      expect(server).toMatchObject({ localAddress: '127.0.0.1', remoteAddress: '*' });
      expect(server?.owners?.map((o) => o.pid)).toContain(process.pid);
      expect(report.sockets.find((s) => s.remotePort === port)).toMatchObject({ state: 'ESTAB' });
      expect(report.counters.inDatagrams).toBeTypeOf('number');
    } finally {
      bound.close();
      client.close();
    }
  });
});

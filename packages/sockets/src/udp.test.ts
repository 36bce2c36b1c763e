import { createSocket } from 'node:dgram';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { inspectUdpSockets, parseProcNetUdp } from './udp.js';

// Recorded: see the file's header (a receive buffer that overflowed, and a connected client).
const RECORDED = `${readFileSync(new URL('../fixtures/linux/udp-drops.proc-net-udp.txt', import.meta.url), 'utf8')
  .split('\n')
  .filter((l) => !l.startsWith('#'))
  .join('\n')}garbage line\n`;

describe('parseProcNetUdp', () => {
  it('reads bound and connected sockets, queues and drops; an odd line is a warning', () => {
    const { sockets, warnings } = parseProcNetUdp(RECORDED, 4);
    expect(sockets).toEqual([
      {
        ...{ family: 4, state: 'ESTAB', localAddress: '127.0.0.1', localPort: 50000, remoteAddress: '127.0.0.1' },
        ...{ remotePort: 5353, recvQ: 0, sendQ: 0, drops: 0, uid: 0, inode: 2200165 },
      },
      {
        ...{ family: 4, state: 'UNCONN', localAddress: '127.0.0.1', localPort: 5353, remoteAddress: '*' },
        ...{ remotePort: undefined, recvQ: 0xd00, sendQ: 0, drops: 196, uid: 0, inode: 2200164 },
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

import { FakeCommandRunner } from '@netcheck/core';
import type { PingReport } from '@netcheck/ping';
import { describe, expect, it } from 'vitest';
import type { LocalReport } from './check-local.js';
import { checkLocal } from './check-local.js';
import { deriveLocalFindings } from './derive-local.js';
import { parseDefaultRoutes, parseInterfaceState } from './parse-system.js';

// Recorded: `cat /proc/net/route` on this machine (Debian 12, kernel 6.x) and in the lab client namespace.
const HOST_ROUTES = `Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT
eth0\t00000000\t010200C0\t0003\t0\t0\t0\t00000000\t0\t0\t0
eth0\t000200C0\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0
`;
const LAB_ROUTES = `Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT
to-r1\t00000000\t0101000A\t0003\t0\t0\t0\t00000000\t0\t0\t0
to-r1\t0001000A\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0
`;

describe('system file parsers', () => {
  it('finds the default gateway in /proc/net/route (little-endian hex)', () => {
    expect(parseDefaultRoutes(HOST_ROUTES)).toEqual([{ iface: 'eth0', gateway: '192.0.2.1', metric: 0 }]);
    expect(parseDefaultRoutes(LAB_ROUTES)).toEqual([{ iface: 'to-r1', gateway: '10.0.1.1', metric: 0 }]);
    expect(
      parseDefaultRoutes(
        LAB_ROUTES.split('\n')
          .filter((l) => !l.includes('00000000\t0101'))
          .join('\n'),
      ),
    ).toEqual([]);
  });
  it('reads interface state from operstate and flags', () => {
    expect(parseInterfaceState('eth0', 'up\n', '0x1003\n')).toEqual({
      name: 'eth0',
      operstate: 'up',
      adminUp: true,
      running: true,
    });
    expect(parseInterfaceState('eth1', 'down\n', '0x1003\n')).toMatchObject({ adminUp: true, running: false });
    expect(parseInterfaceState('tun0', 'unknown\n', '0x1091\n')).toMatchObject({ running: true });
    expect(parseInterfaceState('eth2', 'down\n', '0x1002\n')).toMatchObject({ adminUp: false, running: false });
  });
});

const iface = (name: string, adminUp: boolean, running: boolean) => ({
  name,
  operstate: running ? 'up' : 'down',
  adminUp,
  running,
});
// Only the fields the rules read; the rest of a PingReport does not matter here.
const pingReport = (sent: number, received: number) =>
  ({ summary: { sent, received, avgMs: received ? 0.2 : undefined }, failure: undefined }) as unknown as PingReport;
const route = { iface: 'eth0', gateway: '10.0.1.1', metric: 0 };
const resolver = (address: string, answered: boolean, outcome = answered ? 'NOERROR' : 'ETIMEOUT') => ({
  address,
  zone: 'lab',
  answered,
  outcome,
  rttMs: answered ? 5 : undefined,
});

describe('deriveLocalFindings', () => {
  it.each<[string, Omit<LocalReport, 'sockets'> & Partial<Pick<LocalReport, 'sockets'>>, Record<string, string>]>([
    [
      'healthy',
      {
        interfaces: [iface('lo', true, true), iface('eth0', true, true)],
        gateway: { route, ping: pingReport(3, 3) },
        resolvers: [resolver('10.0.4.2', true)],
        sockets: { total: 2, states: { ESTABLISHED: 2 }, findings: [] },
      },
      { interfaces: 'fine', gateway: 'fine', resolvers: 'fine', sockets: 'fine' },
    ],
    [
      'no carrier',
      {
        interfaces: [iface('eth0', true, true), iface('eth1', true, false)],
        gateway: { route, ping: pingReport(3, 3) },
        resolvers: [resolver('a', true)],
      },
      { interfaces: 'warning' },
    ],
    [
      'nothing up',
      {
        interfaces: [iface('lo', true, true), iface('eth0', false, false)],
        gateway: { status: 'skipped', why: 'no IPv4 default route: …' },
        resolvers: [resolver('a', false)],
      },
      { interfaces: 'critical', gateway: 'critical', resolvers: 'critical' },
    ],
    [
      'gateway silent',
      {
        interfaces: [iface('eth0', true, true)],
        gateway: { route, ping: pingReport(3, 0) },
        resolvers: [resolver('a', true)],
      },
      { gateway: 'warning' },
    ],
    [
      'gateway lossy',
      {
        interfaces: [iface('eth0', true, true)],
        gateway: { route, ping: pingReport(3, 2) },
        resolvers: [resolver('a', true)],
      },
      { gateway: 'warning' },
    ],
    [
      'first resolver dead',
      {
        interfaces: [iface('eth0', true, true)],
        gateway: { route, ping: pingReport(3, 3) },
        resolvers: [resolver('10.0.4.3', false), resolver('10.0.4.2', true)],
      },
      { resolvers: 'warning' },
    ],
    [
      'resolver refuses',
      {
        interfaces: [iface('eth0', true, true)],
        gateway: { route, ping: pingReport(3, 3) },
        resolvers: [resolver('10.0.4.2', true, 'REFUSED')],
      },
      { resolvers: 'warning' },
    ],
    [
      'a socket finding',
      {
        interfaces: [iface('eth0', true, true)],
        gateway: { route, ping: pingReport(3, 3) },
        resolvers: [resolver('a', true)],
        sockets: {
          total: 30,
          states: { CLOSE_WAIT: 25 },
          findings: [
            {
              rule: 'close-wait-leak',
              severity: 'warning',
              title: '25 CLOSE_WAIT on port 9000',
              nextSteps: ['ss -tanp state close-wait'],
            },
          ],
        },
      },
      { sockets: 'warning' },
    ],
    [
      'unreadable',
      {
        interfaces: { status: 'skipped', why: 'cannot read' },
        gateway: { status: 'skipped', why: 'cannot read /proc/net/route' },
        resolvers: { status: 'skipped', why: 'no nameserver in /etc/resolv.conf' },
      },
      { interfaces: 'not-checked', gateway: 'not-checked', resolvers: 'not-checked' },
    ],
  ])('%s', (_name, partial, expected) => {
    // rows that are not about sockets get a clean socket table
    const report: LocalReport = { ...partial, sockets: partial.sockets ?? { total: 0, states: {}, findings: [] } };
    // a problem reads as its severity, anything else as its state: 'fine', 'warning', 'critical', 'not-checked'
    const got = Object.fromEntries(
      deriveLocalFindings(report).map((f) => [f.check, f.state === 'problem' ? f.severity : f.state]),
    );
    expect(got).toMatchObject(expected);
    for (const f of deriveLocalFindings(report)) {
      expect(f.state === 'problem').toBe(f.severity !== 'info');
      if (f.state === 'problem') expect(f.evidence.length + f.nextSteps.length).toBeGreaterThan(0);
    }
  });
});

describe('checkLocal with injected sources', () => {
  it('pings the gateway from /proc/net/route and asks each resolver about the search domain', async () => {
    const files: Record<string, string> = {
      '/proc/net/route': LAB_ROUTES,
      '/etc/resolv.conf': 'nameserver 10.0.4.3\nnameserver 10.0.4.2\nsearch lab\n',
      '/sys/class/net/to-r1/operstate': 'up\n',
      '/sys/class/net/to-r1/flags': '0x1003\n',
      '/sys/class/net/lo/operstate': 'unknown\n',
      '/sys/class/net/lo/flags': '0x9\n',
    };
    const asked: string[] = [];
    const fake = new FakeCommandRunner([
      {
        match: 'ping',
        stdout:
          'PING 10.0.1.1 (10.0.1.1) 56(84) bytes of data.\n' +
          '64 bytes from 10.0.1.1: icmp_seq=1 ttl=64 time=0.1 ms\n' +
          '64 bytes from 10.0.1.1: icmp_seq=2 ttl=64 time=0.1 ms\n' +
          '64 bytes from 10.0.1.1: icmp_seq=3 ttl=64 time=0.1 ms\n',
      },
    ]);
    const r = await checkLocal({
      runner: fake,
      readFile: async (p) => {
        if (!(p in files)) throw new Error(`ENOENT ${p}`);
        return files[p]!;
      },
      listInterfaces: async () => ['to-r1', 'lo'],
      sockets: async () => ({ total: 3, states: { LISTEN: 1, ESTABLISHED: 2 }, findings: [] }),
      queryResolver: async (server, zone) => {
        asked.push(`${server} ${zone}`);
        if (server === '10.0.4.3') throw Object.assign(new Error('ETIMEOUT'), { code: 'ETIMEOUT' });
        return 'NODATA';
      },
    });
    expect(fake.calls[0]!.args.at(-1)).toBe('10.0.1.1');
    expect(asked.sort()).toEqual(['10.0.4.2 lab', '10.0.4.3 lab']);
    expect(r.resolvers).toEqual([
      expect.objectContaining({ address: '10.0.4.3', answered: false, outcome: 'ETIMEOUT' }),
      expect.objectContaining({ address: '10.0.4.2', answered: true, outcome: 'NODATA' }),
    ]);
    expect(deriveLocalFindings(r).map((f) => `${f.check}:${f.state}:${f.severity}`)).toEqual([
      'interfaces:fine:info',
      'gateway:fine:info',
      'resolvers:problem:warning',
      'sockets:fine:info',
    ]);
  });

  it('says why a check was skipped instead of failing', async () => {
    const r = await checkLocal({
      readFile: async () => {
        throw new Error('EACCES');
      },
      listInterfaces: async () => {
        throw new Error('EACCES');
      },
      runner: new FakeCommandRunner([]),
      sockets: async () => {
        throw new Error('EACCES');
      },
    });
    expect(r.sockets).toEqual({ status: 'skipped', why: 'cannot read the socket table: EACCES' });
    expect(r.gateway).toEqual({ status: 'skipped', why: 'cannot read /proc/net/route: EACCES' });
    expect(r.resolvers).toEqual({ status: 'skipped', why: 'cannot read /etc/resolv.conf: EACCES' });
  });
});

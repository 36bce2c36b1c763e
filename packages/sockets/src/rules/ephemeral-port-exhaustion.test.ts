import { describe, expect, it } from 'vitest';
import { DEFAULT_SYSCTLS, factsFrom } from '../../test/helpers.js';
import { ephemeralPortExhaustion } from './ephemeral-port-exhaustion.js';

describe('ephemeral-port-exhaustion', () => {
  it.each([
    ['35% of the range in TIME_WAIT toward one destination', 10_000, 'warning', '35.4%'],
    ['71%: critical', 20_000, 'critical', '70.8%'],
  ] as const)('%s', (_n, count, severity, share) => {
    const f = ephemeralPortExhaustion.derive(
      factsFrom([
        `TIME_WAIT 10.0.0.5:32768 10.0.0.9:443 x${count}`,
        'ESTABLISHED 10.0.0.5:60000 10.0.0.9:443 pid=77/fetcher',
      ]),
    );
    expect(f).toHaveLength(1);
    expect(f[0]!.severity).toBe(severity);
    expect(f[0]!.title).toBe(
      `${count} TIME_WAIT toward 10.0.0.9:443: ${share.replace('%', '')}% of the 28232 ephemeral ports`,
    );
    expect(f[0]!.explanation).toContain('Cannot assign requested address');
    expect(f[0]!.explanation).toMatch(/reuse them \(HTTP keep-alive, a connection pool\)/);
    expect(f[0]!.explanation).toContain('net.ipv4.tcp_tw_reuse=1 (now 2, loopback only)');
    expect(f[0]!.explanation).toContain('fetcher (pid 77)');
    expect(f[0]?.evidence).toContain('ephemeral ports in the range = 28,232 (sysctl net.ipv4.ip_local_port_range)');
  });

  it('a narrowed range (the lab scenario): 150 of 200 ports', () => {
    const sysctls = { ...DEFAULT_SYSCTLS, ipLocalPortRange: [40000, 40199] as [number, number], tcpTwReuse: 1 };
    const f = ephemeralPortExhaustion.derive(factsFrom(['TIME_WAIT 127.0.0.1:40000 127.0.0.1:8080 x150'], { sysctls }));
    expect(f[0]).toMatchObject({ severity: 'critical', subject: { remoteAddress: '127.0.0.1', remotePort: 8080 } });
    expect(f[0]!.explanation).toContain('tcp_tw_reuse is already 1');
  });

  it('never suggests tcp_tw_recycle', () => {
    const f = ephemeralPortExhaustion.derive(factsFrom(['TIME_WAIT 10.0.0.5:32768 10.0.0.9:443 x20000']));
    expect(JSON.stringify(f)).not.toContain('recycle');
  });

  it.each([
    [
      'TIME_WAIT on the server side (our port is the service port)',
      ['LISTEN 0.0.0.0:80', 'TIME_WAIT 10.0.0.1:80 10.0.0.9:32768 x20000'],
    ],
    [
      'TIME_WAIT spread over many destinations',
      Array.from({ length: 10 }, (_, i) => `TIME_WAIT 10.0.0.5:${33000 + i * 300} 10.0.0.${i + 10}:443 x250`),
    ],
    ['a few TIME_WAIT', ['TIME_WAIT 10.0.0.5:32768 10.0.0.9:443 x100']],
  ])('quiet: %s', (_n, lines) => expect(ephemeralPortExhaustion.derive(factsFrom(lines))).toEqual([]));

  it('quiet without a known range', () => {
    const facts = factsFrom(['TIME_WAIT 10.0.0.5:32768 10.0.0.9:443 x20000']);
    expect(
      ephemeralPortExhaustion.derive({ ...facts, sysctls: {}, table: { ...facts.table, ephemeralRange: undefined } }),
    ).toEqual([]);
  });
});

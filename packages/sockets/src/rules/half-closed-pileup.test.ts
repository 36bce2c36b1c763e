import { describe, expect, it } from 'vitest';
import { factsFrom } from '../../test/helpers.js';
import { halfClosedPileup } from './half-closed-pileup.js';

describe('half-closed-pileup', () => {
  it('FIN_WAIT_2 toward a server that never closes its side', () => {
    const f = halfClosedPileup.derive(factsFrom(['FIN_WAIT_2 10.0.1.2:40000 10.0.4.2:9000 x25 pid=50/client']));
    expect(f).toHaveLength(1);
    expect(f[0]!.title).toBe(
      '25 FIN_WAIT_2 sockets on connections to 10.0.4.2:9000: peers that never close their side',
    );
    expect(f[0]!.explanation).toContain('tcp_fin_timeout (60 s)');
    expect(f[0]!.explanation).toContain('client (pid 50) holds 25');
  });

  it('LAST_ACK on a server port: peers that vanish', () => {
    const f = halfClosedPileup.derive(factsFrom(['LISTEN 0.0.0.0:80', 'LAST_ACK 10.0.4.2:80 10.0.1.2:40000 x30']));
    expect(f).toHaveLength(1);
    expect(f[0]!.title).toBe('30 LAST_ACK sockets on local port 80: peers that vanish while closing');
    expect(f[0]!.subject).toEqual({ localPort: 80 });
  });

  it.each([
    [
      'a few of each',
      ['LISTEN 0.0.0.0:80', 'LAST_ACK 10.0.4.2:80 10.0.1.2:40000 x3', 'FIN_WAIT_2 10.0.1.2:40000 10.0.4.2:9000 x4'],
    ],
    ['a healthy table', ['LISTEN 0.0.0.0:80', 'ESTABLISHED 10.0.4.2:80 10.0.1.2:40000 x100']],
  ])('quiet: %s', (_n, lines) => expect(halfClosedPileup.derive(factsFrom(lines))).toEqual([]));
});

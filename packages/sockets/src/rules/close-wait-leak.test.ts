import { describe, expect, it } from 'vitest';
import { factsFrom } from '../../test/helpers.js';
import { makeStateCounts } from '../tcp-state.js';
import { closeWaitLeak } from './close-wait-leak.js';

describe('close-wait-leak', () => {
  it('CLOSE_WAIT piling up on a server port names the program', () => {
    const f = closeWaitLeak.derive(
      factsFrom([
        'LISTEN 10.0.0.1:8080 pid=812/leaky',
        'CLOSE_WAIT 10.0.0.1:8080 10.0.0.9:40000 x12 pid=812/leaky',
        'ESTABLISHED 10.0.0.1:8080 10.0.0.9:50000 x3 pid=812/leaky',
      ]),
    );
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({
      id: 'close-wait-leak',
      severity: 'warning',
      subject: { localPort: 8080, processes: [{ pid: 812, name: 'leaky' }] },
    });
    expect(f[0]!.title).toBe('12 CLOSE_WAIT sockets on local port 8080 held by leaky (pid 812)');
    expect(f[0]!.explanation).toContain('never called close()');
    expect(f[0]!.nextSteps[0]).toBe("ss -tanp state close-wait '( sport = :8080 )'");
    expect(f[0]!.nextSteps).toContain('lsof -nP -iTCP:8080');
  });

  it('on the client side: a pool that does not notice the server hung up', () => {
    const f = closeWaitLeak.derive(factsFrom(['CLOSE_WAIT 10.0.0.5:45000 10.0.0.9:5432 x15 pid=90/app']));
    expect(f).toHaveLength(1);
    expect(f[0]!.title).toMatch(/^15 CLOSE_WAIT sockets on connections to 10\.0\.0\.9:5432/);
    expect(f[0]!.explanation).toContain('connection pool');
    expect(f[0]!.subject).toMatchObject({ remoteAddress: '10.0.0.9', remotePort: 5432 });
  });

  it('critical from criticalCloseWait, and growth between samples is cited', () => {
    const stateDeltas = { ...makeStateCounts(), CLOSE_WAIT: 40 };
    const f = closeWaitLeak.derive(
      factsFrom(['LISTEN 0.0.0.0:80', 'CLOSE_WAIT 10.0.0.1:80 10.0.0.9:40000 x250'], {
        stateDeltas,
        deltas: { intervalMs: 2000, counters: {} },
      }),
    );
    expect(f[0]!.severity).toBe('critical');
    expect(f[0]!.explanation).toContain('grew by 40');
    expect(f[0]!.explanation).toContain('not identified');
  });

  it.each([
    ['a few CLOSE_WAIT', ['LISTEN 0.0.0.0:80', 'CLOSE_WAIT 10.0.0.1:80 10.0.0.9:40000 x3']],
    [
      'a healthy server',
      ['LISTEN 0.0.0.0:80', 'ESTABLISHED 10.0.0.1:80 10.0.0.9:40000 x300', 'TIME_WAIT 10.0.0.1:80 10.0.0.9:50000 x40'],
    ],
    [
      'CLOSE_WAIT spread thin over many ports',
      [
        'CLOSE_WAIT 10.0.0.5:45000 10.0.0.9:5000 x1',
        'CLOSE_WAIT 10.0.0.5:45001 10.0.0.9:5001 x1',
        'CLOSE_WAIT 10.0.0.5:45002 10.0.0.9:5002 x1',
      ],
    ],
  ])('quiet: %s', (_n, lines) => expect(closeWaitLeak.derive(factsFrom(lines))).toEqual([]));

  it('thresholds are options', () => {
    expect(
      closeWaitLeak.derive(factsFrom(['LISTEN 0.0.0.0:80', 'CLOSE_WAIT 10.0.0.1:80 10.0.0.9:40000 x3']), {
        minCloseWait: 2,
        criticalCloseWait: 3,
      })[0]!.severity,
    ).toBe('critical');
  });
});

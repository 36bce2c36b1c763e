import { describe, expect, it } from 'vitest';
import { factsFrom } from '../../test/helpers.js';
import { synSentStuck } from './syn-sent-stuck.js';

describe('syn-sent-stuck', () => {
  it('attempts to one filtered destination name it and the program', () => {
    const f = synSentStuck.derive(factsFrom(['SYN_SENT 10.0.1.2:40000 10.0.4.2:82 x6 pid=77/curl']));
    expect(f).toHaveLength(1);
    expect(f[0]!.title).toBe('6 connection attempts to 10.0.4.2:82 get no answer (curl, pid 77)');
    expect(f[0]!.explanation).toContain('drops the SYNs silently');
    expect(f[0]!.subject).toEqual({
      remoteAddress: '10.0.4.2',
      remotePort: 82,
      processes: [{ pid: 77, name: 'curl' }],
    });
    expect(f[0]!.nextSteps).toContain("tcpdump -ni any 'host 10.0.4.2 and tcp port 82'");
  });

  it('a destination that answers some: mentions the established ones', () => {
    const f = synSentStuck.derive(
      factsFrom(['SYN_SENT 10.0.1.2:40000 10.0.4.2:80 x8', 'ESTABLISHED 10.0.1.2:50000 10.0.4.2:80 x4']),
    );
    expect(f[0]!.explanation).toContain('4 connections to it are established');
  });

  it('many destinations at once: a scan or fan-out, with the process', () => {
    const lines = Array.from(
      { length: 25 },
      (_, i) => `SYN_SENT 10.0.1.2:${40000 + i} 192.0.2.${i + 1}:22 pid=666/scanner`,
    );
    const f = synSentStuck.derive(factsFrom(lines));
    expect(f).toHaveLength(1);
    expect(f[0]!.title).toBe('25 unanswered connection attempts to 25 destinations from scanner (pid 666)');
    expect(f[0]!.explanation).toContain('scan');
  });

  it('spread thin: one summary finding', () => {
    const lines = Array.from({ length: 10 }, (_, i) => `SYN_SENT 10.0.1.2:${40000 + i * 2} 192.0.2.${i + 1}:443 x2`);
    const f = synSentStuck.derive(factsFrom(lines));
    expect(f).toHaveLength(1);
    expect(f[0]!.title).toBe('20 unanswered connection attempts (SYN_SENT)');
  });

  it.each([
    [
      'two attempts in flight',
      ['SYN_SENT 10.0.1.2:40000 10.0.4.2:80 x2', 'ESTABLISHED 10.0.1.2:50000 10.0.4.2:80 x40'],
    ],
    ['a healthy client', ['ESTABLISHED 10.0.1.2:50000 10.0.4.2:443 x40', 'TIME_WAIT 10.0.1.2:51000 10.0.4.2:443 x20']],
  ])('quiet: %s', (_n, lines) => expect(synSentStuck.derive(factsFrom(lines))).toEqual([]));
});

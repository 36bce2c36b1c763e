import { describe, expect, it } from 'vitest';
import type { ReportDocument } from './document.js';
import {
  deriveLatencyStep,
  deriveLinkLossChanges,
  derivePortChange,
  deriveResolverChanges,
  deriveSysctlChanges,
  findChanges,
} from './find-changes.js';
import type { PathHopView } from './path-view.js';

/** A compact hop: "ttl address p50 kind" ("-" for no address). */
const hop = (line: string): PathHopView => {
  const [ttl, address, p50, kind = 'clean'] = line.split(' ');
  const k = kind as PathHopView['kind'];
  const mark = k === 'silent' || k === 'node-loss' ? 'not-a-problem' : k === 'link-loss' ? 'blamed' : 'clean';
  return {
    ttl: Number(ttl),
    address: address === '-' ? undefined : address,
    name: undefined,
    kind: k,
    mark,
    text: '',
    lossPct: 0,
    p50Ms: p50 === '-' ? undefined : Number(p50),
    traceRttMs: undefined,
  };
};
const doc = (
  hops: string[],
  extra: { sysctls?: Record<string, string>; resolvers?: ReportDocument['resolvers']; connectOk?: boolean } = {},
) =>
  ({
    kind: 'netcheck-report',
    version: 1,
    target: 'web.lab',
    meta: { sysctls: extra.sysctls ?? {} },
    path: { source: 'trace', hops: hops.map(hop), summary: '', rounds: 1, probes: [] },
    resolvers: extra.resolvers ?? [],
    diagnosis: {
      results:
        extra.connectOk === undefined
          ? {}
          : {
              connect: {
                status: 'done',
                ms: 1,
                value: { ok: extra.connectOk, port: 80, code: extra.connectOk ? undefined : 'ECONNREFUSED' },
              },
            },
    },
  }) as unknown as ReportDocument;

const STANDARD = ['1 10.0.1.1 0.1', '2 10.0.2.2 10', '3 10.0.3.2 20', '4 10.0.4.2 30'];

describe('findChanges', () => {
  it.each([
    ['nothing changed', STANDARD, STANDARD, []],
    [
      'a hop that was silent answers: a new hop',
      ['1 10.0.1.1 0.1', '2 - - silent', '3 10.0.3.2 20', '4 10.0.4.2 30'],
      STANDARD,
      ['new-hop 2 10.0.2.2'],
    ],
    [
      'an extra router: a new hop, nothing else moved',
      STANDARD,
      ['1 10.0.1.1 0.1', '2 10.0.2.2 10', '3 10.0.9.1 15', '4 10.0.3.2 20', '5 10.0.4.2 30'],
      ['new-hop 3 10.0.9.1'],
    ],
    ['a router gone', STANDARD, ['1 10.0.1.1 0.1', '2 10.0.3.2 20', '3 10.0.4.2 30'], ['missing-hop 2 10.0.2.2']],
    [
      'the path crosses other addresses',
      STANDARD,
      ['1 10.0.1.1 0.1', '2 10.0.7.2 10', '3 10.0.3.2 20', '4 10.0.4.2 30'],
      ['path-moved 2 10.0.7.2'],
    ],
    [
      'a latency step on r2 -> r3, carried on',
      STANDARD,
      ['1 10.0.1.1 0.1', '2 10.0.2.2 10', '3 10.0.3.2 50', '4 10.0.4.2 60'],
      ['latency-step 3 10.0.3.2'],
    ],
    [
      'jitter below the threshold is no step',
      STANDARD,
      ['1 10.0.1.1 0.1', '2 10.0.2.2 12', '3 10.0.3.2 25', '4 10.0.4.2 33'],
      [],
    ],
    [
      'a router slow to answer itself is no step',
      STANDARD,
      ['1 10.0.1.1 0.1', '2 10.0.2.2 80 node-latency', '3 10.0.3.2 20', '4 10.0.4.2 30'],
      [],
    ],
    [
      'a link now losing',
      STANDARD,
      ['1 10.0.1.1 0.1', '2 10.0.2.2 10', '3 10.0.3.2 20 link-loss', '4 10.0.4.2 30'],
      ['link-loss 3 10.0.3.2'],
    ],
  ])('%s', (_name, before, after, want) => {
    const got = findChanges(doc(before), doc(after)).map((c) => {
      const where = 'address' in c ? c.address : 'after' in c ? c.after : 'to' in c ? c.to : '';
      return `${c.kind} ${'ttl' in c ? c.ttl : ''} ${where}`;
    });
    expect(got).toEqual(want);
  });
  it('a resolver answering differently, a port that was open, a sysctl that moved', () => {
    const r = (a: string) => [{ server: '10.0.4.2', a, aaaa: 'fd0c:4::2' }];
    const changes = findChanges(
      doc(STANDARD, { resolvers: r('10.0.4.2'), connectOk: true, sysctls: { 'net.ipv4.tcp_syncookies': '1' } }),
      doc(STANDARD, { resolvers: r('10.0.4.66'), connectOk: false, sysctls: { 'net.ipv4.tcp_syncookies': '0' } }),
    );
    expect(changes.map((c) => c.kind)).toEqual(['resolver-answer', 'port-closed', 'sysctl']);
    expect(changes[0]!.text).toContain('10.0.4.66');
    expect(changes[1]!.text).toBe('port 80 was open and now fails: ECONNREFUSED');
    expect(changes[2]!.text).toBe('net.ipv4.tcp_syncookies is 0 now, 1 before');
  });
});

describe('the rules of findChanges, one by one', () => {
  const hops = (lines: string[]) => lines.map(hop);
  it('places a latency step on the link into the first hop carrying half the rise, and says by how much', () => {
    const after = ['1 10.0.1.1 0.1', '2 10.0.2.2 14', '3 10.0.3.2 50', '4 10.0.4.2 60'];
    expect(deriveLatencyStep(hops(STANDARD), hops(after), 10, 0.25)).toEqual({
      kind: 'latency-step',
      ttl: 3,
      from: '10.0.2.2',
      to: '10.0.3.2',
      stepMs: 30,
      text:
        'a latency step on the link 10.0.2.2 → 10.0.3.2: ' +
        '30 ms more end to end (60 ms, 30 ms before), from 10.0.3.2 on',
    });
    // 30 ms more is below a quarter of an RTT of 150 ms: no step.
    const slow = ['1 10.0.1.1 0.1', '2 10.0.2.2 10', '3 10.0.3.2 20', '4 10.0.4.2 150'];
    const slower = ['1 10.0.1.1 0.1', '2 10.0.2.2 10', '3 10.0.3.2 20', '4 10.0.4.2 180'];
    expect(deriveLatencyStep(hops(slow), hops(slower), 10, 0.25)).toBeUndefined();
    expect(deriveLatencyStep([], [], 10, 0.25)).toBeUndefined();
  });
  it('names the link of new loss from this machine at the first hop, and skips a link that lost before', () => {
    const lossy = ['1 10.0.1.1 0.1 link-loss', '2 10.0.2.2 10', '3 10.0.3.2 20 link-loss', '4 10.0.4.2 30'];
    const before = ['1 10.0.1.1 0.1', '2 10.0.2.2 10', '3 10.0.3.2 20 link-loss', '4 10.0.4.2 30'];
    expect(deriveLinkLossChanges(hops(before), hops(lossy))).toEqual([
      {
        kind: 'link-loss',
        ttl: 1,
        from: 'this machine',
        to: '10.0.1.1',
        text: 'forwarding loss on the link this machine → 10.0.1.1, not there before',
      },
    ]);
  });
  it('compares resolvers found in both reports only, a port only when it connected before, sysctls by key', () => {
    const r = (server: string, a?: string) => [{ server, a, aaaa: undefined }];
    const before = doc(STANDARD, {
      resolvers: r('10.0.4.2', '10.0.4.2'),
      connectOk: false,
      sysctls: { b: '1', a: '1' },
    });
    const after = doc(STANDARD, { resolvers: r('10.0.4.3'), connectOk: false, sysctls: { b: '2' } });
    expect(deriveResolverChanges(before, after)).toEqual([]);
    expect(deriveResolverChanges(before, doc(STANDARD, { resolvers: r('10.0.4.2') }))[0]?.text).toBe(
      'resolver 10.0.4.2 answers differently: A: -; AAAA: - (before: A: 10.0.4.2; AAAA: -)',
    );
    expect(derivePortChange(before, after)).toBeUndefined();
    expect(deriveSysctlChanges(before, after).map((c) => c.text)).toEqual([
      'a is (unreadable) now, 1 before',
      'b is 2 now, 1 before',
    ]);
  });
});

import { createSocket } from 'node:dgram';
import type { AddressInfo } from 'node:net';
import dnsPacket from 'dns-packet';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAsnQueryName, makeHopNames, makeTxtLookup, parseAsnTxt, parseHostsNames } from './names.js';

describe('buildAsnQueryName', () => {
  it.each([
    ['10.0.2.2', '2.2.0.10.origin.asn.cymru.com'],
    ['2001:db8::1', `1.0.0.0.${'0.'.repeat(20)}8.b.d.0.1.0.0.2.origin6.asn.cymru.com`],
    ['not-an-address', undefined],
  ])('%s -> %s', (address, name) => expect(buildAsnQueryName(address)).toBe(name));
});

describe('parseAsnTxt', () => {
  it('reads the fields, the first of several AS numbers', () => {
    expect(parseAsnTxt('3356 174 | 4.0.0.0/9 | US | arin | 1992-12-01')).toEqual({
      asn: 'AS3356',
      prefix: '4.0.0.0/9',
      country: 'US',
      registry: 'arin',
    });
    expect(parseAsnTxt('NA | x')).toBeUndefined();
  });
});

/** A DNS server on loopback serving the origin zone: the records mtr -z reads. */
let server: ReturnType<typeof createSocket>;
let port = 0;
const ZONE: Record<string, string> = { '2.2.0.10.origin.asn.cymru.com': '64512 | 10.0.2.0/24 | ZZ | lab | 2026-01-01' };
beforeAll(async () => {
  server = createSocket('udp4');
  server.on('message', (msg, rinfo) => {
    const q = dnsPacket.decode(msg);
    const question = q.questions?.[0];
    const record = question && ZONE[question.name];
    if (question?.name === 'slow.origin.asn.cymru.com') return;
    const answers = record ? [{ type: 'TXT' as const, name: question.name, ttl: 60, data: record }] : [];
    const rcode = record ? 'NOERROR' : 'NXDOMAIN';
    const reply = dnsPacket.encode({
      type: 'response',
      id: q.id,
      flags: dnsPacket.AUTHORITATIVE_ANSWER,
      questions: q.questions,
      answers,
      rcode,
    } as dnsPacket.Packet);
    server.send(reply, rinfo.port, rinfo.address);
  });
  await new Promise<void>((r) => server.bind(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => server.close());

describe('parseHostsNames', () => {
  it("gives each address the first name /etc/hosts has for it, as getnameinfo's files source", () => {
    const text = '127.0.0.1 localhost\n127.0.0.1 vm\n# 10.0.0.1 old\n::1  ip6-localhost ip6-loopback\nbad line\n\n';
    expect([...parseHostsNames(text)]).toEqual([
      ['127.0.0.1', 'localhost'],
      ['::1', 'ip6-localhost'],
    ]);
  });
});

describe('makeHopNames', () => {
  it('finds the origin AS in a zone served on loopback, without delaying the caller', async () => {
    const names = makeHopNames({ names: false, asn: true, lookups: { txt: makeTxtLookup([`127.0.0.1:${port}`]) } });
    names.request(['10.0.2.2', '10.0.3.2']);
    expect(names.get('10.0.2.2').asn).toBeUndefined();
    await names.settle(3000);
    expect(names.get('10.0.2.2').asn).toMatchObject({ asn: 'AS64512', prefix: '10.0.2.0/24' });
    expect(names.get('10.0.3.2').asn).toBeUndefined();
  });

  it('a lookup that never answers leaves the name undefined after the timeout: never a hang', async () => {
    const never = () => new Promise<string | undefined>(() => undefined);
    const names = makeHopNames({ names: true, asn: false, timeoutMs: 50, lookups: { reverse: never } });
    names.request(['10.0.1.1']);
    const t = performance.now();
    await names.settle(5000);
    expect(performance.now() - t).toBeLessThan(1000);
    expect(names.get('10.0.1.1')).toEqual({ name: undefined, asn: undefined });
  });

  it('a TXT lookup that never answers: settle returns on time, the AS stays unknown, close() cancels it', async () => {
    const aborted: string[] = [];
    const txt = (name: string, signal: AbortSignal) =>
      new Promise<string[]>(() => signal.addEventListener('abort', () => aborted.push(name)));
    const names = makeHopNames({ names: false, asn: true, lookups: { txt } });
    names.request(['10.0.2.2']);
    const t = performance.now();
    await names.settle(100);
    expect(performance.now() - t).toBeLessThan(1000);
    expect(names.get('10.0.2.2').asn).toBeUndefined();
    expect(aborted).toEqual([]);
    names.close();
    expect(aborted).toEqual(['2.2.0.10.origin.asn.cymru.com']);
  });

  it('an aborted query to a server that never answers ends at once, not after the resolver timeout', async () => {
    const txt = makeTxtLookup([`127.0.0.1:${port}`]);
    const ac = new AbortController();
    const t = performance.now();
    const answer = txt('slow.origin.asn.cymru.com', ac.signal).catch((e: NodeJS.ErrnoException) => e.code);
    setTimeout(() => ac.abort(), 50);
    expect(await answer).toBe('ECANCELLED');
    expect(performance.now() - t).toBeLessThan(1000);
  });

  it('reverse names, each address asked once', async () => {
    const asked: string[] = [];
    const reverse = async (a: string) => {
      asked.push(a);
      return a === '10.0.1.1' ? 'r1.lab' : undefined;
    };
    const names = makeHopNames({ names: true, asn: false, lookups: { reverse } });
    names.request(['10.0.1.1', '10.0.1.1', '10.0.2.2']);
    names.request(['10.0.1.1']);
    await names.settle(1000);
    expect(names.get('10.0.1.1').name).toBe('r1.lab');
    expect(asked).toEqual(['10.0.1.1', '10.0.2.2']);
  });
});

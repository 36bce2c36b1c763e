import dgram from 'node:dgram';
import net from 'node:net';
import dnsPacket from 'dns-packet';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareResolvers } from './compare.js';
import { deriveAddresses, deriveNameFindings } from './derive-resolution.js';
import { explainResult } from './explain.js';
import type { NameFacts } from './name-facts.js';
import { validateResponse } from './packet.js';
import { query } from './query.js';
import { selectShortAnswers } from './select-short.js';
import type { DnsResponse, QueryResult } from './types.js';

// Issue 13: malformed rdata shown as data, TCP failing on a forged message before the real answer,
// @hostname servers never matching, and --short printing other names' records.

const encode = (id: number, name: string, answers: dnsPacket.Answer[], over: Partial<dnsPacket.Packet> = {}) =>
  dnsPacket.encode({
    type: 'response',
    id,
    flags: dnsPacket.RECURSION_AVAILABLE,
    questions: [{ type: 'A', name }],
    answers,
    ...over,
  });
const A = (name: string, data: string): dnsPacket.Answer => ({ type: 'A', name, ttl: 5, data });

/** The A record at the end of the packet with 3 bytes of data (rdlength 3, the last byte cut). */
function threeByteA(id: number, name: string): Buffer {
  const b = Buffer.from(encode(id, name, [A(name, '1.2.3.4')]));
  b.writeUInt16BE(3, b.length - 6);
  return b.subarray(0, b.length - 1);
}
/** An AAAA record at the end of the packet with only 4 bytes of data. */
function fourByteAaaa(id: number, name: string): Buffer {
  const b = Buffer.from(encode(id, name, [A(name, '1.2.3.4')], { questions: [{ type: 'AAAA', name }] }));
  b.writeUInt16BE(28, b.length - 14);
  return b;
}
/** A TXT record whose rdlength runs 200 bytes past the end of the packet. */
function rdlengthPastEnd(id: number, name: string): Buffer {
  const b = Buffer.from(encode(id, name, [A(name, '10.0.4.2'), { type: 'TXT', name, ttl: 5, data: 'x' }]));
  b.writeUInt16BE(200, b.length - 4);
  return b;
}
/** A CNAME whose rdlength (2) is shorter than the name in it. */
function cnameOverrunsRdata(id: number, name: string): Buffer {
  const b = Buffer.from(encode(id, name, [{ type: 'CNAME', name, ttl: 5, data: 'target.test' }]));
  b.writeUInt16BE(2, b.length - 13 - 2);
  return b;
}

const expected = { id: 7, name: 'web.lab', type: 'A', server: '10.0.4.2', port: 53 };
const from = { address: '10.0.4.2', port: 53 };

describe('malformed rdata is a malformed answer, never data', () => {
  it.each([
    [
      'a 3-byte A record',
      threeByteA(7, 'web.lab'),
      expected,
      /A record web\.lab\. has 3 bytes of data; an A record has 4/,
    ],
    [
      'a 4-byte AAAA record',
      fourByteAaaa(7, 'web.lab'),
      { ...expected, type: 'AAAA' },
      /AAAA record web\.lab\. has 4 bytes of data; an AAAA record has 16/,
    ],
    [
      'an rdlength past the end of the packet',
      rdlengthPastEnd(7, 'web.lab'),
      expected,
      /TXT record web\.lab\. says 200 bytes of data, past the end of the packet/,
    ],
    [
      'a CNAME name running past its rdlength',
      cnameOverrunsRdata(7, 'web.lab'),
      expected,
      /CNAME record web\.lab\..*past its 2 bytes of data/,
    ],
  ])('%s', (_what, buf, exp, why) => {
    const v = validateResponse(buf, from, exp);
    expect(v).toMatchObject({ ok: false, malformed: true });
    expect((v as { why: string }).why).toMatch(why);
  });

  it('says so in words: a malformed answer from the server', () => {
    const r: QueryResult = {
      ok: false,
      server: '10.0.4.2',
      port: 53,
      reason: 'malformed',
      detail: 'malformed answer from 10.0.4.2: A record web.lab. has 3 bytes of data; an A record has 4',
      tries: 1,
      rejected: [],
    };
    const e = explainResult(r, 'web.lab', 'A');
    expect(e.status).toBe('error');
    expect(e.text).toMatch(/^malformed answer from 10\.0\.4\.2 for web\.lab A/);
  });
});

// A server on loopback: UDP answers by name; TCP sends a forged message (wrong ID, then the wrong question) before the real answer.
let udp: dgram.Socket;
let tcp: net.Server;
let port = 0;
beforeAll(async () => {
  tcp = net.createServer((c) => {
    c.on('data', (d) => {
      const q = dnsPacket.streamDecode(d);
      const name = q.questions[0]!.name;
      const frame = (b: Buffer) => Buffer.concat([Buffer.from([b.length >> 8, b.length & 0xff]), b]);
      c.write(frame(encode((q.id! + 1) % 65536, name, [A(name, '198.51.100.66')])));
      c.write(frame(encode(q.id!, 'evil.test', [A('evil.test', '198.51.100.67')])));
      setTimeout(() => c.end(frame(encode(q.id!, name, [A(name, '192.0.2.7')]))), 10);
    });
    c.on('error', () => undefined);
  });
  await new Promise<void>((r) => tcp.listen(0, '127.0.0.1', () => r()));
  port = (tcp.address() as net.AddressInfo).port;
  udp = dgram.createSocket('udp4');
  udp.on('message', (msg, rinfo) => {
    const q = dnsPacket.decode(msg);
    const name = q.questions[0]!.name;
    if (name === 'flood.test')
      for (let k = 0; k < 200; k++)
        udp.send(encode((q.id! + 1 + k) % 65536, name, [A(name, '198.51.100.9')]), rinfo.port, rinfo.address);
    const reply = name === 'short-a.test' ? threeByteA(q.id!, name) : encode(q.id!, name, [A(name, '192.0.2.7')]);
    udp.send(reply, rinfo.port, rinfo.address);
  });
  await new Promise<void>((r) => udp.bind(port, '127.0.0.1', () => r()));
});
afterAll(() => {
  udp.close();
  tcp.close();
});

describe('query() against hostile answers on loopback', () => {
  it('a 3-byte A record from the server is a malformed answer naming the server, not an address', async () => {
    const r = await query('short-a.test', { server: '127.0.0.1', port, timeoutMs: 500, tries: 1 });
    expect(r).toMatchObject({ ok: false, reason: 'malformed' });
    expect((r as { detail: string }).detail).toMatch(
      /^malformed answer from 127\.0\.0\.1: A record short-a\.test\. has 3 bytes/,
    );
  });

  it('over TCP, skips forged messages before the real answer', async () => {
    const r = await query('web.test', { server: '127.0.0.1', port, tcp: true, timeoutMs: 1000 });
    expect(r).toMatchObject({ ok: true, transport: 'tcp' });
    if (!r.ok) return;
    expect(r.response.answers.map((a) => a.data)).toEqual(['192.0.2.7']);
    expect(r.rejected.map((x) => x.why)).toEqual([
      expect.stringMatching(/does not match ours/),
      expect.stringMatching(/question evil\.test A is not ours/),
    ]);
  });

  it('a server name of several addresses: each UDP try asks the next; TCP moves on from one that refuses', async () => {
    const resolveServer = async () => ['127.0.0.2', '127.0.0.1'];
    const udpR = await query('web.test', { server: 'two.test', port, timeoutMs: 500, tries: 2, resolveServer });
    expect(udpR).toMatchObject({ ok: true, server: 'two.test', address: '127.0.0.1', tries: 2, transport: 'udp' });
    const tcpR = await query('web.test', { server: 'two.test', port, tcp: true, timeoutMs: 1000, resolveServer });
    expect(tcpR).toMatchObject({ ok: true, address: '127.0.0.1', transport: 'tcp' });
    const none = await query('web.test', {
      server: 'nowhere.test',
      port,
      resolveServer: async () => Promise.reject(Object.assign(new Error('x'), { code: 'ENOTFOUND' })),
    });
    expect(none).toMatchObject({
      ok: false,
      reason: 'error',
      detail: 'cannot resolve the server name nowhere.test: ENOTFOUND; give its address, or fix the name',
    });
  });

  it('a flood of 200 forged packets: the answer still comes, 64 listed and the rest counted', async () => {
    const r = await query('flood.test', { server: '127.0.0.1', port, timeoutMs: 1000, tries: 1 });
    expect(r).toMatchObject({ ok: true });
    expect(r.rejected).toHaveLength(65);
    expect(r.rejected[64]).toEqual({ from: 'more', why: '136 more packets rejected, not listed' });
  });

  it('@localhost: the server name is resolved first and the reply matched by address', async () => {
    const r = await query('web.test', { server: 'localhost', port, timeoutMs: 500, tries: 1 });
    expect(r).toMatchObject({ ok: true, server: 'localhost', address: '127.0.0.1' });
    expect(r.rejected).toEqual([]);
  });
});

describe('selectShortAnswers (--short)', () => {
  const resp = (question: string, type: string, answers: DnsResponse['answers']): DnsResponse => ({
    id: 1,
    rcode: 'NOERROR',
    flags: { aa: false, tc: false, rd: true, ra: true, ad: false, cd: false },
    question: { name: question, type },
    answers,
    authorities: [],
    additionals: [],
    ednsUdpSize: undefined,
    sizeBytes: 100,
  });
  const rec = (name: string, type: string, data: string) => ({ name, type, ttl: 5, data });
  it('keeps the asked name and its CNAME chain, drops records of other names', () => {
    const r = resp('www.lab.', 'A', [
      rec('evil.test.', 'A', '198.51.100.1'),
      rec('www.lab.', 'CNAME', 'alias.lab.'),
      rec('alias.lab.', 'CNAME', 'web.lab.'),
      rec('web.lab.', 'A', '10.0.4.2'),
      rec('other.lab.', 'A', '198.51.100.2'),
      rec('other.lab.', 'CNAME', 'web.lab.'),
    ]);
    expect(selectShortAnswers(r, 'www.lab').map((a) => a.data)).toEqual(['alias.lab.', 'web.lab.', '10.0.4.2']);
  });
  it('an answer only about other names prints nothing; the asked type only, ANY keeps all', () => {
    expect(selectShortAnswers(resp('web.lab.', 'A', [rec('evil.test.', 'A', '198.51.100.1')]), 'web.lab')).toEqual([]);
    const mixed = [rec('Web.Lab.', 'A', '10.0.4.2'), rec('web.lab.', 'RRSIG', 'sig')];
    expect(selectShortAnswers(resp('web.lab.', 'A', mixed), 'web.lab').map((a) => a.data)).toEqual(['10.0.4.2']);
    expect(selectShortAnswers(resp('web.lab.', 'ANY', mixed), 'web.lab')).toHaveLength(2);
  });
});

describe('a malformed answer is a finding naming the server', () => {
  const malformed: QueryResult = {
    ok: false,
    server: '10.0.4.4',
    address: '10.0.4.4',
    port: 53,
    reason: 'malformed',
    detail: 'malformed answer from 10.0.4.4: A record web.lab. has 3 bytes of data; an A record has 4',
    tries: 1,
    rejected: [],
  };
  const good: QueryResult = {
    ok: true,
    server: '10.0.4.2',
    address: '10.0.4.2',
    port: 53,
    transport: 'udp',
    retriedOverTcp: false,
    rttMs: 5,
    tries: 1,
    rejected: [],
    response: {
      id: 1,
      rcode: 'NOERROR',
      flags: { aa: true, tc: false, rd: true, ra: true, ad: false, cd: false },
      question: { name: 'web.lab.', type: 'A' },
      answers: [A('web.lab.', '10.0.4.2') as never],
      authorities: [],
      additionals: [],
      ednsUdpSize: undefined,
      sizeBytes: 60,
    },
  };
  it('compareResolvers: malformed, not "did not answer"', () => {
    expect(compareResolvers([malformed, good], 'web.lab')).toEqual([
      {
        kind: 'malformed',
        severity: 'warning',
        servers: ['10.0.4.4'],
        text:
          'malformed answer from 10.0.4.4 for web.lab: A record web.lab. has 3 bytes of data; an A record has 4; ' +
          'nothing from it was used',
      },
    ]);
    expect(compareResolvers([malformed], 'web.lab')[0]).toMatchObject({ kind: 'malformed', severity: 'critical' });
  });
  it("resolveName's rules: one malformed finding, with evidence, and the address comes from the sound resolver", () => {
    const view = (r: QueryResult) => ({
      server: r.server,
      candidate: 'web.lab',
      result: r,
      chain: [],
      explanation: explainResult(r, 'web.lab', 'A'),
      durationMs: 5,
    });
    const facts: NameFacts = {
      name: 'web.lab',
      candidates: ['web.lab'],
      resolvConf: undefined,
      hosts: [],
      queryTimeoutMs: 1000,
      system: { state: 'not-asked', why: 'test' },
      resolvers: [
        { server: '10.0.4.4', a: view(malformed), aaaa: undefined },
        { server: '10.0.4.2', a: view(good), aaaa: undefined },
      ],
    };
    const found = deriveNameFindings(facts);
    expect(found.map((f) => [f.id, f.servers.join()])).toEqual([['malformed', '10.0.4.4']]);
    expect(found[0]!.title).toMatch(
      /^malformed answer from 10\.0\.4\.4 for web\.lab A: A record web\.lab\. has 3 bytes of data/,
    );
    expect(deriveAddresses(facts).v4).toEqual(['10.0.4.2']);
  });
});

describe('replies matched by address', () => {
  const reply = (name = 'web.lab') => encode(7, name, [A(name, '10.0.4.2')]);
  it.each([
    ['an IPv4-mapped sender for an IPv4 server', '::ffff:10.0.4.2', { server: '10.0.4.2' }, true],
    ['an IPv4 sender for an IPv4-mapped server', '10.0.4.2', { server: '::ffff:10.0.4.2' }, true],
    ['the hex spelling of a mapped address', '::ffff:a00:402', { server: '10.0.4.2' }, true],
    ['another spelling of ::1', '0:0:0:0:0:0:0:1', { server: '::1' }, true],
    [
      '127.0.0.1 when the name has ::1 and 127.0.0.1',
      '127.0.0.1',
      { server: '::1', serverAddresses: ['::1', '127.0.0.1'] },
      true,
    ],
    ['::1 when the server asked is 127.0.0.1 alone', '::1', { server: '127.0.0.1' }, false],
    ['127.0.0.2 for 127.0.0.1', '127.0.0.2', { server: '127.0.0.1' }, false],
  ])('%s', (_what, sender, server, ok) => {
    expect(validateResponse(reply(), { address: sender, port: 53 }, { ...expected, ...server }).ok).toBe(ok);
  });
  it('a question in another case is ours; the same bytes as one label, or a UTF-8 name, compare by bytes', () => {
    expect(validateResponse(reply('WEB.Lab'), from, expected).ok).toBe(true);
    const utf8 = 'bücher.lab';
    expect(validateResponse(reply(utf8), from, { ...expected, name: utf8 }).ok).toBe(true);
    expect(validateResponse(reply(utf8), from, { ...expected, name: 'bÜcher.lab' }).ok).toBe(false);
  });
});

import dnsPacket from 'dns-packet';
import { describe, expect, it } from 'vitest';
import { compareResolvers } from './compare.js';
import { explainResult } from './explain.js';
import { buildQuery, validateResponse } from './packet.js';
import { followCnameChain } from './query.js';
import { parseRecordType } from './record-types.js';
import { buildSearchCandidates, lookupHosts, parseHostsFile, parseResolvConf } from './resolv-conf.js';
import { buildReverseName } from './reverse-name.js';
import type { DnsResponse, QueryResult } from './types.js';

describe('resolv.conf', () => {
  it('reads nameservers, search, ndots, timeout, attempts, rotate, with glibc defaults', () => {
    expect(parseResolvConf('nameserver 10.0.4.2\n')).toMatchObject({
      nameservers: ['10.0.4.2'],
      search: [],
      ndots: 1,
      timeoutMs: 5000,
      attempts: 2,
      rotate: false,
    });
    const r = parseResolvConf(
      '# generated\nnameserver 10.0.4.3\nnameserver 10.0.4.2 ; trailing\nsearch lab corp.example.\n' +
        'options ndots:2 timeout:1 attempts:3 rotate edns0\n',
    );
    expect(r).toMatchObject({
      nameservers: ['10.0.4.3', '10.0.4.2'],
      search: ['lab', 'corp.example'],
      ndots: 2,
      timeoutMs: 1000,
      attempts: 3,
      rotate: true,
      warnings: [],
    });
  });
  it('the last of domain/search wins; unknown lines and a fourth nameserver are warnings', () => {
    expect(parseResolvConf('search a b\ndomain c\n').search).toEqual(['c']);
    expect(parseResolvConf('domain c\nsearch a b\n').search).toEqual(['a', 'b']);
    const r = parseResolvConf(
      'nameserver 1.1.1.1\nnameserver 1.0.0.1\nnameserver 9.9.9.9\nnameserver 8.8.8.8\nbogus line\n',
    );
    expect(r.warnings).toEqual([
      'bogus line',
      'only the first 3 nameservers are used by the system resolver; ignored: 8.8.8.8',
    ]);
  });
  it('expands the search list the way glibc does', () => {
    const conf = { search: ['lab', 'corp'], ndots: 1 };
    expect(buildSearchCandidates('web', conf)).toEqual(['web.lab', 'web.corp', 'web']);
    expect(buildSearchCandidates('web.lab', conf)).toEqual(['web.lab', 'web.lab.lab', 'web.lab.corp']);
    expect(buildSearchCandidates('web.lab.', conf)).toEqual(['web.lab']);
    expect(buildSearchCandidates('a.b', { search: ['lab'], ndots: 2 })).toEqual(['a.b.lab', 'a.b']);
  });
  it('reads /etc/hosts', () => {
    const h = parseHostsFile(
      '127.0.0.1 localhost\n10.0.4.77 override.lab alias # comment\n\n::1 localhost ip6-localhost\n',
    );
    expect(lookupHosts(h, 'Override.Lab.')).toEqual(['10.0.4.77']);
    expect(lookupHosts(h, 'localhost')).toEqual(['127.0.0.1', '::1']);
    expect(lookupHosts(h, 'web.lab')).toEqual([]);
  });
});

describe('names and types', () => {
  it.each([
    ['10.0.4.2', '2.4.0.10.in-addr.arpa'],
    ['2001:db8::1', '1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa'],
    ['::ffff:10.0.0.1', '1.0.0.0.0.0.a.0.f.f.f.f.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.ip6.arpa'],
  ])('reverse name of %s', (ip, name) => expect(buildReverseName(ip)).toBe(name));
  it('rejects a non-address for -x', () => expect(buildReverseName('web.lab')).toBeUndefined());
  it('takes types by name or number', () => {
    expect(parseRecordType('mx')).toEqual({ wire: 'MX', label: 'MX' });
    expect(parseRecordType('TYPE65')).toEqual({ wire: 'UNKNOWN_65', label: 'TYPE65' });
    expect(parseRecordType('257')).toEqual({ wire: 'CAA', label: 'CAA' });
    expect(parseRecordType('BOGUS')).toBeUndefined();
    expect(parseRecordType('70000')).toBeUndefined();
  });
});

const response = (over: Partial<dnsPacket.Packet> = {}) =>
  dnsPacket.encode({
    type: 'response',
    id: 7,
    flags: dnsPacket.RECURSION_DESIRED | dnsPacket.RECURSION_AVAILABLE,
    questions: [{ type: 'A', name: 'web.lab' }],
    answers: [{ type: 'A', name: 'web.lab', ttl: 60, data: '10.0.4.2' }],
    ...over,
  });
const expected = { id: 7, name: 'web.lab', type: 'A', server: '10.0.4.2', port: 53 };
const from = { address: '10.0.4.2', port: 53 };

describe('validateResponse', () => {
  it('accepts our answer and decodes flags and records', () => {
    const v = validateResponse(response(), from, expected);
    expect(v).toMatchObject({
      ok: true,
      response: {
        rcode: 'NOERROR',
        flags: { rd: true, ra: true, aa: false, tc: false },
        answers: [{ name: 'web.lab.', type: 'A', ttl: 60, data: '10.0.4.2' }],
      },
    });
  });
  it.each([
    ['a wrong ID', response({ id: 8 }), from, /ID 8 does not match ours \(7\)/],
    [
      'another question',
      response({ questions: [{ type: 'A', name: 'evil.lab' }] }),
      from,
      /question evil\.lab A is not ours/,
    ],
    ['another type', response({ questions: [{ type: 'AAAA', name: 'web.lab' }] }), from, /is not ours/],
    ['another sender', response(), { address: '10.0.4.66', port: 53 }, /not the server asked/],
    ['another port', response(), { address: '10.0.4.2', port: 5353 }, /not the server asked/],
    [
      'a query instead of a response',
      dnsPacket.encode({ type: 'query', id: 7, questions: [{ type: 'A', name: 'web.lab' }] }),
      from,
      /a query, not a response/,
    ],
    ['garbage', Buffer.from('\u0000\u0007garbage!'), from, /undecodable 10-byte packet from 10\.0\.4\.2/],
    ['a truncated packet', response().subarray(0, 20), from, /undecodable/],
  ])('rejects %s', (_what, buf, src, why) => {
    const v = validateResponse(buf, src, expected);
    expect(v.ok).toBe(false);
    expect((v as { why: string }).why).toMatch(why);
  });
  it('builds queries with EDNS and the DO bit, and a TCP length prefix', () => {
    const q = dnsPacket.decode(buildQuery({ id: 9, name: 'web.lab', type: 'A', ednsUdpSize: 1232, dnssecOk: true }));
    expect(q).toMatchObject({ id: 9, flag_rd: true, questions: [{ name: 'web.lab', type: 'A' }] });
    expect(q.additionals[0]).toMatchObject({ type: 'OPT', udpPayloadSize: 1232, flag_do: true });
    const t = buildQuery({ id: 9, name: 'web.lab', type: 'A' }, 'tcp');
    expect(t.readUInt16BE(0)).toBe(t.length - 2);
  });
});

const ok = (server: string, rcode: string, answers: DnsResponse['answers'], rttMs = 10): QueryResult => ({
  ok: true,
  server,
  port: 53,
  transport: 'udp',
  retriedOverTcp: false,
  rttMs,
  tries: 1,
  rejected: [],
  response: {
    id: 1,
    rcode,
    flags: { aa: true, tc: false, rd: true, ra: true, ad: false, cd: false },
    question: { name: 'www.lab.', type: 'A' },
    answers,
    authorities: [],
    additionals: [],
    ednsUdpSize: undefined,
    sizeBytes: 100,
  },
});
const dead = (server: string): QueryResult => ({
  ok: false,
  server,
  port: 53,
  reason: 'timeout',
  detail: 'no answer within 1000 ms',
  tries: 2,
  rejected: [],
});
const A = (name: string, ip: string) => ({ name, type: 'A', ttl: 0, data: ip });
const chain = [
  { name: 'www.lab.', type: 'CNAME', ttl: 0, data: 'alias.lab.' },
  { name: 'alias.lab.', type: 'CNAME', ttl: 0, data: 'web.lab.' },
  A('web.lab.', '10.0.4.2'),
];

describe('explanations', () => {
  it.each<[string, QueryResult, string, RegExp]>([
    [
      'answer via a CNAME chain',
      ok('s', 'NOERROR', chain),
      'answer',
      /www\.lab A: 10\.0\.4\.2 via 2 CNAMEs \(www\.lab\. → alias\.lab\. → web\.lab\.\)/,
    ],
    ['NXDOMAIN', ok('s', 'NXDOMAIN', []), 'nxdomain', /does not exist.*tried www\.lab, www.*typo/],
    [
      'NODATA',
      ok('s', 'NOERROR', [{ name: 'www.lab.', type: 'MX', ttl: 0, data: '10 mail.lab.' }]),
      'nodata',
      /exists but has no A record/,
    ],
    ['SERVFAIL', ok('s', 'SERVFAIL', []), 'servfail', /upstream.*DNSSEC/],
    ['REFUSED', ok('s', 'REFUSED', []), 'refused', /will not serve/],
    ['timeout', dead('10.0.4.3'), 'timeout', /port 53 is blocked, or the server is down/],
  ])('%s', (_n, r, status, text) => {
    const e = explainResult(r, 'www.lab', 'A', ['www.lab', 'www']);
    expect(e.status).toBe(status);
    expect(e.text).toMatch(text);
  });
  it('says when TCP answered a truncated question', () => {
    const r = {
      ...(ok('s', 'NOERROR', [A('big.lab.', '1.2.3.4')]) as Extract<QueryResult, { ok: true }>),
      retriedOverTcp: true,
      transport: 'tcp' as const,
    };
    expect(explainResult(r, 'big.lab', 'A').text).toMatch(/truncated, so it was asked again over TCP/);
  });
  it('follows a CNAME chain step by step and stops on a loop', () => {
    const resp = (ok('s', 'NOERROR', chain) as Extract<QueryResult, { ok: true }>).response;
    expect(followCnameChain(resp).chain.map((c) => `${c.from}>${c.to}`)).toEqual([
      'www.lab.>alias.lab.',
      'alias.lab.>web.lab.',
    ]);
    const loop = { ...resp, answers: [{ name: 'www.lab.', type: 'CNAME', ttl: 0, data: 'www.lab.' }] };
    expect(followCnameChain(loop).final).toEqual([]);
  });
});

describe('compareResolvers', () => {
  it('finds a dead resolver beside a working one', () => {
    expect(
      compareResolvers([dead('10.0.4.3'), ok('10.0.4.2', 'NOERROR', [A('web.lab.', '10.0.4.2')])], 'web.lab'),
    ).toEqual([expect.objectContaining({ kind: 'timeout', severity: 'warning', servers: ['10.0.4.3'] })]);
    expect(compareResolvers([dead('a'), dead('b')], 'x')[0]).toMatchObject({ severity: 'critical' });
  });
  it('finds disagreement, NXDOMAIN rewriting and a slow resolver', () => {
    expect(
      compareResolvers(
        [
          ok('10.0.4.2', 'NOERROR', [A('www.lab.', '10.0.4.2')]),
          ok('10.0.4.4', 'NOERROR', [A('www.lab.', '10.0.4.66')]),
        ],
        'web.lab',
      ).map((f) => f.kind),
    ).toEqual(['disagree']);
    expect(
      compareResolvers(
        [ok('10.0.4.2', 'NXDOMAIN', []), ok('10.0.4.4', 'NOERROR', [A('www.lab.', '10.0.4.99')])],
        'x',
      ).map((f) => f.kind),
    ).toEqual(['nxdomain-rewriting']);
    expect(
      compareResolvers(
        [ok('a', 'NOERROR', [A('www.lab.', '1.1.1.1')], 10), ok('b', 'NOERROR', [A('www.lab.', '1.1.1.1')], 400)],
        'x',
      ).map((f) => f.kind),
    ).toEqual(['slow']);
    expect(
      compareResolvers(
        [ok('a', 'NOERROR', [A('www.lab.', '1.1.1.1')]), ok('b', 'NOERROR', [A('www.lab.', '1.1.1.1')])],
        'x',
      ),
    ).toEqual([]);
  });
});

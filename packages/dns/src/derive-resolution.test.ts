import { describe, expect, it } from 'vitest';
import type { ResolverView } from './ask-server.js';
import type { NameFacts, NameResolverView } from './name-facts.js';
import {
  deriveAddresses,
  deriveExists,
  deriveNameFindings,
  deriveNameVerdict,
  deriveTryFirst,
} from './derive-resolution.js';
import { estimateSystemWait } from './estimate-system-wait.js';
import { explainResult } from './explain.js';
import { parseResolvConf } from './resolv-conf.js';
import type { SystemLookup } from './system-lookup.js';
import type { QueryResult } from './types.js';

/** An outcome in a table row: addresses (NOERROR with data), an rcode, NODATA, or no answer. */
type Out = string[] | 'NXDOMAIN' | 'NODATA' | 'SERVFAIL' | 'timeout' | 'refused';

function view(server: string, candidate: string, type: 'A' | 'AAAA', out: Out, rttMs = 12): ResolverView {
  let result: QueryResult;
  if (out === 'timeout' || out === 'refused')
    result = {
      ok: false,
      server,
      port: 53,
      reason: out,
      detail: out === 'timeout' ? 'no answer within 1000 ms' : 'connection refused',
      tries: 1,
      rejected: [],
    };
  else {
    const rcode = Array.isArray(out) || out === 'NODATA' ? 'NOERROR' : out;
    const answers = Array.isArray(out) ? out.map((data) => ({ name: `${candidate}.`, type, ttl: 0, data })) : [];
    result = {
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
        question: { name: `${candidate}.`, type },
        answers,
        authorities: [],
        additionals: [],
        ednsUdpSize: undefined,
        sizeBytes: 60,
      },
    };
  }
  const durationMs = result.ok ? rttMs : 1000;
  return { server, candidate, result, chain: [], explanation: explainResult(result, candidate, type), durationMs };
}

const srv = (server: string, a: Out, aaaa: Out, candidate = 'web.lab'): NameResolverView => ({
  server,
  a: view(server, candidate, 'A', a),
  aaaa: view(server, candidate, 'AAAA', aaaa),
});
const answered = (durationMs: number, ...addresses: string[]): SystemLookup => ({
  state: 'answered',
  durationMs,
  addresses: addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 })),
});
const defaults = (...ns: string[]) => parseResolvConf(`${ns.map((n) => `nameserver ${n}`).join('\n')}\nsearch lab\n`);
const facts = (over: Partial<NameFacts>): NameFacts => ({
  name: 'web.lab',
  candidates: ['web.lab', 'web.lab.lab'],
  resolvConf: defaults('10.0.4.2'),
  resolvers: [],
  system: answered(30, '10.0.4.2'),
  hosts: [],
  queryTimeoutMs: 1000,
  ...over,
});

interface Row {
  what: string;
  facts: NameFacts;
  exists: 'yes' | 'no' | 'unknown';
  v4: string[];
  v6: string[];
  source: string;
  status: string;
  kinds: string[];
}

const rows: Row[] = [
  {
    what: 'the standard lab: A and AAAA from the resolver, getaddrinfo agrees',
    facts: facts({
      resolvers: [srv('10.0.4.2', ['10.0.4.2'], ['fd0c:4::2'])],
      system: answered(30, 'fd0c:4::2', '10.0.4.2'),
    }),
    exists: 'yes',
    v4: ['10.0.4.2'],
    v6: ['fd0c:4::2'],
    source: 'system',
    status: 'answer',
    kinds: [],
  },
  {
    what: 'AAAA only, NXDOMAIN for A from the same resolver (RFC 8020 broken): exists, IPv6 only',
    facts: facts({
      name: 'v6only.lab',
      resolvConf: defaults('10.0.4.5'),
      resolvers: [srv('10.0.4.5', 'NXDOMAIN', ['fd0c:4::2'], 'v6only.lab')],
      system: answered(25, 'fd0c:4::2'),
    }),
    exists: 'yes',
    v4: [],
    v6: ['fd0c:4::2'],
    source: 'system',
    status: 'answer',
    kinds: ['nxdomain-for-type'],
  },
  {
    what: 'AAAA only while getaddrinfo is slow: the resolver gives the IPv6 address',
    facts: facts({
      name: 'v6only.lab',
      resolvConf: defaults('10.0.4.5'),
      resolvers: [srv('10.0.4.5', 'NXDOMAIN', ['fd0c:4::2'], 'v6only.lab')],
      system: { state: 'slow', waitedMs: 2500 },
    }),
    exists: 'yes',
    v4: [],
    v6: ['fd0c:4::2'],
    source: 'resolvers',
    status: 'answer',
    kinds: ['slow-system-lookup', 'nxdomain-for-type'],
  },
  {
    what: 'a silent first resolver with default options: getaddrinfo slow, addresses from the second',
    facts: facts({
      resolvConf: defaults('10.0.4.3', '10.0.4.2'),
      resolvers: [srv('10.0.4.3', 'timeout', 'timeout'), srv('10.0.4.2', ['10.0.4.2'], ['fd0c:4::2'])],
      system: { state: 'slow', waitedMs: 2500 },
    }),
    exists: 'yes',
    v4: ['10.0.4.2'],
    v6: ['fd0c:4::2'],
    source: 'resolvers',
    status: 'answer',
    kinds: ['timeout', 'slow-system-lookup'],
  },
  {
    what: 'a silent first resolver, but getaddrinfo answers at once (a cache): no slow-system-lookup',
    facts: facts({
      resolvConf: defaults('10.0.4.3', '10.0.4.2'),
      resolvers: [srv('10.0.4.3', 'timeout', 'timeout'), srv('10.0.4.2', ['10.0.4.2'], 'NODATA')],
      system: answered(3, '10.0.4.2'),
    }),
    exists: 'yes',
    v4: ['10.0.4.2'],
    v6: [],
    source: 'system',
    status: 'answer',
    kinds: ['timeout'],
  },
  {
    what: 'NXDOMAIN for both types everywhere, getaddrinfo ENOTFOUND: does not exist',
    facts: facts({
      resolvers: [srv('10.0.4.2', 'NXDOMAIN', 'NXDOMAIN')],
      system: { state: 'failed', code: 'ENOTFOUND', durationMs: 40 },
    }),
    exists: 'no',
    v4: [],
    v6: [],
    source: 'none',
    status: 'nxdomain',
    kinds: [],
  },
  {
    what: 'NODATA for both types: exists without addresses',
    facts: facts({
      resolvers: [srv('10.0.4.2', 'NODATA', 'NODATA')],
      system: { state: 'failed', code: 'ENODATA', durationMs: 40 },
    }),
    exists: 'yes',
    v4: [],
    v6: [],
    source: 'none',
    status: 'nodata',
    kinds: [],
  },
  {
    what: 'nobody answers: unknown, critical timeout, no slow-system-lookup on top',
    facts: facts({ resolvers: [srv('10.0.4.3', 'timeout', 'timeout')], system: { state: 'slow', waitedMs: 2500 } }),
    exists: 'unknown',
    v4: [],
    v6: [],
    source: 'none',
    status: 'timeout',
    kinds: ['timeout'],
  },
  {
    what: 'getaddrinfo fails while DNS answers: applications cannot resolve it',
    facts: facts({
      resolvers: [srv('10.0.4.2', ['10.0.4.2'], 'NODATA')],
      system: { state: 'failed', code: 'ENOTFOUND', durationMs: 20 },
    }),
    exists: 'yes',
    v4: ['10.0.4.2'],
    v6: [],
    source: 'resolvers',
    status: 'answer',
    kinds: ['system-disagrees'],
  },
  {
    what: 'getaddrinfo gives another address than DNS (a cache or another source)',
    facts: facts({ resolvers: [srv('10.0.4.2', ['10.0.4.2'], 'NODATA')], system: answered(5, '10.0.4.9') }),
    exists: 'yes',
    v4: ['10.0.4.9'],
    v6: [],
    source: 'system',
    status: 'answer',
    kinds: ['system-disagrees'],
  },
  {
    what: '/etc/hosts has a name DNS does not: hosts-override (info)',
    facts: facts({
      name: 'override.lab',
      resolvers: [srv('10.0.4.2', 'NXDOMAIN', 'NXDOMAIN', 'override.lab')],
      hosts: ['10.0.4.77'],
      system: { state: 'slow', waitedMs: 2500 },
    }),
    exists: 'yes',
    v4: ['10.0.4.77'],
    v6: [],
    source: 'hosts',
    status: 'answer',
    kinds: ['slow-system-lookup', 'hosts-override'],
  },
  {
    what: 'two resolvers that disagree; the first says NXDOMAIN for AAAA with A (RFC 8020), the second rewrites it',
    facts: facts({
      resolvConf: defaults('10.0.4.2', '10.0.4.4'),
      resolvers: [srv('10.0.4.2', ['10.0.4.2'], 'NXDOMAIN'), srv('10.0.4.4', ['10.0.4.66'], ['::99'])],
    }),
    exists: 'yes',
    v4: ['10.0.4.2'],
    v6: [],
    source: 'system',
    status: 'answer',
    kinds: ['nxdomain-for-type', 'disagree', 'nxdomain-rewriting'],
  },
];

describe('deriving a name resolution from facts', () => {
  it.each(rows)('$what', (row) => {
    const addresses = deriveAddresses(row.facts);
    const exists = deriveExists(row.facts);
    expect({ exists, v4: addresses.v4, v6: addresses.v6, source: addresses.source }).toEqual({
      exists: row.exists,
      v4: row.v4,
      v6: row.v6,
      source: row.source,
    });
    expect(deriveNameVerdict(row.facts, addresses, exists).status).toBe(row.status);
    expect(deriveNameFindings(row.facts).map((f) => f.id)).toEqual(row.kinds);
  });

  it("lists the addresses in getaddrinfo's order when it answered", () => {
    const f = rows[0]!.facts;
    expect(deriveNameVerdict(f, deriveAddresses(f), 'yes').text).toBe(
      'web.lab: fd0c:4::2, 10.0.4.2 (getaddrinfo in 30 ms)',
    );
  });

  it('says what a resolver that answers NXDOMAIN for A although it has AAAA does', () => {
    const f = facts({
      name: 'v6only.lab',
      resolvConf: defaults('10.0.4.5'),
      resolvers: [srv('10.0.4.5', 'NXDOMAIN', ['fd0c:4::2'], 'v6only.lab')],
      system: answered(20, 'fd0c:4::2'),
    });
    const [finding] = deriveNameFindings(f);
    expect(finding).toMatchObject({
      severity: 'warning',
      servers: ['10.0.4.5'],
      title:
        '10.0.4.5 answers NXDOMAIN for v6only.lab A although it has AAAA fd0c:4::2: a broken resolver ' +
        '(RFC 8020: NXDOMAIN means no record of any type); applications that ask for A only will fail',
      evidence: ['10.0.4.5: v6only.lab A NXDOMAIN in 12 ms', '10.0.4.5: v6only.lab AAAA fd0c:4::2 in 12 ms'],
    });
    expect(deriveNameVerdict(f, deriveAddresses(f), 'yes').text).toBe(
      'v6only.lab: fd0c:4::2 (getaddrinfo in 20 ms; IPv6 only)',
    );
  });

  it('says how long every lookup waits behind a silent resolver, from resolv.conf, with what was measured', () => {
    const slow = (conf: string, system: SystemLookup) =>
      deriveNameFindings(
        facts({
          resolvConf: parseResolvConf(conf),
          resolvers: [srv('10.0.4.3', 'timeout', 'timeout'), srv('10.0.4.2', ['10.0.4.2'], ['fd0c:4::2'])],
          system,
        }),
      ).find((x) => x.id === 'slow-system-lookup');
    const d = slow('nameserver 10.0.4.3\nnameserver 10.0.4.2\nsearch lab\n', { state: 'slow', waitedMs: 2503 });
    expect(d).toMatchObject({ severity: 'warning', servers: ['10.0.4.3'] });
    expect(d?.title).toBe(
      'every lookup waits 5 s: 10.0.4.3 does not answer; fix or remove it, or set `options timeout:1`',
    );
    expect(d?.evidence).toEqual(
      expect.arrayContaining([
        'getaddrinfo had not returned after 2503 ms (stopped waiting) for web.lab',
        '10.0.4.3: no answer to web.lab A within 1000 ms',
        '10.0.4.2: web.lab A 10.0.4.2 in 12 ms',
        'resolv.conf: timeout 5 s, attempts 2 (glibc defaults); ' +
          '10.0.4.3 (nameserver 1) waits 5 s before 10.0.4.2 is asked',
      ]),
    );
    const one = slow('nameserver 10.0.4.3\nnameserver 10.0.4.2\noptions timeout:1\n', answered(1040, '10.0.4.2'));
    expect(one?.title).toMatch(/^every lookup waits 1 s: 10\.0\.4\.3 does not answer/);
    expect(
      slow('nameserver 10.0.4.3\nnameserver 10.0.4.2\noptions timeout:1\n', answered(900, '10.0.4.2')),
    ).toBeUndefined();
    const rotate = slow('nameserver 10.0.4.3\nnameserver 10.0.4.2\noptions rotate\n', answered(5030, '10.0.4.2'));
    expect(rotate?.title).toMatch(/^1 lookup in 2 \(options rotate\) waits up to 5 s: 10\.0\.4\.3 does not answer/);
  });

  it('keeps a dead resolver warning beside a live one, critical when none answers, with each query as evidence', () => {
    const two = deriveNameFindings(
      facts({
        resolvConf: defaults('10.0.4.3', '10.0.4.2'),
        resolvers: [srv('10.0.4.3', 'timeout', 'timeout'), srv('10.0.4.2', ['10.0.4.2'], 'NODATA')],
        system: answered(3, '10.0.4.2'),
      }),
    );
    expect(two[0]).toMatchObject({
      id: 'timeout',
      severity: 'warning',
      title: '10.0.4.3 does not answer; 10.0.4.2 does: each lookup that tries it first waits for its timeout',
      evidence: [
        '10.0.4.3: no answer to web.lab A within 1000 ms',
        '10.0.4.3: no answer to web.lab AAAA within 1000 ms',
      ],
    });
    expect(deriveNameFindings(facts({ resolvers: [srv('10.0.4.3', 'timeout', 'timeout')] }))[0]?.severity).toBe(
      'critical',
    );
    const half = deriveNameFindings(facts({ resolvers: [srv('10.0.4.2', ['10.0.4.2'], 'timeout')] }))[0];
    expect(half?.title).toBe('10.0.4.2 answered A but not AAAA within 1000 ms: lost or filtered queries');
    expect(deriveNameFindings(facts({ resolvers: [srv('10.0.4.2', 'refused', 'refused')] }))[0]).toMatchObject({
      id: 'error',
      severity: 'critical',
    });
  });
});

describe('which address is tried first', () => {
  const addrs = { v4: ['10.0.4.2'], v6: ['fd0c:4::2'], source: 'resolvers' as const };
  it.each<
    [
      string,
      SystemLookup,
      { v4: string[]; v6: string[]; source: 'resolvers' },
      boolean | undefined,
      string | undefined,
      RegExp | undefined,
    ]
  >([
    [
      'getaddrinfo first',
      answered(10, 'fd0c:4::2', '10.0.4.2'),
      addrs,
      undefined,
      'fd0c:4::2',
      /getaddrinfo lists it first/,
    ],
    ['IPv6 with a route', { state: 'slow', waitedMs: 2500 }, addrs, true, 'fd0c:4::2', /route to it/],
    ['no IPv6 route: IPv4', { state: 'slow', waitedMs: 2500 }, addrs, false, '10.0.4.2', /no route to fd0c:4::2/],
    [
      'IPv6 only, route unknown',
      { state: 'slow', waitedMs: 2500 },
      { v4: [], v6: ['fd0c:4::2'], source: 'resolvers' },
      undefined,
      'fd0c:4::2',
      /IPv6 only/,
    ],
    [
      'nothing',
      { state: 'slow', waitedMs: 2500 },
      { v4: [], v6: [], source: 'resolvers' },
      undefined,
      undefined,
      undefined,
    ],
  ])('%s', (_w, system, a, v6, address, why) => {
    const t = deriveTryFirst(system, a, { v6 });
    expect(t?.address).toBe(address);
    if (why) expect(t?.why).toMatch(why);
  });
});

describe('estimateSystemWait (glibc res_send)', () => {
  it.each<[string, string, string[], number, string[], string | undefined, number]>([
    ['defaults, first silent', 'nameserver a\nnameserver b\n', ['b'], 5000, ['a'], 'b', 1],
    ['timeout:1', 'nameserver a\nnameserver b\noptions timeout:1\n', ['b'], 1000, ['a'], 'b', 1],
    [
      'two silent of three: 5 + 5×2/3 whole seconds (measured 8.16 s)',
      'nameserver a\nnameserver a2\nnameserver b\n',
      ['b'],
      8000,
      ['a', 'a2'],
      'b',
      1,
    ],
    ['the first answers: no wait', 'nameserver b\nnameserver a\n', ['b'], 0, [], 'b', 1],
    ['rotate: half the lookups', 'nameserver a\nnameserver b\noptions rotate\n', ['b'], 5000, ['a'], 'b', 0.5],
    ['none answers', 'nameserver a\nnameserver a2\n', [], 10000, ['a', 'a2'], undefined, 1],
  ])('%s', (_w, conf, answering, perNameMs, silent, first, share) => {
    const e = estimateSystemWait(parseResolvConf(conf), new Set(answering));
    expect(e).toMatchObject({ perNameMs, firstAnswering: first, shareOfLookups: share });
    expect(e.silentBefore.map((s) => s.server)).toEqual(silent);
  });
});

describe('a slow getaddrinfo while every resolver answers at once', () => {
  it('names a lost query first (glibc waits its timeout before asking again), then the other causes', () => {
    // The lossy lab: a query to 10.0.4.2 lost on the 10% link, getaddrinfo still waiting at 2.5 s (it asks again
    // at 5 s), while netcheck's own queries to the same resolver came back at once.
    const f = facts({
      resolvConf: defaults('10.0.4.2'),
      resolvers: [srv('10.0.4.2', ['10.0.4.2'], ['fd0c:4::2'])],
      system: { state: 'slow', waitedMs: 2500 },
    });
    const [slow] = deriveNameFindings(f).filter((x) => x.id === 'slow-system-lookup');
    expect(slow?.title).toBe(
      'getaddrinfo takes over 2.5 s for web.lab although the resolvers answer at once: a query or its answer lost ' +
        'on the way (glibc waits its timeout, 5 s, before it asks again), another source in /etc/nsswitch.conf ' +
        '(mdns, ldap, a cache), or a resolver slow only for the system',
    );
    expect(slow?.nextSteps).toEqual([
      'time getent ahosts web.lab',
      'netcheck mtr 10.0.4.2',
      'grep ^hosts /etc/nsswitch.conf',
    ]);
  });
});

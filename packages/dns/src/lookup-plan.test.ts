import { describe, expect, it } from 'vitest';
import type { ResolverView } from './lookup.js';
import { buildHostsOverrideFinding, buildLookupPlan, buildLookupVerdict, parseLookupQuestion } from './lookup.js';
import { deriveUdpStop, MAX_REJECTED_LISTED, makeRejectedList } from './query.js';
import { parseResolvConf } from './resolv-conf.js';

const conf = parseResolvConf('nameserver 10.0.0.1\nnameserver 10.0.0.2\nsearch lab\noptions timeout:3 attempts:4\n');

describe('parseLookupQuestion', () => {
  it('turns an address into its PTR name for a reverse lookup', () => {
    expect(parseLookupQuestion('10.0.4.2', { reverse: true })).toEqual({
      qname: '2.4.0.10.in-addr.arpa',
      type: { wire: 'PTR', label: 'PTR' },
    });
  });
  it('throws for a reverse lookup of a name and for an unknown type', () => {
    expect(() => parseLookupQuestion('web.lab', { reverse: true })).toThrow(/needs an IPv4 or IPv6 address/);
    expect(() => parseLookupQuestion('web.lab', { type: 'BOGUS' })).toThrow(/unknown record type "BOGUS"/);
  });
});

describe('buildLookupPlan', () => {
  const a = { qname: 'web', type: { wire: 'A', label: 'A' } };
  it('follows resolv.conf without servers given: search list, in order, its timeout and attempts, getaddrinfo', () => {
    expect(buildLookupPlan(a, {}, conf)).toEqual({
      ...a,
      candidates: ['web.lab', 'web'],
      servers: ['10.0.0.1', '10.0.0.2'],
      explicit: false,
      parallel: false,
      timeoutMs: 3000,
      tries: 4,
      wantSystem: true,
    });
  });
  it('asks explicit servers at once, without the search list or getaddrinfo', () => {
    const plan = buildLookupPlan(a, { servers: ['10.9.9.9'] }, conf);
    expect(plan).toMatchObject({ candidates: ['web'], servers: ['10.9.9.9'], parallel: true, wantSystem: false });
  });
  it('falls back to 2000 ms and 2 tries without resolv.conf; no getaddrinfo for other types', () => {
    const mx = buildLookupPlan({ qname: 'web.', type: { wire: 'MX', label: 'MX' } }, {}, undefined);
    expect(mx).toMatchObject({ candidates: ['web'], servers: [], timeoutMs: 2000, tries: 2, wantSystem: false });
  });
});

describe('lookup verdict and /etc/hosts', () => {
  const view = {
    server: '10.0.0.1',
    candidate: 'web.lab',
    result: { ok: false, server: '10.0.0.1', port: 53, reason: 'timeout', detail: 'x', tries: 1, rejected: [] },
    chain: [],
    explanation: { status: 'timeout', text: 'no answer', nextStep: undefined },
    durationMs: 1,
  } as ResolverView;
  it('takes the decisive resolver, else /etc/hosts, else says there is no resolver', () => {
    expect(buildLookupVerdict('web', ['10.0.4.2'], view)).toBe(view.explanation);
    expect(buildLookupVerdict('web', ['10.0.4.2'], undefined).text).toBe(
      'web is 10.0.4.2 from /etc/hosts (no resolver was asked)',
    );
    expect(buildLookupVerdict('web', [], undefined).status).toBe('error');
  });
  it('warns when /etc/hosts overrides what DNS says, only when getaddrinfo answered', () => {
    const f = buildHostsOverrideFinding('web', ['10.0.4.2'], { addresses: ['10.0.4.2'] }, view);
    expect(f).toMatchObject({ kind: 'disagree', severity: 'warning', servers: ['/etc/hosts'] });
    expect(f?.text).toBe('/etc/hosts overrides DNS for web: the system uses 10.0.4.2 (DNS has no such answer)');
    expect(buildHostsOverrideFinding('web', ['10.0.4.2'], { error: 'ENOTFOUND' }, view)).toBeUndefined();
    expect(buildHostsOverrideFinding('web', [], { addresses: [] }, view)).toBeUndefined();
  });
});

describe('query pieces', () => {
  it.each([
    ['timeout', 1, 1, false],
    ['aborted', 1, 3, true],
    ['refused', 1, 1, true],
    ['refused', 1, 2, false],
    ['unreachable', 2, 2, true],
  ] as const)('a UDP try that failed with %s (try %i of %i addresses) stops: %s', (reason, attempt, n, stop) => {
    expect(deriveUdpStop(reason, attempt, n)).toBe(stop);
  });
  it('lists the first rejected packets and counts the rest in one last entry', () => {
    const { rejected, reject } = makeRejectedList();
    for (let i = 0; i < MAX_REJECTED_LISTED + 6; i++) reject({ from: `10.0.0.9:${i}`, why: 'wrong id' });
    expect(rejected).toHaveLength(MAX_REJECTED_LISTED + 1);
    expect(rejected[MAX_REJECTED_LISTED]).toEqual({ from: 'more', why: '6 more packets rejected, not listed' });
  });
});

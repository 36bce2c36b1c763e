import { NetcheckError } from '@netcheck/core';
import { describe, expect, it } from 'vitest';
import { parseDigWords, toAsciiName } from './dig-args.js';

describe('parseDigWords: dig habits on the command line', () => {
  it.each([
    // words                                   name                 types             servers
    [['web.lab'], 'web.lab', [], []],
    [['MX', 'lab'], 'lab', ['MX'], []],
    [['lab', 'mx'], 'lab', ['MX'], []],
    [['web.lab', 'A', 'AAAA', 'MX'], 'web.lab', ['A', 'AAAA', 'MX'], []],
    [['A', 'web.lab', 'A'], 'web.lab', ['A'], []],
    [['@10.0.4.2', 'TXT', 'web.lab'], 'web.lab', ['TXT'], ['10.0.4.2']],
    [['web.lab', '@10.0.4.2', '@10.0.4.3'], 'web.lab', [], ['10.0.4.2', '10.0.4.3']],
    [['web.lab', 'IN', 'TYPE65'], 'web.lab', ['TYPE65'], []],
    [['ns'], 'ns', [], []],
    [['ns', 'A'], 'ns', ['A'], []],
    [[], undefined, [], []],
  ] as const)('%j -> name %s, types %j, servers %j', (words, name, types, servers) => {
    const r = parseDigWords(words);
    expect(r.name).toBe(name);
    expect(r.types).toEqual(types);
    expect(r.servers).toEqual(servers);
  });

  it.each([
    [['+short'], { short: true }],
    [['+noshort'], { short: false }],
    [['+tcp'], { tcp: true }],
    [['+vc'], { tcp: true }],
    [['+dnssec'], { dnssec: true }],
    [['+nosearch'], { search: false }],
    [['+search'], { search: true }],
    [['+time=2'], { timeoutMs: 2000 }],
    [['+tries=3'], { tries: 3 }],
    [['+retry=0'], { tries: 1 }],
    [['+short', '+tcp'], { short: true, tcp: true }],
  ] as const)('%j -> flags %j', (words, flags) => {
    expect(parseDigWords(['web.lab', ...words]).flags).toEqual(flags);
  });

  it.each([
    ['+trace', /does not walk delegations.*dig \+trace/],
    ['+nssearch', /dig \+nssearch/],
    ['+norecurse', /dig \+norecurse/],
    ['+bogus', /supported: \+short/],
    ['+time=0', /\+time needs a whole number from 1 to 60/],
    ['+tries=x', /\+tries needs a whole number/],
  ])('%s is a usage error that says what to do', (flag, said) => {
    let error: unknown;
    try {
      parseDigWords(['web.lab', flag]);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(NetcheckError);
    const e = error as NetcheckError;
    expect(e.exitCode).toBe(2);
    expect(`${e.message} ${e.hint ?? ''}`).toMatch(said);
  });

  it('two names are a usage error pointing at --batch and several types', () => {
    expect(() => parseDigWords(['a.lab', 'b.lab'])).toThrow(/one name at a time/);
  });

  it('punycodes a bare IDN name and keeps what was typed', () => {
    const r = parseDigWords(['bücher.lab', 'MX']);
    expect(r.name).toBe('xn--bcher-kva.lab');
    expect(r.unicodeName).toBe('bücher.lab');
    expect(r.types).toEqual(['MX']);
    expect(parseDigWords(['web.lab']).unicodeName).toBeUndefined();
  });

  it('toAsciiName: ASCII unchanged, Unicode in IDNA form, impossible names undefined', () => {
    expect(toAsciiName('Web.Lab')).toBe('Web.Lab');
    expect(toAsciiName('münchen.de')).toBe('xn--mnchen-3ya.de');
    expect(toAsciiName('a\u0000ü.lab')).toBeUndefined();
  });
});

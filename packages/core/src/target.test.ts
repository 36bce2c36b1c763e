import { describe, expect, it } from 'vitest';
import { NetcheckError } from './errors.js';
import { parseTarget } from './target.js';

describe('parseTarget', () => {
  it.each([
    ['example.com', { host: 'example.com', kind: 'hostname', port: undefined }],
    ['web.lab.', { host: 'web.lab.', kind: 'hostname', port: undefined }],
    ['10.0.4.2', { host: '10.0.4.2', kind: 'ipv4', port: undefined }],
    ['2001:db8::1', { host: '2001:db8::1', kind: 'ipv6', port: undefined }],
    ['::1', { host: '::1', kind: 'ipv6', port: undefined }],
    ['web.lab:81', { host: 'web.lab', kind: 'hostname', port: 81 }],
    ['10.0.4.2:443', { host: '10.0.4.2', kind: 'ipv4', port: 443 }],
    ['[2001:db8::1]:8080', { host: '2001:db8::1', kind: 'ipv6', port: 8080 }],
    ['[::1]', { host: '::1', kind: 'ipv6', port: undefined }],
    ['https://example.com/path?q=1', { host: 'example.com', kind: 'hostname', port: 443, scheme: 'https' }],
    ['http://10.0.4.2:8080/', { host: '10.0.4.2', kind: 'ipv4', port: 8080, scheme: 'http' }],
    ['ssh://[2001:db8::2]', { host: '2001:db8::2', kind: 'ipv6', port: 22, scheme: 'ssh' }],
  ])('accepts %s', (input, expected) => {
    expect(parseTarget(input)).toMatchObject(expected);
  });

  it.each([
    ['', 'empty'],
    ['-c1', 'starts with "-"'],
    ['--help', 'starts with "-"'],
    ['example.com; rm -rf /', 'whitespace or shell'],
    ['a b', 'whitespace or shell'],
    ['$(id)', 'whitespace or shell'],
    ['`id`', 'whitespace or shell'],
    ['host|cat', 'whitespace or shell'],
    ['a\nb', 'control characters'],
    ['999.1.1.1', 'IPv4'],
    ['1.2.3', 'IPv4'],
    ['bad_host-.com', 'not a valid hostname'],
    ['host:99999', 'outside 1–65535'],
    ['host:http', 'not a number'],
    ['[example.com]:80', 'IPv6'],
    ['http://', 'URL'],
    [`${'a'.repeat(64)}.com`, 'not a valid hostname'],
  ])('rejects %j (%s)', (input, why) => {
    let error: unknown;
    try {
      parseTarget(input);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(NetcheckError);
    const ne = error as NetcheckError;
    expect(ne.code).toBe('invalid-target');
    expect(ne.message).toContain(why);
    expect(ne.hint).toMatch(/hostname/);
    expect(ne.exitCode).toBe(2);
  });
});

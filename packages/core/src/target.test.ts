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
    ['http://user:pw@10.0.4.2:81/x', { host: '10.0.4.2', kind: 'ipv4', port: 81, scheme: 'http' }],
    ['HTTP://Web.Lab/', { host: 'web.lab', kind: 'hostname', port: 80, scheme: 'http' }],
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
    // the URL parser's legacy IPv4 shorthand would probe an address nobody typed
    ['http://1.2.3', 'not a full IPv4 address'],
    ['http://127.1', 'not a full IPv4 address'],
    ['http://0x7f.1', 'not a full IPv4 address'],
    ['https://0177.0.0.1:8443/', 'not a full IPv4 address'],
    ['http://user@2130706433/', 'not a full IPv4 address'],
    ['http://1.2.3.4./', 'not a full IPv4 address'],
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

  it.each(['a\u001b[31mRED', 'a\u001b]0;pwned\u0007', 'x\u009b31m'])(
    'shows the control characters of %j escaped',
    (input) => {
      let message = '';
      try {
        parseTarget(input);
      } catch (e) {
        message = (e as NetcheckError).message;
      }
      expect(message).toContain('control characters');
      // eslint-disable-next-line no-control-regex
      expect(message).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
      expect(message).toMatch(/\\x(1b|9b)/);
    },
  );
});

import { isIP } from 'node:net';
import { NetcheckError, clip } from './errors.js';

/** What a user asked netcheck to look at, validated. */
export interface Target {
  /** The host part exactly as it will be handed to tools: a hostname, IPv4 or IPv6 literal (no brackets). */
  host: string;
  kind: 'hostname' | 'ipv4' | 'ipv6';
  /** Port from `host:port`, `[v6]:port` or a URL (explicit or the scheme's default); `undefined` when none was given. */
  port: number | undefined;
  /** URL scheme when the target was a URL. */
  scheme: string | undefined;
  /** The original input. */
  input: string;
}

/** Default ports of the URL schemes people paste. */
export const SCHEME_PORTS: Readonly<Record<string, number>> = {
  http: 80,
  https: 443,
  ws: 80,
  wss: 443,
  ftp: 21,
  ssh: 22,
  smtp: 25,
  dns: 53,
  imap: 143,
  imaps: 993,
  pop3: 110,
  pop3s: 995,
  ldap: 389,
  ldaps: 636,
  mysql: 3306,
  postgres: 5432,
  postgresql: 5432,
  redis: 6379,
  mongodb: 27017,
};

// RFC 1123 labels; the final label may not be all-numeric so "1.2.3" is not mistaken for a hostname.
const LABEL = /^[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?$/;
const FORBIDDEN = /[\s;&|`$<>(){}'"\\*?!#~^,=]/;

function invalid(input: string, why: string): NetcheckError {
  return new NetcheckError(
    'invalid-target',
    `invalid target "${clip(input, 80)}": ${why}`,
    'give a hostname (example.com), an IPv4 (192.0.2.1) or IPv6 (2001:db8::1) address, host:port, [v6]:port, or a URL (https://example.com)',
  );
}

/** True when `name` is a syntactically valid DNS hostname (labels of 1–63 characters, 253 in all, an optional trailing dot). */
export function isHostname(name: string): boolean {
  const bare = name.endsWith('.') ? name.slice(0, -1) : name;
  if (bare.length === 0 || bare.length > 253) return false;
  const labels = bare.split('.');
  if (!labels.every((l) => LABEL.test(l))) return false;
  return !/^\d+$/.test(labels[labels.length - 1]!);
}

/** The host as typed in a URL: between "://" (and any "user@") and the port, path, query or fragment. */
function typedUrlHost(input: string): string {
  const authority = input.slice(input.indexOf('://') + 3).split(/[/?#\\]/, 1)[0]!;
  const hostPort = authority.slice(authority.lastIndexOf('@') + 1);
  return hostPort.startsWith('[') ? hostPort : hostPort.replace(/:\d*$/, '');
}

function parsePort(text: string, input: string): number {
  if (!/^\d{1,5}$/.test(text)) throw invalid(input, `port "${clip(text, 20)}" is not a number`);
  const port = Number(text);
  if (port < 1 || port > 65535) throw invalid(input, `port ${port} is outside 1–65535`);
  return port;
}

function classify(host: string, input: string): Target['kind'] {
  const v = isIP(host);
  if (v === 4) return 'ipv4';
  if (v === 6) return 'ipv6';
  if (/^[\d.]+$/.test(host)) throw invalid(input, 'looks like an IPv4 address but is not one');
  if (!isHostname(host)) throw invalid(input, 'not a valid hostname, IPv4 or IPv6 address');
  return 'hostname';
}

/**
 * Validate a user-supplied target before anything is spawned.
 * 1 - reject empty input, a leading "-" (it would read as an option to a wrapped tool),
 *     whitespace, control and shell characters;
 * 2 - a string with "://" is a URL: its host, its explicit port or its scheme's default port; an IPv4 host must be
 *     written out in full (the URL parser's shorthands "127.1" or "0x7f.1" are refused, not expanded);
 * 3 - "[v6]:port" and "host:port" give a port; a bare string with several ":" is an IPv6 literal;
 * 4 - the host must be an IPv4/IPv6 literal or an RFC 1123 hostname.
 * Throws NetcheckError('invalid-target') with a hint; never returns a partially valid target.
 */
export function parseTarget(input: string): Target {
  if (input.length === 0) throw invalid(input, 'it is empty');
  if (input.length > 2048) throw invalid(input, 'it is longer than 2048 characters');
  if (input.startsWith('-')) throw invalid(input, 'it starts with "-" and would be read as an option');
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f-\u009f]/.test(input)) throw invalid(input, 'it holds control characters');
  if (input.includes('://')) {
    let url: URL;
    try {
      url = new URL(input);
    } catch {
      throw invalid(input, 'it is not a valid URL');
    }
    const scheme = url.protocol.replace(/:$/, '').toLowerCase();
    let host = url.hostname;
    if (host.startsWith('[') && host.endsWith(']')) host = host.slice(1, -1);
    if (host === '') throw invalid(input, 'the URL has no host');
    const typed = typedUrlHost(input);
    // The URL parser reads "1.2.3", "127.1", "0x7f.1" or "2130706433" as IPv4 (1.2.0.3, 127.0.0.1...): probe
    // only an address written out in full, never one the parser made up.
    if (isIP(host) === 4 && typed !== host) {
      throw invalid(
        input,
        `"${clip(typed, 40)}" is not a full IPv4 address (the URL parser would read it as ${host}); write the four ` +
          `parts out`,
      );
    }
    const kind = classify(host, input);
    const port = url.port !== '' ? Number(url.port) : SCHEME_PORTS[scheme];
    return { host, kind, port, scheme, input };
  }
  if (FORBIDDEN.test(input)) throw invalid(input, 'it holds whitespace or shell characters');
  const bracketed = /^\[([^\]]+)\](?::(.*))?$/.exec(input);
  if (bracketed) {
    const host = bracketed[1]!;
    if (isIP(host) !== 6) throw invalid(input, 'brackets must hold an IPv6 address');
    const port = bracketed[2] !== undefined ? parsePort(bracketed[2], input) : undefined;
    return { host, kind: 'ipv6', port, scheme: undefined, input };
  }
  const colons = input.split(':').length - 1;
  if (colons === 1) {
    const [host, portText] = input.split(':') as [string, string];
    return { host, kind: classify(host, input), port: parsePort(portText, input), scheme: undefined, input };
  }
  return { host: input, kind: classify(input, input), port: undefined, scheme: undefined, input };
}

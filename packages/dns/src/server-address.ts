import { isIP } from 'node:net';
import { expandIpv6 } from './reverse-name.js';

/** Turns a server name into its addresses, in the order to try them (getaddrinfo's); injectable for tests. */
export type ServerResolver = (name: string) => Promise<string[]>;

/** getaddrinfo through nsswitch (/etc/hosts, DNS...), every family, in the system's order. */
export const systemServerResolver: ServerResolver = async (name) => {
  // loaded when asked for: a server given as an address never is
  const { lookup } = await import('node:dns/promises');
  return (await lookup(name, { all: true, family: 0 })).map((a) => a.address);
};

/**
 * One spelling per address, to match a reply's source against the server asked. Pure:
 * 1 - an IPv4-mapped IPv6 address (::ffff:127.0.0.1, ::ffff:7f00:1) is its IPv4 address;
 * 2 - other IPv6 addresses are their 32 lower-case hex digits (::1 and 0:0::1 are one address), zone dropped;
 * 3 - anything else (IPv4, or not an address) is itself.
 */
export function normalizeAddress(address: string): string {
  const bare = address.replace(/%.*$/, '');
  if (isIP(bare) !== 6) return address;
  const hex = expandIpv6(bare.toLowerCase());
  if (!hex.startsWith('00000000000000000000ffff')) return hex;
  const v4 = hex.slice(24);
  return [0, 2, 4, 6].map((i) => parseInt(v4.slice(i, i + 2), 16)).join('.');
}

/** Whether two spellings name the same address (see normalizeAddress). Pure. */
export const sameAddress = (a: string, b: string) => normalizeAddress(a) === normalizeAddress(b);

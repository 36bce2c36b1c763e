import { isIP } from 'node:net';
import { portOfService } from './service-ports.js';

/** The wildcard address ("0.0.0.0", "::", "*") as netcheck prints it. */
export const ANY_ADDRESS = '*';

const HEX: Int8Array = (() => {
  const t = new Int8Array(256).fill(-1);
  for (let i = 0; i < 10; i++) t[48 + i] = i;
  for (let i = 0; i < 6; i++) {
    t[65 + i] = 10 + i;
    t[97 + i] = 10 + i;
  }
  return t;
})();

/** Value of `length` hex digits at `start` of a byte buffer; -1 when one is not a hex digit. */
export function hexAt(bytes: Uint8Array, start: number, length: number): number {
  let v = 0;
  for (let i = start; i < start + length; i++) {
    const d = HEX[bytes[i] ?? 0] ?? -1; // byte 0 is not a hex digit either
    if (d < 0) return -1;
    v = v * 16 + d;
  }
  return v;
}

/**
 * Format 16 address bytes as IPv6 text (RFC 5952: lower case, no leading zeros,
 * the longest run of two or more zero groups as "::"). An IPv4-mapped address
 * (::ffff:a.b.c.d) is returned as the plain IPv4 address, since the peer is an
 * IPv4 host (netstat does the same; ss prints [::ffff:a.b.c.d]).
 */
export function formatIpv6(bytes: ArrayLike<number>): string {
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(((bytes[i] ?? 0) << 8) | (bytes[i + 1] ?? 0));
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    return `${bytes[12]}.${bytes[13]}.${bytes[14]}.${bytes[15]}`;
  }
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen && j - i >= 2) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLen).join(':')}`;
}

/**
 * Decode an address as /proc/net/tcp and /proc/net/tcp6 print it: 8 or 32 hex
 * digits, each 32-bit word printed as a number in the host's byte order
 * (little-endian on x86 and arm64, hence "0100007F" for 127.0.0.1).
 * 1 - split into 32-bit words of 8 hex digits;
 * 2 - on a little-endian host, the bytes of each word are reversed;
 * 3 - 4 bytes are IPv4; 16 are IPv6 (an IPv4-mapped one comes back as IPv4).
 * The wildcard (all zeros) is returned as "*". `undefined` for anything malformed.
 */
export function decodeProcAddress(hex: string, littleEndian = true): string | undefined {
  if (hex.length !== 8 && hex.length !== 32) return undefined;
  const bytes: number[] = [];
  for (let w = 0; w < hex.length; w += 8) {
    const word: number[] = [];
    for (let i = 0; i < 8; i += 2) {
      const b = Number.parseInt(hex.slice(w + i, w + i + 2), 16);
      if (Number.isNaN(b) || !/^[0-9a-fA-F]{2}$/.test(hex.slice(w + i, w + i + 2))) return undefined;
      word.push(b);
    }
    if (littleEndian) word.reverse();
    bytes.push(...word);
  }
  if (bytes.every((b) => b === 0)) return ANY_ADDRESS;
  return bytes.length === 4 ? bytes.join('.') : formatIpv6(bytes);
}

/** An address and port as tools print them, split. `port` is `undefined` for "*". */
export interface HostPort {
  address: string;
  port: number | undefined;
}

/**
 * Split "addr:port" as ss and Linux/Windows netstat print it: "127.0.0.1:22",
 * "[::1]:22", "*:22", "0.0.0.0:*", "[::]:*", "[::ffff:10.0.0.1]:80", "::1:22"
 * (netstat's unbracketed IPv6), "fe80::1%eth0:22" / "127.0.0.53%lo:53" (a zone).
 * The port is after the last ":" (or "." with `separator: '.'`, macOS netstat's "10.0.0.1.22",
 * "*.*"), or a service name ("localhost:smtp", "*:ssh": see portOfService). Wildcard addresses become "*"; v4-mapped
 * IPv6 becomes IPv4; the zone is dropped.
 * `undefined` when the text has no separator.
 */
export function splitHostPort(text: string, separator: ':' | '.' = ':'): HostPort | undefined {
  const cut = text.lastIndexOf(separator);
  if (cut < 0) return undefined;
  let address = text.slice(0, cut);
  const portText = text.slice(cut + 1);
  let port: number | undefined;
  if (portText === '*') port = undefined;
  else if (/^\d{1,5}$/.test(portText)) port = Number(portText);
  else if ((port = portOfService(portText)) === undefined) return undefined; // "localhost:smtp" without -n
  if (address.startsWith('[') && address.endsWith(']')) address = address.slice(1, -1);
  return { address: normaliseAddress(address), port };
}

/**
 * One spelling per address, so the same peer from different tools lands in the
 * same bucket: wildcards ("0.0.0.0", "::", "*", "") become "*", a zone ("%lo")
 * is dropped, IPv6 is re-formatted per RFC 5952 and IPv4-mapped IPv6 becomes IPv4.
 */
export function normaliseAddress(text: string): string {
  let a = text.trim();
  const zone = a.indexOf('%');
  if (zone >= 0) a = a.slice(0, zone);
  if (a === '' || a === '*' || a === '0.0.0.0' || a === '::' || a === '[::]') return ANY_ADDRESS;
  if (isIP(a) === 6) {
    const bytes = ipv6Bytes(a);
    if (bytes) return formatIpv6(bytes);
  }
  return a;
}

/** The 16 bytes of a valid IPv6 literal (may end in a dotted IPv4); `undefined` otherwise. */
export function ipv6Bytes(text: string): number[] | undefined {
  if (isIP(text) !== 6) return undefined;
  let head = text;
  const tail: number[] = [];
  const [, dotted] = /(\d+\.\d+\.\d+\.\d+)$/.exec(text) ?? [];
  if (dotted !== undefined) {
    const [a = 0, b = 0, c = 0, d = 0] = dotted.split('.').map(Number);
    tail.push(((a << 8) | b) >>> 0, ((c << 8) | d) >>> 0);
    head = text.slice(0, -dotted.length);
    if (head.endsWith(':') && !head.endsWith('::')) head = head.slice(0, -1);
  }
  const [left = '', right] = head.split('::') as [string, string | undefined];
  const parse = (s: string) => (s === '' ? [] : s.split(':').map((g) => Number.parseInt(g, 16)));
  const l = parse(left);
  const r = right === undefined ? [] : parse(right);
  const missing = 8 - tail.length - l.length - r.length;
  const groups = right === undefined ? [...l, ...tail] : [...l, ...new Array<number>(missing).fill(0), ...r, ...tail];
  if (groups.length !== 8) return undefined;
  return groups.flatMap((g) => [(g >> 8) & 0xff, g & 0xff]);
}

/** Whether `address` (as a report prints it) is `wanted`, both normalised (so "::ffff:10.0.0.1" matches "10.0.0.1"). */
export function addressMatches(address: string, wanted: string): boolean {
  return normaliseAddress(address) === normaliseAddress(wanted);
}

import { isIP } from 'node:net';

/** Expand an IPv6 address to its 32 hex digits (internal to the package). */
export function expandIpv6(ip: string): string {
  let [head, tail] = ip.split('::') as [string, string | undefined];
  // an embedded IPv4 tail (::ffff:10.0.0.1) becomes two hex groups
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(ip);
  if (v4) {
    const o = v4[1]!.split('.').map(Number);
    const groups = `${((o[0]! << 8) | o[1]!).toString(16)}:${((o[2]! << 8) | o[3]!).toString(16)}`;
    if (tail !== undefined) tail = tail.replace(v4[1]!, groups);
    else head = head.replace(v4[1]!, groups);
  }
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const missing = 8 - h.length - t.length;
  const groups = tail === undefined ? h : [...h, ...Array(missing).fill('0'), ...t];
  return groups.map((g) => g.padStart(4, '0')).join('');
}

/** The PTR name for an address: 10.0.4.2 → 2.4.0.10.in-addr.arpa, IPv6 → nibbles under ip6.arpa. `undefined` for a non-address. */
export function buildReverseName(ip: string): string | undefined {
  const v = isIP(ip);
  if (v === 4) return `${ip.split('.').reverse().join('.')}.in-addr.arpa`;
  if (v === 6) return `${expandIpv6(ip.replace(/%.*$/, '')).split('').reverse().join('.')}.ip6.arpa`;
  return undefined;
}

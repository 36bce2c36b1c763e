import type { Annotation } from './types.js';

const KNOWN: Record<string, Omit<Annotation, 'code'>> = {
  '!H': { kind: 'host-unreachable', meaning: 'host unreachable', terminal: true },
  '!N': { kind: 'net-unreachable', meaning: 'network unreachable', terminal: true },
  '!P': { kind: 'protocol-unreachable', meaning: 'protocol unreachable', terminal: true },
  '!X': { kind: 'prohibited', meaning: 'communication administratively prohibited', terminal: true },
  '!S': { kind: 'source-route-failed', meaning: 'source route failed', terminal: true },
  '!V': { kind: 'prohibited', meaning: 'host precedence violation', terminal: true },
  '!C': { kind: 'prohibited', meaning: 'precedence cutoff in effect', terminal: true },
  '!U': { kind: 'net-unreachable', meaning: 'destination network unknown', terminal: true },
  '!W': { kind: 'host-unreachable', meaning: 'destination host unknown', terminal: true },
  '!I': { kind: 'prohibited', meaning: 'source host isolated', terminal: true },
  '!A': { kind: 'prohibited', meaning: 'destination network administratively prohibited', terminal: true },
  '!Z': { kind: 'prohibited', meaning: 'destination host administratively prohibited', terminal: true },
  '!Q': { kind: 'other', meaning: 'source quench', terminal: false },
  '!T': { kind: 'other', meaning: 'TTL expired in reassembly', terminal: false },
};

// ICMP destination-unreachable codes (RFC 792, 1812) for "!<num>".
const CODES: Record<number, Omit<Annotation, 'code'>> = {
  0: KNOWN['!N']!,
  1: KNOWN['!H']!,
  2: KNOWN['!P']!,
  3: { kind: 'port-unreachable', meaning: 'port unreachable', terminal: true },
  5: KNOWN['!S']!,
  6: KNOWN['!U']!,
  7: KNOWN['!W']!,
  9: { kind: 'prohibited', meaning: 'network administratively prohibited', terminal: true },
  10: { kind: 'prohibited', meaning: 'host administratively prohibited', terminal: true },
  13: KNOWN['!X']!,
};

/**
 * Decode a traceroute annotation: "!H", "!N", "!P", "!X", "!S", "!F-1400",
 * "!F" (BSD), "!13" or "!<13>" (a raw ICMP code). `undefined` if it is none.
 */
export function decodeAnnotation(code: string): Annotation | undefined {
  const known = KNOWN[code];
  if (known) return { code, ...known };
  const frag = /^!F(?:-(\d+))?$/.exec(code);
  if (frag) {
    const mtu = frag[1] ? Number(frag[1]) : undefined;
    return { code, kind: 'fragmentation-needed', meaning: `fragmentation needed${mtu ? ` (next-hop MTU ${mtu})` : ''}: a smaller MTU on the path`, ...(mtu ? { mtu } : {}), terminal: true };
  }
  const num = /^!<?(\d+)>?$/.exec(code);
  if (num) {
    const n = Number(num[1]);
    const c = CODES[n];
    return { code, ...(c ?? { kind: 'other' as const, meaning: `ICMP unreachable code ${n}`, terminal: true }) };
  }
  return undefined;
}

import type { Annotation } from './types.js';

type Meaning = Omit<Annotation, 'code'>;

const HOST: Meaning = { kind: 'host-unreachable', meaning: 'host unreachable', terminal: true };
const NET: Meaning = { kind: 'net-unreachable', meaning: 'network unreachable', terminal: true };
const PROTOCOL: Meaning = { kind: 'protocol-unreachable', meaning: 'protocol unreachable', terminal: true };
const PROHIBITED: Meaning = {
  kind: 'prohibited',
  meaning: 'communication administratively prohibited',
  terminal: true,
};
const SOURCE_ROUTE: Meaning = { kind: 'source-route-failed', meaning: 'source route failed', terminal: true };
const NET_UNKNOWN: Meaning = { kind: 'net-unreachable', meaning: 'destination network unknown', terminal: true };
const HOST_UNKNOWN: Meaning = { kind: 'host-unreachable', meaning: 'destination host unknown', terminal: true };

const KNOWN: Record<string, Meaning> = {
  '!H': HOST,
  '!N': NET,
  '!P': PROTOCOL,
  '!X': PROHIBITED,
  '!S': SOURCE_ROUTE,
  '!V': { kind: 'prohibited', meaning: 'host precedence violation', terminal: true },
  '!C': { kind: 'prohibited', meaning: 'precedence cutoff in effect', terminal: true },
  '!U': NET_UNKNOWN,
  '!W': HOST_UNKNOWN,
  '!I': { kind: 'prohibited', meaning: 'source host isolated', terminal: true },
  '!A': { kind: 'prohibited', meaning: 'destination network administratively prohibited', terminal: true },
  '!Z': { kind: 'prohibited', meaning: 'destination host administratively prohibited', terminal: true },
  '!Q': { kind: 'other', meaning: 'source quench', terminal: false },
  '!T': { kind: 'other', meaning: 'TTL expired in reassembly', terminal: false },
};

// ICMP destination-unreachable codes (RFC 792, 1812) for "!<num>".
const CODES: Record<number, Meaning> = {
  0: NET,
  1: HOST,
  2: PROTOCOL,
  3: { kind: 'port-unreachable', meaning: 'port unreachable', terminal: true },
  5: SOURCE_ROUTE,
  6: NET_UNKNOWN,
  7: HOST_UNKNOWN,
  9: { kind: 'prohibited', meaning: 'network administratively prohibited', terminal: true },
  10: { kind: 'prohibited', meaning: 'host administratively prohibited', terminal: true },
  13: PROHIBITED,
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
    const meaning = `fragmentation needed${mtu ? ` (next-hop MTU ${mtu})` : ''}: a smaller MTU on the path`;
    return { code, kind: 'fragmentation-needed', meaning, ...(mtu ? { mtu } : {}), terminal: true };
  }
  const num = /^!<?(\d+)>?$/.exec(code);
  if (num) {
    const n = Number(num[1]);
    const c = CODES[n];
    return { code, ...(c ?? { kind: 'other' as const, meaning: `ICMP unreachable code ${n}`, terminal: true }) };
  }
  return undefined;
}

import dnsPacket from 'dns-packet';
import type { DnsFlags, DnsRecord, DnsResponse } from './types.js';

/** What to ask. */
export interface QuerySpec {
  id: number;
  name: string;
  /** dns-packet type name ("A", "UNKNOWN_65"). */
  type: string;
  /** Ask the server to recurse (default true). */
  recursionDesired?: boolean;
  /** EDNS0: advertise this UDP buffer size; `undefined` sends no OPT record. */
  ednsUdpSize?: number;
  /** EDNS0 DO bit: ask for DNSSEC records. */
  dnssecOk?: boolean;
}

/** Encode a query; for TCP, with the 2-byte length prefix. Pure. */
export function buildQuery(q: QuerySpec, transport: 'udp' | 'tcp' = 'udp'): Buffer {
  const packet: dnsPacket.Packet = {
    type: 'query',
    id: q.id,
    flags: q.recursionDesired === false ? 0 : dnsPacket.RECURSION_DESIRED,
    questions: [{ type: q.type as dnsPacket.RecordType, name: q.name, class: 'IN' }],
    additionals:
      q.ednsUdpSize === undefined
        ? []
        : [{ type: 'OPT', name: '.', udpPayloadSize: q.ednsUdpSize, flags: q.dnssecOk ? dnsPacket.DNSSEC_OK : 0, options: [] } as unknown as dnsPacket.Answer],
  };
  return transport === 'tcp' ? dnsPacket.streamEncode(packet) : dnsPacket.encode(packet);
}

const absolute = (n: string) => (n === '' || n === '.' ? '.' : `${n.replace(/\.$/, '')}.`);

/** Render one record's data as dig does. Pure. */
export function renderRecordData(a: Record<string, unknown> & { type: string }): string {
  const d = a.data as unknown;
  switch (a.type) {
    case 'A':
    case 'AAAA':
      return String(d);
    case 'CNAME':
    case 'NS':
    case 'PTR':
    case 'DNAME':
      return absolute(String(d));
    case 'MX': {
      const m = d as { preference: number; exchange: string };
      return `${m.preference} ${absolute(m.exchange)}`;
    }
    case 'TXT': {
      const parts = (Array.isArray(d) ? d : [d]) as Array<Buffer | string>;
      return parts.map((p) => JSON.stringify(Buffer.isBuffer(p) ? p.toString('utf8') : String(p))).join(' ');
    }
    case 'SRV': {
      const s = d as { priority: number; weight: number; port: number; target: string };
      return `${s.priority} ${s.weight} ${s.port} ${absolute(s.target)}`;
    }
    case 'SOA': {
      const s = d as { mname: string; rname: string; serial: number; refresh: number; retry: number; expire: number; minimum: number };
      return `${absolute(s.mname)} ${absolute(s.rname)} ${s.serial} ${s.refresh} ${s.retry} ${s.expire} ${s.minimum}`;
    }
    case 'CAA': {
      const c = d as { flags: number; tag: string; value: string };
      return `${c.flags} ${c.tag} ${JSON.stringify(c.value)}`;
    }
    default:
      if (Buffer.isBuffer(d)) return `\\# ${d.length} ${d.toString('hex')}`;
      return typeof d === 'object' ? JSON.stringify(d) : String(d);
  }
}

function toRecord(a: dnsPacket.Answer): DnsRecord {
  const r = a as unknown as Record<string, unknown> & { type: string; name: string; ttl?: number };
  const type = r.type.startsWith('UNKNOWN_') ? `TYPE${r.type.slice(8)}` : r.type;
  return { name: absolute(r.name), type, ttl: r.ttl ?? 0, data: renderRecordData(r) };
}

/** What we expect an answer to match. */
export interface Expected {
  id: number;
  name: string;
  type: string;
  /** The server we asked; a packet from anyone else is not an answer. */
  server: string;
  port: number;
}

const sameName = (a: string, b: string) => a.toLowerCase().replace(/\.$/, '') === b.toLowerCase().replace(/\.$/, '');
const normAddr = (a: string) => a.replace(/^::ffff:/, '');

/**
 * Check a packet that arrived for a query. Pure. It is an answer only if it
 * decodes, is a response, comes from the server and port we asked, and carries
 * our ID and our question; anything else is rejected with the reason (a
 * spoofing attempt, a late answer to an earlier query, or garbage).
 */
export function validateResponse(buf: Buffer, from: { address: string; port: number }, expected: Expected): { ok: true; response: DnsResponse } | { ok: false; why: string } {
  if (normAddr(from.address) !== normAddr(expected.server) || from.port !== expected.port)
    return { ok: false, why: `from ${from.address}:${from.port}, not the server asked (${expected.server}:${expected.port})` };
  let p: dnsPacket.DecodedPacket;
  try {
    p = dnsPacket.decode(buf);
  } catch (e) {
    return { ok: false, why: `undecodable ${buf.length}-byte packet from ${from.address}: ${(e as Error).message} (starts ${buf.subarray(0, 12).toString('hex')})` };
  }
  if (p.type !== 'response') return { ok: false, why: `a query, not a response, from ${from.address}` };
  if (p.id !== expected.id) return { ok: false, why: `ID ${p.id} does not match ours (${expected.id})` };
  const q = p.questions?.[0];
  if (!q || !sameName(q.name, expected.name) || q.type !== expected.type) return { ok: false, why: `question ${q ? `${q.name} ${q.type}` : '(none)'} is not ours (${expected.name} ${expected.type})` };
  const opt = (p.additionals ?? []).find((a) => a.type === 'OPT') as { udpPayloadSize?: number } | undefined;
  const f = p.flags ?? 0;
  const flags: DnsFlags = {
    aa: (f & dnsPacket.AUTHORITATIVE_ANSWER) !== 0,
    tc: (f & dnsPacket.TRUNCATED_RESPONSE) !== 0,
    rd: (f & dnsPacket.RECURSION_DESIRED) !== 0,
    ra: (f & dnsPacket.RECURSION_AVAILABLE) !== 0,
    ad: (f & dnsPacket.AUTHENTIC_DATA) !== 0,
    cd: (f & dnsPacket.CHECKING_DISABLED) !== 0,
  };
  return {
    ok: true,
    response: {
      id: p.id ?? 0,
      rcode: (p as { rcode?: string }).rcode ?? 'NOERROR',
      flags,
      question: { name: absolute(q.name), type: q.type.startsWith('UNKNOWN_') ? `TYPE${q.type.slice(8)}` : q.type },
      answers: (p.answers ?? []).map(toRecord),
      authorities: (p.authorities ?? []).map(toRecord),
      additionals: (p.additionals ?? []).filter((a) => a.type !== 'OPT').map(toRecord),
      ednsUdpSize: opt?.udpPayloadSize,
      sizeBytes: buf.length,
    },
  };
}

import dnsPacket from 'dns-packet';
import type { RecordFrame } from './check-message.js';
import { checkHead, frameRecords, showName, typeName } from './check-message.js';
import { sameAddress } from './server-address.js';
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
        : [
            {
              type: 'OPT',
              name: '.',
              udpPayloadSize: q.ednsUdpSize,
              flags: q.dnssecOk ? dnsPacket.DNSSEC_OK : 0,
              options: [],
            } as unknown as dnsPacket.Answer,
          ],
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
      const s = d as {
        mname: string;
        rname: string;
        serial: number;
        refresh: number;
        retry: number;
        expire: number;
        minimum: number;
      };
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
  /** The server address we asked; a packet from anyone else is not an answer. */
  server: string;
  port: number;
  /** Every address of the server as given (a server name's addresses); default: `server` alone. */
  serverAddresses?: readonly string[];
}

/** A packet that is not our answer (ignored), or our answer with a malformed record (`malformed: true`). */
export type Validation = { ok: true; response: DnsResponse } | { ok: false; why: string; malformed?: true };

/** A name's labels as their wire bytes read as latin1 (how check-message.ts reads them), so UTF-8 names compare too. */
const labelsOf = (n: string) =>
  n
    .split('.')
    .filter((l) => l !== '')
    .map((l) => Buffer.from(l, 'utf8').toString('latin1'));
/** DNS compares names case-insensitively in ASCII only (RFC 4343). */
const asciiLower = (l: string) => l.replace(/[A-Z]/g, (c) => c.toLowerCase());
const sameLabels = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((l, i) => asciiLower(l) === asciiLower(b[i]!));

/** dns-packet's `answer` codec (exported by the library, missing from its types). */
type AnswerDecoder = ((buf: Buffer, offset: number) => dnsPacket.Answer) & { bytes: number };
const answerCodec = (dnsPacket as unknown as { answer: { decode: AnswerDecoder } }).answer;

type Section = RecordFrame['section'];
type Decoded = Array<{ section: Section; answer: dnsPacket.Answer }>;

/** Decode each framed record where the frame says it is; dns-packet must read exactly the frame's bytes. */
function decodeRecords(buf: Buffer, frames: readonly RecordFrame[]): Decoded | string {
  const out: Decoded = [];
  for (const f of frames) {
    const what = `${typeName(f.type)} record ${f.owner}`;
    let answer: dnsPacket.Answer;
    try {
      answer = answerCodec.decode(buf, f.offset);
    } catch (e) {
      return `${what} does not decode: ${(e as Error).message}`;
    }
    const read = answerCodec.decode.bytes;
    if (read !== f.length) return `${what} decodes as ${read} bytes where its length says ${f.length}`;
    out.push({ section: f.section, answer });
  }
  return out;
}

/**
 * Check a packet that arrived for a query. Pure; never throws. Rules, in order:
 * 1 - it must come from the server (any of its addresses, IPv4-mapped spellings matched) and port asked;
 * 2 - its header and question must be sound (a bounds-checked walk, see check-message.ts), it must be a
 *     response, carry our ID and our question (compared label by label, so one label "web.lab" is not
 *     web.lab): else it is rejected with why (spoofing, a late answer, garbage) and waiting goes on;
 * 3 - then every record must be sound: an rdlength inside the packet and rdata of its type's shape (A 4
 *     bytes, AAAA 16, names inside their rdata...); if not, it is our answer and it is malformed
 *     (`malformed: true`), except with TC set, where a record cut off is what truncation means: the answer
 *     is kept as truncated, without records, and the caller asks again over TCP.
 */
export function validateResponse(buf: Buffer, from: { address: string; port: number }, expected: Expected): Validation {
  const addresses = expected.serverAddresses?.length ? expected.serverAddresses : [expected.server];
  const sender = `${from.address}:${from.port}`;
  if (!addresses.some((a) => sameAddress(a, from.address)) || from.port !== expected.port)
    return { ok: false, why: `from ${sender}, not the server asked (${expected.server}:${expected.port})` };
  const starts = buf.subarray(0, 12).toString('hex');
  const undecodable = (why: string) => ({
    ok: false as const,
    why: `undecodable ${buf.length}-byte packet from ${from.address}: ${why} (starts ${starts})`,
  });
  const h = checkHead(buf);
  if (!h.ok) return undecodable(h.why);
  const head = h.head;
  if (!head.isResponse) return { ok: false, why: `a query, not a response, from ${from.address}` };
  if (head.id !== expected.id) return { ok: false, why: `ID ${head.id} does not match ours (${expected.id})` };
  // The header and question alone, through dns-packet, for the type's name, the rcode and the flags.
  const top = Buffer.from(buf.subarray(0, head.questionsEnd));
  top.fill(0, 6, 12);
  let p: dnsPacket.DecodedPacket;
  try {
    p = dnsPacket.decode(top);
  } catch (e) {
    return undecodable((e as Error).message);
  }
  const q = p.questions?.[0];
  const asked = head.question && sameLabels(head.question.labels, labelsOf(expected.name)) && q?.type === expected.type;
  if (!q || !head.question || !asked) {
    const theirs = head.question ? `${showName(head.question.labels).replace(/(.)\.$/, '$1')} ${q?.type}` : '(none)';
    return { ok: false, why: `question ${theirs} is not ours (${expected.name} ${expected.type})` };
  }
  const framed = frameRecords(buf, head);
  if (!framed.ok && !head.truncated) return { ok: false, malformed: true, why: framed.why };
  const records = framed.ok ? decodeRecords(buf, framed.frames) : [];
  if (typeof records === 'string') return { ok: false, malformed: true, why: records };
  let rendered: { answers: DnsRecord[]; authorities: DnsRecord[]; additionals: DnsRecord[] };
  try {
    const of = (s: Section) =>
      records.filter((r) => r.section === s && r.answer.type !== 'OPT').map((r) => toRecord(r.answer));
    rendered = { answers: of('answer'), authorities: of('authority'), additionals: of('additional') };
  } catch (e) {
    return { ok: false, malformed: true, why: `a record does not render: ${(e as Error).message}` };
  }
  const opt = records.find((r) => r.answer.type === 'OPT')?.answer as { udpPayloadSize?: number } | undefined;
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
      id: head.id,
      rcode: (p as { rcode?: string }).rcode ?? 'NOERROR',
      flags,
      question: { name: absolute(q.name), type: q.type.startsWith('UNKNOWN_') ? `TYPE${q.type.slice(8)}` : q.type },
      ...rendered,
      ednsUdpSize: opt?.udpPayloadSize,
      sizeBytes: buf.length,
    },
  };
}

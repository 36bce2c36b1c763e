/**
 * A bounds-checked walk over a DNS message's wire format (RFC 1035 §4.1), done before any record is
 * decoded: dns-packet reads an A record as 4 bytes and an AAAA as 16 whatever its rdlength says, and
 * follows a name wherever it leads, so a record that lies about its length is shown as data
 * ("1.2.3.undefined") unless it is caught here. Pure; never throws.
 */

/** Where one resource record lies in the message. */
export interface RecordFrame {
  section: 'answer' | 'authority' | 'additional';
  /** Offset of the record's owner name. */
  offset: number;
  /** Bytes from `offset` to the end of the rdata. */
  length: number;
  type: number;
  owner: string;
}

/** The header fields and the question as they are on the wire. */
export interface MessageHead {
  id: number;
  flags: number;
  isResponse: boolean;
  truncated: boolean;
  counts: { questions: number; answers: number; authorities: number; additionals: number };
  /** The first question's labels (as bytes turned into text) and type; `undefined` when there is none. */
  question: { labels: string[]; type: number } | undefined;
  /** Offset just after the question section. */
  questionsEnd: number;
}

type NameRead = { ok: true; labels: string[]; end: number } | { ok: false; why: string };

const MAX_NAME_BYTES = 255;
/** Backward-only pointers cannot loop; this caps the work a chain of them can cause all the same. */
const MAX_POINTERS = 64;

/**
 * Read a name at `offset` whose bytes in place must end by `limit` (a record's rdata end, or the
 * packet's). Rules: 1 - a label is at most 63 bytes, 0x40/0x80 label types are refused; 2 - a pointer
 * must point before the labels that led to it (no loops, no forward jumps) and inside the packet;
 * 3 - the whole name is at most 255 bytes.
 */
export function readName(buf: Buffer, offset: number, limit: number): NameRead {
  const labels: string[] = [];
  let pos = offset;
  let segmentStart = offset;
  let end: number | undefined;
  let total = 1;
  let pointers = 0;
  for (;;) {
    const bound = end === undefined ? limit : buf.length;
    const past = end === undefined && limit < buf.length ? 'its data' : 'the end of the packet';
    if (pos >= bound) return { ok: false, why: `a name at offset ${offset} runs past ${past}` };
    const len = buf[pos]!;
    if (len === 0) {
      end ??= pos + 1;
      return { ok: true, labels, end };
    }
    const kind = len & 0xc0;
    if (kind === 0xc0) {
      if (pos + 2 > bound) return { ok: false, why: `a compression pointer at offset ${pos} is cut off` };
      const target = buf.readUInt16BE(pos) & 0x3fff;
      if (target >= segmentStart)
        return { ok: false, why: `a compression pointer at offset ${pos} points forward or loops (to ${target})` };
      if (++pointers > MAX_POINTERS)
        return { ok: false, why: `a name at offset ${offset} follows over ${MAX_POINTERS} pointers` };
      end ??= pos + 2;
      pos = target;
      segmentStart = target;
      continue;
    }
    if (kind !== 0) return { ok: false, why: `a label at offset ${pos} has the unknown type 0x${kind.toString(16)}` };
    if (pos + 1 + len > bound) return { ok: false, why: `a label at offset ${pos} runs past ${past}` };
    total += len + 1;
    if (total > MAX_NAME_BYTES) return { ok: false, why: `a name at offset ${offset} is over ${MAX_NAME_BYTES} bytes` };
    labels.push(buf.toString('latin1', pos + 1, pos + 1 + len));
    pos += 1 + len;
  }
}

/** A name for messages: "web.lab.", with unprintable bytes escaped as dig does, cut to 100 characters. */
export function showName(labels: readonly string[]): string {
  const escapeChar = (c: string) =>
    c === '.' || c === '\\' ? `\\${c}` : `\\${String(c.charCodeAt(0)).padStart(3, '0')}`;
  const text = labels.length ? `${labels.map((l) => l.replace(/[^\x21-\x7e]|[.\\]/g, escapeChar)).join('.')}.` : '.';
  return text.length > 100 ? `${text.slice(0, 97)}...` : text;
}

/** Read the header and every question, bounds-checked; why not, when they are not sound. */
export function checkHead(buf: Buffer): { ok: true; head: MessageHead } | { ok: false; why: string } {
  if (buf.length < 12) return { ok: false, why: `${buf.length} bytes is shorter than a DNS header (12)` };
  const flags = buf.readUInt16BE(2);
  const counts = {
    questions: buf.readUInt16BE(4),
    answers: buf.readUInt16BE(6),
    authorities: buf.readUInt16BE(8),
    additionals: buf.readUInt16BE(10),
  };
  let offset = 12;
  let question: MessageHead['question'];
  for (let i = 0; i < counts.questions; i++) {
    const n = readName(buf, offset, buf.length);
    if (!n.ok) return { ok: false, why: `question ${i + 1}: ${n.why}` };
    if (n.end + 4 > buf.length) return { ok: false, why: `question ${i + 1} is cut off` };
    question ??= { labels: n.labels, type: buf.readUInt16BE(n.end) };
    offset = n.end + 4;
  }
  const head: MessageHead = {
    id: buf.readUInt16BE(0),
    flags,
    isResponse: (flags & 0x8000) !== 0,
    truncated: (flags & 0x0200) !== 0,
    counts,
    question,
    questionsEnd: offset,
  };
  return { ok: true, head };
}

/** Type numbers whose rdata is one domain name. */
const NAME_TYPES = new Map([
  [2, 'NS'],
  [3, 'MD'],
  [4, 'MF'],
  [5, 'CNAME'],
  [7, 'MB'],
  [8, 'MG'],
  [9, 'MR'],
  [12, 'PTR'],
  [39, 'DNAME'],
]);
/** Type numbers whose rdata is fixed bytes then one domain name. */
const PREFIXED_NAME_TYPES = new Map<number, readonly [string, number]>([
  [15, ['MX', 2]],
  [18, ['AFSDB', 2]],
  [21, ['RT', 2]],
  [33, ['SRV', 6]],
  [36, ['KX', 2]],
]);
const TYPE_NAMES: Record<number, string> = {
  1: 'A',
  6: 'SOA',
  13: 'HINFO',
  16: 'TXT',
  28: 'AAAA',
  35: 'NAPTR',
  41: 'OPT',
  257: 'CAA',
};

/** A type's name for messages. */
export const typeName = (t: number) =>
  TYPE_NAMES[t] ?? NAME_TYPES.get(t) ?? PREFIXED_NAME_TYPES.get(t)?.[0] ?? `TYPE${t}`;

/** Character-strings (a length byte, then that many bytes) from `pos`; the offset after the last, or why not. */
function readStrings(buf: Buffer, pos: number, end: number, count: number | 'fill'): number | string {
  let n = 0;
  while (count === 'fill' ? pos < end : n < count) {
    if (pos >= end) return `ends before its ${count} character-strings`;
    const len = buf[pos]!;
    if (pos + 1 + len > end) return `has a ${len}-byte character-string that runs past its data`;
    pos += 1 + len;
    n++;
  }
  return pos;
}

/**
 * Whether one record's rdata has the shape its type requires, within its rdlength:
 * 1 - A is 4 bytes, AAAA 16;
 * 2 - NS, CNAME, PTR, DNAME (and MD, MF, MB, MG, MR) hold one name that ends exactly at the rdata's end;
 *     MX, AFSDB, RT, KX (2 bytes) and SRV (6) the same after their fixed part; SOA two names and 20 bytes;
 * 3 - TXT is one or more character-strings filling it, HINFO exactly two, NAPTR 4 bytes, 3 strings and a name;
 * 4 - CAA has flags, a tag length of at least 1 and the tag inside it; OPT options fill it exactly;
 * 5 - other types are opaque bytes (only their rdlength is checked, by the caller).
 * Returns `undefined` when it is sound, else why not.
 */
export function checkRdata(buf: Buffer, type: number, start: number, rdlength: number): string | undefined {
  const end = start + rdlength;
  const t = typeName(type);
  const nameAt = (pos: number, what: string): number | string => {
    const n = readName(buf, pos, end);
    if (n.ok) return n.end;
    return n.why.includes('past its data')
      ? `has a ${what} that runs past its ${rdlength} bytes of data`
      : `has a bad ${what}: ${n.why}`;
  };
  const mustEnd = (r: number | string): string | undefined =>
    typeof r === 'string' ? r : r === end ? undefined : `leaves ${end - r} of its ${rdlength} bytes of data unread`;
  if (type === 1 || type === 28) {
    const want = type === 1 ? 4 : 16;
    return rdlength === want ? undefined : `has ${rdlength} bytes of data; an ${t} record has ${want}`;
  }
  if (NAME_TYPES.has(type)) return mustEnd(nameAt(start, 'name'));
  const prefixed = PREFIXED_NAME_TYPES.get(type);
  if (prefixed) {
    if (rdlength < prefixed[1] + 1)
      return `has ${rdlength} bytes of data; an ${t} record needs at least ${prefixed[1] + 1}`;
    return mustEnd(nameAt(start + prefixed[1], 'name'));
  }
  switch (type) {
    case 6: {
      const m = nameAt(start, 'primary server name');
      if (typeof m === 'string') return mustEnd(m);
      const r = nameAt(m, 'mailbox name');
      if (typeof r === 'string') return mustEnd(r);
      return r + 20 === end ? undefined : `has ${end - r} bytes after its names where SOA has 20`;
    }
    case 16:
      if (rdlength === 0) return 'has no data; a TXT record holds at least one character-string';
      return mustEnd(readStrings(buf, start, end, 'fill'));
    case 13:
      return mustEnd(readStrings(buf, start, end, 2));
    case 35: {
      if (rdlength < 4) return `has ${rdlength} bytes of data; a NAPTR record needs at least 4`;
      const s = readStrings(buf, start + 4, end, 3);
      return typeof s === 'string' ? s : mustEnd(nameAt(s, 'replacement name'));
    }
    case 257: {
      if (rdlength < 2) return `has ${rdlength} bytes of data; a CAA record needs at least 2`;
      const tagLen = buf[start + 1]!;
      if (tagLen >= 1 && start + 2 + tagLen <= end) return undefined;
      return `has a ${tagLen}-byte tag that does not fit its ${rdlength} bytes of data`;
    }
    case 41: {
      let pos = start;
      while (pos < end) {
        if (pos + 4 > end) return 'has an EDNS option header cut off';
        pos += 4 + buf.readUInt16BE(pos + 2);
      }
      return pos === end ? undefined : 'has an EDNS option that runs past its data';
    }
    default:
      return undefined;
  }
}

/**
 * Frame every record after the questions: its owner name, its fixed fields and an rdlength that stays
 * inside the packet, and rdata of the right shape for its type (checkRdata). Returns the frames, or
 * why the first bad record is bad ("A record web.lab. has 3 bytes of data; an A record has 4").
 */
export function frameRecords(
  buf: Buffer,
  head: MessageHead,
): { ok: true; frames: RecordFrame[] } | { ok: false; why: string } {
  const frames: RecordFrame[] = [];
  let offset = head.questionsEnd;
  const sections = [
    ['answer', head.counts.answers],
    ['authority', head.counts.authorities],
    ['additional', head.counts.additionals],
  ] as const;
  for (const [section, count] of sections)
    for (let i = 0; i < count; i++) {
      const where = `record ${i + 1} of the ${section} section`;
      if (offset >= buf.length)
        return { ok: false, why: `the header announces ${count} ${section} records; the packet ends at ${where}` };
      const n = readName(buf, offset, buf.length);
      if (!n.ok) return { ok: false, why: `${where}: ${n.why}` };
      const owner = showName(n.labels);
      if (n.end + 10 > buf.length) return { ok: false, why: `${where} (${owner}) is cut off before its data` };
      const type = buf.readUInt16BE(n.end);
      const rdlength = buf.readUInt16BE(n.end + 8);
      const start = n.end + 10;
      if (start + rdlength > buf.length)
        return {
          ok: false,
          why:
            `${typeName(type)} record ${owner} says ${rdlength} bytes of data, ` +
            `past the end of the packet (${buf.length - start} left)`,
        };
      const bad = checkRdata(buf, type, start, rdlength);
      if (bad) return { ok: false, why: `${typeName(type)} record ${owner} ${bad}` };
      frames.push({ section, offset, length: start + rdlength - offset, type, owner });
      offset = start + rdlength;
    }
  return { ok: true, frames };
}

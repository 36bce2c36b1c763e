/**
 * A hostile DNS server on loopback (UDP and TCP on one port) for the robustness test: each query name
 * `c<i>.hostile.test` selects case i, and the case's kind says what the server sends: forged IDs and
 * questions, packets from another port, garbage, pointer loops, lying rdlengths, cut-off answers, and over
 * TCP forged messages, garbage length prefixes, trickled bytes and early closes; then, when the kind says
 * so, the real answer. Real answers carry 192.0.2.0/24 (TEST-NET-1) or 2001:db8::/32 data that depends on
 * i; everything forged or broken carries 198.51.100.0/24 or 2001:db8:bad::/48 data (poison), so an
 * accepted spoof shows in the answer. Only loopback is used.
 */
import dgram from 'node:dgram';
import net from 'node:net';

/** What the client must end with: the real answer, a malformed-answer failure, any failure, or either of those. */
export type Expectation = 'answer' | 'malformed' | 'fail' | 'either';

export interface CaseContext {
  i: number;
  id: number;
  qname: string;
  qtype: 1 | 28;
  /** Deterministic per case, 0 ≤ x < 1. */
  rand: () => number;
}

type UdpStep = { buf: Buffer; from?: 'server' | 'liar'; delayMs?: number };
type TcpStep =
  | { write: Buffer }
  | { wait: number }
  | { trickle: Buffer; everyMs: number }
  | { end: true }
  | { reset: true };

export interface Kind {
  name: string;
  /** `tc`: UDP gets a truncated (TC) reply, then the TCP script runs on the retry. */
  transport: 'udp' | 'tcp' | 'tc';
  expect: Expectation;
  udp?: (c: CaseContext) => UdpStep[];
  tcp?: (c: CaseContext) => TcpStep[];
}

// ---- wire helpers: messages are built byte by byte so that they can lie ----
const u16 = (n: number) => Buffer.from([(n >> 8) & 255, n & 255]);
const u32 = (n: number) => Buffer.from([(n >>> 24) & 255, (n >> 16) & 255, (n >> 8) & 255, n & 255]);
export const wname = (name: string) =>
  Buffer.concat([
    ...name
      .split('.')
      .filter(Boolean)
      .map((l) => Buffer.concat([Buffer.from([l.length]), Buffer.from(l, 'latin1')])),
    Buffer.from([0]),
  ]);
const RESPONSE = 0x8180;
const TC = 0x0200;
const header = (id: number, flags: number, qd: number, an: number, ns = 0, ar = 0) =>
  Buffer.concat([u16(id), u16(flags), u16(qd), u16(an), u16(ns), u16(ar)]);
const question = (name: Buffer, type: number) => Buffer.concat([name, u16(type), u16(1)]);
const rr = (owner: Buffer, type: number, rdata: Buffer, rdlength = rdata.length) =>
  Buffer.concat([owner, u16(type), u16(1), u32(5), u16(rdlength), rdata]);
/** Pointer to the question's name (offset 12). */
const QPTR = Buffer.from([0xc0, 0x0c]);
const frame = (b: Buffer) => Buffer.concat([u16(b.length), b]);

const ipv4 = (s: string) => Buffer.from(s.split('.').map(Number));
/** The real answer's data for case i, as the client should render it. */
export function realData(i: number, qtype: 1 | 28): string {
  return qtype === 1 ? `192.0.2.${1 + (i % 254)}` : `2001:db8::${(1 + (i % 65534)).toString(16)}`;
}
const realRdata = (c: CaseContext) => {
  if (c.qtype === 1) return ipv4(realData(c.i, 1));
  const b = Buffer.alloc(16);
  b.writeUInt16BE(0x2001, 0);
  b.writeUInt16BE(0x0db8, 2);
  b.writeUInt16BE(1 + (c.i % 65534), 14);
  return b;
};
const poisonRdata = (c: CaseContext, n = c.qtype === 1 ? 4 : 16) => {
  const b = Buffer.alloc(n);
  const full =
    c.qtype === 1 ? ipv4(`198.51.100.${1 + (c.i % 254)}`) : Buffer.from('20010db80bad0000000000000000bad1', 'hex');
  full.copy(b, 0, 0, Math.min(n, full.length));
  return b;
};
const q = (c: CaseContext, name = wname(c.qname), type: number = c.qtype) => question(name, type);
/** The honest answer. */
export const real = (c: CaseContext, flags = RESPONSE) =>
  Buffer.concat([header(c.id, flags, 1, 1), q(c), rr(QPTR, c.qtype, realRdata(c))]);
/** A well-formed message carrying poison, with what is given changed. */
const forged = (c: CaseContext, o: { id?: number; flags?: number; question?: Buffer; qd?: number } = {}) =>
  Buffer.concat([
    header(o.id ?? c.id, o.flags ?? RESPONSE, o.qd ?? 1, 1),
    ...(o.qd === 0 ? [] : [o.question ?? q(c)]),
    rr(QPTR, c.qtype, poisonRdata(c)),
  ]);
/** Our ID and question, then the given records (announcing `an` of them). */
const ours = (c: CaseContext, records: Buffer[], an = records.length, flags = RESPONSE) =>
  Buffer.concat([header(c.id, flags, 1, an), q(c), ...records]);
const otherId = (c: CaseContext) => (c.id + 1 + Math.floor(c.rand() * 65534)) % 65536;
const garbage = (c: CaseContext, n: number) => Buffer.from(Array.from({ length: n }, () => Math.floor(c.rand() * 256)));
const cutAt = (b: Buffer, c: CaseContext, from: number) =>
  b.subarray(0, from + Math.floor(c.rand() * (b.length - from)));

/** Identity forgeries: each must be rejected (wrong ID, question, sender, kind, or an undecodable header/question). */
const FORGERIES: Array<[string, (c: CaseContext) => UdpStep]> = [
  ['wrong ID', (c) => ({ buf: forged(c, { id: otherId(c) }) })],
  ['ID off by one', (c) => ({ buf: forged(c, { id: (c.id + 1) % 65536 }) })],
  [
    'ID bytes swapped',
    (c) => {
      const swapped = ((c.id & 255) << 8) | (c.id >> 8);
      return { buf: forged(c, { id: swapped === c.id ? (c.id + 7) % 65536 : swapped }) };
    },
  ],
  ['another name', (c) => ({ buf: forged(c, { question: question(wname('evil.test'), c.qtype) }) })],
  ['another type', (c) => ({ buf: forged(c, { question: question(wname(c.qname), c.qtype === 1 ? 28 : 1) }) })],
  [
    'a parent name',
    (c) => ({ buf: forged(c, { question: question(wname(c.qname.split('.').slice(1).join('.')), c.qtype) }) }),
  ],
  ['a longer name', (c) => ({ buf: forged(c, { question: question(wname(`www.${c.qname}`), c.qtype) }) })],
  ['a suffix added', (c) => ({ buf: forged(c, { question: question(wname(`${c.qname}.evil`), c.qtype) }) })],
  [
    'the name as one label with dots',
    (c) => ({
      buf: forged(c, {
        question: question(
          Buffer.concat([Buffer.from([c.qname.length]), Buffer.from(c.qname), Buffer.from([0])]),
          c.qtype,
        ),
      }),
    }),
  ],
  ['no question', (c) => ({ buf: forged(c, { qd: 0 }) })],
  ['a query, not a response', (c) => ({ buf: forged(c, { flags: 0x0100 }) })],
  ['from another port', (c) => ({ buf: real(c), from: 'liar' })],
  ['from another port, poison', (c) => ({ buf: forged(c), from: 'liar' })],
  ['random garbage', (c) => ({ buf: garbage(c, 1 + Math.floor(c.rand() * 600)) })],
  ['an empty packet', () => ({ buf: Buffer.alloc(0) })],
  ['11 bytes', (c) => ({ buf: real(c).subarray(0, 11) })],
  ['a header announcing 65535 questions', (c) => ({ buf: header(c.id, RESPONSE, 65535, 65535, 65535, 65535) })],
  ['a question cut off', (c) => ({ buf: real(c).subarray(0, 12 + Math.floor(c.rand() * q(c).length)) })],
  [
    'a pointer loop in the question',
    (c) => ({
      buf: Buffer.concat([
        header(c.id, RESPONSE, 1, 1),
        Buffer.from([0xc0, 0x0c]),
        u16(c.qtype),
        u16(1),
        rr(QPTR, c.qtype, poisonRdata(c)),
      ]),
    }),
  ],
  [
    'a forward pointer in the question',
    (c) => ({
      buf: Buffer.concat([
        header(c.id, RESPONSE, 1, 1),
        Buffer.from([0xc0, 0x20]),
        u16(c.qtype),
        u16(1),
        rr(wname(c.qname), c.qtype, poisonRdata(c)),
      ]),
    }),
  ],
  [
    'a 64-byte label in the question',
    (c) => ({
      buf: Buffer.concat([
        header(c.id, RESPONSE, 1, 1),
        Buffer.from([64]),
        Buffer.alloc(64, 97),
        Buffer.from([0]),
        u16(c.qtype),
        u16(1),
        rr(QPTR, c.qtype, poisonRdata(c)),
      ]),
    }),
  ],
  [
    'a 0x40 label type in the question',
    (c) => ({
      buf: Buffer.concat([
        header(c.id, RESPONSE, 1, 1),
        Buffer.from([0x41, 0x61, 0]),
        u16(c.qtype),
        u16(1),
        rr(QPTR, c.qtype, poisonRdata(c)),
      ]),
    }),
  ],
  [
    'a question name over 255 bytes',
    (c) => ({
      buf: Buffer.concat([
        header(c.id, RESPONSE, 1, 1),
        wname(Array.from({ length: 5 }, () => 'a'.repeat(60)).join('.')),
        u16(c.qtype),
        u16(1),
        rr(QPTR, c.qtype, poisonRdata(c)),
      ]),
    }),
  ],
  [
    'wrong ID and a 3-byte A',
    (c) => ({ buf: Buffer.concat([header(otherId(c), RESPONSE, 1, 1), q(c), rr(QPTR, 1, poisonRdata(c, 3))]) }),
  ],
  [
    'wrong ID, lying rdlength',
    (c) => ({
      buf: Buffer.concat([header(otherId(c), RESPONSE, 1, 1), q(c), rr(QPTR, c.qtype, poisonRdata(c), 4000)]),
    }),
  ],
];

/** Our ID and question with a broken record (poison inside): the answer is malformed, never data. */
const MALFORMED: Array<[string, (c: CaseContext) => Buffer]> = [
  ['A of 0 bytes', (c) => ours(c, [rr(QPTR, 1, Buffer.alloc(0))])],
  ['A of 3 bytes', (c) => ours(c, [rr(QPTR, 1, poisonRdata(c, 3))])],
  ['A of 5 bytes', (c) => ours(c, [rr(QPTR, 1, Buffer.concat([poisonRdata(c, 4), Buffer.from([9])]))])],
  ['A of 16 bytes', (c) => ours(c, [rr(QPTR, 1, Buffer.alloc(16, 198))])],
  ['AAAA of 4 bytes', (c) => ours(c, [rr(QPTR, 28, ipv4('198.51.100.4'))])],
  ['AAAA of 15 bytes', (c) => ours(c, [rr(QPTR, 28, Buffer.alloc(15, 0xba))])],
  ['AAAA of 17 bytes', (c) => ours(c, [rr(QPTR, 28, Buffer.alloc(17, 0xba))])],
  [
    'rdlength past the end',
    (c) => ours(c, [rr(QPTR, c.qtype, poisonRdata(c), c.qtype === 1 ? 4 + 1 + Math.floor(c.rand() * 60000) : 17)]),
  ],
  ['rdlength 65535', (c) => ours(c, [rr(QPTR, c.qtype, poisonRdata(c), 65535)])],
  [
    'rdlength swallowing the next record',
    (c) =>
      ours(c, [rr(QPTR, c.qtype, poisonRdata(c), (c.qtype === 1 ? 4 : 16) + 14), rr(QPTR, c.qtype, poisonRdata(c))]),
  ],
  [
    'CNAME name past its rdlength',
    (c) => ours(c, [rr(QPTR, 5, wname('poison.test'), 3), rr(wname('poison.test'), c.qtype, poisonRdata(c))]),
  ],
  [
    'CNAME with bytes left over',
    (c) =>
      ours(c, [
        rr(QPTR, 5, Buffer.concat([wname('poison.test'), Buffer.alloc(3)])),
        rr(wname('poison.test'), c.qtype, poisonRdata(c)),
      ]),
  ],
  [
    'CNAME pointer loop',
    (c) => {
      const start = 12 + q(c).length + 12;
      return ours(c, [rr(QPTR, 5, Buffer.from([0xc0 | (start >> 8), start & 255]))]);
    },
  ],
  [
    'owner name pointer loop',
    (c) => {
      const at = 12 + q(c).length;
      return ours(c, [rr(Buffer.from([0xc0 | (at >> 8), at & 255]), c.qtype, poisonRdata(c))]);
    },
  ],
  ['owner name pointing forward', (c) => ours(c, [rr(Buffer.from([0xc0, 0xff]), c.qtype, poisonRdata(c))])],
  ['owner name pointer into the header', (c) => ours(c, [rr(Buffer.from([0xc0, 0x02]), c.qtype, poisonRdata(c))])],
  ['MX of 1 byte', (c) => ours(c, [rr(QPTR, 15, Buffer.from([0]))])],
  ['MX name past its rdlength', (c) => ours(c, [rr(QPTR, 15, Buffer.concat([u16(10), wname('mail.poison.test')]), 5)])],
  ['SRV of 5 bytes', (c) => ours(c, [rr(QPTR, 33, Buffer.alloc(5))])],
  [
    'SOA short of 20 bytes',
    (c) => ours(c, [rr(QPTR, 6, Buffer.concat([wname('ns.test'), wname('h.test'), Buffer.alloc(12)]))]),
  ],
  [
    'TXT string past its rdlength',
    (c) => ours(c, [rr(QPTR, 16, Buffer.concat([Buffer.from([200]), Buffer.from('poison')]))]),
  ],
  ['TXT of 0 bytes', (c) => ours(c, [rr(QPTR, 16, Buffer.alloc(0))])],
  ['CAA tag past its rdlength', (c) => ours(c, [rr(QPTR, 257, Buffer.from([0, 40, 105, 115]))])],
  ['3 answers announced, 1 present', (c) => ours(c, [rr(QPTR, c.qtype, poisonRdata(c))], 3)],
  ['a record header cut off', (c) => ours(c, [rr(QPTR, c.qtype, poisonRdata(c)).subarray(0, 7)], 1)],
  ['a 0x80 label type in the owner', (c) => ours(c, [rr(Buffer.from([0x81, 0x61, 0]), c.qtype, poisonRdata(c))])],
  [
    'OPT option past its rdlength',
    (c) =>
      Buffer.concat([
        header(c.id, RESPONSE, 1, 1, 0, 1),
        q(c),
        rr(QPTR, c.qtype, poisonRdata(c)),
        Buffer.from([0]),
        u16(41),
        u16(1232),
        u32(0),
        u16(6),
        u16(10),
        u16(40),
        Buffer.alloc(2),
      ]),
  ],
];

/** Over TCP there is no other port: the forgeries that differ only by their sender are left out. */
const TCP_FORGERIES = FORGERIES.filter(([n]) => !n.includes('another port'));

const udpOnly = (name: string, expect: Expectation, steps: (c: CaseContext) => UdpStep[]): Kind => ({
  name: `udp: ${name}`,
  transport: 'udp',
  expect,
  udp: steps,
});
const tcpOnly = (name: string, expect: Expectation, steps: (c: CaseContext) => TcpStep[]): Kind => ({
  name: `tcp: ${name}`,
  transport: 'tcp',
  expect,
  tcp: steps,
});
const viaTc = (
  name: string,
  expect: Expectation,
  tc: (c: CaseContext) => Buffer,
  steps: (c: CaseContext) => TcpStep[],
): Kind => ({ name: `tc→tcp: ${name}`, transport: 'tc', expect, udp: (c) => [{ buf: tc(c) }], tcp: steps });

/** Every kind of case, as data. */
export const KINDS: Kind[] = [
  udpOnly('honest', 'answer', (c) => [{ buf: real(c) }]),
  ...FORGERIES.map(([n, f]) => udpOnly(`${n}, then the answer`, 'answer', (c) => [f(c), { buf: real(c), delayMs: 5 }])),
  ...FORGERIES.filter((_, k) => k % 3 === 0).map(([n, f]) => udpOnly(`${n} only`, 'fail', (c) => [f(c)])),
  udpOnly('40 forgeries of every kind, then the answer', 'answer', (c) => [
    ...Array.from({ length: 40 }, (_, k) => FORGERIES[k % FORGERIES.length]![1](c)),
    { buf: real(c), delayMs: 10 },
  ]),
  udpOnly('silence', 'fail', () => []),
  ...MALFORMED.map(([n, f]) =>
    udpOnly(`malformed: ${n}`, 'malformed', (c) => [{ buf: f(c) }, { buf: real(c), delayMs: 5 }]),
  ),
  udpOnly('the answer cut inside its record', 'malformed', (c) => [
    { buf: real(c).subarray(0, real(c).length - 1 - Math.floor(c.rand() * 14)) },
  ]),
  udpOnly('the answer cut anywhere', 'either', (c) => [{ buf: cutAt(real(c), c, 1) }]),
  // tcp: true from the start
  tcpOnly('honest', 'answer', (c) => [{ write: frame(real(c)) }, { end: true }]),
  tcpOnly('a wrong ID, then the answer', 'answer', (c) => [
    { write: frame(forged(c, { id: otherId(c) })) },
    { wait: 2 },
    { write: frame(real(c)) },
  ]),
  tcpOnly('another question, then the answer, in one write', 'answer', (c) => [
    { write: Buffer.concat([frame(forged(c, { question: question(wname('evil.test'), c.qtype) })), frame(real(c))]) },
  ]),
  tcpOnly('15 forgeries of every kind (the bound is 16 messages), then the answer', 'answer', (c) => [
    { write: Buffer.concat([...TCP_FORGERIES.slice(0, 15).map(([, f]) => frame(f(c).buf)), frame(real(c))]) },
  ]),
  ...TCP_FORGERIES.map(([n, f]) =>
    tcpOnly(`${n}, then the answer`, 'answer', (c) => [{ write: frame(f(c).buf) }, { write: frame(real(c)) }]),
  ),
  tcpOnly('20 forgeries, then the answer: over the bound', 'fail', (c) => [
    {
      write: Buffer.concat([...Array.from({ length: 20 }, () => frame(forged(c, { id: otherId(c) }))), frame(real(c))]),
    },
  ]),
  tcpOnly('a zero-length message, then the answer', 'answer', (c) => [{ write: u16(0) }, { write: frame(real(c)) }]),
  tcpOnly('a garbage message, then the answer', 'answer', (c) => [
    { write: frame(garbage(c, 1 + Math.floor(c.rand() * 300))) },
    { write: frame(real(c)) },
  ]),
  tcpOnly('the answer byte by byte', 'answer', (c) => [{ trickle: frame(real(c)), everyMs: 0 }]),
  tcpOnly('the answer trickled, 1 byte per 2 ms', 'either', (c) => [{ trickle: frame(real(c)), everyMs: 2 }]),
  tcpOnly('the answer trickled slower than the timeout', 'fail', (c) => [{ trickle: frame(real(c)), everyMs: 40 }]),
  tcpOnly('a length prefix of 65535, 100 bytes, then close', 'fail', (c) => [
    { write: Buffer.concat([u16(65535), garbage(c, 100)]) },
    { end: true },
  ]),
  tcpOnly('a length prefix of 65535, then silence', 'fail', () => [{ write: u16(65535) }]),
  tcpOnly('half a length prefix, then close', 'fail', () => [{ write: Buffer.from([0]) }, { end: true }]),
  tcpOnly('close at once', 'fail', () => [{ end: true }]),
  tcpOnly('reset at once', 'fail', () => [{ reset: true }]),
  tcpOnly('close in the middle of the answer', 'fail', (c) => [
    { write: frame(real(c)).subarray(0, 2 + Math.floor(c.rand() * real(c).length)) },
    { end: true },
  ]),
  tcpOnly('reset in the middle of the answer', 'fail', (c) => [
    { write: frame(real(c)).subarray(0, 10) },
    { wait: 2 },
    { reset: true },
  ]),
  tcpOnly('5 garbage messages of 65535 bytes: over the byte bound', 'fail', (c) => [
    { write: Buffer.concat(Array.from({ length: 5 }, () => frame(Buffer.alloc(65535, c.i & 255)))) },
    { write: frame(real(c)) },
  ]),
  tcpOnly('silence', 'fail', () => []),
  ...MALFORMED.filter((_, k) => k % 2 === 0).map(([n, f]) =>
    tcpOnly(`malformed: ${n}`, 'malformed', (c) => [{ write: frame(f(c)) }, { write: frame(real(c)) }]),
  ),
  // truncated over UDP, then TCP
  viaTc(
    'honest',
    'answer',
    (c) => ours(c, [], 0, RESPONSE | TC),
    (c) => [{ write: frame(real(c)) }],
  ),
  viaTc(
    'records cut off under TC',
    'answer',
    (c) => ours(c, [rr(QPTR, c.qtype, poisonRdata(c)).subarray(0, 9)], 2, RESPONSE | TC),
    (c) => [{ write: frame(real(c)) }],
  ),
  viaTc(
    'a lying rdlength under TC',
    'answer',
    (c) => ours(c, [rr(QPTR, c.qtype, poisonRdata(c), 900)], 1, RESPONSE | TC),
    (c) => [{ write: frame(real(c)) }],
  ),
  viaTc(
    'forged over TCP, then the answer',
    'answer',
    (c) => ours(c, [], 0, RESPONSE | TC),
    (c) => [{ write: frame(forged(c, { id: otherId(c) })) }, { write: frame(real(c)) }],
  ),
  viaTc(
    'TCP closes at once',
    'fail',
    (c) => ours(c, [], 0, RESPONSE | TC),
    () => [{ end: true }],
  ),
  viaTc(
    'TCP silent',
    'fail',
    (c) => ours(c, [], 0, RESPONSE | TC),
    () => [],
  ),
];

/** One running hostile server: UDP and TCP on one port of `host`, and a liar UDP socket on another port. */
export interface HostileServer {
  host: string;
  port: number;
  close(): Promise<void>;
}

/** Parse the case from a query (our own client's, so trusted): the ID, name and type. */
function readQuery(msg: Buffer): { id: number; qname: string; qtype: number } | undefined {
  if (msg.length < 17) return undefined;
  const labels: string[] = [];
  let pos = 12;
  while (pos < msg.length && msg[pos] !== 0) {
    labels.push(msg.toString('latin1', pos + 1, pos + 1 + msg[pos]!));
    pos += 1 + msg[pos]!;
  }
  return { id: msg.readUInt16BE(0), qname: labels.join('.'), qtype: msg.readUInt16BE(pos + 1) };
}

/** Start a hostile server on `host` (127.0.0.1 or ::1); `caseFor(i)` says which kind case i is and gives its randomness. */
export async function startHostileServer(
  host: string,
  caseFor: (i: number) => { kind: Kind; rand: () => number },
): Promise<HostileServer> {
  const family = net.isIPv6(host) ? 'udp6' : 'udp4';
  const liar = dgram.createSocket(family);
  const udp = dgram.createSocket(family);
  const timers = new Set<NodeJS.Timeout>();
  const later = (ms: number, f: () => void) => {
    const t = setTimeout(() => {
      timers.delete(t);
      f();
    }, ms);
    timers.add(t);
  };
  const contextOf = (msg: Buffer) => {
    const query = readQuery(msg);
    const m = query && /^c(\d+)\.hostile\.test$/.exec(query.qname);
    if (!query || !m) return undefined;
    const i = Number(m[1]);
    const { kind, rand } = caseFor(i);
    const c: CaseContext = { i, id: query.id, qname: query.qname, qtype: query.qtype === 28 ? 28 : 1, rand };
    return { kind, c };
  };
  const sockets = new Set<net.Socket>();
  const tcp = net.createServer((s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('error', () => undefined);
    let got = Buffer.alloc(0);
    s.on('data', (d) => {
      if (got.length >= 2 && got.length >= 2 + got.readUInt16BE(0)) return;
      got = Buffer.concat([got, d]);
      if (got.length < 2 || got.length < 2 + got.readUInt16BE(0)) return;
      const found = contextOf(got.subarray(2));
      if (!found?.kind.tcp) return void s.end();
      const steps = found.kind.tcp(found.c);
      const run = (k: number): void => {
        if (s.destroyed || k >= steps.length) return;
        const step = steps[k]!;
        if ('write' in step) {
          s.write(step.write);
          run(k + 1);
          return;
        }
        if ('wait' in step) {
          later(step.wait, () => run(k + 1));
          return;
        }
        if ('end' in step) return void s.end();
        if ('reset' in step) return void s.resetAndDestroy();
        let b = 0;
        const drip = () => {
          if (s.destroyed) return;
          if (b >= step.trickle.length) return run(k + 1);
          s.write(step.trickle.subarray(b, b + 1));
          b++;
          if (step.everyMs === 0) setImmediate(drip);
          else later(step.everyMs, drip);
        };
        drip();
      };
      run(0);
    });
  });
  await new Promise<void>((r) => liar.bind(0, host, () => r()));
  await new Promise<void>((r) => tcp.listen(0, host, () => r()));
  const port = (tcp.address() as net.AddressInfo).port;
  udp.on('message', (msg, rinfo) => {
    const found = contextOf(msg);
    if (!found?.kind.udp) return;
    for (const step of found.kind.udp(found.c)) {
      const sock = step.from === 'liar' ? liar : udp;
      const send = () => sock.send(step.buf, rinfo.port, rinfo.address, () => undefined);
      if (step.delayMs) later(step.delayMs, send);
      else send();
    }
  });
  udp.on('error', () => undefined);
  liar.on('error', () => undefined);
  await new Promise<void>((r) => udp.bind(port, host, () => r()));
  return {
    host,
    port,
    async close() {
      for (const t of timers) clearTimeout(t);
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => tcp.close(() => r()));
      udp.close();
      liar.close();
    },
  };
}

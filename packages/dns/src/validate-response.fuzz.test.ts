import { isIPv4, isIPv6 } from 'node:net';
import dnsPacket from 'dns-packet';
import { describe, expect, it } from 'vitest';
import { validateResponse } from './packet.js';
import type { DnsRecord } from './types.js';

// Issue 13: the parser over mutated real-shaped outputs. Hundreds of thousands of mutants of well-formed
// responses (every record type the client renders) go through validateResponse: it must never throw, and
// whatever it accepts must be data of its type's shape (an A record is 4 octets, never "1.2.3.undefined").

const CALLS = Number(process.env.NETCHECK_FUZZ_CALLS ?? 500_000);
const TIME_CAP_MS = 20_000;

function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const name = 'www.fuzz.test';
const base = {
  type: 'response' as const,
  id: 4242,
  flags: dnsPacket.RECURSION_AVAILABLE | dnsPacket.RECURSION_DESIRED,
};
const opt = {
  type: 'OPT',
  name: '.',
  udpPayloadSize: 1232,
  flags: 0,
  options: [{ code: 10, data: Buffer.alloc(8, 1) }],
} as unknown as dnsPacket.Answer;
/** Seeds: one well-formed response per shape, with compression where dns-packet would not put it. */
const SEEDS: Array<{ type: string; buf: Buffer }> = [
  [
    'A',
    [
      { type: 'A', name, ttl: 60, data: '192.0.2.1' },
      { type: 'A', name, ttl: 60, data: '192.0.2.2' },
    ],
  ],
  ['AAAA', [{ type: 'AAAA', name, ttl: 60, data: '2001:db8::1' }]],
  [
    'A',
    [
      { type: 'CNAME', name, ttl: 60, data: 'alias.fuzz.test' },
      { type: 'CNAME', name: 'alias.fuzz.test', ttl: 60, data: 'web.fuzz.test' },
      { type: 'A', name: 'web.fuzz.test', ttl: 60, data: '192.0.2.9' },
    ],
  ],
  ['MX', [{ type: 'MX', name, ttl: 60, data: { preference: 10, exchange: 'mail.fuzz.test' } }]],
  ['TXT', [{ type: 'TXT', name, ttl: 60, data: ['v=spf1 -all', 'second string'] }]],
  ['SRV', [{ type: 'SRV', name, ttl: 60, data: { priority: 0, weight: 10, port: 80, target: 'web.fuzz.test' } }]],
  [
    'SOA',
    [
      {
        type: 'SOA',
        name,
        ttl: 60,
        data: {
          mname: 'ns.fuzz.test',
          rname: 'host.fuzz.test',
          serial: 1,
          refresh: 2,
          retry: 3,
          expire: 4,
          minimum: 5,
        },
      },
    ],
  ],
  ['CAA', [{ type: 'CAA', name, ttl: 60, data: { flags: 0, tag: 'issue', value: 'ca.example' } }]],
  [
    'NS',
    [
      { type: 'NS', name, ttl: 60, data: 'ns1.fuzz.test' },
      { type: 'NS', name, ttl: 60, data: 'ns2.fuzz.test' },
    ],
  ],
  ['PTR', [{ type: 'PTR', name, ttl: 60, data: 'web.fuzz.test' }]],
  ['HINFO', [{ type: 'HINFO', name, ttl: 60, data: { cpu: 'x86', os: 'linux' } }]],
].map(([type, answers]) => ({
  type: type as string,
  buf: dnsPacket.encode({
    ...base,
    questions: [{ type: type as dnsPacket.RecordType, name }],
    answers: answers as dnsPacket.Answer[],
    authorities: [{ type: 'NS', name: 'fuzz.test', ttl: 60, data: 'ns1.fuzz.test' }],
    additionals: [{ type: 'A', name: 'ns1.fuzz.test', ttl: 60, data: '192.0.2.53' }, opt],
  }),
}));

/** One mutant of `b`: flips, 16-bit overwrites (lengths, counts, pointers), cuts, insertions, deletions. */
function mutate(b: Buffer, rand: () => number): Buffer {
  let m = Buffer.from(b);
  const rounds = 1 + Math.floor(rand() * 3);
  for (let k = 0; k < rounds; k++) {
    const at = Math.floor(rand() * m.length);
    const what = Math.floor(rand() * 7);
    if (what === 0) m[at] = m[at]! ^ (1 << Math.floor(rand() * 8));
    else if (what === 1) m[at] = Math.floor(rand() * 256);
    else if (what === 2 && at + 1 < m.length)
      m.writeUInt16BE(
        [0, 1, 3, 5, 15, 16, 17, 255, 0xc00c, 0xc000 | at, 0xffff][Math.floor(rand() * 11)]! & 0xffff,
        at,
      );
    else if (what === 3) m = m.subarray(0, at);
    else if (what === 4)
      m = Buffer.concat([
        m.subarray(0, at),
        Buffer.from(Array.from({ length: 1 + Math.floor(rand() * 8) }, () => Math.floor(rand() * 256))),
        m.subarray(at),
      ]);
    else if (what === 5) m = Buffer.concat([m.subarray(0, at), m.subarray(at + 1 + Math.floor(rand() * 8))]);
    else m[at] = 0xc0;
  }
  return m;
}

/** Why a record accepted as data is not of its type's shape; `undefined` when it is. */
function badData(r: DnsRecord): string | undefined {
  if (/undefined|NaN|\[object/.test(r.data)) return 'has undefined/NaN in it';
  if (r.type === 'A' && !isIPv4(r.data)) return 'is not an IPv4 address';
  if (r.type === 'AAAA' && !isIPv6(r.data)) return 'is not an IPv6 address';
  if (['CNAME', 'NS', 'PTR'].includes(r.type) && !r.data.endsWith('.')) return 'is not a name';
  return undefined;
}

describe('validateResponse on mutated responses', () => {
  it(`${CALLS} calls on mutants of ${SEEDS.length} response shapes: nothing thrown, nothing malformed accepted as ` +
    `data`, {
    timeout: 60_000,
  }, () => {
    const rand = seeded(13);
    const tally = { calls: 0, thrown: 0, accepted: 0, malformed: 0, rejected: 0, badData: 0 };
    const problems: string[] = [];
    const t0 = performance.now();
    while (tally.calls < CALLS && performance.now() - t0 < TIME_CAP_MS) {
      const seed = SEEDS[tally.calls % SEEDS.length]!;
      const m = mutate(seed.buf, rand);
      // Our ID as the mutant carries it, so that most mutants get past the identity checks to the records.
      const id = m.length >= 2 ? m.readUInt16BE(0) : 0;
      tally.calls++;
      let v: ReturnType<typeof validateResponse>;
      try {
        v = validateResponse(
          m,
          { address: '192.0.2.53', port: 53 },
          { id, name, type: seed.type, server: '192.0.2.53', port: 53 },
        );
      } catch (e) {
        tally.thrown++;
        if (problems.length < 10) problems.push(`threw ${(e as Error).message} on ${m.toString('hex')}`);
        continue;
      }
      if (!v.ok) {
        if (v.malformed) tally.malformed++;
        else tally.rejected++;
        continue;
      }
      tally.accepted++;
      for (const r of [...v.response.answers, ...v.response.authorities, ...v.response.additionals]) {
        const bad = badData(r);
        if (!bad) continue;
        tally.badData++;
        if (problems.length < 10)
          problems.push(`accepted ${r.type} ${JSON.stringify(r.data)} that ${bad}, from ${m.toString('hex')}`);
      }
    }
    const seconds = (performance.now() - t0) / 1000;
    console.log(
      `[fuzz] ${tally.calls} validateResponse calls in ${seconds.toFixed(1)} s: thrown ${tally.thrown}, ` +
        `accepted ${tally.accepted} (records of a wrong shape ${tally.badData}), malformed ${tally.malformed}, rejected ${tally.rejected}`,
    );
    expect(problems).toEqual([]);
    expect(tally.thrown + tally.badData).toBe(0);
    expect(tally.calls).toBeGreaterThanOrEqual(Math.min(CALLS, 100_000));
    // The mutants reach every stage: some are accepted, some malformed, some rejected.
    expect(Math.min(tally.accepted, tally.malformed, tally.rejected)).toBeGreaterThan(tally.calls / 50);
  });
});

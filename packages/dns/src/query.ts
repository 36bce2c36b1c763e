import { randomInt } from 'node:crypto';
import { buildQuery, validateResponse } from './packet.js';
import type { DnsTransport } from './transport.js';
import { socketTransport } from './transport.js';
import type { DnsResponse, QueryResult, RejectedPacket } from './types.js';

/** How to ask one server. */
export interface QueryOptions {
  server: string;
  port?: number;
  /** dns-packet type name (see parseRecordType); default "A". */
  type?: string;
  /** Use TCP from the start. */
  tcp?: boolean;
  /** Per-try timeout (default 2000 ms). */
  timeoutMs?: number;
  /** UDP tries (default 2). */
  tries?: number;
  /** EDNS0 buffer size (default 1232, the DNS Flag Day 2020 size); `null` sends no EDNS. */
  ednsUdpSize?: number | null;
  dnssecOk?: boolean;
  recursionDesired?: boolean;
  transport?: DnsTransport;
  signal?: AbortSignal;
}

/**
 * Ask one server one question, as dig does: over UDP with a random ID and
 * source port per try, retrying on timeout; a truncated (TC) answer is asked
 * again over TCP. Every arriving packet is validated: wrong sender, ID or
 * question, or garbage, is rejected and counted, never accepted or thrown.
 */
export async function query(name: string, options: QueryOptions): Promise<QueryResult> {
  const port = options.port ?? 53;
  const type = options.type ?? 'A';
  const timeoutMs = options.timeoutMs ?? 2000;
  const tries = Math.max(1, options.tries ?? 2);
  const transport = options.transport ?? socketTransport;
  const edns = options.ednsUdpSize === null ? undefined : (options.ednsUdpSize ?? 1232);
  const rejected: RejectedPacket[] = [];
  const server = options.server;
  const spec = (id: number) => ({ id, name, type, ednsUdpSize: edns, dnssecOk: options.dnssecOk, recursionDesired: options.recursionDesired });

  const overTcp = async (triesSoFar: number, retried: boolean): Promise<QueryResult> => {
    const id = randomInt(0, 65536);
    const t0 = performance.now();
    const r = await transport.tcp(server, port, buildQuery(spec(id), 'tcp'), timeoutMs, options.signal);
    if (!r.ok) return { ok: false, server, port, reason: r.reason, detail: r.detail, tries: triesSoFar + 1, rejected };
    const v = validateResponse(r.answer!, r.from!, { id, name, type, server, port });
    if (!v.ok) {
      rejected.push({ from: `${server}:${port}/tcp`, why: v.why });
      return { ok: false, server, port, reason: 'error', detail: `the TCP answer was not valid: ${v.why}`, tries: triesSoFar + 1, rejected };
    }
    return { ok: true, server, port, transport: 'tcp', retriedOverTcp: retried, response: v.response, rttMs: performance.now() - t0, tries: triesSoFar + 1, rejected };
  };

  if (options.tcp) return overTcp(0, false);
  let last: QueryResult | undefined;
  for (let attempt = 1; attempt <= tries; attempt++) {
    const id = randomInt(0, 65536);
    let accepted: DnsResponse | undefined;
    const t0 = performance.now();
    const outcome = await transport.udp(
      server,
      port,
      buildQuery(spec(id), 'udp'),
      timeoutMs,
      (buf, from) => {
        const v = validateResponse(buf, from, { id, name, type, server, port });
        if (v.ok) accepted = v.response;
        else rejected.push({ from: `${from.address}:${from.port}`, why: v.why });
        return v.ok;
      },
      options.signal,
    );
    const rttMs = performance.now() - t0;
    if (outcome.ok && accepted) {
      if (accepted.flags.tc) return overTcp(attempt, true);
      return { ok: true, server, port, transport: 'udp', retriedOverTcp: false, response: accepted, rttMs, tries: attempt, rejected };
    }
    if (!outcome.ok) last = { ok: false, server, port, reason: outcome.reason, detail: outcome.detail, tries: attempt, rejected };
    if (!outcome.ok && outcome.reason !== 'timeout') break; // refused, unreachable, aborted: another try will not help
  }
  return last ?? { ok: false, server, port, reason: 'error', detail: 'no try was made', tries: 0, rejected };
}

/** A CNAME step. */
export interface CnameStep {
  from: string;
  to: string;
  ttl: number;
}

/** Follow the CNAMEs in an answer from the question name, step by step, and return the records at the end of the chain. Pure. */
export function followCnameChain(response: DnsResponse): { chain: CnameStep[]; final: DnsResponse['answers']; finalName: string } {
  const norm = (n: string) => n.toLowerCase().replace(/\.?$/, '.');
  let current = norm(response.question.name);
  const chain: CnameStep[] = [];
  const seen = new Set<string>([current]);
  for (;;) {
    const c = response.answers.find((a) => a.type === 'CNAME' && norm(a.name) === current);
    if (!c || response.question.type === 'CNAME') break;
    const next = norm(c.data);
    chain.push({ from: current, to: next, ttl: c.ttl });
    if (seen.has(next)) break; // a CNAME loop
    seen.add(next);
    current = next;
  }
  return { chain, final: response.answers.filter((a) => norm(a.name) === current && a.type !== 'CNAME'), finalName: current };
}

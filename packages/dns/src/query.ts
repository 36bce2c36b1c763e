import { randomInt } from 'node:crypto';
import { isIP } from 'node:net';
import { setTimeout } from 'node:timers/promises';
import { buildQuery, validateResponse } from './packet.js';
import type { DnsTransport } from './transport.js';
import { socketTransport } from './transport.js';
import type { ServerResolver } from './server-address.js';
import { systemServerResolver } from './server-address.js';
import type { DnsResponse, QueryResult, RejectedPacket } from './types.js';

/** How to ask one server. */
export interface QueryOptions {
  /** An IPv4/IPv6 address, or a name (resolved first, with `resolveServer`). */
  server: string;
  port?: number;
  /** dns-packet type name (see parseRecordType); default "A". */
  type?: string;
  /** Use TCP from the start. */
  tcp?: boolean;
  /** Per-try timeout (default 2000 ms). */
  timeoutMs?: number;
  /** UDP tries (default 2); with a server name of several addresses, each try asks the next address. */
  tries?: number;
  /** EDNS0 buffer size (default 1232, the DNS Flag Day 2020 size); `null` sends no EDNS. */
  ednsUdpSize?: number | null;
  dnssecOk?: boolean;
  recursionDesired?: boolean;
  transport?: DnsTransport;
  /** Resolves a server name to its addresses (default getaddrinfo); waited for at most `timeoutMs`. */
  resolveServer?: ServerResolver;
  signal?: AbortSignal;
}

/** Rejected packets listed one by one in a result; past these, one last entry counts the rest. */
export const MAX_REJECTED_LISTED = 64;

type Failure = Extract<QueryResult, { ok: false }>;
/** What the messages of one try brought: our answer, or our answer with a malformed record (why). */
type Got = { response?: DnsResponse; malformed?: string };
type RemoteInfo = { address: string; port: number };

/** The server's addresses: itself when it is one, else what the resolver gives within `waitMs`. */
async function serverAddresses(
  server: string,
  resolve: ServerResolver,
  waitMs: number,
  signal?: AbortSignal,
): Promise<string[] | Pick<Failure, 'reason' | 'detail'>> {
  if (isIP(server.replace(/%.*$/, ''))) return [server];
  const ac = new AbortController();
  const stop = AbortSignal.any([ac.signal, ...(signal ? [signal] : [])]);
  const failed = (e: unknown) => ({
    reason: 'error' as const,
    detail:
      `cannot resolve the server name ${server}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}; ` +
      'give its address, or fix the name',
  });
  const late = { reason: 'timeout' as const, detail: `the server name ${server} did not resolve within ${waitMs} ms` };
  try {
    const found = await Promise.race([
      resolve(server).then((all) => [...new Set(all)], failed),
      setTimeout(waitMs, late, { signal: stop }).catch(() => ({
        reason: 'aborted' as const,
        detail: 'stopped on request',
      })),
    ]);
    if (Array.isArray(found) && found.length === 0)
      return { reason: 'error', detail: `the server name ${server} has no address` };
    return found;
  } finally {
    ac.abort();
  }
}

/**
 * Ask one server one question, as dig does: over UDP with a random ID and
 * source port per try, retrying on timeout; a truncated (TC) answer is asked
 * again over TCP. A server name is resolved first and replies are matched by
 * address. Every arriving message is validated (validateResponse): wrong sender,
 * ID or question, or garbage, is rejected, counted and skipped, over UDP and over
 * TCP alike, never accepted or thrown; our answer with a malformed record ends
 * the query as `malformed`, naming the server.
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
  const spec = (id: number) => ({
    id,
    name,
    type,
    ednsUdpSize: edns,
    dnssecOk: options.dnssecOk,
    recursionDesired: options.recursionDesired,
  });
  const found = await serverAddresses(server, options.resolveServer ?? systemServerResolver, timeoutMs, options.signal);
  if (!Array.isArray(found)) return { ok: false, server, port, ...found, tries: 0, rejected };
  const addresses = found;
  const fail = (address: string, tries: number, reason: Failure['reason'], detail: string): Failure => ({
    ok: false,
    server,
    address,
    port,
    reason,
    detail,
    tries,
    rejected,
  });
  type Answered = Extract<QueryResult, { ok: true }>;
  const answered = (a: Omit<Answered, 'ok' | 'server' | 'port' | 'rejected'>): Answered => ({
    ok: true,
    server,
    port,
    ...a,
    rejected,
  });
  const malformed = (address: string, tries: number, why: string) =>
    fail(address, tries, 'malformed', `malformed answer from ${address}: ${why}`);

  // A flood of forged packets must not grow the result without bound: the first ones are listed, the rest counted.
  let unlisted = 0;
  const reject = (r: RejectedPacket) => {
    if (rejected.length < MAX_REJECTED_LISTED) return void rejected.push(r);
    unlisted++;
    rejected[MAX_REJECTED_LISTED] = { from: 'more', why: `${unlisted} more packets rejected, not listed` };
  };

  /** Hands each message to validateResponse: keeps the answer or the malformed one (ending the try), or rejects it. */
  const judge = (id: number, address: string, got: Got, via: string) => (buf: Buffer, from: RemoteInfo) => {
    const v = validateResponse(buf, from, { id, name, type, server: address, port, serverAddresses: addresses });
    if (v.ok) got.response = v.response;
    else if (v.malformed) got.malformed = v.why;
    else reject({ from: `${from.address}:${from.port}${via}`, why: v.why });
    return v.ok || v.malformed === true;
  };

  const overTcp = async (triesSoFar: number, retried: boolean): Promise<QueryResult> => {
    let last: Failure | undefined;
    // Each address in turn while the last one could not be reached at all.
    for (const address of addresses) {
      const id = randomInt(0, 65536);
      const got: Got = {};
      const t0 = performance.now();
      const payload = buildQuery(spec(id), 'tcp');
      const r = await transport.tcp(address, port, payload, timeoutMs, judge(id, address, got, '/tcp'), options.signal);
      const tries = triesSoFar + 1;
      if (got.malformed) return malformed(address, tries, got.malformed);
      if (r.ok && got.response) {
        const rttMs = performance.now() - t0;
        return answered({ address, transport: 'tcp', retriedOverTcp: retried, response: got.response, rttMs, tries });
      }
      last = fail(address, tries, r.ok ? 'error' : r.reason, r.ok ? 'no answer over TCP' : r.detail);
      if (r.ok || (r.reason !== 'refused' && r.reason !== 'unreachable')) break;
    }
    return last!;
  };

  if (options.tcp) return overTcp(0, false);
  let last: QueryResult | undefined;
  for (let attempt = 1; attempt <= tries; attempt++) {
    // A server name of several addresses: each try asks the next one.
    const address = addresses[(attempt - 1) % addresses.length]!;
    const id = randomInt(0, 65536);
    const got: Got = {};
    const t0 = performance.now();
    const payload = buildQuery(spec(id), 'udp');
    const outcome = await transport.udp(address, port, payload, timeoutMs, judge(id, address, got, ''), options.signal);
    const rttMs = performance.now() - t0;
    if (got.malformed) return malformed(address, attempt, got.malformed);
    if (outcome.ok && got.response) {
      if (got.response.flags.tc) return overTcp(attempt, true);
      return answered({
        address,
        transport: 'udp',
        retriedOverTcp: false,
        response: got.response,
        rttMs,
        tries: attempt,
      });
    }
    if (!outcome.ok) last = fail(address, attempt, outcome.reason, outcome.detail);
    // Refused, unreachable: another try will not help, unless another address of the name is left. Aborted: stop.
    const another = attempt < addresses.length;
    if (!outcome.ok && outcome.reason !== 'timeout' && (outcome.reason === 'aborted' || !another)) break;
  }
  return last ?? fail(addresses[0]!, 0, 'error', 'no try was made');
}

/** A CNAME step. */
export interface CnameStep {
  from: string;
  to: string;
  ttl: number;
}

/** Follow the CNAMEs in an answer from the question name, step by step, and return the records at the end of the chain. Pure. */
export function followCnameChain(response: DnsResponse): {
  chain: CnameStep[];
  final: DnsResponse['answers'];
  finalName: string;
} {
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
  return {
    chain,
    final: response.answers.filter((a) => norm(a.name) === current && a.type !== 'CNAME'),
    finalName: current,
  };
}

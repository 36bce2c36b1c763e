import { isIP } from 'node:net';
import { setTimeout } from 'node:timers/promises';
import { monotonicMs } from './clock.js';
import { buildQuery, validateResponse } from './packet.js';
import { readRandomId } from './random-id.js';
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
): Promise<[string, ...string[]] | Pick<Failure, 'reason' | 'detail'>> {
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
    if (!Array.isArray(found)) return found;
    const [first, ...more] = found;
    if (first === undefined) return { reason: 'error', detail: `the server name ${server} has no address` };
    return [first, ...more];
  } finally {
    ac.abort();
  }
}

/** A list of rejected packets that keeps the first MAX_REJECTED_LISTED and, past them, one entry counting the rest. */
export function makeRejectedList(): { rejected: RejectedPacket[]; reject: (r: RejectedPacket) => void } {
  const rejected: RejectedPacket[] = [];
  // A flood of forged packets must not grow the result without bound: the first ones are listed, the rest counted.
  let unlisted = 0;
  const reject = (r: RejectedPacket) => {
    if (rejected.length < MAX_REJECTED_LISTED) return void rejected.push(r);
    unlisted++;
    rejected[MAX_REJECTED_LISTED] = { from: 'more', why: `${unlisted} more packets rejected, not listed` };
  };
  return { rejected, reject };
}

/**
 * Whether a failed UDP try ends the query. Pure. Rules:
 * 1 - a timeout: try again (while tries are left);
 * 2 - aborted: stop;
 * 3 - refused, unreachable or another error: another try will not help, unless another address of the name is left.
 */
export function deriveUdpStop(reason: Failure['reason'], attempt: number, addressCount: number): boolean {
  if (reason === 'timeout') return false;
  return reason === 'aborted' || attempt >= addressCount;
}

/** One query's fixed parts: the question, the server's addresses and the rejected packets so far. */
interface Asking {
  name: string;
  type: string;
  server: string;
  port: number;
  timeoutMs: number;
  tries: number;
  transport: DnsTransport;
  addresses: [string, ...string[]];
  edns: number | undefined;
  options: QueryOptions;
  rejected: RejectedPacket[];
  reject: (r: RejectedPacket) => void;
}

type Answered = Extract<QueryResult, { ok: true }>;

const failure = (q: Asking, address: string, tries: number, reason: Failure['reason'], detail: string): Failure => ({
  ok: false,
  server: q.server,
  address,
  port: q.port,
  reason,
  detail,
  tries,
  rejected: q.rejected,
});

const answer = (q: Asking, a: Omit<Answered, 'ok' | 'server' | 'port' | 'rejected'>): Answered => ({
  ok: true,
  server: q.server,
  port: q.port,
  ...a,
  rejected: q.rejected,
});

const malformedAnswer = (q: Asking, address: string, tries: number, why: string) =>
  failure(q, address, tries, 'malformed', `malformed answer from ${address}: ${why}`);

/** The query message of one try, with a fresh random ID. */
function buildTryPayload(q: Asking, via: 'udp' | 'tcp'): { id: number; payload: Buffer } {
  const id = readRandomId();
  const spec = {
    id,
    name: q.name,
    type: q.type,
    ednsUdpSize: q.edns,
    dnssecOk: q.options.dnssecOk,
    recursionDesired: q.options.recursionDesired,
  };
  return { id, payload: buildQuery(spec, via) };
}

/** Hands each message to validateResponse: keeps the answer or the malformed one (ending the try), or rejects it. */
const judge = (q: Asking, id: number, address: string, got: Got, via: string) => (buf: Buffer, from: RemoteInfo) => {
  const v = validateResponse(buf, from, {
    id,
    name: q.name,
    type: q.type,
    server: address,
    port: q.port,
    serverAddresses: q.addresses,
  });
  if (v.ok) got.response = v.response;
  else if (v.malformed) got.malformed = v.why;
  else q.reject({ from: `${from.address}:${from.port}${via}`, why: v.why });
  return v.ok || v.malformed === true;
};

/** Asks over TCP, each address in turn while the last one could not be reached at all. */
async function queryOverTcp(q: Asking, triesSoFar: number, retried: boolean): Promise<QueryResult> {
  let last: Failure | undefined;
  for (const address of q.addresses) {
    const got: Got = {};
    const t0 = monotonicMs();
    const { id, payload } = buildTryPayload(q, 'tcp');
    const accept = judge(q, id, address, got, '/tcp');
    const r = await q.transport.tcp(address, q.port, payload, q.timeoutMs, accept, q.options.signal);
    const tries = triesSoFar + 1;
    if (got.malformed) return malformedAnswer(q, address, tries, got.malformed);
    if (r.ok && got.response) {
      const rttMs = monotonicMs() - t0;
      return answer(q, { address, transport: 'tcp', retriedOverTcp: retried, response: got.response, rttMs, tries });
    }
    last = failure(q, address, tries, r.ok ? 'error' : r.reason, r.ok ? 'no answer over TCP' : r.detail);
    if (r.ok || (r.reason !== 'refused' && r.reason !== 'unreachable')) break;
  }
  return last ?? failure(q, q.addresses[0], triesSoFar, 'error', 'no try was made');
}

/** Asks over UDP up to `tries` times (a truncated answer moves to TCP). */
async function queryOverUdp(q: Asking): Promise<QueryResult> {
  let last: QueryResult | undefined;
  for (let attempt = 1; attempt <= q.tries; attempt++) {
    // A server name of several addresses: each try asks the next one.
    const address = q.addresses[(attempt - 1) % q.addresses.length] ?? q.addresses[0];
    const got: Got = {};
    const t0 = monotonicMs();
    const { id, payload } = buildTryPayload(q, 'udp');
    const accept = judge(q, id, address, got, '');
    const outcome = await q.transport.udp(address, q.port, payload, q.timeoutMs, accept, q.options.signal);
    const rttMs = monotonicMs() - t0;
    if (got.malformed) return malformedAnswer(q, address, attempt, got.malformed);
    if (outcome.ok && got.response) {
      if (got.response.flags.tc) return queryOverTcp(q, attempt, true);
      return answer(q, {
        address,
        transport: 'udp',
        retriedOverTcp: false,
        response: got.response,
        rttMs,
        tries: attempt,
      });
    }
    if (outcome.ok) continue;
    last = failure(q, address, attempt, outcome.reason, outcome.detail);
    if (deriveUdpStop(outcome.reason, attempt, q.addresses.length)) break;
  }
  return last ?? failure(q, q.addresses[0], 0, 'error', 'no try was made');
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
  const timeoutMs = options.timeoutMs ?? 2000;
  const { rejected, reject } = makeRejectedList();
  const server = options.server;
  const found = await serverAddresses(server, options.resolveServer ?? systemServerResolver, timeoutMs, options.signal);
  if (!Array.isArray(found)) return { ok: false, server, port, ...found, tries: 0, rejected };
  const asking: Asking = {
    name,
    type: options.type ?? 'A',
    server,
    port,
    timeoutMs,
    tries: Math.max(1, options.tries ?? 2),
    transport: options.transport ?? socketTransport,
    addresses: found,
    edns: options.ednsUdpSize === null ? undefined : (options.ednsUdpSize ?? 1232),
    options,
    rejected,
    reject,
  };
  return options.tcp ? queryOverTcp(asking, 0, false) : queryOverUdp(asking);
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

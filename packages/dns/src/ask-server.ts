import { monotonicMs } from './clock.js';
import type { Explanation } from './explain.js';
import { explainResult } from './explain.js';
import type { CnameStep } from './query.js';
import { followCnameChain } from './query.js';
import type { QueryResult } from './types.js';

/** One resolver's view of the name, for one record type. */
export interface ResolverView {
  server: string;
  /** The search candidate that gave the final result (the first that answered with data, else the last asked). */
  candidate: string;
  result: QueryResult;
  chain: CnameStep[];
  explanation: Explanation;
  /** Wall time of the whole walk over the candidates, in ms (every query of it, timeouts included). */
  durationMs: number;
}

/** Asks one server one candidate name; `query` with the caller's type, timeout and tries. */
export type AskCandidate = (server: string, candidate: string) => Promise<QueryResult>;

/**
 * Ask one server for the name, walking the search candidates as glibc's res_search does:
 * 1 - a candidate with data (after following CNAMEs) ends the walk;
 * 2 - NXDOMAIN and NODATA move on to the next candidate;
 * 3 - no answer at all (timeout, refused, unreachable) ends it: the next candidate will not fare better;
 * 4 - SERVFAIL, REFUSED and other codes end it, as the system resolver does for that server.
 * When every candidate was NXDOMAIN the view speaks of the first (the name as meant), or of one
 * that had NODATA (the name exists).
 */
export async function queryCandidates(
  server: string,
  candidates: readonly string[],
  typeLabel: string,
  ask: AskCandidate,
): Promise<ResolverView> {
  const t0 = monotonicMs();
  let last: { candidate: string; result: QueryResult } | undefined;
  let first: { candidate: string; result: QueryResult } | undefined;
  let firstNodata: { candidate: string; result: QueryResult } | undefined;
  for (const candidate of candidates) {
    const result = await ask(server, candidate);
    last = { candidate, result };
    first ??= last;
    if (!result.ok) break;
    const rc = result.response.rcode;
    if (rc === 'NOERROR' && followCnameChain(result.response).final.length > 0) break;
    if (rc === 'NOERROR') firstNodata ??= last;
    else if (rc !== 'NXDOMAIN') break;
  }
  if (!last || !first) throw new Error('queryCandidates needs at least one candidate');
  const allNx = last.result.ok && last.result.response.rcode === 'NXDOMAIN';
  const pick = allNx ? (firstNodata ?? first) : last;
  return {
    server,
    candidate: pick.candidate,
    result: pick.result,
    chain: pick.result.ok ? followCnameChain(pick.result.response).chain : [],
    explanation: explainResult(pick.result, pick.candidate, typeLabel, candidates),
    durationMs: monotonicMs() - t0,
  };
}

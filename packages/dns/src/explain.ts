import { followCnameChain } from './query.js';
import type { QueryResult } from './types.js';

/** What a query's outcome means, in one category, a sentence and the next step. */
export interface Explanation {
  status: 'answer' | 'nodata' | 'nxdomain' | 'servfail' | 'refused' | 'timeout' | 'unreachable' | 'error';
  text: string;
  nextStep: string | undefined;
}

/** Rule 1: a query that got no usable answer (pure). */
function explainFailure(r: Extract<QueryResult, { ok: false }>, name: string, typeLabel: string): Explanation {
  if (r.reason === 'timeout')
    return {
      status: 'timeout',
      text:
        `${r.server} did not answer (${r.detail}): the resolver is unreachable, UDP/TCP port 53 is blocked, or ` +
        `the server is down`,
      nextStep: `netcheck trace ${r.server}; then dig @${r.server} ${name}`,
    };
  if (r.reason === 'refused')
    return {
      status: 'unreachable',
      text: `${r.server} refused the connection: no DNS server listens there`,
      nextStep: `check the nameserver lines in /etc/resolv.conf`,
    };
  if (r.reason === 'malformed') {
    const why = r.detail.replace(`malformed answer from ${r.address ?? r.server}: `, '');
    return {
      status: 'error',
      text:
        `malformed answer from ${r.server} for ${name} ${typeLabel}: ${why} ` +
        '(a broken server or a middlebox rewriting DNS; nothing from it was used)',
      nextStep:
        `dig @${r.server} ${name} ${typeLabel} (dig 9.18 says "Message parser reports malformed message packet"); ` +
        'ask another resolver',
    };
  }
  if (r.reason === 'unreachable')
    return {
      status: 'unreachable',
      text: `no route to ${r.server}: ${r.detail}`,
      nextStep: `netcheck trace ${r.server}`,
    };
  return { status: 'error', text: `query to ${r.server} failed: ${r.detail}`, nextStep: undefined };
}

/**
 * Explain one query result (first rule that holds):
 * 1 - no response: timeout → the resolver is unreachable (port 53 blocked or the server down);
 *     malformed → the server's answer breaks the format (said as such, nothing of it used);
 *     refused/unreachable → nothing listens, or no route;
 * 2 - NXDOMAIN → the name does not exist (naming the search candidates tried);
 * 3 - SERVFAIL → the resolver could not get an answer (upstream down, or DNSSEC validation failed);
 * 4 - REFUSED → this resolver will not serve us;
 * 5 - NOERROR without records of the type (after following CNAMEs) → NODATA: the name exists, not that type;
 * 6 - otherwise the answer, with its CNAME chain, and a note when it came over TCP after truncation.
 */
export function explainResult(
  r: QueryResult,
  name: string,
  typeLabel: string,
  tried: readonly string[] = [name],
): Explanation {
  const triedText = tried.length > 1 ? ` (tried ${tried.join(', ')})` : '';
  if (!r.ok) return explainFailure(r, name, typeLabel);
  const rc = r.response.rcode;
  if (rc === 'NXDOMAIN')
    return {
      status: 'nxdomain',
      text: `${name} does not exist (NXDOMAIN from ${r.server})${triedText}: a typo, or the wrong search domain?`,
      nextStep: `check the spelling; search domains come from /etc/resolv.conf`,
    };
  if (rc === 'SERVFAIL')
    return {
      status: 'servfail',
      text:
        `${r.server} could not get an answer for ${name} (SERVFAIL): its upstream servers are unreachable, or ` +
        `DNSSEC validation failed`,
      nextStep:
        `ask another resolver: netcheck dns ${name} @<other-resolver>; with +cd semantics, a DNSSEC failure ` +
        `would answer`,
    };
  if (rc === 'REFUSED')
    return {
      status: 'refused',
      text: `${r.server} refuses to answer for ${name} (REFUSED): it will not serve this client or this zone`,
      nextStep: `use the resolver your network provides (see /etc/resolv.conf)`,
    };
  if (rc !== 'NOERROR') return { status: 'error', text: `${r.server} answered ${rc} for ${name}`, nextStep: undefined };
  const { chain, final } = followCnameChain(r.response);
  const wanted = final.filter((a) => a.type === typeLabel || typeLabel === 'ANY');
  const via = chain.length
    ? ` via ${chain.length} CNAME${chain.length === 1 ? '' : 's'} ` +
      `(${[chain[0]!.from, ...chain.map((c) => c.to)].join(' → ')})`
    : '';
  const tcp = r.retriedOverTcp ? '; the UDP answer was truncated, so it was asked again over TCP' : '';
  if (wanted.length === 0)
    return {
      status: 'nodata',
      text: `${name} exists but has no ${typeLabel} record (NODATA)${via}${tcp}`,
      nextStep: `ask for another type: netcheck dns ${name} ANY`,
    };
  return {
    status: 'answer',
    text: `${name} ${typeLabel}: ${wanted.map((a) => a.data).join(', ')}${via}${tcp}`,
    nextStep: undefined,
  };
}

/** What a reply TTL says about the path back and the remote host. */
export interface HopEstimate {
  /** The TTL the remote most likely started with. */
  initialTtl: number;
  /** Routers between the remote and us on the way back (initial − reply). */
  hops: number;
  /** The reply TTL the estimate rests on (the most common one). */
  replyTtl: number;
  /** Remote OS family suggested by the initial TTL. */
  osHint: string;
  confidence: 'high' | 'medium' | 'low';
  /** Why confidence is not high, in words; empty when it is. */
  reasons: string[];
  /** Distinct reply TTLs seen, ascending. */
  distinctTtls: number[];
}

const INITIAL_TTLS = [32, 64, 128, 255] as const;
const OS_HINTS: Record<number, string> = {
  32: 'old Windows (95/98/NT) or an embedded device',
  64: 'Linux/Unix (Linux, macOS, BSD, most network gear)',
  128: 'Windows',
  255: 'a router or Solaris/AIX',
};
/** Paths longer than this are rare on the Internet; an estimate beyond it suggests another initial TTL or a rewritten one. */
const PLAUSIBLE_MAX_HOPS = 30;

/**
 * Estimate how far away a host is from the TTLs of its replies.
 * 1 - take the non-duplicate reply TTLs; none → `undefined`;
 * 2 - use the most common TTL (ties: the highest, i.e. the shortest path);
 * 3 - the initial TTL is the first of 32, 64, 128, 255 at or above it;
 * 4 - hops = initial − reply;
 * 5 - confidence starts high and drops:
 *     a - to low when the replies carry different TTLs (a path change, or a load balancer in front of different hosts);
 *     b - to low when hops exceed 30 (an odd initial TTL, or a middlebox rewriting it);
 *     c - to medium when the reply sits within 4 of the boundary below (e.g. 65–68: could be 128 far away
 *         or a host with an unusual initial TTL), or the initial TTL is 32 (rare today);
 *     d - to medium when we sent with a TTL (`sentTtl`) smaller than the hops back: the forward path is
 *         at most `sentTtl` long, so the paths are asymmetric.
 */
export function estimateHops(replyTtls: readonly number[], sentTtl?: number): HopEstimate | undefined {
  const ttls = replyTtls.filter((t) => Number.isInteger(t) && t > 0 && t <= 255);
  if (ttls.length === 0) return undefined;
  const counts = new Map<number, number>();
  for (const t of ttls) counts.set(t, (counts.get(t) ?? 0) + 1);
  const [replyTtl] = [...counts.entries()].sort((a, b) => b[1] - a[1] || b[0] - a[0])[0]!;
  const initialTtl = INITIAL_TTLS.find((i) => i >= replyTtl)!;
  const hops = initialTtl - replyTtl;
  const distinctTtls = [...counts.keys()].sort((a, b) => a - b);
  const reasons: string[] = [];
  let confidence: HopEstimate['confidence'] = 'high';
  const lower = (to: 'medium' | 'low', why: string) => {
    reasons.push(why);
    if (to === 'low' || confidence === 'high') confidence = to;
  };
  if (distinctTtls.length > 1)
    lower(
      'low',
      `replies came back with different TTLs (${distinctTtls.join(', ')}): a path change or a load balancer`,
    );
  if (hops > PLAUSIBLE_MAX_HOPS)
    lower('low', `${hops} hops is implausibly far: the host may use another initial TTL, or a middlebox rewrites it`);
  const below = INITIAL_TTLS.filter((i) => i < replyTtl).at(-1);
  if (below !== undefined && replyTtl - below <= 4)
    lower('medium', `reply TTL ${replyTtl} is just above ${below}: the initial TTL could be unusual`);
  if (initialTtl === 32) lower('medium', 'an initial TTL of 32 is rare today');
  if (sentTtl !== undefined && sentTtl < hops)
    lower(
      'medium',
      `we reached it with TTL ${sentTtl} but replies crossed ${hops} routers: the return path is longer (asymmetric)`,
    );
  return { initialTtl, hops, replyTtl, osHint: OS_HINTS[initialTtl]!, confidence, reasons, distinctTtls };
}

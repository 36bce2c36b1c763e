import type { StopReason } from '@netcheck/traceroute';
import { withSummary } from './render-verdict.js';
import type { Attribution, HopVerdict } from './types.js';

/** The trace's "unreachable" stop: a router (or the destination) answered `!H` / `!N` / `!X`... */
export type UnreachableStop = Extract<StopReason, { kind: 'unreachable' }>;

/**
 * An unreachable or prohibited destination is the verdict (pure): nothing is forwarded past the hop that
 * says so, so its missing answers are its ICMP error rate limit, never loss, and the path is never "clean".
 * 1 - the hop that said it gets the verdict `unreachable`, naming the router, the meaning and the code;
 * 2 - it is the trouble, and the summary says "<target> is unreachable: <router> at hop N says <meaning>";
 * 3 - the hops before it are routers answering with ICMP errors too, each through its own rate limit, and
 *     no destination answers to compare with: loss there cannot be told from rate limiting, so a loss the
 *     attribution placed on a link before it is shown as that hop's own (unanswered), never as link loss.
 */
export function applyUnreachable(a: Attribution, stop: UnreachableStop, target: string): Attribution {
  const { meaning, code } = stop.annotation;
  const verdict = { ttl: stop.hop, kind: 'unreachable' as const, by: stop.by, meaning, code, target };
  const before = a.verdicts
    .filter((v) => v.ttl < stop.hop)
    .map((v): HopVerdict => {
      if (v.kind !== 'link-loss') return v;
      return { ttl: v.ttl, kind: 'node-loss', nodeLossPct: v.linkLossPct, cause: { why: 'no-destination' } };
    });
  const verdicts = [...before, verdict];
  return withSummary({
    verdicts,
    trouble: verdict,
    unplacedLoss: undefined,
    notBlamed: undefined,
    endProbes: undefined,
  });
}

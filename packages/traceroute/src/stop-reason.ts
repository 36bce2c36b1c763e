import type { Hop, StopReason } from './types.js';

/** The last hop that answered at all, with its first responder. */
export function lastResponder(hops: readonly Hop[]): { hop: number; address: string } | undefined {
  const last = hops.findLast((h) => h.responders.length > 0);
  const r = last?.responders[0];
  return last && r ? { hop: last.ttl, address: r.address } : undefined;
}

/** Silent hops at the end of the path so far, after the last one that answered. */
export function trailingSilentHops(hops: readonly Hop[]): number {
  return hops.length - 1 - hops.findLastIndex((h) => !h.silent);
}

/**
 * Why a trace ended, from its hops (first rule that holds):
 * 1 - a hop answered by the destination's address → reached (at that hop);
 * 2 - a hop carries a terminal annotation (!H !N !P !X !S !F ...) → unreachable there, by its responder
 *     (this includes the destination itself saying "prohibited");
 * 3 - `giveUpAfter` > 0 and the last that many hops are all silent → gave up, naming the last responder;
 * 4 - the trace reached the maximum TTL → max-ttl;
 * 5 - otherwise the output ended early: gave up with what silence there was.
 */
export function deriveStopReason(
  hops: readonly Hop[],
  destination: string | undefined,
  opts: { maxTtl: number; giveUpAfter: number },
): StopReason {
  for (const h of hops) {
    const terminal = h.probes.find((p) => p.annotation?.terminal);
    const annotation = terminal?.annotation;
    const by = terminal?.address ?? h.responders[0]?.address;
    if (annotation) return { kind: 'unreachable', hop: h.ttl, by, annotation };
    if (destination !== undefined && h.responders.some((r) => r.address === destination))
      return { kind: 'reached', hop: h.ttl, address: destination };
  }
  const silent = trailingSilentHops(hops);
  const gaveUp: StopReason = { kind: 'gave-up', silentHops: silent, lastResponder: lastResponder(hops) };
  if (opts.giveUpAfter > 0 && silent >= opts.giveUpAfter) return gaveUp;
  const lastTtl = hops.at(-1)?.ttl;
  if (lastTtl !== undefined && lastTtl >= opts.maxTtl) return { kind: 'max-ttl', maxTtl: opts.maxTtl };
  return gaveUp;
}

/** The stop reason in words. */
export function renderStopReason(stop: StopReason, target: string): string {
  switch (stop.kind) {
    case 'reached':
      return `reached ${target}${stop.address !== target ? ` (${stop.address})` : ''} at hop ${stop.hop}`;
    case 'unreachable':
      return `${stop.annotation.meaning} (${stop.annotation.code}) at hop ${stop.hop}${
        stop.by ? `, said by ${stop.by}` : ''
      }`;
    case 'max-ttl':
      return `gave up at the maximum TTL (${stop.maxTtl}) without reaching ${target}`;
    case 'gave-up': {
      const last = stop.lastResponder;
      const hops = `${stop.silentHops} silent hop${stop.silentHops === 1 ? '' : 's'}`;
      return last
        ? `gave up after ${hops}: the last to answer was ${last.address} at hop ${last.hop}; ` +
            `packets to ${target} are lost after it`
        : `gave up after ${stop.silentHops} silent hops: nothing answered at all`;
    }
    case 'aborted':
      return 'stopped on request';
    case 'failed':
      return stop.failure.detail;
  }
}

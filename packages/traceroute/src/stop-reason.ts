import type { Hop, StopReason } from './types.js';

/** The last hop that answered at all, with its first responder. */
export function lastResponder(hops: readonly Hop[]): { hop: number; address: string } | undefined {
  for (let i = hops.length - 1; i >= 0; i--) {
    const r = hops[i]!.responders[0];
    if (r) return { hop: hops[i]!.ttl, address: r.address };
  }
  return undefined;
}

/** Silent hops at the end of the path so far, after the last one that answered. */
export function trailingSilentHops(hops: readonly Hop[]): number {
  let n = 0;
  for (let i = hops.length - 1; i >= 0 && hops[i]!.silent; i--) n++;
  return n;
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
export function deriveStopReason(hops: readonly Hop[], destination: string | undefined, opts: { maxTtl: number; giveUpAfter: number }): StopReason {
  for (const h of hops) {
    const terminal = h.probes.find((p) => p.annotation?.terminal);
    if (terminal) return { kind: 'unreachable', hop: h.ttl, by: terminal.address ?? h.responders[0]?.address, annotation: terminal.annotation! };
    if (destination !== undefined && h.responders.some((r) => r.address === destination)) return { kind: 'reached', hop: h.ttl, address: destination };
  }
  const silent = trailingSilentHops(hops);
  if (opts.giveUpAfter > 0 && silent >= opts.giveUpAfter) return { kind: 'gave-up', silentHops: silent, lastResponder: lastResponder(hops) };
  if (hops.length > 0 && hops.at(-1)!.ttl >= opts.maxTtl) return { kind: 'max-ttl', maxTtl: opts.maxTtl };
  return { kind: 'gave-up', silentHops: silent, lastResponder: lastResponder(hops) };
}

/** The stop reason in words. */
export function renderStopReason(stop: StopReason, target: string): string {
  switch (stop.kind) {
    case 'reached':
      return `reached ${target}${stop.address !== target ? ` (${stop.address})` : ''} at hop ${stop.hop}`;
    case 'unreachable':
      return `${stop.annotation.meaning} (${stop.annotation.code}) at hop ${stop.hop}${stop.by ? `, said by ${stop.by}` : ''}`;
    case 'max-ttl':
      return `gave up at the maximum TTL (${stop.maxTtl}) without reaching ${target}`;
    case 'gave-up':
      return stop.lastResponder
        ? `gave up after ${stop.silentHops} silent hop${stop.silentHops === 1 ? '' : 's'}: the last to answer was ${stop.lastResponder.address} at hop ${stop.lastResponder.hop}; packets to ${target} are lost after it`
        : `gave up after ${stop.silentHops} silent hops: nothing answered at all`;
    case 'aborted':
      return 'stopped on request';
    case 'failed':
      return stop.failure.detail;
  }
}

import { makeHop } from './hop.js';
import type { Hop, RateLimitNote } from './types.js';

/** One more look at silent hops before concluding: which TTLs, after which pause, waiting how long. */
export interface ReprobePlan {
  /** The TTLs to probe again, one probe each, one after the other (the pass stops at the first silence). */
  firstTtl: number;
  lastTtl: number;
  /** Pause before it (ms): time for a rate limit's bucket to refill. */
  pauseMs: number;
  /** How long to wait for each answer (ms). */
  waitMs: number;
  why: 'silent-after-last-answer' | 'silent-before-the-end';
}

const answered = (h: Hop) => !h.silent;
const terminal = (h: Hop) => h.probes.some((p) => p.annotation?.terminal);
const endsAt = (h: Hop, destination: string | undefined) =>
  terminal(h) || (destination !== undefined && h.responders.some((r) => r.address === destination));

/**
 * Whether to look at silent hops once more before concluding, and which (pure). Routers send their ICMP
 * errors (time-exceeded, `!H` / `!N` / `!X`) through per-source token buckets: a burst, then about one a
 * second; a Linux router charges an `!H` / `!X` to two such buckets (route error_cost and icmp_ratelimit),
 * so once its burst is spent it answers once per 2 s at most, and only if no other probe reached it in
 * between. A router with an empty bucket looks exactly like a blackhole, so silence is looked at again,
 * after a pause, one probe per TTL sent one after the other (paced: no router gets two at once).
 * First rule that holds:
 * 1 - re-probing is off (`pauseMs` 0) → none;
 * 2 - the trace ended (the destination answered, or a terminal `!H` / `!X`...) at hop k after silent hops
 *     j..k−1 that follow the last router to answer (or start the trace) → j..k: whoever answered at k also
 *     saw the probes for j..k−1 and may have limited its answers, which makes the path look longer;
 *     A single silent hop right before the destination is left alone: it reads as a silent router (many
 *     are, a firewall in front of a host most of all), the path length stays right, and every trace to
 *     such a host would pay the pause;
 * 3 - the trace ended otherwise → none: the answer is in;
 * 4 - the trace ends with silent hops after the last hop that answered (gave up, or the maximum TTL), or
 *     nothing answered → from the first of them: its router may only have run out of tokens;
 * 5 - otherwise none.
 * The wait for each answer: 10 × the slowest RTT seen (traceroute's own "near" factor), from 0.5 s up to
 * `waitMs`.
 */
export function planReprobe(
  hops: readonly Hop[],
  destination: string | undefined,
  opts: { pauseMs: number; waitMs: number },
): ReprobePlan | undefined {
  if (opts.pauseMs <= 0 || hops.length === 0) return undefined;
  const rtts = hops.flatMap((h) => h.probes.flatMap((p) => (p.rttMs === undefined ? [] : [p.rttMs])));
  const base = { pauseMs: opts.pauseMs, waitMs: Math.min(opts.waitMs, Math.max(500, 10 * Math.max(0, ...rtts))) };
  const endAt = hops.findIndex((h) => endsAt(h, destination));
  const end = hops[endAt];
  if (end) {
    const lastRouter = hops.slice(0, endAt).findLastIndex(answered);
    const silentRun = endAt - (lastRouter + 1);
    const firstSilent = hops[lastRouter + 1];
    if (!firstSilent || silentRun === 0 || (silentRun === 1 && !terminal(end))) return undefined;
    return { ...base, firstTtl: firstSilent.ttl, lastTtl: end.ttl, why: 'silent-before-the-end' };
  }
  const next = hops[hops.findLastIndex(answered) + 1];
  const last = hops.at(-1);
  if (!next || !last) return undefined;
  return { ...base, firstTtl: next.ttl, lastTtl: last.ttl, why: 'silent-after-last-answer' };
}

/**
 * Fold a re-probe pass into the trace (pure): each re-probed hop's probe joins that hop's probes when that
 * hop was silent (marked with the pause); once a re-probed hop found the destination or a terminal answer,
 * the hops after it are dropped: the path ends there.
 */
export function applyReprobe(
  hops: readonly Hop[],
  reprobed: readonly Hop[],
  pauseMs: number,
  destination: string | undefined,
): Hop[] {
  let out = [...hops];
  for (const r of reprobed) {
    const at = out.findIndex((h) => h.ttl === r.ttl);
    const old = out[at];
    if (!old) continue;
    if (!old.silent) {
      if (endsAt(r, destination)) out = out.slice(0, at + 1);
      if (endsAt(r, destination)) break;
      continue;
    }
    const merged: Hop = {
      ...makeHop(old.ttl, [...old.probes, ...r.probes], [...old.mpls, ...r.mpls]),
      reprobedAfterMs: pauseMs,
    };
    out = [...out.slice(0, at), merged, ...(endsAt(r, destination) ? [] : out.slice(at + 1))];
    if (endsAt(r, destination)) break;
  }
  return out;
}

const what = (answers: RateLimitNote['answers'], codes: string[]) =>
  answers === 'unreachable'
    ? `ICMP errors (${codes.join(' ')})`
    : answers === 'time-exceeded'
      ? 'ICMP time-exceeded answers'
      : 'answers to probes';

/** Answers, then silence to the end (`true` `true` `false`): never an answer after a silent probe. Pure. */
function wentSilent(answered: readonly boolean[]): boolean {
  const first = answered.indexOf(true);
  const last = answered.lastIndexOf(true);
  if (first < 0 || last === answered.length - 1) return false;
  return answered.slice(first, last + 1).every(Boolean);
}

/**
 * Hops that rate-limit their ICMP errors, from the trace's own evidence (pure):
 * 1 - a hop that was silent, then answered a probe sent after a pause (a re-probe) → its bucket was empty;
 * 2 - a hop that answered some probes and then went silent for all the later ones → its bucket ran out (a lost
 *     probe before the first answer, or between two answers, is left alone: that is what loss on the way looks
 *     like, and a bucket that ran out does not refill between probes sent together);
 * which answers it limits: a terminal annotation → its unreachable/prohibited errors; the destination → its
 * own answers; otherwise time-exceeded.
 */
export function deriveRateLimitNotes(hops: readonly Hop[], destination: string | undefined): RateLimitNote[] {
  const notes: RateLimitNote[] = [];
  for (const h of hops) {
    const first = h.probes.findIndex((p) => p.address !== undefined);
    const address = h.probes[first]?.address;
    if (address === undefined) continue;
    const codes = [...new Set(h.probes.flatMap((p) => (p.annotation?.terminal ? [p.annotation.code] : [])))];
    const answers: RateLimitNote['answers'] =
      codes.length > 0 ? 'unreachable' : address === destination ? 'destination' : 'time-exceeded';
    const n = h.probes.length;
    const got = h.probes.filter((p) => p.address !== undefined).length;
    const lastAnswered = h.probes.at(-1)?.address !== undefined;
    if (h.reprobedAfterMs !== undefined && lastAnswered && got === 1) {
      const s = (h.reprobedAfterMs / 1000).toFixed(1);
      notes.push({
        ttl: h.ttl,
        address,
        answers,
        text:
          `${address} at hop ${h.ttl} did not answer the first ${n - 1} probe${n === 2 ? '' : 's'} but answered one ` +
          `sent ${s} s later: it rate-limits its ${what(answers, codes)}; not loss, not a blackhole`,
      });
    } else if (wentSilent(h.probes.map((p) => p.address !== undefined))) {
      notes.push({
        ttl: h.ttl,
        address,
        answers,
        text:
          `${address} at hop ${h.ttl} answered ${got} of ${n} probes, then went silent: ` +
          `it rate-limits its ${what(answers, codes)}; not loss`,
      });
    }
  }
  return notes;
}

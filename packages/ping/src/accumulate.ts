import type { Platform, ProbeFailure } from '@netcheck/core';
import { summariseRtts, wilsonIntervalPct } from '@netcheck/core';
import { parsePingLine } from './parse-line.js';
import type { PingEvent, PingSummary, ReportedStats } from './types.js';

/** Everything read from one ping run. */
export interface PingParse {
  target: string | undefined;
  address: string | undefined;
  events: PingEvent[];
  /** The tool's own closing statistics, when it printed them. */
  reported: ReportedStats;
  /** Set when ping could not probe at all (unknown host, no route, not permitted). */
  failure: ProbeFailure | undefined;
  /** Lines that were not understood, verbatim. */
  warnings: string[];
}

/**
 * Stateful reader of ping lines: feeds each line to the pure line parser and
 * annotates what a single line cannot know — a reply to a probe already
 * answered (duplicate), one older than a reply already seen (out of order),
 * and one that came after ping said "no answer yet" (late).
 */
export function makePingAccumulator(platform: Platform | 'busybox') {
  const parse: PingParse = {
    target: undefined,
    address: undefined,
    events: [],
    reported: {},
    failure: undefined,
    warnings: [],
  };
  const replied = new Set<number>();
  const timedOut = new Set<number>();
  const errored = new Set<number>();
  let maxReplySeq = -1;
  let lastSeq = 0;
  return {
    /** Read one line; returns the event it produced, if any. */
    add(line: string): PingEvent | undefined {
      const r = parsePingLine(line, platform, lastSeq);
      switch (r.kind) {
        case 'stats':
          Object.assign(parse.reported, r.stats);
          return undefined;
        case 'failure':
          parse.failure ??= r.failure;
          return undefined;
        case 'unrecognised':
          parse.warnings.push(r.line);
          return undefined;
        case 'ignored':
          return undefined;
        case 'event': {
          const e = r.event;
          if (e.type === 'start') {
            parse.target = e.target;
            parse.address = e.address;
          } else {
            lastSeq = Math.max(lastSeq, e.seq);
            // iputils -O says "no answer yet" even for a probe a router already answered with an error: not news.
            if (e.type === 'timeout' && errored.has(e.seq)) return undefined;
            if (e.type === 'unreachable' || e.type === 'ttl-exceeded') errored.add(e.seq);
            if (e.type === 'reply') {
              e.duplicate ||= replied.has(e.seq);
              e.outOfOrder = !e.duplicate && e.seq < maxReplySeq;
              e.late = timedOut.has(e.seq);
              replied.add(e.seq);
              maxReplySeq = Math.max(maxReplySeq, e.seq);
            } else if (e.type === 'timeout') timedOut.add(e.seq);
          }
          parse.events.push(e);
          return e;
        }
      }
    },
    /** The parse so far; once the tool's summary is in, replies that disagree with it become the failure. */
    result(): PingParse {
      parse.failure ??= deriveDisagreement(parse, platform);
      return parse;
    },
  };
}

/**
 * Whether the replies read disagree with the tool's own closing line (pure): then the output was not understood,
 * and the run is a tool failure quoting the first line not understood, never loss the tool did not see.
 * 1 - no closing line, no check (a run cut short prints none);
 * 2 - received is the non-duplicate echo replies read; Windows also counts an error reply ("Reply from R:
 *     Destination host unreachable") as received, so there either count agrees.
 */
export function deriveDisagreement(
  parse: Pick<PingParse, 'events' | 'reported' | 'warnings'>,
  platform: Platform | 'busybox',
): ProbeFailure | undefined {
  const { received: said, transmitted } = parse.reported;
  if (said === undefined) return undefined;
  const replies = new Set<number>();
  const errors = new Set<number>();
  for (const e of parse.events) {
    if (e.type === 'reply' && !e.duplicate) replies.add(e.seq);
    else if (e.type === 'unreachable' || e.type === 'ttl-exceeded') errors.add(e.seq);
  }
  if (replies.size === said || (platform === 'win32' && replies.size + errors.size === said)) return undefined;
  const first = parse.warnings[0];
  const read = `${replies.size} ${replies.size === 1 ? 'reply was' : 'replies were'} read`;
  const line = first === undefined ? '' : `; not understood: "${first.slice(0, 160)}"`;
  return {
    ok: false,
    reason: 'tool-error',
    detail: `output not understood: ping says ${said} of ${transmitted ?? '?'} came back, ${read}${line}`,
    hint: 'this ping prints a format netcheck does not read: report it with the output (ping -c 3 <host>)',
  };
}

/** Parse a whole captured ping output (a fixture, or a finished run). */
export function parsePingOutput(text: string, platform: Platform | 'busybox'): PingParse {
  const acc = makePingAccumulator(platform);
  for (const line of text.split('\n')) if (!line.startsWith('# ')) acc.add(line.replace(/\r$/, ''));
  return acc.result();
}

/**
 * Statistics from the events themselves:
 * 1 - sent is the tool's "N transmitted" when printed (it includes a last probe
 *     that timed out silently), else the number of distinct probes seen;
 * 2 - received counts probes with at least one non-duplicate echo reply, late ones included;
 * 3 - RTT figures use the non-duplicate replies, in arrival order (for jitter);
 * 4 - the loss interval is the 95% Wilson interval of (sent − received) / sent.
 */
export function summarisePing(parse: Pick<PingParse, 'events' | 'reported'>): PingSummary {
  const seqs = new Set<number>();
  const answered = new Set<number>();
  const errored = new Set<number>();
  const rtts: number[] = [];
  let duplicates = 0;
  for (const e of parse.events) {
    if (e.type === 'start') continue;
    seqs.add(e.seq);
    if (e.type === 'reply') {
      if (e.duplicate) duplicates++;
      else {
        answered.add(e.seq);
        if (e.rttMs !== undefined) rtts.push(e.rttMs);
      }
    } else if (e.type === 'unreachable' || e.type === 'ttl-exceeded') errored.add(e.seq);
  }
  const sent = Math.max(parse.reported.transmitted ?? 0, seqs.size);
  const received = answered.size;
  const s = summariseRtts(rtts);
  return {
    sent,
    received,
    duplicates,
    errors: errored.size,
    lossPct: sent > 0 ? ((sent - received) / sent) * 100 : undefined,
    lossCi95: wilsonIntervalPct(sent - received, sent),
    minMs: s.minMs,
    avgMs: s.avgMs,
    maxMs: s.maxMs,
    mdevMs: s.stdevMs,
    jitterMs: s.jitterMs,
    p50Ms: s.p50Ms,
    p95Ms: s.p95Ms,
  };
}

import type { PctInterval, ProbeFailure } from '@netcheck/core';

/** Why an ICMP error came back instead of a reply. */
export type UnreachableCode =
  | 'host'
  | 'net'
  | 'port'
  | 'protocol'
  | 'filtered'
  | 'fragmentation-needed'
  | 'source-route-failed'
  | 'other';

/** One thing ping reported, in the order it happened. Sequence numbers are the tool's own (iputils counts from 1). */
export type PingEvent =
  | { type: 'start'; target: string; address: string | undefined; payloadBytes: number | undefined }
  | {
      type: 'reply';
      seq: number;
      from: string;
      bytes: number;
      ttl: number | undefined;
      rttMs: number | undefined;
      /** A second reply to the same probe (a looped or duplicated packet). */
      duplicate: boolean;
      /** Arrived after a reply to a later probe. */
      outOfOrder: boolean;
      /** Arrived after ping had already reported "no answer yet" for it. */
      late: boolean;
    }
  | {
      /** No reply by the time the next probe went out (iputils -O), or "Request timeout" (macOS/Windows). Provisional: a late reply may follow. */
      type: 'timeout';
      seq: number;
    }
  | { type: 'unreachable'; seq: number; from: string | undefined; code: UnreachableCode; text: string }
  | { type: 'ttl-exceeded'; seq: number; from: string | undefined }
  | { type: 'redirect'; seq: number; from: string | undefined; gateway: string | undefined };

/** The tool's own closing statistics, kept to cross-check ours. */
export interface ReportedStats {
  transmitted?: number;
  received?: number;
  errors?: number;
  lossPct?: number;
  minMs?: number;
  avgMs?: number;
  maxMs?: number;
  mdevMs?: number;
}

/** What parsing one line gave. */
export type PingLine =
  | { kind: 'event'; event: PingEvent }
  | { kind: 'stats'; stats: ReportedStats }
  | { kind: 'failure'; failure: ProbeFailure }
  | { kind: 'ignored' }
  | { kind: 'unrecognised'; line: string };

/** Statistics over a ping run, computed by netcheck from the events (not copied from the tool). */
export interface PingSummary {
  /** Probes sent; from the tool's closing line when it printed one, else the highest sequence number seen. */
  sent: number;
  /** Probes answered by an echo reply (duplicates not counted). */
  received: number;
  duplicates: number;
  /** ICMP errors received (unreachable, TTL exceeded...). */
  errors: number;
  /** `undefined` when nothing was sent. */
  lossPct: number | undefined;
  /** 95% Wilson interval for the loss rate, so 0 of 10 lost reads "0–28%". */
  lossCi95: PctInterval | undefined;
  minMs: number | undefined;
  avgMs: number | undefined;
  maxMs: number | undefined;
  /** Population standard deviation (ping's "mdev"). */
  mdevMs: number | undefined;
  /** Mean absolute difference of successive RTTs. */
  jitterMs: number | undefined;
  p50Ms: number | undefined;
  p95Ms: number | undefined;
}

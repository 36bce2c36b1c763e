import type { Finding, HopComparison, ProbeFailure } from '@netcheck/core';

/** A "!X"-style note traceroute prints after a probe's RTT, decoded. */
export interface Annotation {
  /** As printed: "!H", "!X", "!F-1400", "!13"... */
  code: string;
  kind:
    | 'host-unreachable'
    | 'net-unreachable'
    | 'protocol-unreachable'
    | 'port-unreachable'
    | 'prohibited'
    | 'source-route-failed'
    | 'fragmentation-needed'
    | 'other';
  /** In words. */
  meaning: string;
  /** Next-hop MTU for "!F-<mtu>". */
  mtu?: number;
  /** Whether traceroute stops at this hop because of it. */
  terminal: boolean;
}

/** One MPLS label stack entry reported by a router (RFC 4950). */
export interface MplsLabel {
  label: number;
  exp?: number;
  bottomOfStack?: boolean;
  ttl?: number;
}

/** One probe sent at a hop. */
export interface Probe {
  /** Who answered; `undefined` for a probe that timed out ("*"). */
  address: string | undefined;
  /** Reverse name, when traceroute printed one. */
  name: string | undefined;
  /** `undefined` when the probe timed out. */
  rttMs: number | undefined;
  annotation: Annotation | undefined;
}

/** An address that answered at a hop, with its probes' RTTs. */
export interface Responder {
  address: string;
  name: string | undefined;
  rttsMs: number[];
}

/** One TTL of the path. */
export interface Hop {
  ttl: number;
  probes: Probe[];
  /** Distinct answering addresses, in order of first answer. */
  responders: Responder[];
  /** More than one address answered at this TTL: equal-cost multipath or a path change. */
  ecmp: boolean;
  /** No probe was answered. */
  silent: boolean;
  mpls: MplsLabel[];
  /** Distinct annotations at this hop. */
  annotations: Annotation[];
  /**
   * Set when this hop was silent in the first pass and one more probe was sent after this pause (ms), so a
   * rate limit's bucket could refill; that probe is the last in `probes`. `undefined` for an ordinary hop.
   */
  reprobedAfterMs?: number;
}

/**
 * A router (or the destination) that limits the ICMP errors it sends, seen in this trace: it answered some
 * probes and then went silent, or was silent and answered a probe sent after a pause. Not loss, not a blackhole.
 */
export interface RateLimitNote {
  ttl: number;
  address: string;
  /** Which answers it limits: unreachable/prohibited errors, time-exceeded, or the destination's own answers. */
  answers: 'unreachable' | 'time-exceeded' | 'destination';
  /** In words, with the evidence. */
  text: string;
}

/** Why the trace ended. */
export type StopReason =
  | { kind: 'reached'; hop: number; address: string }
  | { kind: 'unreachable'; hop: number; by: string | undefined; annotation: Annotation }
  | { kind: 'max-ttl'; maxTtl: number }
  | { kind: 'gave-up'; silentHops: number; lastResponder: { hop: number; address: string } | undefined }
  | { kind: 'aborted' }
  | { kind: 'failed'; failure: ProbeFailure };

/** What a trace can conclude (see deriveTraceFindings). */
export type TraceFindingId =
  | 'trace-reached'
  | 'trace-unreachable'
  | 'trace-blackhole'
  | 'trace-stopped'
  | 'trace-rate-limit';

/** What one line of output was. */
export type TraceLine =
  | { kind: 'header'; target: string; address: string | undefined; maxHops: number | undefined }
  | { kind: 'hop'; hop: Hop /** tracepath's "reached": this hop is the destination. */; reached?: boolean }
  | { kind: 'mpls'; labels: MplsLabel[] }
  | { kind: 'end' }
  | { kind: 'failure'; failure: ProbeFailure }
  | { kind: 'ignored' }
  | { kind: 'unrecognised'; line: string };

/** The tool whose output this was. */
export type TraceTool = 'traceroute' | 'tracepath' | 'tracert' | 'bsd-traceroute';

/** Everything a trace found. Failures are data. */
export interface TraceReport {
  target: string;
  address: string | undefined;
  tool: TraceTool;
  /** Why another tool than the one asked for ran (tracepath fallback), in words. */
  note: string | undefined;
  hops: Hop[];
  stop: StopReason;
  /** Hop number at which the destination answered; `undefined` when it was not reached. */
  pathLength: number | undefined;
  /** Path length against the ping TTL estimate, when `pingHops` was given and the destination was reached. */
  hopComparison: HopComparison | undefined;
  /** Hops that limit their ICMP errors (rate limiting, not loss); empty when none was seen. */
  rateLimits: RateLimitNote[];
  /** The conclusions in core's outcome shape (see deriveTraceFindings); empty when the trace could not run. */
  findings: Finding<TraceFindingId>[];
  warnings: string[];
  command: string[];
  durationMs: number;
}

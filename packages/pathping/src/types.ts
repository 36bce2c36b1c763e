import type { PctInterval } from '@netcheck/core';

/** One probe of one round: who answered at this TTL, and how fast; no responder means it was lost. */
export interface ProbeOutcome {
  round: number;
  ttl: number;
  responder: string | undefined;
  rttMs: number | undefined;
}

/** Statistics of one address that answered at a TTL. */
export interface ResponderStats {
  address: string;
  received: number;
  /** Share of this TTL's answers that came from this address. */
  sharePct: number;
  avgMs: number | undefined;
  bestMs: number | undefined;
  worstMs: number | undefined;
}

/** One TTL's statistics over all rounds (mtr's columns and more). */
export interface HopStats {
  ttl: number;
  /** Addresses that answered, most frequent first; several at one TTL: ECMP or a path change. */
  responders: ResponderStats[];
  sent: number;
  received: number;
  /** "Source to here" loss; `undefined` when nothing was sent. */
  lossPct: number | undefined;
  lossCi95: PctInterval | undefined;
  lastMs: number | undefined;
  avgMs: number | undefined;
  bestMs: number | undefined;
  worstMs: number | undefined;
  stdevMs: number | undefined;
  jitterMs: number | undefined;
  p50Ms: number | undefined;
  p95Ms: number | undefined;
}

/** What one hop's numbers mean. */
export interface HopVerdict {
  ttl: number;
  kind:
    | 'clean'
    | 'link-loss'
    | 'node-loss'
    | 'silent'
    | 'link-latency'
    | 'node-latency'
    | 'destination'
    | 'no-data'
    /** This hop says the destination is unreachable or prohibited (`!H`, `!N`, `!X`...): the verdict. */
    | 'unreachable';
  /** Loss that begins at the link into this hop and carries on to every later hop (pooled estimate), in percent. */
  linkLossPct: number | undefined;
  linkLossCi95: PctInterval | undefined;
  /**
   * For a link-loss verdict: other hops whose incoming link explains the losses almost as well
   * (within 2 log-likelihood units): the rounds so far cannot tell which link it is. Empty when clear.
   */
  alternativeTtls: number[] | undefined;
  /** Loss seen at this hop only (not carried on): the router's own ICMP handling, in percent. */
  nodeLossPct: number | undefined;
  text: string;
}

/** The whole attribution: per-hop verdicts and the first real trouble, if any. */
export interface Attribution {
  verdicts: HopVerdict[];
  /**
   * The first hop where real trouble (forwarding loss, a latency step) begins, or the hop that says the
   * destination is unreachable; `undefined` when the path is clean.
   */
  trouble: HopVerdict | undefined;
  /**
   * Loss that reaches the destination (at least `minLinkLossPct`, its interval above 0) while no link is
   * significantly to blame yet: real, but too few probes to say where. More rounds will place it.
   */
  unplacedLoss: { ttl: number; lossPct: number; ci95: PctInterval; sent: number } | undefined;
  summary: string;
}

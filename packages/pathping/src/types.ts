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
  /**
   * How many answers the RTT figures rest on, when not `received` (a router's direct pings standing in for its
   * counts: its RTTs are still its TTL answers').
   */
  rttSamples?: number;
  p95Ms: number | undefined;
}

/** A link between two hops, named by the addresses that answered there ("this machine" before hop 1). */
export interface LinkName {
  /** The hop before the link (`undefined` for the link from this machine). */
  fromTtl: number | undefined;
  from: string;
  to: string;
}

/**
 * What one hop's numbers mean: one case per kind, each with the figures its words are made of
 * (`renderHopVerdict` makes the words). `address` is the hop's first responder, or "hop N" when none answered.
 */
export type HopVerdict =
  /** Answers, and loses nothing of its own. */
  | { ttl: number; kind: 'clean'; address: string }
  /** The last hop: loss end to end, in percent. */
  | { ttl: number; kind: 'destination'; address: string; lossPct: number | undefined }
  /** Nothing was sent at this TTL. */
  | { ttl: number; kind: 'no-data' }
  /** Never answers while later hops do: a silent router; traffic passes through it. */
  | { ttl: number; kind: 'silent' }
  /**
   * Loss begins on the link into this hop and carries on to every later hop: the rise (`linkLossPct`), the
   * pooled loss of the hops behind it (`pooledLossPct`; above the rise when the hops before lose too; absent in
   * reports written before it was kept) and that pool's interval (`linkLossCi95`). `alternativeTtls` (and
   * `alternativeLinks`, named): other hops whose incoming link explains the losses almost as well (within 2
   * log-likelihood units); empty when clear.
   */
  | {
      ttl: number;
      kind: 'link-loss';
      link: LinkName;
      linkLossPct: number;
      pooledLossPct?: number;
      linkLossCi95: PctInterval;
      alternativeTtls: number[];
      alternativeLinks: LinkName[];
    }
  /**
   * Loss seen at this hop only, not carried on (`nodeLossPct`, in points): `icmp-limit` — the router rate-limits
   * or deprioritises its ICMP (`lossPct` here against `beyondPct` pooled over the hops after it; `end`, the last
   * hop that answered, and its loss `endLossPct`: every probe to it crossed this router); `end-clean` — the last hop
   * that answers (`end`) lost none of its `endSent` probes, which crossed every link before it, so the loss here is
   * this router's ICMP handling (it takes precedence: the plainest evidence); `pings-answered` — its direct
   * pings (`pingsSent`, echo replies are not limited) lose significantly less (`pingLossPct`) than its TTL
   * probes; `no-destination` — before a hop that says unreachable, where rate limiting and loss cannot be told
   * apart.
   */
  | {
      ttl: number;
      kind: 'node-loss';
      nodeLossPct: number | undefined;
      cause:
        | { why: 'icmp-limit'; address: string; lossPct: number; beyondPct: number; end: string; endLossPct: number }
        | { why: 'end-clean'; address: string; lossPct: number; end: string; endSent: number }
        | { why: 'pings-answered'; address: string; lossPct: number; pingLossPct: number; pingsSent: number }
        | { why: 'no-destination' };
    }
  /** Median RTT rises by `riseMs` on the link into this hop and stays for every later hop. */
  | { ttl: number; kind: 'link-latency'; link: LinkName; riseMs: number }
  /** This router answers slower (`p50Ms`) than the hops after it (`laterMs`): its own ICMP is slow. */
  | { ttl: number; kind: 'node-latency'; address: string; p50Ms: number; laterMs: number }
  /** This hop says the destination `target` is unreachable or prohibited (`!H`, `!N`, `!X`...): the verdict. */
  | { ttl: number; kind: 'unreachable'; by: string | undefined; meaning: string; code: string; target: string }
  /**
   * Nothing answered from this hop on, while the hops before did (`after`: the last one that answered): the
   * destination drops these probes (ICMP echo filtered, most often) or is down. 100% "loss" there measures nothing.
   */
  | { ttl: number; kind: 'no-answer'; after: { ttl: number; address: string } };

/** Loss that reaches the destination while no link is significantly to blame yet. */
export interface UnplacedLoss {
  ttl: number;
  address: string;
  lossPct: number;
  ci95: PctInterval;
  sent: number;
}

/** The probes to the last hop that answered, and the loss they leave possible (one-sided 95% upper bound). */
export interface EndProbes {
  ttl: number;
  address: string;
  sent: number;
  lost: number;
  lossUpperPct: number;
}

/** The whole attribution: per-hop verdicts and the first real trouble, if any. */
export interface Attribution {
  verdicts: HopVerdict[];
  /**
   * The first hop where real trouble (forwarding loss, a latency step) begins, or the hop that says the
   * destination is unreachable; `undefined` when the path is clean.
   */
  trouble: Extract<HopVerdict, { kind: 'link-loss' | 'link-latency' | 'unreachable' | 'no-answer' }> | undefined;
  /**
   * Loss that reaches the destination (at least `minLinkLossPct`, its interval above 0) while no link is
   * significantly to blame yet: real, but too few probes to say where. More rounds will place it.
   */
  unplacedLoss: UnplacedLoss | undefined;
  /**
   * Hops whose loss or delay is their own, not blamed: `own` (the TTL probes say so), `icmp-limit` (their direct
   * pings were answered: they only limit their ICMP errors). `undefined` when none, or when unreachable.
   */
  notBlamed: { ttls: number[]; why: 'own' | 'icmp-limit' } | undefined;
  /**
   * The probes to the last hop that answered: every one crossed every link before it, so a clean verdict is as
   * strong as their count (0 of 10 lost still allows loss up to 26%). `undefined` when no hop answered.
   */
  endProbes: EndProbes | undefined;
  /** All of it in one line (renderAttributionSummary), for readers that print one line. */
  summary: string;
}

/** The tools whose pasted output `explain` reads. */
export type PasteFormat = 'mtr-report' | 'mtr-json' | 'traceroute' | 'windows-pathping' | 'trippy-json';

/**
 * One TTL of a pasted output, as the other tool counted it. `undefined` figures are ones that tool did not print
 * (traceroute has no averages; pathping prints one RTT). Counts are per TTL: any responder's answer is received.
 */
export interface PastedHop {
  ttl: number;
  /** Addresses (or names, when only names were printed) that answered, most frequent first; empty when none did. */
  addresses: string[];
  /** Reverse names beside the addresses, when the tool printed them (same order; `undefined` where none). */
  names: Array<string | undefined>;
  sent: number;
  received: number;
  lastMs: number | undefined;
  avgMs: number | undefined;
  bestMs: number | undefined;
  worstMs: number | undefined;
  stdevMs: number | undefined;
  /** Per-probe RTTs in the order sent, when the tool printed them (traceroute); `undefined` for summaries. */
  rttsMs: number[] | undefined;
  /** `!H`, `!N`, `!X`... when the hop said the destination is unreachable or prohibited. */
  annotation: string | undefined;
}

/** A parsed paste: the hops, what the tool said about itself, and every line that was not understood. */
export interface PastedPath {
  format: PasteFormat;
  /** The destination as the tool printed it; `undefined` when the paste did not say. */
  target: string | undefined;
  hops: PastedHop[];
  /** Lines or fields that were not understood, each quoted (cut to ~200 characters). */
  warnings: string[];
}

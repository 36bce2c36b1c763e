/** Result of comparing the ping hop estimate with a traceroute of the same target. */
export interface HopComparison {
  /** Routers on the way back, from the reply TTL. */
  pingHops: number;
  /** Routers on the way out, from traceroute (the destination's hop number − 1). */
  traceHops: number;
  match: boolean;
  /** In words: agreement, or what a mismatch suggests. */
  explanation: string;
}

/**
 * Compare the return-path hop count (ping TTL) with the forward path
 * (traceroute). `traceDestinationHop` is the hop number at which traceroute
 * reached the destination, so the routers on the way out are one fewer.
 */
export function compareHopCounts(pingHops: number, traceDestinationHop: number): HopComparison {
  const traceHops = traceDestinationHop - 1;
  if (pingHops === traceHops)
    return {
      pingHops,
      traceHops,
      match: true,
      explanation: `both directions cross ${traceHops} router${traceHops === 1 ? '' : 's'}`,
    };
  const longer = pingHops > traceHops ? 'the way back' : 'the way out';
  return {
    pingHops,
    traceHops,
    match: false,
    explanation: `the way out crosses ${traceHops} router${traceHops === 1 ? '' : 's'} but replies crossed ${pingHops}: ${longer} is longer (an asymmetric path), or a middlebox rewrites the TTL`,
  };
}

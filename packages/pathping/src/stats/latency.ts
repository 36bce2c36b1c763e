/**
 * The median RTT that persists downstream of each hop (pure): M(h) = the smallest median over hops ≥ h that
 * answer (a silent hop's median is left out); `undefined` when no hop from h on has one. A rise of M is a
 * latency step on a link; a hop above M(h+1) alone is that router's slow ICMP.
 */
export function derivePersistingMedians(medians: readonly (number | undefined)[]): (number | undefined)[] {
  return medians.map((_, i) => {
    const later = medians.slice(i).filter((m): m is number => m !== undefined);
    return later.length ? Math.min(...later) : undefined;
  });
}

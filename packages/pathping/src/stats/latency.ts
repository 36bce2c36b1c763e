/**
 * The median RTT that persists downstream of each hop (pure): M(h) = the smallest median over hops ≥ h that
 * answer (a silent hop's median is left out); `undefined` when no hop from h on has one. A rise of M is a
 * latency step on a link; a hop above M(h+1) alone is that router's slow ICMP.
 */
export function derivePersistingMedians(medians: readonly (number | undefined)[]): (number | undefined)[] {
  return derivePersistingSources(medians).map((j) => (j === undefined ? undefined : medians[j]));
}

/** For each hop, the index of the hop whose median is M(h) (see derivePersistingMedians); `undefined` without one. */
export function derivePersistingSources(medians: readonly (number | undefined)[]): (number | undefined)[] {
  return medians.map((_, i) => {
    let best: number | undefined;
    for (let j = i; j < medians.length; j++) {
      const m = medians[j];
      if (m !== undefined && (best === undefined || m < (medians[best] ?? Number.POSITIVE_INFINITY))) best = j;
    }
    return best;
  });
}

/**
 * The standard error of a median of `n` samples with standard deviation `stdevMs` (pure): sqrt(pi/2) times the
 * mean's, for samples near normal; `undefined` without samples.
 */
export function medianStdErrMs(stdevMs: number | undefined, n: number): number | undefined {
  if (stdevMs === undefined || n <= 0) return undefined;
  return (Math.sqrt(Math.PI / 2) * stdevMs) / Math.sqrt(n);
}

/** Student's t, one-sided 95%, by degrees of freedom 1..10; 20, 30 and beyond as listed (pure). */
const T95 = [6.314, 2.92, 2.353, 2.132, 2.015, 1.943, 1.895, 1.86, 1.833, 1.812];

/**
 * How many standard errors a median of `n` samples is held to (pure): Student's t at one-sided 95% with n - 1
 * degrees of freedom (a median of three jittery answers can be far off), 1.645 from 30 samples on.
 */
export function latencyStepT(n: number): number {
  if (n < 2) return Number.POSITIVE_INFINITY;
  const df = n - 1;
  if (df <= T95.length) return T95[df - 1] ?? 1.645;
  return df < 20 ? 1.725 : df < 30 ? 1.697 : 1.645;
}

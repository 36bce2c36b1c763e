/** Probes pooled over one or more hops: how many were lost of how many sent. */
export interface Pool {
  lost: number;
  sent: number;
}

/** The pool of some hops' probes (pure). */
export function makePool(hops: readonly { sent: number; received: number }[]): Pool {
  let lost = 0;
  let sent = 0;
  for (const h of hops) {
    lost += h.sent - h.received;
    sent += h.sent;
  }
  return { lost, sent };
}

/** A pool's loss in percent; `undefined` when nothing was sent. */
export function poolLossPct(p: Pool): number | undefined {
  return p.sent ? (p.lost / p.sent) * 100 : undefined;
}

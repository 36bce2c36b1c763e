import type { Finding, FindingId, Severity, StepId, StepOutcome, StepResults, StepValues } from '../types.js';

/** A step's value when it finished, or what it had gathered when stopped at its budget; else `undefined`. */
export function ran<K extends StepId>(r: StepResults, id: K): StepValues[K] | undefined {
  const o = r[id] as StepOutcome<StepValues[K]> | undefined;
  return o && (o.status === 'done' || o.status === 'over-budget') ? o.value : undefined;
}

/** Whether the TCP handshake to the port completed: the path works, whatever ICMP says. */
export function handshakeCompleted(r: StepResults): boolean {
  return ran(r, 'connect')?.ok === true;
}

/** Whether ping got no echo reply at all (no router error either): the host is down, or echo is filtered. */
export function pingSilent(r: StepResults): boolean {
  return ran(r, 'ping')?.verdict.kind === 'no-reply';
}

/** Loss seen by ping or by the TCP handshakes: lost probes, counted. */
export function lossSeen(r: StepResults): boolean {
  const p = ran(r, 'ping');
  const t = ran(r, 'tcp-loss');
  return p?.verdict.kind === 'loss' || (t !== undefined && t.lost > 0);
}

/**
 * The mtr rounds of the path step lost nothing: no link to blame, no loss left unplaced, none of the probes to the
 * last hop that answered lost, and none of the routers' direct pings (probes over the same links, not rate-limited)
 * lost. Then the loss a few echoes or handshakes showed did not hold up under the rounds. Any loss in the rounds,
 * even too little to place, keeps it: a lab run read a 10% lossy link as healthy when 15% of echoes were lost, the
 * rounds (cut at 50 probes) lost none at the server by chance, and the pings to the router before it lost 3.
 * `undefined` when no rounds ran.
 */
export function roundsRefuteLoss(r: StepResults): boolean | undefined {
  const pp = ran(r, 'path')?.pathping;
  if (!pp || pp.rounds === 0) return undefined;
  const a = pp.attribution;
  const endLost = (a.endProbes?.lost ?? 0) > 0;
  const pingsLost = (pp.routerPings ?? []).some((p) => p.received < p.sent);
  return a.trouble?.kind !== 'link-loss' && a.unplacedLoss === undefined && !endLost && !pingsLost;
}

/** A finding before its area and source are added: what a rule decides. */
export type Made = Pick<Finding, 'id' | 'severity' | 'title' | 'evidence' | 'nextSteps'>;

/** A rule's finding, in one call. */
export const made = (
  id: FindingId,
  severity: Severity,
  title: string,
  evidence: string[],
  nextSteps: string[] = [],
): Made => ({
  id,
  severity,
  title,
  evidence,
  nextSteps,
});

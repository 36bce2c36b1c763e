import type { StepId, StepOutcome, StepResults, StepValues } from '../types.js';

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

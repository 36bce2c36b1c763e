import type { StepResults } from '../types.js';
import { ran } from './util.js';

/**
 * Escalate to tracing the path when anything so far shows loss, unreachability
 * or a timeout: ping lost probes or got "unreachable"/"TTL exceeded", or the
 * TCP connect timed out or found no route. A refused connection does not
 * escalate: the host answered, so the path works.
 */
export function shouldEscalate(r: StepResults): boolean {
  const p = ran(r.ping);
  const c = ran(r.connect);
  const pingTrouble = p !== undefined && p.verdict.kind !== 'healthy' && p.verdict.kind !== 'failed';
  const connectTrouble = c !== undefined && (c.code === 'ETIMEDOUT' || c.code === 'EHOSTUNREACH' || c.code === 'ENETUNREACH');
  return pingTrouble || connectTrouble;
}

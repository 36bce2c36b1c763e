import type { Finding, StepResults } from '../types.js';
import { ran } from './util.js';

/**
 * The path (pure): the trace's and the mtr rounds' own findings, as they made them.
 * - the trace: reached, unreachable/prohibited at a router, a blackhole naming the last hop that answered, ICMP
 *   rate limits seen on the way; a trace cut short (the step's budget) is left out: rules/steps.ts says so;
 * - the mtr rounds (when loss escalated to them): forwarding loss starting on a link, a latency step, loss too thin
 *   to place yet, a clean path; and each router whose loss or delay is its own ICMP handling (rate limiting, a
 *   silent router), shown as information, never blamed.
 */
export function pathFindings(r: StepResults): Finding[] {
  const p = ran(r, 'path');
  if (!p) return [];
  const trace = p.trace.findings.filter((f) => f.id !== 'trace-stopped');
  const rounds = p.pathping && p.pathping.rounds > 0 ? p.pathping.findings : [];
  return [...trace, ...rounds].map((f) => ({ ...f, category: 'path' as const }));
}

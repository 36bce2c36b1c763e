import type { Finding, StepResults } from '../types.js';
import { ran } from './util.js';

/**
 * This machine's sockets toward the target (pure): the sockets package's warning and critical findings (TIME_WAIT
 * exhaustion, stuck SYN_SENT...) with their own ids and next steps, and the counts toward the target.
 */
export function localFindings(r: StepResults): Finding[] {
  const l = ran(r, 'local');
  if (!l) return [];
  const toward = `toward the target: ${l.toTarget.timeWait} TIME_WAIT, ${l.toTarget.synSent} SYN_SENT, ${l.toTarget.established} ESTABLISHED${l.ephemeralPorts ? ` (${l.ephemeralPorts} ephemeral ports)` : ''}`;
  return l.findings
    .filter((f) => f.severity === 'critical' || f.severity === 'warning')
    .map((f) => ({
      id: f.rule,
      severity: f.severity,
      category: 'local' as const,
      source: l.table,
      title: f.title,
      evidence: [f.detail, ...f.evidence, toward],
      nextSteps: f.nextSteps.length ? f.nextSteps : ['netcheck sockets', 'ss -tan state time-wait'],
    }));
}

import type { Finding, StepResults } from '../types.js';
import { ran } from './util.js';

/** This machine's sockets toward the target: the sockets package's findings (TIME_WAIT port exhaustion, stuck SYN_SENT...). */
export function localFindings(r: StepResults): Finding[] {
  const l = ran(r.local);
  if (!l) return [];
  return l.findings
    .filter((f) => f.severity === 'critical' || f.severity === 'warning')
    .map((f) => ({
      id: `local-${f.rule}`,
      severity: f.severity === 'critical' ? 'critical' : 'warning',
      category: 'local',
      title: f.title,
      evidence: [f.detail, `toward the target: ${l.toTarget.timeWait} TIME_WAIT, ${l.toTarget.synSent} SYN_SENT, ${l.toTarget.established} ESTABLISHED${l.ephemeralPorts ? ` (${l.ephemeralPorts} ephemeral ports)` : ''}`],
      nextSteps: ['netcheck sockets', 'ss -tan state time-wait'],
    }));
}

import type { DiagnosisReport } from '@netcheck/diagnose';
import type { Sample } from './sample.js';

/** The diagnose module's metrics from a diagnosis. Pure. Success: the verdict is healthy (every step checked, nothing wrong). */
export function buildDiagnoseSamples(report: DiagnosisReport): Sample[] {
  return [
    {
      name: 'probe_success',
      help: 'Whether the probe succeeded (the diagnosis is healthy)',
      value: report.category === 'healthy' ? 1 : 0,
    },
    {
      name: 'netcheck_diagnosis_category',
      help: 'The diagnosis headline category (label category)',
      labels: { category: report.category },
      value: 1,
    },
    ...report.findings.map((f) => ({
      name: 'netcheck_finding',
      help: 'A finding of the diagnosis (labels id, severity)',
      labels: { id: f.id, severity: f.severity },
      value: 1,
    })),
  ];
}

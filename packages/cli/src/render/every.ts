import type { RunFigures } from '@netcheck/exporter';
import type { DiagnosisReport } from '@netcheck/diagnose';
import type { PingReport } from '@netcheck/ping';
import { fmtMs, fmtPct } from '../options.js';

/** The figures `netcheck <target> --every` compares run to run (pure): the category, then the findings' ids. */
export function deriveDiagnosisFigures(report: DiagnosisReport): RunFigures {
  const problems = report.findings.filter((f) => f.severity !== 'info').map((f) => f.id);
  return { verdict: report.category, findings: problems.length ? problems.join(' ') : 'none' };
}

/** The figures `netcheck ping --every` compares run to run (pure): replies, loss, average RTT, hops. */
export function derivePingFigures(report: PingReport): RunFigures {
  const s = report.summary;
  return {
    replies: `${s.received}/${s.sent}`,
    loss: s.lossPct === undefined ? '-' : `${fmtPct(s.lossPct)}%`,
    rtt: s.avgMs === undefined ? 'none' : `${fmtMs(s.avgMs)} ms`,
    hops: report.hops === undefined ? '?' : String(report.hops.hops),
  };
}

import type { ExitCode, Finding } from '@netcheck/core';
import { exitCodeFor } from '@netcheck/core';
import { renderHopVerdict } from './render-verdict.js';
import type { PathpingReport } from './run.js';
import type { Attribution, HopStats } from './types.js';

/** What mtr rounds can conclude about a path. */
export type PathpingFindingId =
  | 'mtr-link-loss'
  | 'mtr-latency-step'
  | 'mtr-unreachable'
  | 'mtr-no-answer'
  | 'mtr-loss-unplaced'
  | 'mtr-path-clean'
  | 'mtr-not-blamed';

/** A pathping conclusion in core's outcome shape; `source` is "mtr rounds". */
export type PathpingFinding = Finding<PathpingFindingId>;

/** The source every pathping finding cites. */
export const PATHPING_SOURCE = 'mtr rounds';

const hopLine = (h: HopStats) => {
  const loss = h.lossPct === undefined ? '-' : `${h.lossPct.toFixed(1)}%`;
  return `hop ${h.ttl}: ${h.responders[0]?.address ?? '*'} ${loss} of ${h.sent} lost`;
};

/**
 * A pathping run's findings (pure), from its attribution:
 * 1 - the trouble: forwarding loss starting on a link → `mtr-link-loss` (critical); a latency step →
 *     `mtr-latency-step` (warning); a hop saying the destination is unreachable → `mtr-unreachable` (critical);
 *     nothing answering past the routers → `mtr-no-answer` (warning: the destination filters these probes, or is
 *     down; TCP to a port it serves can tell);
 * 2 - no trouble but loss too thin to place → `mtr-loss-unplaced` (warning), with "run more rounds";
 * 3 - neither → `mtr-path-clean` (info);
 * 4 - each hop whose loss or delay is its own (rate limiting, a silent router, slow ICMP) → `mtr-not-blamed`
 *     (info): shown, never blamed.
 * Each cites the summary and the per-hop loss it rests on.
 */
export function derivePathpingFindings(r: {
  target: string;
  hops: readonly HopStats[];
  attribution: Attribution;
}): PathpingFinding[] {
  const a = r.attribution;
  const t = a.trouble;
  const title = t ? renderHopVerdict(t) : a.summary;
  // The summary leads the evidence, unless it is the title already (a path with no trouble).
  const evidence = [...(title === a.summary ? [] : [a.summary]), ...r.hops.map(hopLine)];
  const base = { source: PATHPING_SOURCE, evidence };
  const out: PathpingFinding[] = [];
  if (t?.kind === 'link-loss') {
    const steps = [`show whoever runs ${t.link.from} and ${t.link.to} these figures: loss starts between them`];
    out.push({ ...base, id: 'mtr-link-loss', severity: 'critical', title, nextSteps: steps });
  } else if (t?.kind === 'link-latency') {
    const steps = [`netcheck mtr ${r.target}`];
    out.push({ ...base, id: 'mtr-latency-step', severity: 'warning', title, nextSteps: steps });
  } else if (t?.kind === 'no-answer') {
    const steps = [`netcheck mtr ${r.target} -T -P 443`, `netcheck mtr ${r.target} -u`, `netcheck ${r.target}:443`];
    out.push({ ...base, id: 'mtr-no-answer', severity: 'warning', title, nextSteps: steps });
  } else if (t?.kind === 'unreachable') {
    const steps = [`netcheck trace ${r.target}`];
    out.push({ ...base, id: 'mtr-unreachable', severity: 'critical', title, nextSteps: steps });
  } else if (a.unplacedLoss) {
    const steps = [`netcheck mtr ${r.target} --rounds 100`];
    out.push({ ...base, id: 'mtr-loss-unplaced', severity: 'warning', title, nextSteps: steps });
  } else out.push({ ...base, id: 'mtr-path-clean', severity: 'info', title, nextSteps: [] });
  for (const v of a.verdicts) {
    if (v.kind !== 'node-loss' && v.kind !== 'silent' && v.kind !== 'node-latency') continue;
    const hop = r.hops.filter((h) => h.ttl === v.ttl).map(hopLine);
    const own = renderHopVerdict(v);
    out.push({ ...base, id: 'mtr-not-blamed', severity: 'info', title: own, evidence: hop, nextSteps: [] });
  }
  return out;
}

/**
 * The exit code of a pathping run, through core's `exitCodeFor`: 3 when a tool could not run, 1 for trouble
 * (loss placed or not, a latency step, an unreachable destination), 0 for a clean path.
 */
export function exitCodeForPathping(report: Pick<PathpingReport, 'findings' | 'failure'>): ExitCode {
  return exitCodeFor({ findings: report.findings, failure: report.failure });
}

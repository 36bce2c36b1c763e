import type { ExitCode, Finding } from '@netcheck/core';
import { exitCodeFor } from '@netcheck/core';
import { renderStopReason } from './stop-reason.js';
import type { Hop, TraceFindingId, TraceReport, TraceTool } from './types.js';

/** A trace's conclusion in core's outcome shape; `source` names the probes ("traceroute -T -p 443"). */
export type TraceFinding = Finding<TraceFindingId>;

/** The tool and probes a trace's findings cite: "traceroute", "traceroute -I", "traceroute -T -p 443", "tracepath". */
export function buildTraceSource(tool: TraceTool, method: 'udp' | 'icmp' | 'tcp', port: number | undefined): string {
  if (tool !== 'traceroute' && tool !== 'bsd-traceroute') return tool;
  if (method === 'tcp') return `traceroute -T -p ${port ?? 80}`;
  return method === 'icmp' ? 'traceroute -I' : 'traceroute';
}

const hopLine = (h: Hop) => {
  const who = h.responders.map((r) => r.address).join(' ') || '*';
  return `hop ${h.ttl}: ${who}${h.annotations.length ? ` ${h.annotations.map((a) => a.code).join(' ')}` : ''}`;
};

/** How the probes were sent: the finding's source and its words for what vanishes. */
export interface TraceProbe {
  tool: TraceTool;
  method: 'udp' | 'icmp' | 'tcp';
  port: number | undefined;
}

/** The title of a trace that did not reach its target: who said no, or where packets vanish (pure). */
function renderStopTitle(stop: TraceReport['stop'], target: string, probe: TraceProbe): string {
  const what = probe.method === 'tcp' ? `TCP packets to ${target} port ${probe.port ?? 80}` : `packets to ${target}`;
  if (stop.kind === 'unreachable') return `${stop.by ?? 'a router'} at hop ${stop.hop} says ${stop.annotation.meaning}`;
  if (stop.kind === 'max-ttl') return `${what} do not reach ${target} within ${stop.maxTtl} hops`;
  if (stop.kind === 'gave-up')
    return stop.lastResponder
      ? `${what} vanish after hop ${stop.lastResponder.hop} (${stop.lastResponder.address}), the last to answer`
      : `nothing on the path to ${target} answers`;
  return renderStopReason(stop, target);
}

/**
 * A trace's findings (pure), from its stop reason and rate-limit notes; a title says what is wrong and where, the
 * evidence starts with the stop reason and lists the hops:
 * 1 - reached → `trace-reached` (info), with the hop-count comparison when there is one;
 * 2 - a router said unreachable / prohibited → `trace-unreachable` (critical), naming it;
 * 3 - gave up after silent hops, or ran out of TTL → `trace-blackhole` (critical), naming the last to answer;
 * 4 - stopped on request → `trace-stopped` (warning): the path is partial;
 * 5 - each hop seen limiting its ICMP errors → `trace-rate-limit` (info): not loss, never blamed;
 * a trace that could not run has no finding: its `stop.failure` is the outcome.
 */
export function deriveTraceFindings(
  report: Pick<TraceReport, 'target' | 'hops' | 'stop' | 'hopComparison' | 'pathLength' | 'rateLimits'>,
  probe: TraceProbe,
): TraceFinding[] {
  const { stop, target } = report;
  const source = buildTraceSource(probe.tool, probe.method, probe.port);
  const hops = report.hops.map(hopLine);
  const base = {
    source,
    title: renderStopTitle(stop, target, probe),
    evidence: [renderStopReason(stop, target), ...hops],
  };
  const out: TraceFinding[] = [];
  if (stop.kind === 'reached') {
    const cmp = report.hopComparison;
    const compared = cmp
      ? [`path length ${report.pathLength} hops; ping TTL says ${cmp.pingHops} routers back: ${cmp.explanation}`]
      : [];
    out.push({ ...base, id: 'trace-reached', severity: 'info', evidence: [...hops, ...compared], nextSteps: [] });
  } else if (stop.kind === 'unreachable') {
    const steps = [`netcheck mtr ${target}`, `ask whoever runs ${stop.by ?? `the router at hop ${stop.hop}`} about it`];
    out.push({ ...base, id: 'trace-unreachable', severity: 'critical', nextSteps: steps });
  } else if (stop.kind === 'gave-up' || stop.kind === 'max-ttl') {
    const last = stop.kind === 'gave-up' ? stop.lastResponder : undefined;
    const steps = last ? [`ask whoever runs ${last.address} about routes to ${target}`] : ['ip route'];
    out.push({ ...base, id: 'trace-blackhole', severity: 'critical', nextSteps: steps });
  } else if (stop.kind === 'aborted') {
    out.push({ ...base, id: 'trace-stopped', severity: 'warning', nextSteps: [`netcheck trace ${target}`] });
  }
  for (const n of report.rateLimits) {
    const evidence = report.hops.filter((h) => h.ttl === n.ttl).map(hopLine);
    out.push({ id: 'trace-rate-limit', severity: 'info', source, title: n.text, evidence, nextSteps: [] });
  }
  return out;
}

/**
 * The exit code of a trace, through core's `exitCodeFor`: 3 when the tool could not run, 0 when the destination
 * answered, 1 otherwise (unreachable, lost on the way, stopped before the end).
 */
export function exitCodeForTrace(report: Pick<TraceReport, 'stop' | 'findings'>): ExitCode {
  const failure = report.stop.kind === 'failed' ? report.stop.failure : undefined;
  return exitCodeFor({ findings: report.findings, failure });
}

import type { DiagnosisReport, LocalFinding } from '@netcheck/diagnose';
import type { Change } from './find-changes.js';
import { derivePathView, type PathView } from './path-view.js';

/** Where and when a report was made, and how to make it again. */
export interface ReportMeta {
  netcheckVersion: string;
  /** ISO 8601 UTC. */
  startedAt: string;
  endedAt: string;
  host: { hostname: string; platform: string; release: string };
  /** Commands that reproduce the evidence, in the order to run them. */
  commands: string[];
  /** Kernel settings that bear on the network, as read at the start (`undefined`: could not be read). */
  sysctls: Record<string, string | undefined>;
}

/** One resolver's answer to the target's name, for the comparison table. */
export interface ResolverAnswer {
  server: string;
  a: string | undefined;
  aaaa: string | undefined;
}

/** `report.json`: everything the Markdown and HTML show, and the whole diagnosis behind it. */
export interface ReportDocument {
  kind: 'netcheck-report';
  version: 1;
  target: string;
  meta: ReportMeta;
  headline: string;
  category: DiagnosisReport['category'];
  path: PathView | undefined;
  resolvers: ResolverAnswer[];
  /** The check of this machine; `undefined` when it was not run. */
  local: LocalFinding[] | undefined;
  /** What differs from the last healthy report of this target; `undefined` when there was none to compare. */
  changes: { since: string; list: Change[] } | undefined;
  diagnosis: DiagnosisReport;
}

/** The resolver comparison of a diagnosis (pure): each resolver's A and AAAA outcome in words. */
export function deriveResolverAnswers(report: DiagnosisReport): ResolverAnswer[] {
  const r = report.results.resolve;
  if (!r || !('value' in r) || !r.value) return [];
  return r.value.resolvers.map((v) => ({
    server: v.server,
    a: v.a?.explanation.text,
    aaaa: v.aaaa?.explanation.text,
  }));
}

/**
 * Build `report.json`'s document (pure): the diagnosis, its path drawn hop by hop, the resolver comparison, the
 * local check and the changes since the last healthy report.
 */
export function buildReportDocument(input: {
  diagnosis: DiagnosisReport;
  meta: ReportMeta;
  local?: LocalFinding[];
  changes?: { since: string; list: Change[] };
}): ReportDocument {
  const { diagnosis } = input;
  return {
    kind: 'netcheck-report',
    version: 1,
    target: diagnosis.target.input,
    meta: input.meta,
    headline: diagnosis.headline,
    category: diagnosis.category,
    path: derivePathView(diagnosis),
    resolvers: deriveResolverAnswers(diagnosis),
    local: input.local,
    changes: input.changes,
    diagnosis,
  };
}

/** The commands that reproduce a diagnosis' evidence (pure): netcheck itself, then each tool as it ran. */
export function buildReproduceCommands(diagnosis: DiagnosisReport): string[] {
  const cmds = [`netcheck ${diagnosis.target.input} --deep --json`];
  const path = diagnosis.results.path;
  const value = path && 'value' in path ? path.value : undefined;
  if (value?.trace.command.length) cmds.push(value.trace.command.join(' '));
  if (value?.pathping)
    cmds.push(
      `netcheck mtr ${value.pathping.address ?? value.pathping.target} --rounds ${value.pathping.rounds} --report`,
    );
  const addr = diagnosis.results.address?.address;
  if (addr) cmds.push(`ping -c 60 -i 0.2 ${addr}`);
  if (diagnosis.target.kind === 'hostname')
    cmds.push(`dig ${diagnosis.target.host} A`, `dig ${diagnosis.target.host} AAAA`);
  return cmds;
}

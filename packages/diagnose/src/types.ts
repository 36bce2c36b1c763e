import type { Skipped, Target } from '@netcheck/core';
import type { LookupReport } from '@netcheck/dns';
import type { PathpingReport } from '@netcheck/pathping';
import type { PingReport } from '@netcheck/ping';
import type { TraceReport } from '@netcheck/traceroute';

export type StepId = 'resolve' | 'ping' | 'connect' | 'path' | 'local';

/** One step of the plan, with its time budget and why it is there. */
export interface Step {
  id: StepId;
  title: string;
  why: string;
  /** The step is cut off after this long; its result then says so. */
  budgetMs: number;
  dependsOn: StepId[];
  /** 'escalation': runs only when a rule asks for it (or with --deep). */
  when: 'always' | 'escalation';
}

/** What a TCP connect found. */
export interface ConnectResult {
  address: string;
  port: number;
  ok: boolean;
  /** Time to connect, or to the error. */
  ms: number;
  /** ECONNREFUSED, ETIMEDOUT, EHOSTUNREACH, ENETUNREACH, EADDRNOTAVAIL, ...; `undefined` when connected. */
  code: string | undefined;
  errno: number | undefined;
  /** The error in words, with what it means. */
  meaning: string | undefined;
}

/** What local sockets say about this target. */
export interface LocalSocketsResult {
  toTarget: { timeWait: number; synSent: number; established: number };
  ephemeralPorts: number | undefined;
  findings: Array<{ rule: string; severity: string; title: string; detail: string }>;
}

/** Each step's outcome: its data, or why it did not run. */
export interface StepResults {
  resolve?: LookupReport | Skipped;
  /** The address the other steps used. */
  address?: string;
  ping?: PingReport | Skipped;
  connect?: ConnectResult | Skipped;
  /** `tcpPort`: the trace used TCP SYNs to this port (the connect had failed), to find who drops or rejects it. */
  path?: { trace: TraceReport; pathping: PathpingReport | undefined; tcpPort: number | undefined } | Skipped;
  local?: LocalSocketsResult | Skipped;
}

export type Severity = 'critical' | 'warning' | 'info';

/** A conclusion, the evidence it rests on, and what to do next. */
export interface Finding {
  id: string;
  severity: Severity;
  category: 'dns' | 'reachability' | 'service' | 'path' | 'local';
  title: string;
  evidence: string[];
  nextSteps: string[];
}

/** The report `netcheck <target>` prints; its JSON shape is schema/report.v1.json. */
export interface DiagnosisReport {
  version: 1;
  target: { input: string; host: string; port: number | undefined; kind: Target['kind'] };
  /** The headline's category: what kind of answer this is. */
  category:
    | 'healthy'
    | 'nxdomain'
    | 'dns-failure'
    | 'unreachable'
    | 'no-reply'
    | 'refused'
    | 'filtered'
    | 'prohibited'
    | 'blackhole'
    | 'lossy-path'
    | 'local-ports'
    | 'degraded';
  headline: string;
  findings: Finding[];
  plan: Step[];
  results: StepResults;
  durationMs: number;
}

/** Events of diagnoseStream. */
export type DiagnosisEvent =
  | { type: 'plan'; plan: Step[] }
  | { type: 'step-start'; step: StepId }
  | { type: 'step-done'; step: StepId; ok: boolean; summary: string; ms: number }
  | { type: 'report'; report: DiagnosisReport };

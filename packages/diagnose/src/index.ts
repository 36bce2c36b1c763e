export type { DefaultRoute, InterfaceState } from './local/parse-system.js';
export { parseDefaultRoutes, parseInterfaceState } from './local/parse-system.js';
export type { LocalReport, ResolverCheck, LocalDeps, SocketHealth } from './local/check-local.js';
export { checkLocal } from './local/check-local.js';
export type { LocalFinding } from './local/derive-local.js';
export { deriveLocalFindings } from './local/derive-local.js';
export type {
  Step,
  StepId,
  StepCondition,
  StepParams,
  StepOutcome,
  StepResults,
  StepValues,
  ConnectResult,
  TcpLossSample,
  HttpResult,
  PathResult,
  LocalSocketsResult,
  Fact,
  FactState,
  Finding,
  FindingId,
  Severity,
  Category,
  DiagnosisReport,
  DiagnosisEvent,
} from './types.js';
export type { PlanOptions } from './make-plan.js';
export { makePlan } from './make-plan.js';
export type { NextMove, Progress } from './decide-next.js';
export { decideNext } from './decide-next.js';
export type { Probes } from './probes/index.js';
export { makeProbes } from './probes/index.js';
export { runPlan } from './run-plan.js';
export { deriveFacts } from './facts.js';
export { deriveEscalation } from './rules/escalate.js';
export { deriveFindings } from './rules/index.js';
export { deriveHeadline, exitCodeForDiagnosis } from './headline.js';
export type { DiagnoseOptions } from './diagnose.js';
export { diagnose, diagnoseStream } from './diagnose.js';

import type { Finding as CoreFinding, ProbeFailure, Severity, Target } from '@netcheck/core';
import type { NameFindingKind, NameOutcomeId, NameResolution } from '@netcheck/dns';
import type { PathpingFindingId, PathpingReport } from '@netcheck/pathping';
import type { MtuDropLocation, MtuFindingId, PathMtuReport, PingFindingId, PingReport } from '@netcheck/ping';
import type { SocketFindingId } from '@netcheck/sockets';
import type { TraceFindingId, TraceReport } from '@netcheck/traceroute';
import type { HttpTransfer, TransferVerdict } from './probes/http.js';

/** The steps a diagnosis can take. */
export type StepId = 'resolve' | 'connect' | 'ping' | 'tcp-loss' | 'mtu' | 'http' | 'local' | 'path';

/**
 * When a step runs once its dependencies are done:
 * - `always`;
 * - `on-trouble`: a rule saw loss, silence, unreachability, a timeout or an MTU problem (or --deep);
 * - `if-ping-silent`: ICMP echo got no reply while the TCP handshake completed (ping is filtered);
 * - `if-connected`: the TCP connect completed.
 */
export type StepCondition = 'always' | 'on-trouble' | 'if-ping-silent' | 'if-connected';

/** Probe parameters, per step: the runner hands them to the probe as they are. */
export interface StepParams {
  resolve: { name: string; queryTimeoutMs: number; systemWaitMs: number };
  connect: { port: number; samples: number; timeoutMs: number };
  ping: { count: number; intervalMs: number; timeoutMs: number };
  'tcp-loss': { port: number; probes: number; timeoutMs: number; lostAfterMs: number };
  mtu: { packetSizesBytes: number[]; probesPerSize: number; timeoutMs: number };
  http: { url: string; timeoutMs: number; stallMs: number; maxBytes: number };
  local: { port: number | undefined };
  path: { waitMs: number; mtrMinRounds: number; mtrMaxRounds: number; mtrMaxDurationMs: number; measureLoss: boolean };
}

/** One step of the plan, with its probe parameters, its time budget and why it is there. */
export type Step = {
  [K in StepId]: {
    id: K;
    title: string;
    why: string;
    /** The step is stopped after this long; what it gathered by then is kept and the overrun is itself evidence. */
    budgetMs: number;
    /** Steps that must be over (done, failed or not run) before this one starts. */
    dependsOn: StepId[];
    when: StepCondition;
    /**
     * Runs alone: nothing else starts while it runs, so the times it measures hold only the network's time
     * (no spawn or table read of netcheck's own on the event loop meanwhile).
     */
    exclusive: boolean;
    params: StepParams[K];
  };
}[StepId];

/** TCP connects to the port, one after another, each timed. */
export interface ConnectResult {
  address: string;
  port: number;
  /** The first attempt's outcome decides: connected, or the OS error. */
  ok: boolean;
  /** Median time of the attempts that connected, or the time to the error; milliseconds. */
  ms: number;
  /** Every attempt's time, in order (connected ones only). */
  samplesMs: number[];
  /** ECONNREFUSED, ETIMEDOUT, EHOSTUNREACH, ENETUNREACH, EADDRNOTAVAIL, ...; `undefined` when connected. */
  code: string | undefined;
  errno: number | undefined;
  /** The error in words, with what it means. */
  meaning: string | undefined;
}

/** Loss measured with TCP handshakes (when ICMP echo is filtered): a SYN or SYN-ACK lost costs a retransmit. */
export interface TcpLossSample {
  address: string;
  port: number;
  sent: number;
  /** Handshakes that completed within the first SYN's retransmit timeout. */
  answered: number;
  /** Handshakes that needed a retransmit (or never completed): a SYN or SYN-ACK was lost. */
  lost: number;
  /** Connect times of the answered ones, milliseconds. */
  samplesMs: number[];
}

/** What local sockets say about this target. */
export interface LocalSocketsResult {
  /** The table the counts came from ("/proc/net/tcp", "ss -tan", "netstat -tan"). */
  table: string;
  toTarget: { timeWait: number; synSent: number; established: number };
  ephemeralPorts: number | undefined;
  /** The sockets package's findings: `rule` is its finding id, `detail` its explanation. */
  findings: Array<{
    rule: SocketFindingId;
    severity: Severity;
    title: string;
    detail: string;
    evidence: string[];
    nextSteps: string[];
  }>;
}

/** The path step: a trace (TCP to the port when the connect failed), mtr rounds when loss was seen, the MTU drop. */
export interface PathResult {
  trace: TraceReport;
  pathping: PathpingReport | undefined;
  /** The trace used TCP SYNs to this port (the connect had failed), to find who drops or rejects it. */
  tcpPort: number | undefined;
  /** Where packets of the first vanishing size stop, when the MTU step saw a blackhole. */
  mtuDrop: MtuDropLocation | undefined;
}

/** A bounded GET of the URL, and what it means. */
export interface HttpResult {
  transfer: HttpTransfer;
  verdict: TransferVerdict;
}

/** Each step's value. */
export interface StepValues {
  resolve: NameResolution;
  connect: ConnectResult;
  ping: PingReport;
  'tcp-loss': TcpLossSample;
  mtu: PathMtuReport;
  http: HttpResult;
  local: LocalSocketsResult;
  path: PathResult;
}

/**
 * How a step went:
 * - `done`: it finished within its budget;
 * - `over-budget`: stopped at its budget; `value` is what it had gathered by then (when the probe could say);
 * - `failed`: a tool it needs could not run (missing, not permitted, broken): exit 3;
 * - `not-run`: its condition did not hold, or what it needs is missing (`why` says which);
 * - `interrupted`: the run was aborted (Ctrl-C) before or while it ran.
 */
export type StepOutcome<T> =
  | { status: 'done'; value: T; ms: number }
  | { status: 'over-budget'; value: T | undefined; ms: number; budgetMs: number }
  | { status: 'failed'; failure: ProbeFailure; ms: number }
  | { status: 'not-run'; why: string }
  | { status: 'interrupted' };

/** Every step's outcome (absent: not planned), and the address the steps used. */
export type StepResults = { [K in StepId]?: StepOutcome<StepValues[K]> } & {
  /** The address the other steps used, and why that one. */
  address?: { address: string; family: 4 | 6; why: string };
};

/** The state of one fact: what a step saw. */
export type FactState = 'fine' | 'problem' | 'not-checked' | 'inconclusive';

/** One step's evidence in one line: what it saw and in what state. Healthy needs every fact `fine` or not planned. */
export interface Fact {
  step: StepId;
  state: FactState;
  text: string;
}

export type { Severity } from '@netcheck/core';

/**
 * The tools' own findings, as each tool returns them (ping, traceroute, the mtr rounds, the sockets rules), and the
 * dns package's (its resolution's outcome and its finding kinds) under `dns-`: `timeout` or `ok` name no area alone.
 */
export type ToolFindingId =
  | PingFindingId
  | MtuFindingId
  | TraceFindingId
  | PathpingFindingId
  | SocketFindingId
  | `dns-${NameOutcomeId | NameFindingKind}`;

/** Findings about the diagnosis' own probes (the connect, TCP handshakes, HTTP). */
export type ProbeFindingId =
  | 'connect-ok'
  | 'connect-slow'
  | 'connect-refused'
  | 'connect-timeout'
  | 'connect-unreachable'
  | 'connect-no-route'
  | 'connect-no-local-port'
  | 'connect-error'
  | 'loss-bound'
  | 'tcp-loss'
  | 'http-ok'
  | 'http-stalled'
  | 'http-error';

/**
 * What only several tools together can say; each replaces the tool findings it explains (`explains`):
 * - `icmp-filtered`: no echo reply while the TCP handshake completed or the trace reached the host;
 * - `loss-transient`: echoes or handshakes were lost, but the mtr rounds that followed lost nothing anywhere;
 * - `step-failed`, `step-over-budget`: a step could not do its job (about netcheck itself).
 */
export type CrossToolFindingId = 'icmp-filtered' | 'loss-transient' | 'step-failed' | 'step-over-budget';

/** Every finding a diagnosis can report. */
export type FindingId = ToolFindingId | ProbeFindingId | CrossToolFindingId;

/** core's finding (a conclusion, its evidence and source, what to do next), with the area it is about. */
export interface Finding extends CoreFinding<FindingId> {
  category: 'dns' | 'reachability' | 'service' | 'path' | 'local' | 'netcheck';
  /**
   * A cross-tool finding: the tool findings it explains, which it replaces in the report (their titles are in its
   * evidence).
   */
  explains?: ToolFindingId[];
}

/** The headline's category: what kind of answer this is. */
export type Category =
  | 'healthy'
  | 'nxdomain'
  | 'dns-failure'
  | 'unreachable'
  | 'no-reply'
  | 'refused'
  | 'filtered'
  | 'prohibited'
  | 'blackhole'
  | 'pmtu-blackhole'
  | 'stalled'
  | 'lossy-path'
  | 'local-ports'
  | 'degraded'
  | 'inconclusive';

/** The report `netcheck <target>` prints; its JSON shape is schema/report.v2.json. */
export interface DiagnosisReport {
  version: 2;
  target: { input: string; host: string; port: number | undefined; kind: Target['kind'] };
  category: Category;
  headline: string;
  /** One line per planned step: what it saw, in what state. */
  facts: Fact[];
  findings: Finding[];
  plan: Step[];
  results: StepResults;
  durationMs: number;
}

/** Events of diagnoseStream. `ok` in step-done: the step saw nothing wrong. */
export type DiagnosisEvent =
  | { type: 'plan'; plan: Step[] }
  | { type: 'step-start'; step: StepId }
  | { type: 'step-done'; step: StepId; state: FactState; summary: string; ms: number }
  | { type: 'report'; report: DiagnosisReport };

import type { Platform, ProbeFailure, Skipped } from '@netcheck/core';
import type {
  DestinationSummary,
  KeepaliveSummary,
  ListenerSummary,
  OwnerCoverage,
  PeerSummary,
  PortSummary,
  ProcessSummary,
  SocketTable,
} from '../aggregate.js';
import type { AuditItem } from '../audit-sysctls.js';
import { auditSysctls } from '../audit-sysctls.js';
import type { CounterDeltas, Sockstat, TcpCounters } from '../kernel-counters.js';
import type { SocketFinding } from '../rules/types.js';
import type { TcpSysctls } from '../sysctls.js';
import type { StateCounts } from '../tcp-state.js';
import { makeStateCounts, TCP_STATES } from '../tcp-state.js';
import type { SocketFilter, TcpSocket } from '../types.js';
import type { TableSource } from './collected.js';
import type { IdleSummary } from './idle-scan.js';
import type { TableSourceKind } from './plan.js';

/** Everything `inspectSockets` found. Missing measurements are `undefined` (or Skipped with why), never 0. */
export interface SocketReport {
  /** false when no socket table could be read at all (`failure` says why). */
  ok: boolean;
  failure: ProbeFailure | undefined;
  platform: Platform;
  source: TableSource | undefined;
  /** When the (last) sample was taken, ISO 8601. */
  takenAt: string;
  filter: SocketFilter | undefined;
  total: number;
  states: StateCounts;
  /** Top local ports (listening, or outside the ephemeral range); `undefined` with countsOnly. */
  ports: PortSummary[] | undefined;
  /** Top destinations of outgoing connections. */
  destinations: DestinationSummary[] | undefined;
  /** Top remote addresses. */
  peers: PeerSummary[] | undefined;
  listeners: ListenerSummary[] | undefined;
  /** Top processes, or why they were not attributed. */
  processes: ProcessSummary[] | Skipped | undefined;
  /** Which sockets were looked up for their processes. */
  attribution: OwnerCoverage;
  keepalive: KeepaliveSummary | undefined;
  ephemeralRange: [number, number] | undefined;
  counters: TcpCounters | undefined;
  sockstat: Sockstat | undefined;
  /** Counter movements between the two samples; `undefined` with one sample. */
  deltas: CounterDeltas | undefined;
  /** State counts of the second sample minus the first; `undefined` with one sample. */
  stateDeltas: StateCounts | undefined;
  sysctls: TcpSysctls | undefined;
  audit: AuditItem[] | undefined;
  idle: IdleSummary | Skipped | undefined;
  findings: SocketFinding[];
  /** Matching sockets kept (keepSockets). */
  sockets: TcpSocket[];
  /** What was not done and why (limits not read, processes not attributed...). */
  notes: string[];
  /** Output that was not understood, sources that failed. */
  warnings: string[];
  durationMs: number;
}

/** What the inspection gathered, for `buildSocketReport`. */
export interface SocketReportInput {
  platform: Platform;
  takenAt: string;
  filter: SocketFilter | undefined;
  counters: TcpCounters | undefined;
  sockstat: Sockstat | undefined;
  sysctls: TcpSysctls | undefined;
  /** The table read, or why none could be. */
  read: { table: SocketTable; source: TableSource } | { failure: ProbeFailure };
  /** The report stops at the counts. */
  countsOnly: boolean;
  deltas: CounterDeltas | undefined;
  stateDeltas: StateCounts | undefined;
  idle: IdleSummary | Skipped | undefined;
  findings: SocketFinding[];
  /** Why processes were not (all) attributed. */
  attributionNote: string | undefined;
  top: number;
  notes: string[];
  warnings: string[];
  durationMs: number;
}

/** A report with nothing in it: the one literal every report starts from. */
export function emptySocketReport(platform: Platform, takenAt: string, filter: SocketFilter | undefined): SocketReport {
  return {
    ok: false,
    failure: undefined,
    platform,
    source: undefined,
    takenAt,
    filter,
    total: 0,
    states: makeStateCounts(),
    ports: undefined,
    destinations: undefined,
    peers: undefined,
    listeners: undefined,
    processes: undefined,
    attribution: 'none',
    keepalive: undefined,
    ephemeralRange: undefined,
    counters: undefined,
    sockstat: undefined,
    deltas: undefined,
    stateDeltas: undefined,
    sysctls: undefined,
    audit: undefined,
    idle: undefined,
    findings: [],
    sockets: [],
    notes: [],
    warnings: [],
    durationMs: 0,
  };
}

/**
 * The report from what was gathered (pure).
 * 1 - always: platform, time, filter, kernel counters, sysctls and the range they give;
 * 2 - no table: the failure, and the sysctl audit on its own;
 * 3 - counts only: source, states and their change;
 * 4 - otherwise every breakdown cut to `top`, the audit with the TIME_WAIT count, idle, findings, and a note
 *     when processes were not attributed for every socket.
 */
export function buildSocketReport(input: SocketReportInput): SocketReport {
  const { sysctls } = input;
  const kernel: SocketReport = {
    ...emptySocketReport(input.platform, input.takenAt, input.filter),
    counters: input.counters,
    sockstat: input.sockstat,
    sysctls,
    ephemeralRange: sysctls?.ipLocalPortRange,
    notes: input.notes,
    warnings: input.warnings,
    durationMs: input.durationMs,
  };
  if ('failure' in input.read) {
    return { ...kernel, failure: input.read.failure, audit: sysctls ? auditSysctls(sysctls) : undefined };
  }
  const { table, source } = input.read;
  const counts: SocketReport = {
    ...kernel,
    ok: true,
    source,
    total: table.total,
    states: table.states,
    deltas: input.deltas,
    stateDeltas: input.stateDeltas,
  };
  if (input.countsOnly) return counts;
  const note = input.attributionNote;
  return {
    ...counts,
    ports: table.ports.slice(0, input.top),
    destinations: table.destinations.slice(0, input.top),
    peers: table.peers.slice(0, input.top),
    listeners: table.listeners,
    processes: table.processes?.slice(0, input.top) ?? {
      status: 'skipped',
      why: note ?? 'processes were not attributed',
    },
    attribution: table.attribution,
    keepalive: table.keepalive,
    ephemeralRange: table.ephemeralRange ?? sysctls?.ipLocalPortRange,
    audit: sysctls ? auditSysctls(sysctls, { timeWait: table.states.TIME_WAIT }) : undefined,
    idle: input.idle,
    findings: input.findings,
    sockets: table.sockets,
    notes: note && table.attribution !== 'all' ? [...input.notes, `processes ${note}`] : input.notes,
  };
}

/** The second sample's state counts minus the first's (pure). */
export function subtractStates(a: StateCounts, b: StateCounts): StateCounts {
  const out = makeStateCounts();
  for (const s of TCP_STATES) out[s] = a[s] - b[s];
  return out;
}

/** The table a finding cites as its source: "/proc/net/tcp", "ss -tan" or "netstat -tan". */
export function tableName(kind: TableSourceKind): string {
  return kind === 'proc' ? '/proc/net/tcp' : `${kind} -tan`;
}

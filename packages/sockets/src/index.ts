// @netcheck/sockets: TCP socket states counted, attributed and explained.

// Inspecting the table: the report, its options, and one peer's sockets.
export { inspectSockets, inspectPeer, validateSocketFilter } from './inspect.js';
export type { InspectSocketsOptions } from './inspect.js';
export type { SocketReport } from './inspect/build-report.js';
export type { TableSource } from './inspect/collected.js';
export type { IdleSummary } from './inspect/idle-scan.js';
export type { TableSourceKind } from './inspect/plan.js';

// Watching it: samples, and leaks told from bursts.
export { watchSockets } from './watch.js';
export type { WatchSocketsOptions } from './watch.js';
export { deriveTrends } from './trend.js';
export type { SocketSample, SocketTrends } from './trend.js';

// Findings and their thresholds.
export { deriveSocketFindings, SOCKET_RULE_DEFAULTS, SOCKET_RULES } from './rules/index.js';
export type { SocketRuleOptions, SocketRuleOverrides } from './rules/index.js';
export type { SocketFacts, SocketFinding, SocketFindingId } from './rules/types.js';

// The data the report is made of.
export { TCP_STATES, parseTcpState } from './tcp-state.js';
export type { StateCounts, TcpState } from './tcp-state.js';
export type { SocketFilter, SocketOwner, TcpSocket } from './types.js';
export type {
  DestinationSummary,
  KeepaliveSummary,
  ListenerSummary,
  OwnerCoverage,
  PeerSummary,
  PortSummary,
  ProcessSummary,
  SocketTable,
} from './aggregate.js';
export type { AuditItem } from './audit-sysctls.js';
export type { CounterDeltas, Sockstat, TcpCounters } from './kernel-counters.js';
export type { TcpSysctls } from './sysctls.js';

// UDP sockets (ss -u).
export { inspectUdpSockets, parseProcNetUdp } from './udp.js';
export type { UdpCounters, UdpReport, UdpSocket } from './udp.js';

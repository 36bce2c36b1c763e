// @netcheck/sockets: TCP socket states counted, attributed and explained.
export type { TcpState, StateCounts } from './tcp-state.js';
export { TCP_STATES, STATE_INDEX, PROC_STATE_TO_INDEX, parseTcpState, makeStateCounts, toStateCounts, nonZeroStates, ssStateName } from './tcp-state.js';
export type { TcpSocket, TcpTimer, SocketOwner, SocketFilter } from './types.js';
export type { HostPort } from './address.js';
export { decodeProcAddress, formatIpv6, splitHostPort, normaliseAddress, addressMatches, ANY_ADDRESS } from './address.js';
export type { ProcTcpRow, ProcTcpSink, ProcTcpScanner, ProcTcpScanOptions } from './parse-proc-net-tcp.js';
export { makeProcTcpScanner, parseProcNetTcp, procRowToSocket, procTimerName } from './parse-proc-net-tcp.js';
export type { SsSocket, SsParse } from './parse-ss.js';
export { parseSs, parseSsUsers, familyOf } from './parse-ss.js';
export type { NetstatParse } from './parse-netstat.js';
export { parseNetstat } from './parse-netstat.js';
export type { LsofParse } from './parse-lsof.js';
export { parseLsof } from './parse-lsof.js';
export type { TcpCounterName, TcpCounters, Sockstat, CounterDelta, CounterDeltas } from './kernel-counters.js';
export { TCP_COUNTERS, parseProcNetSnmp, pickTcpCounters, parseSockstat, deriveCounterDeltas, counterRose } from './kernel-counters.js';
export type { TcpSysctls, TcpSysctlKey } from './sysctls.js';
export { TCP_SYSCTLS, parseSysctlValues, parseSysctlOutput, sysctlPath, ephemeralPortCount, keepaliveDetectionS } from './sysctls.js';
export type { AuditItem, AuditContext } from './audit-sysctls.js';
export { auditSysctls, renderSeconds } from './audit-sysctls.js';
export type {
  AggregateRow,
  AggregateOptions,
  CompiledFilter,
  SocketAggregator,
  SocketTable,
  PortSummary,
  DestinationSummary,
  PeerSummary,
  ProcessSummary,
  ProcessShare,
  ListenerSummary,
  KeepaliveSummary,
  Attribution,
} from './aggregate.js';
export { makeSocketAggregator, makeStateCounter, compileFilter, rowFromSocket, countStates, addStateCounts } from './aggregate.js';
export { mergeListenerLimits } from './merge-listeners.js';
export type { Severity, Evidence, SocketFinding, SocketFacts, IdleScan, IdleSocket } from './rules/types.js';
export type {
  SocketRuleOptions,
  SocketRuleOverrides,
  AcceptQueueFullOptions,
  CloseWaitLeakOptions,
  EphemeralPortExhaustionOptions,
  HalfClosedPileupOptions,
  IdleWithoutKeepaliveOptions,
  SynRecvPressureOptions,
  SynSentStuckOptions,
} from './rules/index.js';
export {
  deriveSocketFindings,
  makeRuleOptions,
  SOCKET_RULE_DEFAULTS,
  SOCKET_RULES,
  acceptQueueFull,
  closeWaitLeak,
  ephemeralPortExhaustion,
  halfClosedPileup,
  idleWithoutKeepalive,
  synRecvPressure,
  synSentStuck,
} from './rules/index.js';
export type { SocketSample, SocketTrends, StateTrend, CounterTrend } from './trend.js';
export { deriveTrends, makeSampleDeltas } from './trend.js';
export type { ProcTableRead, ProcFileRead, ProcCountersRead } from './read-proc.js';
export { readProcTcpTables, readProcCounters, readProcSysctls } from './read-proc.js';
export type { OwnerScan, OwnerScanOptions } from './read-owners.js';
export { readSocketOwners, findProcesses, readProcessName } from './read-owners.js';
export type { ToolTable } from './run-tools.js';
export { querySsListeners, querySsEstablished, querySsTable, queryNetstatTable, queryLsof } from './run-tools.js';
export type { InspectSocketsOptions, SocketReport, TableSource } from './inspect.js';
export { inspectSockets, countSocketStates, inspectPeer, validateSocketFilter } from './inspect.js';
export type { WatchSocketsOptions } from './watch.js';
export { watchSockets } from './watch.js';

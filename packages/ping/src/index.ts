export type { PingEvent, PingLine, PingSummary, ReportedStats, UnreachableCode } from './types.js';
export { parsePingLine } from './parse-line.js';
export type { PingParse } from './accumulate.js';
export { makePingAccumulator, parsePingOutput, summarisePing } from './accumulate.js';
export type { HopEstimate } from './estimate-hops.js';
export { estimateHops } from './estimate-hops.js';
// Shared with @netcheck/traceroute, so it lives in core; re-exported for ping users.
export type { HopComparison } from '@netcheck/core';
export { compareHopCounts } from '@netcheck/core';
export type { PingOptions } from './build-args.js';
export { buildPingArgs, validatePingOptions, PING_DEFAULTS } from './build-args.js';
export type { PingVerdict } from './verdict.js';
export { derivePingVerdict, renderHopEstimate } from './verdict.js';
export type { PingReport, PingRun, PingCallOptions } from './run.js';
export { ping } from './run.js';

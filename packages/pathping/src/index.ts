// @netcheck/pathping: mtr/pathping-style per-hop statistics, with loss and latency attributed to a node or a link.

// Running it: the run, its options, the report, its findings and exit code.
export { pathping } from './run.js';
export type { PathpingOptions, PathpingReport, PathpingRun, RoundEvent, DirectPing } from './run.js';
export type { EndReason } from './next-step.js';
export { MTR_MAX_UNKNOWN, deriveUnknownLimit } from './max-unknown.js';
export { derivePathpingFindings, exitCodeForPathping } from './findings.js';
export type { PathpingFinding, PathpingFindingId } from './findings.js';

// The statistics and their attribution (pure).
export type { ProbeOutcome, ResponderStats, HopStats } from './types.js';
export type { HopVerdict, LinkName, Attribution, UnplacedLoss, EndProbes } from './types.js';
export { aggregateRounds } from './aggregate.js';
export { attributeHops } from './attribute.js';
export type { AttributionOptions } from './attribute.js';
export { attributeWithRouterPings } from './direct.js';
export type { RouterPingCount } from './direct.js';
export { applyUnreachable } from './unreachable.js';
export type { UnreachableStop } from './unreachable.js';

// Verdicts in words.
export { renderHopVerdict, renderAttributionSummary } from './render-verdict.js';

// Hop names and origin AS (mtr -n / -b / -z), resolved in the background.
export { makeHopNames, makeTxtLookup, buildAsnQueryName, parseAsnTxt } from './names.js';
export type { HopName, HopNames, AsnInfo, NameLookups } from './names.js';

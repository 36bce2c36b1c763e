export type { ProbeOutcome, ResponderStats, HopStats, HopVerdict, Attribution } from './types.js';
export { aggregateRounds } from './aggregate.js';
export type { AttributionOptions } from './attribute.js';
export { attributeHops } from './attribute.js';
export type { UnreachableStop } from './unreachable.js';
export { applyUnreachable } from './unreachable.js';
export type { PathpingOptions, PathpingReport, PathpingRun, RoundEvent, DirectPing } from './run.js';
export { pathping, hopsToProbes } from './run.js';

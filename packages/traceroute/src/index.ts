// @netcheck/traceroute: the system traceroute, parsed and streamed hop by hop, and why the trace stopped.

// Tracing: the run, its options, the report and its findings.
export { traceroute } from './run.js';
export type { TraceRun, TraceCallOptions } from './run.js';
export type { TraceOptions } from './build-args.js';
export type { Hop, Probe, Responder, Annotation, MplsLabel, RateLimitNote } from './types.js';
export type { StopReason, TraceReport, TraceTool, TraceFindingId } from './types.js';
export type { TraceFinding, TraceProbe } from './findings.js';
export { deriveTraceFindings, exitCodeForTrace } from './findings.js';
export { renderStopReason, deriveStopReason } from './stop-reason.js';

// Pure pieces: arguments, parsing, the re-probe of silent hops.
export { buildTraceArgs } from './build-args.js';
export type { TraceLine } from './types.js';
export { parseTracerouteLine, parseTracepathLine, parseTracertLine } from './parse-line.js';
export type { TraceParse } from './accumulate.js';
export { parseTraceOutput } from './accumulate.js';
export { decodeAnnotation } from './annotations.js';
export type { ReprobePlan } from './reprobe.js';
export { planReprobe, applyReprobe, deriveRateLimitNotes } from './reprobe.js';

// @netcheck/exporter: netcheck's probes for Prometheus (blackbox_exporter's interface), batches and repeats.
export type { ExporterOptions, Exporter } from './server.js';
export { createExporter } from './server.js';
export type { ProberKind, ModuleConfig, ModuleSet } from './modules.js';
export { DEFAULT_MODULES, validateModuleFile } from './modules.js';
export { readModuleFile, parseModuleFile } from './read-modules.js';
export { parseDurationMs } from './duration.js';
export { deriveProbeDeadlineMs, SCRAPE_OFFSET_MS } from './deadline.js';
export type { ProbeRequest, ProbeRejection } from './probe-request.js';
export { buildProbeRequest } from './probe-request.js';
export type { Sample } from './sample.js';
export { renderSamples } from './sample.js';
export type { ProbeContext } from './run-probe.js';
export { runProbe } from './run-probe.js';
export type { RepeatState, RepeatMove, RepeatOptions, RepeatRecord, RepeatClock, RunFigures } from './repeat.js';
export { decideRepeat, runRepeatedly, renderRepeatLine } from './repeat.js';
export type { BatchItem, BatchSummary } from './batch.js';
export { parseBatchLine, runBatch, addToBatchSummary, EMPTY_BATCH_SUMMARY } from './batch.js';

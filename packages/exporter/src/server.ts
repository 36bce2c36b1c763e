import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { CommandRunner } from '@netcheck/core';
import { escapeControl, makeDeadline } from '@netcheck/core';
import { deriveProbeDeadlineMs } from './deadline.js';
import { type ExporterMetrics, makeExporterMetrics } from './exporter-metrics.js';
import { type Limiter, makeLimiter } from './limiter.js';
import type { ModuleSet } from './modules.js';
import { buildProbeRequest, type ProbeRequest } from './probe-request.js';
import { runProbe } from './run-probe.js';
import { renderSamples, type Sample } from './sample.js';

/** Options of the exporter's HTTP server. */
export interface ExporterOptions {
  modules: ModuleSet;
  /** Probes at once; the others wait for a slot within their own deadline (default 64). */
  concurrency?: number;
  runner?: CommandRunner;
  /** Each request line, for a log (`GET /probe?... 200 1.2 s`). */
  log?: (line: string) => void;
}

/** A running exporter: `close()` aborts the probes in flight (their children die with them) and stops listening. */
export interface Exporter {
  server: Server;
  close(): Promise<void>;
}

const TEXT = 'text/plain; version=0.0.4; charset=utf-8';

/** The landing page, as blackbox_exporter has one. */
const INDEX = `netcheck exporter\n\n/probe?target=10.0.4.2&module=icmp  run one probe\n/metrics                            the exporter's own metrics\n`;

/** What the exporter's handlers share: its options, its own metrics, the probe slots, and the stop signal. */
interface ExporterState {
  options: ExporterOptions;
  metrics: ExporterMetrics;
  limiter: Limiter;
  stopping: AbortController;
}

/** How a probe ended, the `result` label of netcheck_exporter_probes_total. */
export type ProbeOutcome = 'success' | 'failure' | 'deadline' | 'no-slot' | 'error';

const FAILED: Sample = { name: 'probe_success', help: 'Whether the probe succeeded', value: 0 };

/** The samples of a probe that threw: failed, with reason `error`. Pure. */
export function buildErrorSamples(): Sample[] {
  return [
    { ...FAILED },
    {
      name: 'netcheck_probe_failure',
      help: 'Why the probe could not do its job (label reason)',
      labels: { reason: 'error' },
      value: 1,
    },
  ];
}

/** A probe's outcome from its samples: past its deadline whatever they say, else by probe_success. Pure. */
export function deriveProbeOutcome(samples: readonly Sample[], deadlinePassed: boolean): ProbeOutcome {
  if (deadlinePassed) return 'deadline';
  return samples.some((s) => s.name === 'probe_success' && s.value === 1) ? 'success' : 'failure';
}

/** The samples every probe ends with: how long it took and the time it was given, in seconds. Pure. */
export function buildTimingSamples(seconds: number, deadlineMs: number): Sample[] {
  return [
    {
      name: 'probe_duration_seconds',
      help: 'Returns how long the probe took to complete in seconds',
      value: seconds,
    },
    {
      name: 'netcheck_probe_deadline_seconds',
      help: 'The time the probe was given (scrape timeout less the offset, or the module timeout)',
      value: deadlineMs / 1000,
    },
  ];
}

/**
 * The probe's signals: `deadline` (its deadline or the exporter stopping); `probe` (that, or the client leaving);
 * `dispose()` once answered. The deadline is core's makeDeadline: a timer that holds its controller (inside
 * `AbortSignal.any()` an `AbortSignal.timeout()` is held only weakly, and a garbage collection let a probe run to
 * its own end: 9.2 s for a 4 s deadline on Node 20, issue 17).
 */
function makeProbeSignals(state: ExporterState, res: ServerResponse, deadlineMs: number) {
  const deadline = makeDeadline(deadlineMs, state.stopping.signal);
  // A client that hangs up does not need its probe any more.
  const gone = new AbortController();
  res.once('close', () => gone.abort());
  return {
    deadline: deadline.signal,
    probe: AbortSignal.any([deadline.signal, gone.signal]),
    dispose: deadline.dispose,
  };
}

/** Runs the probe in a slot once one frees (none by the deadline: `no-slot`); a probe that throws is logged. */
async function runProbeInSlot(
  state: ExporterState,
  request: ProbeRequest,
  signals: { deadline: AbortSignal; probe: AbortSignal },
  remainingMs: () => number,
): Promise<{ samples: Sample[]; outcome: ProbeOutcome }> {
  const { metrics, options } = state;
  metrics.waiting.inc();
  const release = await state.limiter.acquire(signals.probe);
  metrics.waiting.dec();
  if (!release) return { samples: [{ ...FAILED }], outcome: 'no-slot' };
  metrics.inFlight.inc();
  try {
    const samples = await runProbe(request, {
      runner: options.runner,
      signal: signals.probe,
      deadlineMs: remainingMs(),
    });
    return { samples, outcome: deriveProbeOutcome(samples, signals.deadline.aborted) };
  } catch (error) {
    const why = escapeControl(error instanceof Error ? error.message : String(error));
    options.log?.(`probe ${request.moduleName} ${request.target.input}: ${why}`);
    return { samples: buildErrorSamples(), outcome: 'error' };
  } finally {
    metrics.inFlight.dec();
    release();
  }
}

/** `/probe`: validate, run within the deadline, answer with the samples (or 400 with the reason). */
async function serveProbe(state: ExporterState, url: URL, req: IncomingMessage, res: ServerResponse): Promise<number> {
  const { metrics } = state;
  const request = buildProbeRequest(url.searchParams, state.options.modules);
  if ('status' in request) {
    metrics.rejected.inc();
    res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' }).end(`${escapeControl(request.reason)}\n`);
    return 400;
  }
  const started = performance.now();
  const header = req.headers['x-prometheus-scrape-timeout-seconds'];
  const deadlineMs = deriveProbeDeadlineMs(Array.isArray(header) ? header[0] : header, request.module.timeoutMs);
  const signals = makeProbeSignals(state, res, deadlineMs);
  const remainingMs = () => deadlineMs - (performance.now() - started);
  const { samples, outcome } = await runProbeInSlot(state, request, signals, remainingMs).finally(signals.dispose);
  const seconds = (performance.now() - started) / 1000;
  metrics.duration.observe({ module: request.moduleName }, seconds);
  metrics.probes.inc({ module: request.moduleName, result: outcome });
  samples.push(...buildTimingSamples(seconds, deadlineMs));
  if (res.destroyed) return 499;
  res.writeHead(200, { 'content-type': TEXT }).end(await renderSamples(samples));
  return 200;
}

/** One request: GET or HEAD of /probe, /metrics or the landing page; its HTTP status. */
async function handleRequest(state: ExporterState, req: IncomingMessage, res: ServerResponse): Promise<number> {
  const url = new URL(req.url ?? '/', 'http://exporter');
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { allow: 'GET, HEAD' }).end();
    return 405;
  }
  if (url.pathname === '/probe') return serveProbe(state, url, req, res);
  if (url.pathname === '/metrics') {
    const registry = state.metrics.registry;
    res.writeHead(200, { 'content-type': registry.contentType }).end(await registry.metrics());
    return 200;
  }
  if (url.pathname === '/') {
    res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' }).end(INDEX);
    return 200;
  }
  res
    .writeHead(404, { 'content-type': 'text/plain; charset=utf-8' })
    .end('not found: try /probe?target=...&module=... or /metrics\n');
  return 404;
}

/**
 * Create the exporter (not yet listening): blackbox_exporter's interface, so scrape configs and relabelling carry over.
 * Each probe runs on its own, bounded by its deadline: a slow target delays no other.
 */
export function createExporter(options: ExporterOptions): Exporter {
  const state: ExporterState = {
    options,
    metrics: makeExporterMetrics(),
    limiter: makeLimiter(options.concurrency ?? 64),
    stopping: new AbortController(),
  };
  const server = createServer((req, res) => {
    const started = performance.now();
    const request = `${req.method} ${escapeControl(req.url ?? '')}`;
    handleRequest(state, req, res).then(
      (status) => options.log?.(`${request} ${status} ${Math.round(performance.now() - started)} ms`),
      (error) => {
        if (!res.headersSent) res.writeHead(500).end();
        options.log?.(`${request} 500 ${error instanceof Error ? error.message : String(error)}`);
      },
    );
  });
  return {
    server,
    close: async () => {
      state.stopping.abort();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { CommandRunner } from '@netcheck/core';
import { escapeControl } from '@netcheck/core';
import { deriveProbeDeadlineMs } from './deadline.js';
import { makeExporterMetrics } from './exporter-metrics.js';
import { makeLimiter } from './limiter.js';
import type { ModuleSet } from './modules.js';
import { buildProbeRequest } from './probe-request.js';
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

/**
 * Create the exporter (not yet listening): blackbox_exporter's interface, so scrape configs and relabelling carry over.
 * Each probe runs on its own, bounded by its deadline: a slow target delays no other.
 */
export function createExporter(options: ExporterOptions): Exporter {
  const metrics = makeExporterMetrics();
  const limiter = makeLimiter(options.concurrency ?? 64);
  const stopping = new AbortController();

  async function probe(url: URL, req: IncomingMessage, res: ServerResponse): Promise<number> {
    const request = buildProbeRequest(url.searchParams, options.modules);
    if ('status' in request) {
      metrics.rejected.inc();
      res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' }).end(`${escapeControl(request.reason)}\n`);
      return 400;
    }
    const started = performance.now();
    const header = req.headers['x-prometheus-scrape-timeout-seconds'];
    const deadlineMs = deriveProbeDeadlineMs(Array.isArray(header) ? header[0] : header, request.module.timeoutMs);
    const signal = AbortSignal.any([AbortSignal.timeout(deadlineMs), stopping.signal]);
    // A client that hangs up does not need its probe any more.
    const gone = new AbortController();
    res.once('close', () => gone.abort());
    const probeSignal = AbortSignal.any([signal, gone.signal]);
    metrics.waiting.inc();
    const release = await limiter.acquire(probeSignal);
    metrics.waiting.dec();
    let samples: Sample[];
    let result: string;
    if (!release) {
      samples = [{ name: 'probe_success', help: 'Whether the probe succeeded', value: 0 }];
      result = 'no-slot';
    } else {
      metrics.inFlight.inc();
      try {
        samples = await runProbe(request, {
          runner: options.runner,
          signal: probeSignal,
          deadlineMs: deadlineMs - (performance.now() - started),
        });
        const ok = samples.some((s) => s.name === 'probe_success' && s.value === 1);
        result = signal.aborted ? 'deadline' : ok ? 'success' : 'failure';
      } catch (error) {
        samples = [
          { name: 'probe_success', help: 'Whether the probe succeeded', value: 0 },
          {
            name: 'netcheck_probe_failure',
            help: 'Why the probe could not do its job (label reason)',
            labels: { reason: 'error' },
            value: 1,
          },
        ];
        result = 'error';
        options.log?.(
          `probe ${request.moduleName} ${request.target.input}: ${escapeControl(error instanceof Error ? error.message : String(error))}`,
        );
      } finally {
        metrics.inFlight.dec();
        release();
      }
    }
    const seconds = (performance.now() - started) / 1000;
    metrics.duration.observe({ module: request.moduleName }, seconds);
    metrics.probes.inc({ module: request.moduleName, result });
    samples.push(
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
    );
    if (res.destroyed) return 499;
    res.writeHead(200, { 'content-type': TEXT }).end(await renderSamples(samples));
    return 200;
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<number> {
    const url = new URL(req.url ?? '/', 'http://exporter');
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return 405;
    }
    if (url.pathname === '/probe') return probe(url, req, res);
    if (url.pathname === '/metrics') {
      res.writeHead(200, { 'content-type': metrics.registry.contentType }).end(await metrics.registry.metrics());
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

  const server = createServer((req, res) => {
    const started = performance.now();
    handle(req, res).then(
      (status) =>
        options.log?.(
          `${req.method} ${escapeControl(req.url ?? '')} ${status} ${Math.round(performance.now() - started)} ms`,
        ),
      (error) => {
        if (!res.headersSent) res.writeHead(500).end();
        options.log?.(
          `${req.method} ${escapeControl(req.url ?? '')} 500 ${error instanceof Error ? error.message : String(error)}`,
        );
      },
    );
  });
  return {
    server,
    close: async () => {
      stopping.abort();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

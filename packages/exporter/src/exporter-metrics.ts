import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** The exporter's own metrics (`/metrics`): process metrics, probes in flight and waiting, durations, outcomes. */
export interface ExporterMetrics {
  registry: Registry;
  inFlight: Gauge;
  waiting: Gauge;
  duration: Histogram;
  probes: Counter;
  rejected: Counter;
}

export function makeExporterMetrics(): ExporterMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const registers = [registry];
  return {
    registry,
    inFlight: new Gauge({ name: 'netcheck_exporter_probes_in_flight', help: 'Probes running now', registers }),
    waiting: new Gauge({
      name: 'netcheck_exporter_probes_waiting',
      help: 'Probes waiting for a slot (concurrency limit)',
      registers,
    }),
    duration: new Histogram({
      name: 'netcheck_exporter_probe_duration_seconds',
      help: 'Time from request to answer of /probe, by module',
      labelNames: ['module'],
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30],
      registers,
    }),
    probes: new Counter({
      name: 'netcheck_exporter_probes_total',
      help: 'Probes answered, by module and result (success, failure, deadline, no-slot, error)',
      labelNames: ['module', 'result'],
      registers,
    }),
    rejected: new Counter({
      name: 'netcheck_exporter_requests_rejected_total',
      help: 'Requests refused with HTTP 400 (bad target or module)',
      registers,
    }),
  };
}

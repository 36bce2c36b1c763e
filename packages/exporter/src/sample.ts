import { Gauge, Registry } from 'prom-client';

/** One metric value of a probe: a gauge sample with its HELP text. The unit is in the name (`_seconds`, `_ratio`). */
export interface Sample {
  name: string;
  help: string;
  labels?: Readonly<Record<string, string>>;
  value: number;
}

/** A sample, only when the measurement exists: a missing value is an absent series, never 0. */
export function maybeSample(
  name: string,
  help: string,
  value: number | undefined,
  labels?: Record<string, string>,
): Sample[] {
  return value === undefined || !Number.isFinite(value) ? [] : [{ name, help, value, ...(labels ? { labels } : {}) }];
}

/**
 * Render a probe's samples in the Prometheus text format, through a fresh prom-client registry (one per probe, as
 * blackbox_exporter builds one per request): one gauge per name, its label names the union of its samples'.
 */
export async function renderSamples(samples: readonly Sample[]): Promise<string> {
  const registry = new Registry();
  const byName = new Map<string, Sample[]>();
  for (const s of samples) byName.set(s.name, [...(byName.get(s.name) ?? []), s]);
  for (const [name, group] of byName) {
    const labelNames = [...new Set(group.flatMap((s) => Object.keys(s.labels ?? {})))];
    const gauge = new Gauge({ name, help: group[0]!.help, labelNames, registers: [registry] });
    for (const s of group) gauge.set({ ...s.labels }, s.value);
  }
  return registry.metrics();
}

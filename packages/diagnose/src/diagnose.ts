import type { Capabilities, CommandRunner } from '@netcheck/core';
import { AsyncQueue, detectCapabilities, NetcheckError, parseTarget } from '@netcheck/core';
import { deriveFacts } from './facts.js';
import { deriveHeadline } from './headline.js';
import type { PlanOptions } from './make-plan.js';
import { makePlan } from './make-plan.js';
import type { Probes } from './probes/index.js';
import { makeProbes } from './probes/index.js';
import { deriveFindings } from './rules/index.js';
import { runPlan } from './run-plan.js';
import type { DiagnosisEvent, DiagnosisReport } from './types.js';

export interface DiagnoseOptions extends PlanOptions {
  /** The port to connect to, when the target does not name one. */
  port?: number;
  runner?: CommandRunner;
  signal?: AbortSignal;
  /** Replace any probe (tests); the rest are the real ones. */
  probes?: Partial<Probes>;
  capabilities?: Capabilities;
}

/**
 * The guided diagnosis as a stream of events (the plan, each step as it starts and ends with its fact, then
 * the report). Throws NetcheckError for an invalid target or port, before anything is probed.
 */
export function diagnoseStream(
  input: string,
  options: DiagnoseOptions = {},
): AsyncIterable<DiagnosisEvent> & { report: Promise<DiagnosisReport> } {
  const target = parseTarget(input);
  const port = options.port;
  if (port !== undefined && !(Number.isInteger(port) && port >= 1 && port <= 65535))
    throw new NetcheckError('usage', `port must be 1–65535 (got ${port})`);
  const t = { ...target, port: target.port ?? port };
  const events = new AsyncQueue<DiagnosisEvent>();
  const report = (async (): Promise<DiagnosisReport> => {
    const started = performance.now();
    try {
      const caps = options.capabilities ?? (await detectCapabilities({ runner: options.runner }));
      const plan = makePlan(t, caps, options);
      events.push({ type: 'plan', plan });
      const probes = { ...makeProbes(options.runner), ...options.probes };
      const results = await runPlan(plan, t.host, probes, (e) => events.push(e), options.signal);
      const facts = deriveFacts(plan, results);
      const findings = deriveFindings(plan, results, t.host);
      const { category, headline } = deriveHeadline(t, plan, results, facts, findings);
      const r: DiagnosisReport = {
        version: 2,
        target: { input, host: t.host, port: t.port, kind: t.kind },
        category,
        headline,
        facts,
        findings,
        plan,
        results,
        durationMs: performance.now() - started,
      };
      events.push({ type: 'report', report: r });
      return r;
    } finally {
      events.close();
    }
  })();
  return { report, [Symbol.asyncIterator]: () => events[Symbol.asyncIterator]() };
}

/** The guided diagnosis of one target: what is wrong, where, with the evidence and the next step. */
export function diagnose(input: string, options: DiagnoseOptions = {}): Promise<DiagnosisReport> {
  return diagnoseStream(input, options).report;
}

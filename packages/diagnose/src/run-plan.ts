import { setTimeout as sleep } from 'node:timers/promises';
import type { ProbeFailure } from '@netcheck/core';
import { makeDeadline } from '@netcheck/core';
import { isIP } from 'node:net';
import { decideNext } from './decide-next.js';
import type { Progress } from './decide-next.js';
import { deriveFact } from './facts.js';
import type { Probes } from './probes/index.js';
import { lossSeen, pingSilent, ran } from './rules/util.js';
import type { DiagnosisEvent, Step, StepId, StepOutcome, StepResults, StepValues } from './types.js';

const LATE: unique symbol = Symbol('late');

/** How long a step stopped at its budget may take to hand over what it had gathered. */
const HANDOVER_MS = 300;

type Work<K extends StepId> = (
  step: Extract<Step, { id: K }>,
  r: StepResults,
  probes: Probes,
  signal: AbortSignal,
) => Promise<StepValues[K]>;

const addr = (r: StepResults) => r.address!;

/** What each step does: one probe call with the step's params (and, for the path, what earlier steps found). */
const WORK: { [K in StepId]: Work<K> } = {
  resolve: (s, _r, p, signal) => p.resolve(s.params, signal),
  connect: (s, r, p, signal) => p.connect(addr(r).address, s.params, signal),
  ping: (s, r, p, signal) => p.ping(addr(r).address, addr(r).family, s.params, signal),
  'tcp-loss': (s, r, p, signal) => p.tcpLoss(addr(r).address, s.params, signal),
  mtu: (s, r, p, signal) => p.mtu(addr(r).address, addr(r).family, s.params, signal),
  http: (s, r, p, signal) => p.http(addr(r).address, s.params, signal),
  local: (s, r, p, signal) => p.local(addr(r).address, s.params, signal),
  async path(s, r, p, signal) {
    const { address, family } = addr(r);
    // A connect that timed out or found "unreachable" is traced with TCP to its port: who drops or rejects it.
    const c = ran(r, 'connect');
    const tcpPort = c && !c.ok && ['ETIMEDOUT', 'EHOSTUNREACH', 'EACCES'].includes(c.code ?? '') ? c.port : undefined;
    const trace = await p.trace(address, family, s.params.waitMs, tcpPort, signal);
    const mtu = ran(r, 'mtu')?.pathMtu;
    // mtr rounds measure loss along a path that works; an unreachable or blackholed target is named by the trace.
    // A target that drops echo answers the rounds with TCP to the port it accepted; with no such port, only its
    // rate-limited "port unreachable" would answer (as limited as the routers' TTL answers): no rounds then.
    const echoFiltered = pingSilent(r);
    const roundsPort = echoFiltered && c?.ok ? c.port : undefined;
    const measurable = !echoFiltered || roundsPort !== undefined;
    const measure = trace.stop.kind === 'reached' && measurable && (s.params.measureLoss || lossSeen(r));
    const hops = trace.hops.map((h) => h.responders[0]?.address).filter((a): a is string => a !== undefined);
    const [pathping, mtuDrop] = await Promise.all([
      measure ? p.pathping(address, family, { ...s.params, echoFiltered, tcpPort: roundsPort }, signal) : undefined,
      mtu?.kind === 'blackhole' ? p.locateMtu(hops, mtu.smallestLostBytes, family, signal) : undefined,
    ]);
    return { trace, pathping, tcpPort, mtuDrop };
  },
};

/** A tool the step needed could not run (missing, not permitted, broken): the step failed, whatever it printed. */
function toolFailureOf(id: StepId, v: unknown): ProbeFailure | undefined {
  const tool = (f: ProbeFailure | undefined) =>
    f && (f.reason === 'tool-missing' || f.reason === 'permission-denied' || f.reason === 'tool-error') ? f : undefined;
  if (id === 'ping' || id === 'mtu') return tool((v as StepValues['ping']).failure);
  if (id === 'path') {
    const x = v as StepValues['path'];
    return tool(x.trace.stop.kind === 'failed' ? x.trace.stop.failure : undefined) ?? tool(x.pathping?.failure);
  }
  return undefined;
}

/** Run one step within its budget; past it, the probe is aborted and what it hands back is kept. */
async function runStep<K extends StepId>(
  step: Extract<Step, { id: K }>,
  r: StepResults,
  probes: Probes,
  outer: AbortSignal | undefined,
): Promise<StepOutcome<StepValues[K]>> {
  // The probe's signal: its budget, or the caller's abort (core's deadline: a timer that cannot be collected early).
  const deadline = makeDeadline(step.budgetMs, outer);
  const late = new AbortController();
  const t0 = performance.now();
  try {
    const work = (WORK[step.id] as Work<K>)(step, r, probes, deadline.signal);
    const handover = sleep(step.budgetMs + HANDOVER_MS, LATE, { signal: late.signal }).catch((): typeof LATE => LATE);
    // After Ctrl-C, a probe that cannot be cut (getaddrinfo, a tool slow to die) gets the handover time, not its budget.
    const cut = new Promise<typeof LATE>((resolve) => {
      const onAbort = () => void sleep(HANDOVER_MS, LATE, { signal: late.signal }).then(resolve, () => resolve(LATE));
      if (outer?.aborted) onAbort();
      else outer?.addEventListener('abort', onAbort, { once: true, signal: late.signal });
    });
    const v = await Promise.race([work, handover, cut]);
    const ms = performance.now() - t0;
    if (outer?.aborted) return { status: 'interrupted' };
    if (v === LATE) return { status: 'over-budget', value: undefined, ms, budgetMs: step.budgetMs };
    const failure = toolFailureOf(step.id, v);
    if (failure) return { status: 'failed', failure, ms };
    return deadline.signal.aborted
      ? { status: 'over-budget', value: v, ms, budgetMs: step.budgetMs }
      : { status: 'done', value: v, ms };
  } catch (e) {
    if (outer?.aborted) return { status: 'interrupted' };
    return {
      status: 'failed',
      failure: { ok: false, reason: 'tool-error', detail: (e as Error).message },
      ms: performance.now() - t0,
    };
  } finally {
    deadline.dispose();
    late.abort();
  }
}

/**
 * Carry out a plan: ask `decideNext` what to start, start it, and ask again whenever a step is over.
 * Each step's outcome and fact are emitted as it ends. After an abort nothing new starts.
 */
export async function runPlan(
  plan: readonly Step[],
  host: string,
  probes: Probes,
  emit: (e: DiagnosisEvent) => void,
  signal?: AbortSignal,
): Promise<StepResults> {
  const results: StepResults = {};
  if (isIP(host)) results.address = { address: host, family: isIP(host) as 4 | 6, why: 'the target is an address' };
  const progress: Progress = {};
  const running = new Map<StepId, Promise<void>>();
  const set = (id: StepId, o: StepOutcome<unknown>) => ((results as Record<string, unknown>)[id] = o);
  const start = (step: Step) => {
    progress[step.id] = 'running';
    emit({ type: 'step-start', step: step.id });
    const t0 = performance.now();
    const done = runStep(step, results, probes, signal).then((o) => {
      set(step.id, o);
      // The address applications would try first (getaddrinfo's first, else IPv6 when routable, else IPv4).
      if (step.id === 'resolve') results.address = ran(results, 'resolve')?.tryFirst;
      const fact = deriveFact(step.id, results);
      emit({ type: 'step-done', step: step.id, state: fact.state, summary: fact.text, ms: performance.now() - t0 });
      progress[step.id] = 'over';
      running.delete(step.id);
    });
    running.set(step.id, done);
  };
  for (;;) {
    if (signal?.aborted) {
      for (const s of plan) if (progress[s.id] === undefined) set(s.id, { status: 'interrupted' });
      await Promise.all(running.values());
      break;
    }
    const moves = decideNext(plan, progress, results);
    for (const m of moves) {
      if (m.kind === 'launch') start(plan.find((s) => s.id === m.step)!);
      else {
        set(m.step, { status: 'not-run', why: m.why });
        progress[m.step] = 'over';
      }
    }
    if (moves.some((m) => m.kind === 'not-run')) continue;
    if (running.size === 0) break;
    await Promise.race(running.values());
  }
  return results;
}

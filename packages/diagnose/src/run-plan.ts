import type { Skipped } from '@netcheck/core';
import { isSkipped } from '@netcheck/core';
import type { Probes } from './probes/index.js';
import type { DiagnosisEvent, Step, StepId, StepResults } from './types.js';
import { shouldEscalate } from './rules/escalate.js';

/** Run `work` within `budgetMs`: past it the step is skipped with that reason (and its probes aborted). */
async function withBudget<T>(budgetMs: number, outer: AbortSignal | undefined, work: (signal: AbortSignal) => Promise<T>): Promise<T | Skipped> {
  const ac = new AbortController();
  const onOuter = () => ac.abort();
  outer?.addEventListener('abort', onOuter, { once: true });
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      work(ac.signal),
      new Promise<Skipped>((resolve) => {
        timer = setTimeout(() => {
          ac.abort();
          resolve({ status: 'skipped', why: `ran past its ${budgetMs} ms budget and was stopped` });
        }, budgetMs);
      }),
    ]);
  } catch (e) {
    return { status: 'skipped', why: `failed: ${(e as Error).message}` };
  } finally {
    clearTimeout(timer);
    outer?.removeEventListener('abort', onOuter);
  }
}


/**
 * Execute a plan: resolve first (when planned), then ping, connect and local
 * sockets at once, then the path step if it is planned as 'always' or the
 * escalation rule asks for it. Each step has its budget; events go to `emit`.
 */
export async function runPlan(plan: Step[], host: string, port: number | undefined, probes: Probes, emit: (e: DiagnosisEvent) => void, signal?: AbortSignal): Promise<StepResults> {
  const results: StepResults = {};
  const step = (id: StepId) => plan.find((s) => s.id === id);
  const run = async <K extends StepId>(id: K, work: (signal: AbortSignal) => Promise<NonNullable<StepResults[K]>>, summarise: (r: NonNullable<StepResults[K]>) => [boolean, string]) => {
    const s = step(id)!;
    emit({ type: 'step-start', step: id });
    const t0 = performance.now();
    const r = (await withBudget(s.budgetMs, signal, work)) as NonNullable<StepResults[K]>;
    (results as Record<string, unknown>)[id] = r;
    const [ok, summary] = isSkipped(r) ? [false, `skipped: ${r.why}`] : summarise(r);
    emit({ type: 'step-done', step: id, ok, summary, ms: performance.now() - t0 });
  };

  let address: string | undefined = step('resolve') ? undefined : host;
  if (step('resolve')) {
    await run('resolve', (sig) => probes.resolve(host, sig), (r) => (isSkipped(r) ? [false, ''] : [r.verdict.status === 'answer', r.verdict.text]));
    const lr = results.resolve;
    if (lr && !isSkipped(lr)) {
      const decisive = lr.resolvers.find((v) => v.result.ok);
      const fromDns = decisive?.result.ok ? decisive.result.response.answers.filter((a) => a.type === 'A' || a.type === 'AAAA').map((a) => a.data) : [];
      const fromSystem = lr.system && 'addresses' in lr.system ? lr.system.addresses : [];
      address = fromSystem[0] ?? fromDns.at(-1);
    }
  }
  results.address = address;
  const notResolved: Skipped = { status: 'skipped', why: `${host} did not resolve to an address` };
  const parallel: Promise<void>[] = [];
  if (address === undefined) {
    for (const id of ['ping', 'connect', 'local', 'path'] as const) if (step(id)) (results as Record<string, unknown>)[id] = notResolved;
    return results;
  }
  const addr = address;
  parallel.push(run('ping', (sig) => probes.ping(addr, step('ping')!.budgetMs < 5000, sig), (r) => (isSkipped(r) ? [false, ''] : [r.verdict.kind === 'healthy', r.verdict.text])));
  if (step('connect') && port !== undefined)
    parallel.push(run('connect', (sig) => probes.connect(addr, port, step('connect')!.budgetMs - 100, sig), (r) => (isSkipped(r) ? [false, ''] : [r.ok, r.ok ? `connected in ${r.ms.toFixed(1)} ms` : `${r.code}: ${r.meaning}`])));
  if (step('local')) parallel.push(run('local', (sig) => probes.local(addr, port, sig).then((x) => (sig.aborted ? x : x)), (r) => (isSkipped(r) ? [false, ''] : [r.findings.length === 0, `${r.toTarget.timeWait} TIME_WAIT, ${r.toTarget.synSent} SYN_SENT, ${r.toTarget.established} ESTABLISHED toward it`])));
  await Promise.all(parallel);
  const path = step('path');
  if (path && (path.when === 'always' || shouldEscalate(results))) {
    await run(
      'path',
      async (sig) => {
        // A connect that timed out or found "unreachable" is traced with TCP to its port: who drops or rejects it.
        const c = results.connect && !isSkipped(results.connect) ? results.connect : undefined;
        const tcpPort = c && !c.ok && (c.code === 'ETIMEDOUT' || c.code === 'EHOSTUNREACH') ? c.port : undefined;
        const trace = await probes.trace(addr, sig, tcpPort);
        // mtr rounds measure loss along a path that works; an unreachable or blackholed target is named by the trace.
        const pp = trace.stop.kind === 'reached' ? await probes.pathping(addr, sig) : undefined;
        return { trace, pathping: pp, tcpPort };
      },
      (r) => (isSkipped(r) ? [false, ''] : [r.trace.stop.kind === 'reached' && !r.pathping?.attribution.trouble, r.pathping?.attribution.summary ?? r.trace.stop.kind]),
    );
  } else if (path) results.path = { status: 'skipped', why: 'nothing showed loss, unreachability or timeouts (use --deep to trace anyway)' };
  return results;
}

import { deriveEscalation } from './rules/escalate.js';
import { handshakeCompleted, pingSilent, ran } from './rules/util.js';
import type { Step, StepCondition, StepId, StepResults } from './types.js';

/** Where each planned step stands: not started (absent), running, or over (done, failed, not run). */
export type Progress = Partial<Record<StepId, 'running' | 'over'>>;

/** What the runner does next. */
export type NextMove = { kind: 'launch'; step: StepId } | { kind: 'not-run'; step: StepId; why: string };

/** Whether a step's condition holds over the results so far: `true`, or why not (pure). */
export function conditionHolds(when: StepCondition, r: StepResults): true | string {
  switch (when) {
    case 'always':
      return true;
    case 'on-trouble': {
      const why = deriveEscalation(r);
      return why === undefined
        ? 'nothing showed loss, unreachability, timeouts or an MTU problem (--deep traces anyway)'
        : true;
    }
    case 'if-ping-silent':
      if (!handshakeCompleted(r)) return 'the TCP handshake did not complete';
      return pingSilent(r) ? true : 'ping answered: its echoes measured the loss';
    case 'if-connected':
      return handshakeCompleted(r) ? true : 'the TCP connect did not complete';
  }
}

/**
 * The runner's next moves (pure), in plan order:
 * 1 - a step is ready when every planned dependency is over;
 * 2 - without an address (the name did not resolve) a ready step does not run, and says so;
 * 3 - a ready step whose condition does not hold does not run, with the condition's reason;
 * 4 - an exclusive step starts only when nothing runs, and nothing starts while one runs or waits to start:
 *     its timings then hold only the network's time;
 * 5 - every other ready step starts at once.
 * The loop calls this again whenever a step is over; no moves and nothing running means the plan is done.
 */
export function decideNext(plan: readonly Step[], progress: Progress, r: StepResults): NextMove[] {
  const planned = new Set(plan.map((s) => s.id));
  const over = (id: StepId) => !planned.has(id) || progress[id] === 'over';
  const running = plan.filter((s) => progress[s.id] === 'running');
  const ready = plan.filter((s) => progress[s.id] === undefined && s.dependsOn.every(over));
  const moves: NextMove[] = [];
  const launchable: Step[] = [];
  for (const s of ready) {
    if (r.address === undefined && over('resolve')) {
      moves.push({
        kind: 'not-run',
        step: s.id,
        why: `${ran(r, 'resolve')?.name ?? 'the name'} did not resolve to an address`,
      });
      continue;
    }
    const holds = conditionHolds(s.when, r);
    if (holds === true) launchable.push(s);
    else moves.push({ kind: 'not-run', step: s.id, why: holds });
  }
  if (moves.length) return moves; // settle the steps that will not run first: they may make others ready
  if (running.some((s) => s.exclusive)) return [];
  const exclusive = launchable.find((s) => s.exclusive);
  if (exclusive) return running.length === 0 ? [{ kind: 'launch', step: exclusive.id }] : [];
  return launchable.map((s) => ({ kind: 'launch', step: s.id }));
}

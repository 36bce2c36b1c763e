import type { Capabilities, Target } from '@netcheck/core';
import type { Step } from './types.js';

export interface PlanOptions {
  /** Trace and probe the path even when nothing looks wrong. */
  deep?: boolean;
}

/**
 * The plan for one target (pure). Steps and their budgets:
 * 1 - resolve (hostnames only): the system's view and every configured resolver, 3 s;
 * 2 - ping: 4 echoes 0.2 s apart as root (1 s apart otherwise), 2.5 s (6 s);
 * 3 - connect: a TCP connect to the port when there is one, 2 s;
 * 4 - path: traceroute then 10 mtr rounds, only when a rule escalates (loss, no reply, unreachable,
 *     a connect timeout) or with --deep, 10 s;
 * 5 - local: this machine's sockets toward the target, 1 s.
 * Ping, connect and local run at once once the name is resolved; a missing tool becomes a skipped step.
 */
export function makePlan(target: Target, caps: Capabilities, options: PlanOptions = {}): Step[] {
  const steps: Step[] = [];
  const needsName = target.kind === 'hostname';
  if (needsName) steps.push({ id: 'resolve', title: `resolve ${target.host}`, why: 'every other step needs its address; DNS trouble is the commonest cause', budgetMs: 3000, dependsOn: [], when: 'always' });
  const after = needsName ? (['resolve'] as const) : ([] as const);
  const fastPing = caps.isRoot || caps.rawSockets;
  steps.push({ id: 'ping', title: `ping ${target.host}`, why: 'is the host reachable, how far (TTL), with what loss and latency', budgetMs: fastPing ? 2500 : 6000, dependsOn: [...after], when: 'always' });
  if (target.port !== undefined) steps.push({ id: 'connect', title: `connect to port ${target.port}`, why: 'does the service answer; the OS error says why not', budgetMs: 2000, dependsOn: [...after], when: 'always' });
  steps.push({ id: 'local', title: 'local sockets toward it', why: 'TIME_WAIT or SYN_SENT piling up toward the target, ephemeral ports', budgetMs: 1000, dependsOn: [...after], when: 'always' });
  steps.push({ id: 'path', title: 'trace and probe the path', why: 'where along the way loss or unreachability begins', budgetMs: 10_000, dependsOn: [...after, 'ping', ...(target.port !== undefined ? (['connect'] as const) : [])], when: options.deep ? 'always' : 'escalation' });
  return steps;
}

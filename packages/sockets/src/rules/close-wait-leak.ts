import { describeHolders, groupsOf, holders, subjectOf } from './shared.js';
import type { Evidence, SocketFacts, SocketFinding } from './types.js';

/** Thresholds of the CLOSE_WAIT rule. */
export interface CloseWaitLeakOptions {
  /** CLOSE_WAIT sockets on one local port or toward one destination that fire the rule (default 10). */
  minCloseWait: number;
  /** From this many the finding is critical (default 200). */
  criticalCloseWait: number;
}

export const CLOSE_WAIT_LEAK_DEFAULTS: CloseWaitLeakOptions = { minCloseWait: 10, criticalCloseWait: 200 };

/**
 * CLOSE_WAIT accumulating: the peer closed, the program holding the socket never did.
 * 1 - sockets are grouped by local port (server side) or by destination (client side);
 * 2 - a group with minCloseWait CLOSE_WAIT sockets fires, critical from criticalCloseWait;
 * 3 - the processes holding them are named (CLOSE_WAIT sockets always have an owner: the
 *     program that has not called close());
 * 4 - with two samples, the growth of CLOSE_WAIT over the interval is cited (steady growth = a leak).
 */
export function closeWaitLeak(facts: SocketFacts, options: CloseWaitLeakOptions = CLOSE_WAIT_LEAK_DEFAULTS): SocketFinding[] {
  const out: SocketFinding[] = [];
  const growth = facts.stateDeltas?.CLOSE_WAIT;
  for (const g of groupsOf(facts)) {
    const n = g.states.CLOSE_WAIT ?? 0;
    if (n < options.minCloseWait) continue;
    const who = holders(g.processes, 'CLOSE_WAIT');
    const named = who.length ? ` held by ${who.slice(0, 3).map((h) => `${h.owner.name ?? '?'} (pid ${h.owner.pid})`).join(', ')}` : '';
    const evidence: Evidence[] = [
      { name: `CLOSE_WAIT on ${g.label}`, value: n, source: '/proc/net/tcp' },
      { name: 'CLOSE_WAIT in the whole table', value: facts.table.states.CLOSE_WAIT, source: '/proc/net/tcp' },
    ];
    for (const h of who.slice(0, 5)) evidence.push({ name: `held by ${h.owner.name ?? '?'} (pid ${h.owner.pid})`, value: h.count, source: '/proc/<pid>/fd' });
    if (growth !== undefined && facts.deltas) evidence.push({ name: `CLOSE_WAIT change in ${(facts.deltas.intervalMs / 1000).toFixed(1)} s (whole table)`, value: growth, source: '/proc/net/tcp, two samples' });
    const side =
      g.kind === 'port'
        ? `Clients of port ${g.port} hung up (sent FIN) but the program serving them never called close()`
        : `The server at ${g.label.replace('connections to ', '')} hung up on these connections but the program that opened them never called close() — typically a connection pool that does not notice the server closed idle connections`;
    const pidForFd = who[0]?.owner.pid;
    out.push({
      rule: 'close-wait-leak',
      severity: n >= options.criticalCloseWait ? 'critical' : 'warning',
      title: `${n} CLOSE_WAIT sockets on ${g.label}${named}`,
      explanation: `${side}: ${describeHolders(who, facts)}. Each one keeps a file descriptor and buffers until the program closes it, and the count only grows: look for a code path that skips close() on EOF or on an error.${growth !== undefined && growth > 0 ? ` CLOSE_WAIT grew by ${growth} during the sample.` : ''}`,
      evidence,
      nextSteps: [
        `ss -tanp state close-wait '${g.ssFilter}'`,
        `lsof -nP -iTCP:${g.port}`,
        ...(pidForFd !== undefined ? [`ls /proc/${pidForFd}/fd | wc -l   # file descriptors held by pid ${pidForFd}`] : []),
      ],
      subject: subjectOf(g, who),
    });
  }
  return out;
}

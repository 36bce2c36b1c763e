import { cite, describeHolders, groupsOf, holders, subjectOf } from './shared.js';
import type { SocketFacts, SocketFinding, SocketRule } from './types.js';

/** Thresholds of the CLOSE_WAIT rule. */
export interface CloseWaitLeakOptions {
  /** CLOSE_WAIT sockets on one local port or toward one destination that fire the rule (default 10). */
  minCloseWait: number;
  /** From this many the finding is critical (default 200). */
  criticalCloseWait: number;
}

const DEFAULTS: CloseWaitLeakOptions = { minCloseWait: 10, criticalCloseWait: 200 };

/**
 * CLOSE_WAIT accumulating: the peer closed, the program holding the socket never did.
 * 1 - sockets are grouped by local port (server side) or by destination (client side);
 * 2 - a group with minCloseWait CLOSE_WAIT sockets fires, critical from criticalCloseWait;
 * 3 - the processes holding them are named (CLOSE_WAIT sockets always have an owner: the
 *     program that has not called close());
 * 4 - with two samples, the growth of CLOSE_WAIT over the interval is cited (steady growth = a leak).
 */
function derive(facts: SocketFacts, options: CloseWaitLeakOptions = DEFAULTS): SocketFinding[] {
  const out: SocketFinding[] = [];
  const growth = facts.stateDeltas?.CLOSE_WAIT;
  for (const g of groupsOf(facts)) {
    const n = g.states.CLOSE_WAIT ?? 0;
    if (n < options.minCloseWait) continue;
    const who = holders(g.processes, 'CLOSE_WAIT');
    const named = who.length
      ? ` held by ${who
          .slice(0, 3)
          .map((h) => `${h.owner.name ?? '?'} (pid ${h.owner.pid})`)
          .join(', ')}`
      : '';
    const evidence: string[] = [
      cite(`CLOSE_WAIT on ${g.label}`, n, facts.source),
      cite('CLOSE_WAIT in the whole table', facts.table.states.CLOSE_WAIT, facts.source),
    ];
    for (const h of who.slice(0, 5))
      evidence.push(cite(`held by ${h.owner.name ?? '?'} (pid ${h.owner.pid})`, h.count, '/proc/<pid>/fd'));
    if (growth !== undefined && facts.deltas)
      evidence.push(
        cite(
          `CLOSE_WAIT change in ${(facts.deltas.intervalMs / 1000).toFixed(1)} s (whole table)`,
          growth,
          `${facts.source}, two samples`,
        ),
      );
    const side =
      g.kind === 'port'
        ? `Clients of port ${g.port} hung up (sent FIN) but the program serving them never called close()`
        : `The server at ${g.label.replace('connections to ', '')} hung up on these connections but the program that ` +
          `opened them never called close() — typically a connection pool that does not notice the server closed ` +
          `idle connections`;
    const pidForFd = who[0]?.owner.pid;
    out.push({
      id: 'close-wait-leak',
      source: facts.source,
      severity: n >= options.criticalCloseWait ? 'critical' : 'warning',
      title: `${n} CLOSE_WAIT sockets on ${g.label}${named}`,
      explanation:
        `${side}: ${describeHolders(who, facts)}. Each one keeps a file descriptor and buffers until the ` +
        `program closes it, and the count only grows: look for a code path that skips close() on EOF or on an ` +
        `error.${growth !== undefined && growth > 0 ? ` CLOSE_WAIT grew by ${growth} during the sample.` : ''}`,
      evidence,
      nextSteps: [
        `ss -tanp state close-wait '${g.ssFilter}'`,
        `lsof -nP -iTCP:${g.port}`,
        ...(pidForFd !== undefined
          ? [`ls /proc/${pidForFd}/fd | wc -l   # file descriptors held by pid ${pidForFd}`]
          : []),
      ],
      subject: subjectOf(g, who),
    });
  }
  return out;
}

/** The close-wait-leak rule: its id, default thresholds and derivation. */
export const closeWaitLeak: SocketRule<'close-wait-leak', CloseWaitLeakOptions> = {
  id: 'close-wait-leak',
  defaults: DEFAULTS,
  derive,
};

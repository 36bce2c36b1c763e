import { cite, counterEvidence, endpoint, risen } from './shared.js';
import type { SocketFacts, SocketFinding, SocketRule } from './types.js';

/** Thresholds of the accept-queue rule. */
export interface AcceptQueueFullOptions {
  /** Queue length as a share of its limit (percent) that counts as nearly full (default 90). */
  nearFullPct: number;
  /** Ignore limits below this when judging "nearly full" (a backlog of 1 is full at once; default 8). */
  minLimitForNearFull: number;
}

const DEFAULTS: AcceptQueueFullOptions = { nearFullPct: 90, minLimitForNearFull: 8 };

/**
 * A listener whose accept queue is full or overflowing.
 * For a listening socket, Recv-Q is the number of connections the kernel completed and the
 * program has not accept()ed yet, and Send-Q (ss) the queue's limit, min(backlog, somaxconn).
 * 1 - full when the length reaches the limit (the kernel lets it reach limit + 1): new
 *     connections are then dropped and counted in ListenOverflows;
 * 2 - nearly full from nearFullPct of the limit (limits of minLimitForNearFull or more);
 * 3 - without a known limit, a non-empty queue while ListenOverflows rises fires too;
 * 4 - critical when full and ListenOverflows rose during the sample; warning otherwise.
 */
function derive(facts: SocketFacts, options: AcceptQueueFullOptions = DEFAULTS): SocketFinding[] {
  const out: SocketFinding[] = [];
  const rose = risen(facts.deltas, ['ListenOverflows']);
  const overflowing = rose !== undefined && rose.length > 0;
  for (const l of facts.table.listeners) {
    const len = l.queueLength;
    if (len === undefined || len === 0) continue;
    const limit = l.queueLimit;
    let state: 'full' | 'near' | 'overflowing' | undefined;
    if (limit !== undefined) {
      if (len >= limit) state = 'full';
      else if (limit >= options.minLimitForNearFull && len >= (options.nearFullPct / 100) * limit) state = 'near';
    } else if (overflowing) state = 'overflowing';
    if (!state) continue;
    const where = endpoint(l.address, l.port);
    const owner = l.owners[0];
    const evidence: string[] = [
      cite(`accept queue length of ${where}`, len, 'ss -ltn (Recv-Q) / /proc/net/tcp (rx_queue)'),
      ...(limit !== undefined ? [cite(`accept queue limit of ${where}`, limit, 'ss -ltn (Send-Q)')] : []),
      cite(`SYN_RECV on port ${l.port}`, l.synRecv, facts.source),
      ...counterEvidence(facts.counters, facts.deltas, ['ListenOverflows', 'ListenDrops']),
      ...(facts.sysctls.somaxconn !== undefined ? [cite('net.core.somaxconn', facts.sysctls.somaxconn, 'sysctl')] : []),
    ];
    const what =
      state === 'full'
        ? `full (${len}/${limit})`
        : state === 'near'
          ? `nearly full (${len}/${limit})`
          : `holding ${len} while ListenOverflows rises`;
    out.push({
      id: 'accept-queue-full',
      source: facts.source,
      severity: state === 'full' && overflowing ? 'critical' : 'warning',
      title: `accept queue of ${where} is ${what}${owner ? ` — ${owner.name ?? '?'} (pid ${owner.pid})` : ''}`,
      explanation:
        `The kernel completed these handshakes but ` +
        `${owner ? `${owner.name ?? 'the program'} (pid ${owner.pid})` : 'the program'} has not accept()ed them. ` +
        `At the limit, new connections are dropped (ListenOverflows) and clients see timeouts and retries. ` +
        `Either it accepts too slowly (a blocked event loop, too few workers) or its backlog is too small: ` +
        `listen(backlog) is capped by net.core.somaxconn (${facts.sysctls.somaxconn ?? '?'}).` +
        (rose === undefined
          ? ' Whether ListenOverflows is rising was not measured: run again with --delta 2.'
          : overflowing
            ? ` ListenOverflows rose by ${facts.deltas!.counters.ListenOverflows?.delta} during the sample.`
            : ''),
      evidence,
      nextSteps: [
        `ss -ltn '( sport = :${l.port} )'`,
        'nstat -az TcpExtListenOverflows TcpExtListenDrops',
        ...(owner ? [`top -H -p ${owner.pid}`] : []),
      ],
      subject: { localPort: l.port, ...(l.owners.length ? { processes: l.owners } : {}) },
    });
  }
  return out;
}

/** The accept-queue-full rule: its id, default thresholds and derivation. */
export const acceptQueueFull: SocketRule<'accept-queue-full', AcceptQueueFullOptions> = {
  id: 'accept-queue-full',
  defaults: DEFAULTS,
  derive,
};

import { ephemeralPortCount } from '../sysctls.js';
import { cite, endpoint, holders } from './shared.js';
import type { SocketFacts, SocketFinding, SocketRule } from './types.js';

/** Thresholds of the port-exhaustion rule. */
export interface EphemeralPortExhaustionOptions {
  /** TIME_WAIT toward one destination as a share of the ephemeral range (percent) that warns (default 30). */
  warnPct: number;
  /** ...that is critical (default 60). */
  criticalPct: number;
}

const DEFAULTS: EphemeralPortExhaustionOptions = { warnPct: 30, criticalPct: 60 };

const pct = (n: number, of: number) => Math.round((1000 * n) / of) / 10;

/**
 * TIME_WAIT eating the ephemeral port range toward one destination.
 * A connection is unique by (local address, local port, remote address, remote port), so
 * every destination (remote address and port) has the whole ephemeral range to itself, and
 * a closed connection keeps its local port for 60 s in TIME_WAIT.
 * 1 - for each destination, count TIME_WAIT sockets whose local port lies in
 *     net.ipv4.ip_local_port_range;
 * 2 - as a share of the range's size: warning from warnPct, critical from criticalPct;
 * 3 - the advice is connection reuse (keep-alive, pooling) first, then tcp_tw_reuse=1 for
 *     outgoing connections, then a wider range. (tcp_tw_recycle is never advised: it broke
 *     clients behind NAT and Linux 4.12 removed it.)
 * Without a known range (not Linux) the rule does not run.
 */
function derive(facts: SocketFacts, options: EphemeralPortExhaustionOptions = DEFAULTS): SocketFinding[] {
  const size =
    ephemeralPortCount(facts.sysctls) ??
    (facts.table.ephemeralRange ? facts.table.ephemeralRange[1] - facts.table.ephemeralRange[0] + 1 : undefined);
  const range = facts.sysctls.ipLocalPortRange ?? facts.table.ephemeralRange;
  if (size === undefined || size <= 0 || !range) return [];
  const out: SocketFinding[] = [];
  for (const d of facts.table.destinations) {
    const share = pct(d.timeWaitInRange, size);
    if (share < options.warnPct) continue;
    const dest = endpoint(d.address, d.port);
    const inUse = pct(d.ephemeralPortsInUse, size);
    const who = holders(d.processes, 'ESTABLISHED');
    const reuse = facts.sysctls.tcpTwReuse;
    const evidence: string[] = [
      cite(`TIME_WAIT toward ${dest} from ephemeral ports`, d.timeWaitInRange, facts.source),
      cite('ephemeral ports in the range', size, 'sysctl net.ipv4.ip_local_port_range'),
      cite('share of the range in TIME_WAIT (%)', share, 'computed'),
      cite(`ephemeral ports in use toward ${dest} (all states)`, d.ephemeralPortsInUse, facts.source),
      cite('net.ipv4.ip_local_port_range', `${range[0]} ${range[1]}`, 'sysctl'),
    ];
    if (reuse !== undefined) evidence.push(cite('net.ipv4.tcp_tw_reuse', reuse, 'sysctl'));
    const reuseAdvice =
      reuse === 1
        ? 'tcp_tw_reuse is already 1, so the kernel reuses TIME_WAIT ports when timestamps allow; reuse connections ' +
          'instead of opening one per request.'
        : `Set net.ipv4.tcp_tw_reuse=1 (now ${reuse ?? '?'}${reuse === 2 ? ', loopback only' : ''}) to let new ` +
          `outgoing connections take over TIME_WAIT ports (safe with TCP timestamps).`;
    out.push({
      id: 'ephemeral-port-exhaustion',
      source: facts.source,
      severity: share >= options.criticalPct ? 'critical' : 'warning',
      title: `${d.timeWaitInRange} TIME_WAIT toward ${dest}: ${share}% of the ${size} ephemeral ports`,
      explanation:
        `Every connection to ${dest} takes a local port from ${range[0]}–${range[1]}, and each one closed from ` +
        `this side keeps its port for 60 s in TIME_WAIT. ` +
        `${share}% of the range is in TIME_WAIT toward ${dest} (${inUse}% in use counting open connections); when it ` +
        `runs out, connect() fails with "Cannot assign requested address" (EADDRNOTAVAIL). ` +
        `Open fewer connections: reuse them (HTTP keep-alive, a connection pool) instead of one per request. ` +
        `${reuseAdvice} Widening net.ipv4.ip_local_port_range only buys headroom.` +
        (who.length
          ? ` Open connections to ${dest} belong to ${who
              .slice(0, 3)
              .map((h) => `${h.owner.name ?? '?'} (pid ${h.owner.pid})`)
              .join(', ')}, the likely source.`
          : ''),
      evidence,
      nextSteps: [
        `ss -tan state time-wait '( dst ${dest} )' | wc -l`,
        'sysctl net.ipv4.ip_local_port_range net.ipv4.tcp_tw_reuse',
        `ss -tanp '( dst ${dest} )'`,
      ],
      subject: {
        remoteAddress: d.address,
        remotePort: d.port,
        ...(who.length ? { processes: who.map((h) => h.owner) } : {}),
      },
    });
  }
  return out;
}

/** The ephemeral-port-exhaustion rule: its id, default thresholds and derivation. */
export const ephemeralPortExhaustion: SocketRule<'ephemeral-port-exhaustion', EphemeralPortExhaustionOptions> = {
  id: 'ephemeral-port-exhaustion',
  defaults: DEFAULTS,
  derive,
};

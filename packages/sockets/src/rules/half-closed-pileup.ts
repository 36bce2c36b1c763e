import { cite, describeHolders, groupsOf, holders, subjectOf } from './shared.js';
import type { SocketFacts, SocketFinding, SocketRule } from './types.js';

/** Thresholds of the FIN_WAIT_2 / LAST_ACK rule. */
export interface HalfClosedPileupOptions {
  /** FIN_WAIT_2 sockets on one port or toward one destination that fire the rule (default 20). */
  minFinWait2: number;
  /** LAST_ACK sockets on one port or toward one destination that fire the rule (default 20). */
  minLastAck: number;
}

const DEFAULTS: HalfClosedPileupOptions = { minFinWait2: 20, minLastAck: 20 };

/**
 * Connections stuck half-way through closing.
 * 1 - FIN_WAIT_2: this side closed and the peer acknowledged, but the peer never closes its own
 *     side — it half-closes, or is stuck, or vanished after the ACK. A group (local port or
 *     destination) with minFinWait2 fires; orphaned ones die after net.ipv4.tcp_fin_timeout, those
 *     a program still holds (after shutdown()) wait forever;
 * 2 - LAST_ACK: the peer closed, this side answered with its FIN, and the final ACK never came —
 *     the peer vanished or a firewall drops its packets; minLastAck in a group fires;
 * 3 - warnings, with the holders named where a process still holds the sockets.
 */
function derive(facts: SocketFacts, options: HalfClosedPileupOptions = DEFAULTS): SocketFinding[] {
  const out: SocketFinding[] = [];
  const finTimeout = facts.sysctls.tcpFinTimeoutS;
  for (const g of groupsOf(facts)) {
    const fw2 = g.states.FIN_WAIT_2 ?? 0;
    if (fw2 >= options.minFinWait2) {
      const who = holders(g.processes, 'FIN_WAIT_2');
      const held = who.length
        ? 'these are still held by a program after shutdown(), so they wait until it closes them: ' +
          describeHolders(who, facts)
        : 'sockets a program still holds (after shutdown()) wait until it closes them';
      out.push({
        id: 'half-closed-pileup',
        source: facts.source,
        severity: 'warning',
        title: `${fw2} FIN_WAIT_2 sockets on ${g.label}: peers that never close their side`,
        explanation:
          `This side closed these connections and the peers acknowledged, but they never sent their own FIN: they ` +
          `half-close and keep going, are stuck, or vanished right after the ACK. ` +
          `Orphaned sockets are dropped after net.ipv4.tcp_fin_timeout (${finTimeout ?? '?'} s); ` +
          `${held}.`,
        evidence: [
          cite(`FIN_WAIT_2 on ${g.label}`, fw2, facts.source),
          cite('FIN_WAIT_2 in the whole table', facts.table.states.FIN_WAIT_2, facts.source),
          ...(finTimeout !== undefined ? [cite('net.ipv4.tcp_fin_timeout', finTimeout, 'sysctl')] : []),
          ...who
            .slice(0, 5)
            .map((h) => cite(`held by ${h.owner.name ?? '?'} (pid ${h.owner.pid})`, h.count, '/proc/<pid>/fd')),
        ],
        nextSteps: [
          `ss -tanop state fin-wait-2 '${g.ssFilter}'`,
          `tcpdump -ni any 'tcp port ${g.port} and tcp[tcpflags] & (tcp-fin|tcp-rst) != 0'`,
        ],
        subject: subjectOf(g, who),
      });
    }
    const la = g.states.LAST_ACK ?? 0;
    if (la >= options.minLastAck) {
      out.push({
        id: 'half-closed-pileup',
        source: facts.source,
        severity: 'warning',
        title: `${la} LAST_ACK sockets on ${g.label}: peers that vanish while closing`,
        explanation:
          'The peers closed these connections, this side answered with its own FIN, and the final ACK never came ' +
          'back: the peers vanished (crashed, unplugged, NAT mapping expired) or a firewall drops their packets. ' +
          'The kernel retransmits the FIN for minutes before giving up. No program holds them any more.',
        evidence: [
          cite(`LAST_ACK on ${g.label}`, la, facts.source),
          cite('LAST_ACK in the whole table', facts.table.states.LAST_ACK, facts.source),
        ],
        nextSteps: [
          `ss -tano state last-ack '${g.ssFilter}'`,
          `tcpdump -ni any 'tcp port ${g.port} and tcp[tcpflags] & (tcp-fin|tcp-rst) != 0'`,
        ],
        subject: subjectOf(g, []),
      });
    }
  }
  return out;
}

/** The half-closed-pileup rule: its id, default thresholds and derivation. */
export const halfClosedPileup: SocketRule<'half-closed-pileup', HalfClosedPileupOptions> = {
  id: 'half-closed-pileup',
  defaults: DEFAULTS,
  derive,
};

import type { TcpCounterName } from '../kernel-counters.js';
import { cite, counterEvidence, RISE_NOT_MEASURED, risen } from './shared.js';
import type { SocketFacts, SocketFinding, SocketRule } from './types.js';

/** Thresholds of the SYN_RECV rule. */
export interface SynRecvPressureOptions {
  /** SYN_RECV sockets in the whole table that are "many" (default 100). */
  minSynRecv: number;
  /** SYN_RECV on one listening port that are "many" when its SYN queue share is also high (default 16). */
  minPerListener: number;
  /** SYN_RECV on a port as a share of its listener's queue limit (percent) that marks it as filling (default 50). */
  listenerSharePct: number;
}

const DEFAULTS: SynRecvPressureOptions = { minSynRecv: 100, minPerListener: 16, listenerSharePct: 50 };

const FLOOD_COUNTERS: readonly TcpCounterName[] = [
  'SyncookiesSent',
  'ListenOverflows',
  'ListenDrops',
  'TCPReqQFullDrop',
];

/**
 * Many half-open connections (SYN_RECV): a SYN flood, or an accept queue too small for the load.
 * 1 - a listening port is "filling" when its SYN_RECV count is at least minPerListener and,
 *     when the listener's queue limit is known, at least listenerSharePct of it;
 * 2 - the rule fires when the table holds minSynRecv SYN_RECV sockets, or any port is filling;
 * 3 - critical when SyncookiesSent, ListenOverflows, ListenDrops or TCPReqQFullDrop rose during
 *     the sample (the kernel is turning connections away); warning otherwise, saying whether the
 *     rise was measured;
 * 4 - the explanation follows the counters: overflows = accept queue too small or the program too
 *     slow to accept; cookies = SYN queue full (flood or burst); nothing rising = handshakes that
 *     never complete (final ACKs lost, spoofed sources).
 */
function derive(facts: SocketFacts, options: SynRecvPressureOptions = DEFAULTS): SocketFinding[] {
  const total = facts.table.states.SYN_RECV;
  const byPort = new Map<number, { synRecv: number; limit: number | undefined }>();
  for (const l of facts.table.listeners) {
    const prev = byPort.get(l.port);
    byPort.set(l.port, { synRecv: l.synRecv, limit: prev?.limit ?? l.queueLimit });
  }
  const filling = [...byPort.entries()]
    .filter(
      ([, v]) =>
        v.synRecv >= options.minPerListener &&
        (v.limit === undefined || v.synRecv >= (options.listenerSharePct / 100) * v.limit),
    )
    .sort((a, b) => b[1].synRecv - a[1].synRecv);
  if (total < options.minSynRecv && filling.length === 0) return [];

  const rose = risen(facts.deltas, FLOOD_COUNTERS);
  const worst = filling[0];
  const where = worst
    ? ` on port ${worst[0]}${worst[1].limit !== undefined ? ` (queue limit ${worst[1].limit})` : ''}`
    : '';
  const evidence = buildEvidence(facts, filling);
  const parts = explain(
    facts,
    rose,
    `${total} connections are half-open ` +
      `(SYN_RECV: the kernel answered the SYN and waits for the client's final ACK)${where}.`,
  );
  return [
    {
      id: 'syn-recv-pressure',
      source: facts.source,
      severity: rose !== undefined && rose.length > 0 ? 'critical' : 'warning',
      title: `${total} half-open connections (SYN_RECV)${where}${rose?.length ? `, ${rose.join(', ')} rising` : ''}`,
      explanation: parts.join(' '),
      evidence,
      nextSteps: [
        worst ? `ss -tn state syn-recv '( sport = :${worst[0]} )'` : 'ss -tn state syn-recv',
        'nstat -az TcpExtSyncookiesSent TcpExtListenOverflows TcpExtListenDrops TcpExtTCPReqQFullDrop',
        worst
          ? `tcpdump -ni any 'tcp port ${worst[0]} and tcp[tcpflags] & (tcp-syn|tcp-ack) != 0'`
          : "tcpdump -ni any 'tcp[tcpflags] & tcp-syn != 0'",
      ],
      subject: worst ? { localPort: worst[0] } : {},
    },
  ];
}

type Filling = [port: number, counts: { synRecv: number; limit: number | undefined }];

/** The counts, counters and sysctls the finding rests on. */
function buildEvidence(facts: SocketFacts, filling: readonly Filling[]): string[] {
  const evidence: string[] = [cite('SYN_RECV sockets', facts.table.states.SYN_RECV, facts.source)];
  for (const [port, v] of filling.slice(0, 5)) {
    evidence.push(cite(`SYN_RECV on port ${port}`, v.synRecv, facts.source));
    if (v.limit !== undefined) evidence.push(cite(`accept queue limit of port ${port}`, v.limit, 'ss -ltn (Send-Q)'));
  }
  evidence.push(...counterEvidence(facts.counters, facts.deltas, FLOOD_COUNTERS));
  if (facts.sysctls.tcpSyncookies !== undefined)
    evidence.push(cite('net.ipv4.tcp_syncookies', facts.sysctls.tcpSyncookies, 'sysctl'));
  if (facts.sysctls.somaxconn !== undefined)
    evidence.push(cite('net.core.somaxconn', facts.sysctls.somaxconn, 'sysctl'));
  if (facts.sysctls.tcpMaxSynBacklog !== undefined)
    evidence.push(cite('net.ipv4.tcp_max_syn_backlog', facts.sysctls.tcpMaxSynBacklog, 'sysctl'));
  return evidence;
}

/** The explanation follows the counters (rule 4). */
function explain(facts: SocketFacts, rose: TcpCounterName[] | undefined, opening: string): string[] {
  const seconds = ((facts.deltas?.intervalMs ?? 0) / 1000).toFixed(1);
  const parts = [opening];
  if (rose === undefined) {
    parts.push(
      'That is a SYN flood (spoofed SYNs whose ACK never comes) or a burst bigger than the listen backlog.',
      RISE_NOT_MEASURED,
    );
  } else if (rose.length === 0) {
    parts.push(
      `No overflow or SYN-cookie counter rose during the ${seconds} s sample: ` +
        `the queue is not overflowing now, but these handshakes are not completing — final ACKs lost on the way (a ` +
        `filter dropping them) or clients that vanished (spoofed sources).`,
    );
  } else {
    if (rose.includes('SyncookiesSent') || rose.includes('TCPReqQFullDrop')) {
      const cookies =
        facts.sysctls.tcpSyncookies === 0
          ? ' SYN cookies are off, so the excess is dropped: set net.ipv4.tcp_syncookies=1.'
          : ' SYN cookies keep real clients connecting meanwhile.';
      parts.push(
        `The SYN queue is full (${rose.filter((n) => n === 'SyncookiesSent' || n === 'TCPReqQFullDrop').join(', ')} ` +
          `rising): a SYN flood, or more connection attempts than the backlog ` +
          `holds.${cookies}`,
      );
    }
    if (rose.includes('ListenOverflows') || rose.includes('ListenDrops')) {
      parts.push(
        `The accept queue overflows (ListenOverflows/ListenDrops rising): the program accepts connections more ` +
          `slowly than they arrive, or its listen() backlog is too small (capped by net.core.somaxconn = ` +
          `${facts.sysctls.somaxconn ?? '?'}).`,
      );
    }
  }
  return parts;
}

/** The syn-recv-pressure rule: its id, default thresholds and derivation. */
export const synRecvPressure: SocketRule<'syn-recv-pressure', SynRecvPressureOptions> = {
  id: 'syn-recv-pressure',
  defaults: DEFAULTS,
  derive,
};

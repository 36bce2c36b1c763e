import type { DestinationSummary, ProcessShare } from '../aggregate.js';
import { cite, describeHolders, endpoint, holders } from './shared.js';
import type { SocketFacts, SocketFinding, SocketRule } from './types.js';

/** Thresholds of the SYN_SENT rule. */
export interface SynSentStuckOptions {
  /** SYN_SENT sockets toward one destination that fire the rule (default 5). */
  minPerDestination: number;
  /** Distinct destinations with SYN_SENT that look like a scan or a fan-out (default 20). */
  scanDestinations: number;
  /** SYN_SENT in the whole table that fire the rule when spread too thin for the other two (default 20). */
  minTotal: number;
}

const DEFAULTS: SynSentStuckOptions = { minPerDestination: 5, scanDestinations: 20, minTotal: 20 };

const WHY =
  'SYN_SENT means the SYN got neither a SYN-ACK nor a reset: the peer is down or unreachable, or a firewall drops ' +
  'the SYNs silently (a reject would fail at once). Each attempt retries for about 2 minutes ' +
  '(net.ipv4.tcp_syn_retries).';

/**
 * Connection attempts that get no answer (SYN_SENT).
 * 1 - a destination with minPerDestination SYN_SENT sockets fires: unreachable or filtered;
 * 2 - SYN_SENT toward scanDestinations distinct destinations or more fires once: something is
 *     scanning, or fanning out to many dead peers; the processes are named;
 * 3 - otherwise minTotal SYN_SENT in the table fire one summary finding.
 */
function derive(facts: SocketFacts, options: SynSentStuckOptions = DEFAULTS): SocketFinding[] {
  const withSynSent = facts.table.destinations.filter((d) => (d.states.SYN_SENT ?? 0) > 0);
  if (withSynSent.length >= options.scanDestinations) return [scanFinding(facts, withSynSent)];
  const out = withSynSent.flatMap((d) => destinationFinding(facts, d, options) ?? []);
  if (out.length === 0 && facts.table.states.SYN_SENT >= options.minTotal) out.push(summaryFinding(facts, withSynSent));
  return out;
}

/** One finding for attempts toward many destinations at once (rule 2). */
function scanFinding(facts: SocketFacts, withSynSent: readonly DestinationSummary[]): SocketFinding {
  const total = facts.table.states.SYN_SENT;
  const merged = mergeShares(withSynSent.flatMap((d) => d.processes));
  const who = holders(merged, 'SYN_SENT');
  const ports = [...new Set(withSynSent.map((d) => d.port))];
  const addresses = [...new Set(withSynSent.map((d) => d.address))];
  const first = who[0]?.owner;
  const from = first ? ` from ${first.name ?? '?'} (pid ${first.pid})` : '';
  return {
    id: 'syn-sent-stuck',
    source: facts.source,
    severity: 'warning',
    title: `${total} unanswered connection attempts to ${withSynSent.length} destinations${from}`,
    explanation:
      `Attempts toward ${addresses.length} addresses and ${ports.length} ports at once look like a ` +
      `scan, or a program fanning out to many peers that are gone: ${describeHolders(who, facts)}. ${WHY}`,
    evidence: [
      cite('SYN_SENT sockets', total, facts.source),
      cite('destinations with SYN_SENT', withSynSent.length, facts.source),
      cite(
        'first destinations',
        withSynSent
          .slice(0, 8)
          .map((d) => endpoint(d.address, d.port))
          .join(', '),
        facts.source,
      ),
      ...who
        .slice(0, 5)
        .map((h) => cite(`SYN_SENT from ${h.owner.name ?? '?'} (pid ${h.owner.pid})`, h.count, '/proc/<pid>/fd')),
    ],
    nextSteps: [
      'ss -tanp state syn-sent',
      ...(first ? [`ls -l /proc/${first.pid}/exe; cat /proc/${first.pid}/cmdline | tr '\\0' ' '`] : []),
    ],
    subject: who.length ? { processes: who.map((h) => h.owner) } : {},
  };
}

/** A finding for one destination with minPerDestination attempts (rule 1); `undefined` below it. */
function destinationFinding(
  facts: SocketFacts,
  d: DestinationSummary,
  options: SynSentStuckOptions,
): SocketFinding | undefined {
  const n = d.states.SYN_SENT ?? 0;
  if (n < options.minPerDestination) return undefined;
  const dest = endpoint(d.address, d.port);
  const who = holders(d.processes, 'SYN_SENT');
  const evidence: string[] = [
    cite(`SYN_SENT toward ${dest}`, n, facts.source),
    cite(`ESTABLISHED toward ${dest}`, d.states.ESTABLISHED ?? 0, facts.source),
    ...who
      .slice(0, 5)
      .map((h) => cite(`SYN_SENT from ${h.owner.name ?? '?'} (pid ${h.owner.pid})`, h.count, '/proc/<pid>/fd')),
  ];
  const established = d.states.ESTABLISHED ?? 0;
  const answersSome =
    established > 0
      ? ` ${established} connections to it are established, so it answers some: ` +
        'a full accept queue, a rate limit or a flaky path.'
      : '';
  const first = who[0]?.owner;
  const by = first ? ` (${first.name ?? '?'}, pid ${first.pid})` : '';
  return {
    id: 'syn-sent-stuck',
    source: facts.source,
    severity: 'warning',
    title: `${n} connection attempts to ${dest} get no answer${by}`,
    explanation: `${dest} does not answer: ${describeHolders(who, facts)}. ${WHY}${answersSome}`,
    evidence,
    nextSteps: [
      `ss -tanp state syn-sent '( dst ${dest} )'`,
      `tcpdump -ni any 'host ${d.address} and tcp port ${d.port}'`,
      `traceroute -n -T -p ${d.port} ${d.address}`,
    ],
    subject: {
      remoteAddress: d.address,
      remotePort: d.port,
      ...(who.length ? { processes: who.map((h) => h.owner) } : {}),
    },
  };
}

/** One summary finding for attempts spread too thin for the other two (rule 3). */
function summaryFinding(facts: SocketFacts, withSynSent: readonly DestinationSummary[]): SocketFinding {
  const total = facts.table.states.SYN_SENT;
  return {
    id: 'syn-sent-stuck',
    source: facts.source,
    severity: 'warning',
    title: `${total} unanswered connection attempts (SYN_SENT)`,
    explanation: `${WHY} They are spread over ${withSynSent.length} destinations.`,
    evidence: [
      cite('SYN_SENT sockets', total, facts.source),
      cite(
        'destinations',
        withSynSent
          .slice(0, 8)
          .map((d) => `${endpoint(d.address, d.port)} ×${d.states.SYN_SENT}`)
          .join(', '),
        facts.source,
      ),
    ],
    nextSteps: ['ss -tanp state syn-sent'],
    subject: {},
  };
}

function mergeShares(shares: readonly ProcessShare[]): ProcessShare[] {
  const byPid = new Map<number, ProcessShare>();
  for (const s of shares) {
    const m = byPid.get(s.pid) ?? { pid: s.pid, name: s.name, total: 0, states: {} };
    m.total += s.total;
    for (const [k, v] of Object.entries(s.states) as [keyof ProcessShare['states'], number][])
      m.states[k] = (m.states[k] ?? 0) + v;
    byPid.set(s.pid, m);
  }
  return [...byPid.values()];
}

/** The syn-sent-stuck rule: its id, default thresholds and derivation. */
export const synSentStuck: SocketRule<'syn-sent-stuck', SynSentStuckOptions> = {
  id: 'syn-sent-stuck',
  defaults: DEFAULTS,
  derive,
};

import type { DestinationSummary, PortSummary, ProcessShare } from '../aggregate.js';
import type { CounterDeltas, TcpCounterName, TcpCounters } from '../kernel-counters.js';
import type { TcpState } from '../tcp-state.js';
import type { SocketOwner } from '../types.js';
import type { SocketFacts } from './types.js';

/** "host:port", with IPv6 in brackets. */
export function endpoint(address: string, port: number): string {
  return address.includes(':') ? `[${address}]:${port}` : `${address}:${port}`;
}

/** Processes holding sockets of `state` in a group, most first. */
export function holders(shares: readonly ProcessShare[], state: TcpState): { owner: SocketOwner; count: number }[] {
  return shares
    .map((s) => ({ owner: { pid: s.pid, name: s.name }, count: s.states[state] ?? 0 }))
    .filter((h) => h.count > 0)
    .sort((a, b) => b.count - a.count);
}

/** "nginx (pid 812) holds 40, java (pid 90) holds 2" or why nobody is named. */
export function describeHolders(list: readonly { owner: SocketOwner; count: number }[], facts: SocketFacts): string {
  if (list.length > 0)
    return list
      .slice(0, 5)
      .map((h) => `${h.owner.name ?? '?'} (pid ${h.owner.pid}) holds ${h.count}`)
      .join(', ');
  if (facts.table.attribution === 'none')
    return 'the process was not identified (processes were not attributed: run as root, or with --processes)';
  return 'no process holds them (they may belong to another network namespace, or to a process that exited)';
}

/** One line of evidence: "name = value (source)", numbers with thousands separators. */
export function cite(name: string, value: number | string, source: string): string {
  return `${name} = ${typeof value === 'number' ? value.toLocaleString('en-US') : value} (${source})`;
}

/** Evidence for the counters named: value now, and the rise over the interval when measured. */
export function counterEvidence(
  counters: TcpCounters | undefined,
  deltas: CounterDeltas | undefined,
  names: readonly TcpCounterName[],
): string[] {
  const out: string[] = [];
  for (const n of names) {
    const v = counters?.[n];
    if (v === undefined) continue;
    const d = deltas?.counters[n];
    const extended = n.startsWith('TCP') || n.startsWith('Listen') || n.startsWith('Syncookies');
    const source = extended ? '/proc/net/netstat (TcpExt)' : '/proc/net/snmp (Tcp)';
    // one entry per counter: its total, and how much it rose over the sample when there were two
    const rise =
      d?.delta !== undefined && deltas ? ` (+${d.delta} in ${(deltas.intervalMs / 1000).toFixed(1)} s)` : undefined;
    out.push(cite(n, rise ? `${v}${rise}` : v, source));
  }
  return out;
}

/** Which of `names` rose; `undefined` when the counters were sampled only once. */
export function risen(
  deltas: CounterDeltas | undefined,
  names: readonly TcpCounterName[],
): TcpCounterName[] | undefined {
  if (!deltas) return undefined;
  return names.filter((n) => (deltas.counters[n]?.delta ?? 0) > 0);
}

/** The sentence said when a rise was not measured. */
export const RISE_NOT_MEASURED =
  'Counters were read once, so whether they are rising was not measured: run again with --delta 2 (or --watch) to see.';

/** Every group of sockets a rule may look at, with how to name and filter it. */
export interface SocketGroup {
  kind: 'port' | 'destination';
  label: string;
  /** ss filter expression selecting the group. */
  ssFilter: string;
  port: number;
  address: string | undefined;
  states: PortSummary['states'];
  total: number;
  processes: ProcessShare[];
}

/** Ports (local side) and destinations (remote side) as one list of groups. */
export function groupsOf(facts: SocketFacts): SocketGroup[] {
  const ports = facts.table.ports.map(
    (p): SocketGroup => ({
      kind: 'port',
      label: `local port ${p.port}`,
      ssFilter: `( sport = :${p.port} )`,
      port: p.port,
      address: undefined,
      states: p.states,
      total: p.total,
      processes: p.processes,
    }),
  );
  const dests = facts.table.destinations.map(
    (d: DestinationSummary): SocketGroup => ({
      kind: 'destination',
      label: `connections to ${endpoint(d.address, d.port)}`,
      ssFilter: `( dst ${endpoint(d.address, d.port)} )`,
      port: d.port,
      address: d.address,
      states: d.states,
      total: d.total,
      processes: d.processes,
    }),
  );
  return [...ports, ...dests];
}

/** The subject of a finding about a group. */
export function subjectOf(
  g: SocketGroup,
  owners: readonly { owner: SocketOwner }[],
): { localPort?: number; remoteAddress?: string; remotePort?: number; processes?: SocketOwner[] } {
  const processes = owners.map((o) => o.owner);
  return g.kind === 'port'
    ? { localPort: g.port, ...(processes.length ? { processes } : {}) }
    : { remoteAddress: g.address, remotePort: g.port, ...(processes.length ? { processes } : {}) };
}

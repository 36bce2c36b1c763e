import type { Platform } from '@netcheck/core';
import type { SocketRuleOverrides } from '../rules/index.js';
import type { SocketFilter } from '../types.js';

/** Where a socket table can be read. */
export type TableSourceKind = 'proc' | 'ss' | 'netstat';

/** Options of `inspectSockets` that shape the plan (I/O handles such as the runner are not part of it). */
export interface InspectPlanOptions {
  /** Count only part of the table: a port, states, a peer, a process. */
  filter?: SocketFilter | undefined;
  /**
   * Attribute sockets to processes through /proc/<pid>/fd: 'all' always; 'none' never;
   * 'auto' (default) for every socket when at most `processScanMaxSockets` sockets have an
   * owner, and otherwise only for the sockets a finding is about (CLOSE_WAIT, SYN_SENT, FIN_WAIT_2).
   */
  processes?: 'auto' | 'all' | 'none' | undefined;
  /** 'auto' attribution limit (default 20,000: about 0.1 s of readlink). */
  processScanMaxSockets?: number | undefined;
  /** States only: no breakdowns, listeners, processes, audit or findings, no object per socket (default false). */
  countsOnly?: boolean | undefined;
  /**
   * Take a first sample, wait this long, then the full one, so counters that rise (SYN cookies,
   * overflows) and state changes are measured. Default 0: one sample, rises not measured.
   */
  deltaMs?: number | undefined;
  /**
   * Examine idle times of ESTABLISHED sockets (ss -tnoie) when there are at most this many (default 5,000;
   * 0 never).
   */
  idleScanMax?: number | undefined;
  /**
   * Read the listeners' accept queue limits with `ss -ltn` (/proc/net/tcp has none): 'auto' (default)
   * when the table is small (at most processScanMaxSockets sockets) or some accept queue is not empty,
   * so a large table with idle queues spawns nothing; 'always'; 'never'.
   */
  listenerLimits?: 'auto' | 'always' | 'never' | undefined;
  /** Keep up to this many matching sockets as objects in `sockets` (default 0). */
  keepSockets?: number | undefined;
  /** Entries kept in each breakdown (ports, destinations, peers, processes); default 10. */
  top?: number | undefined;
  /** Rule thresholds (see SOCKET_RULE_DEFAULTS). */
  rules?: SocketRuleOverrides | undefined;
  /** Where procfs is mounted (tests); default '/proc'. */
  procRoot?: string | undefined;
  /** Where the table comes from: 'auto' (default: /proc on Linux, falling back to ss then netstat), or one of them. */
  source?: 'auto' | TableSourceKind | undefined;
}

/** What `inspectSockets` will do, as plain data: built by `buildInspectPlan`, carried out by the loop. */
export interface InspectPlan {
  platform: Platform;
  procRoot: string;
  /** Table sources to try, in order; the first that reads wins. */
  sources: TableSourceKind[];
  /** Read sysctls and kernel counters from procfs (Linux). */
  readKernel: boolean;
  /** State counts only: no breakdowns, attribution, listener limits, idle scan, audit or findings. */
  countsOnly: boolean;
  /** Wait between the first and the second sample; 0 = one sample. */
  deltaMs: number;
  /** Scan idle times (ss -tnoie) when CurrEstab is at most this; 0 = never. */
  idleScanMax: number;
  listenerLimits: 'auto' | 'always' | 'never';
  processes: 'auto' | 'all' | 'none';
  processScanMaxSockets: number;
  keepSockets: number;
  top: number;
  /** Ephemeral range assumed where it is not read (macOS, Windows: the IANA dynamic range). */
  assumedEphemeralRange: [number, number] | undefined;
  /** Name netstat's sockets' owners with lsof (macOS). */
  ownersFromLsof: boolean;
}

/** The defaults the plan fills in. */
export const INSPECT_DEFAULTS = { processScanMaxSockets: 20_000, idleScanMax: 5_000, top: 10, keepSockets: 0 };

/**
 * The table sources to try, in order.
 * 1 - Linux, 'auto': /proc/net/tcp (no process spawned), then ss, then netstat;
 * 2 - Linux, one source named: that one only;
 * 3 - elsewhere: netstat (there is no /proc, and ss is Linux's), and nothing when ss is asked for.
 */
export function buildTableSources(platform: Platform, source: InspectPlanOptions['source']): TableSourceKind[] {
  const asked = source ?? 'auto';
  if (platform === 'linux') return asked === 'auto' ? ['proc', 'ss', 'netstat'] : [asked];
  return asked === 'ss' ? [] : ['netstat'];
}

/** The plan of one inspection (pure). */
export function buildInspectPlan(options: InspectPlanOptions, platform: Platform): InspectPlan {
  const countsOnly = options.countsOnly === true;
  return {
    platform,
    procRoot: options.procRoot ?? '/proc',
    sources: buildTableSources(platform, options.source),
    readKernel: platform === 'linux',
    countsOnly,
    deltaMs: options.deltaMs ?? 0,
    idleScanMax: options.idleScanMax ?? INSPECT_DEFAULTS.idleScanMax,
    listenerLimits: options.listenerLimits ?? 'auto',
    processes: options.processes ?? 'auto',
    processScanMaxSockets: options.processScanMaxSockets ?? INSPECT_DEFAULTS.processScanMaxSockets,
    keepSockets: options.keepSockets ?? INSPECT_DEFAULTS.keepSockets,
    top: options.top ?? INSPECT_DEFAULTS.top,
    assumedEphemeralRange: platform === 'linux' ? undefined : [49152, 65535],
    ownersFromLsof: platform === 'darwin' && !countsOnly && options.processes !== 'none',
  };
}

/**
 * Whether to read the listeners' accept queue limits with `ss -ltn` (/proc has none).
 * 1 - only for a full report on Linux whose table came from /proc (ss and netstat give them or never will);
 * 2 - 'always' yes, 'never' no;
 * 3 - 'auto' when the table is small (at most processScanMaxSockets) or some accept queue is not empty.
 */
export function decideListenerLimits(
  plan: InspectPlan,
  table: { kind: TableSourceKind; total: number; anyQueueWaiting: boolean },
): boolean {
  if (plan.countsOnly || plan.platform !== 'linux' || table.kind !== 'proc') return false;
  if (plan.listenerLimits !== 'auto') return plan.listenerLimits === 'always';
  return table.total <= plan.processScanMaxSockets || table.anyQueueWaiting;
}

/** Whether to scan idle times: a full report on Linux with CurrEstab known and at most idleScanMax. */
export function decideIdleScan(plan: InspectPlan, currEstab: number | undefined): boolean {
  if (plan.countsOnly || plan.platform !== 'linux' || plan.idleScanMax <= 0) return false;
  return currEstab !== undefined && currEstab <= plan.idleScanMax;
}

/**
 * How many sockets with an inode the /proc aggregator remembers for attribution.
 * 1 - none for counts, or with processes 'none';
 * 2 - all when a process filter found the owners already, or with processes 'all';
 * 3 - otherwise up to processScanMaxSockets, and only 1 (give up at once) when sockstat's "inuse" (every
 *     socket but TIME_WAIT, so a bound on those that can have an owner) is already above that.
 */
export function decideRememberOwned(
  plan: InspectPlan,
  statesOnly: boolean,
  ownersKnown: boolean,
  tcpInUse: number | undefined,
): number {
  if (statesOnly || plan.processes === 'none') return 0;
  if (ownersKnown || plan.processes === 'all') return Number.MAX_SAFE_INTEGER;
  return (tcpInUse ?? 0) > plan.processScanMaxSockets ? 1 : plan.processScanMaxSockets;
}

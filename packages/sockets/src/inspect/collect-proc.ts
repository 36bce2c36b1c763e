import { compileFilter, makeSocketAggregator, makeStateCounter } from '../aggregate.js';
import type { SocketAggregator, SocketTable } from '../aggregate.js';
import { findProcesses, readSocketOwners } from '../read-owners.js';
import { readProcTcpTables } from '../read-proc.js';
import type { StateCounts } from '../tcp-state.js';
import type { SocketFilter, SocketOwner } from '../types.js';
import type { CollectInput, CollectOutcome, FailedRead, TableSource } from './collected.js';
import type { InspectPlan } from './plan.js';
import { decideRememberOwned } from './plan.js';

const PROC_WHAT = '/proc/net/tcp, /proc/net/tcp6';
/** CLOSE_WAIT/SYN_SENT/FIN_WAIT_2 inodes remembered to name their processes in findings. */
const WATCHED_LIMIT = 100_000;

const PROC_FAILED: FailedRead = {
  kind: 'proc',
  summary: '/proc/net/tcp could not be read',
  failure: {
    ok: false,
    reason: 'permission-denied',
    detail: '/proc/net/tcp and /proc/net/tcp6 could not be read',
    hint: 'is /proc mounted? run: cat /proc/net/tcp',
  },
};

/**
 * Count the table's states only, from /proc (the cheap path of `--watch` and `countsOnly`).
 * `undefined` when /proc/net/tcp cannot be read.
 */
export function countSocketStates(
  procRoot = '/proc',
): { states: StateCounts; total: number; durationMs: number } | undefined {
  const counter = makeStateCounter();
  const read = readProcTcpTables({ state: counter.state }, procRoot);
  if (read.files.every((f) => f.sockets === undefined)) return undefined;
  return { states: counter.counts(), total: counter.total, durationMs: read.durationMs };
}

/** The sockets of the processes a filter names: inode -> owners, from /proc/<pid>/fd of those processes. */
export function readFilterOwners(
  filter: SocketFilter | undefined,
  procRoot: string,
): Map<number, SocketOwner[]> | undefined {
  const proc = filter?.process;
  if (proc === undefined) return undefined;
  const pids = findProcesses(proc, procRoot);
  return readSocketOwners('all', { procRoot, pids, sameNetnsOnly: false }).owners;
}

/** The input with the filter compiled against the inodes of the processes it names. */
export function compileProcFilter(filter: SocketFilter | undefined, owners: Map<number, SocketOwner[]> | undefined) {
  return compileFilter(filter, owners ? new Set(owners.keys()) : undefined);
}

/** Read the table from /proc/net/tcp{,6}: states only when nothing more is needed, else aggregated. */
export function collectFromProc(plan: InspectPlan, input: CollectInput, tcpInUse: number | undefined): CollectOutcome {
  if (input.statesOnly && !input.filter) {
    const counted = countSocketStates(plan.procRoot);
    if (!counted) return { ok: false, failed: PROC_FAILED };
    const table = buildStatesOnlyTable(counted.states, counted.total);
    const source = procSource(counted.durationMs);
    return {
      ok: true,
      collected: {
        table,
        source,
        warnings: [],
        aggregator: undefined,
        ownerMap: undefined,
        attributionNote: undefined,
      },
    };
  }
  const remember = decideRememberOwned(plan, input.statesOnly, input.filterOwners !== undefined, tcpInUse);
  const agg = makeSocketAggregator({
    ephemeralRange: input.ephemeralRange,
    filter: input.filter,
    keepSockets: plan.keepSockets,
    rememberOwned: remember,
    rememberWatched: input.statesOnly || plan.processes === 'none' ? 0 : WATCHED_LIMIT,
  });
  const read = readProcTcpTables({ row: (r) => agg.add(r) }, plan.procRoot);
  if (read.files.every((f) => f.sockets === undefined)) return { ok: false, failed: PROC_FAILED };
  const owners = input.statesOnly ? { ownerMap: undefined, note: undefined } : attributeOwners(plan, input, agg);
  return {
    ok: true,
    collected: {
      table: agg.result(),
      source: procSource(read.durationMs),
      warnings: read.warnings,
      aggregator: agg,
      ownerMap: owners.ownerMap,
      attributionNote: owners.note,
    },
  };
}

/** Give the aggregated sockets their processes: the filter's owners, or a walk of /proc/<pid>/fd when small enough. */
function attributeOwners(
  plan: InspectPlan,
  input: CollectInput,
  agg: SocketAggregator,
): { ownerMap: Map<number, SocketOwner[]> | undefined; note: string | undefined } {
  if (input.filterOwners) {
    agg.attachOwners(input.filterOwners);
    return { ownerMap: input.filterOwners, note: undefined };
  }
  if (plan.processes === 'none') return { ownerMap: undefined, note: 'not attributed (processes: none)' };
  const owned = agg.ownedInodes();
  if (!owned || agg.ownedOverflow) {
    const note =
      `not attributed: more than ${plan.processScanMaxSockets} sockets have owners, and walking every ` +
      "process's file descriptors would take long (use --processes, or --process NAME|PID for one)";
    return { ownerMap: undefined, note };
  }
  const scan = readSocketOwners(owned, { procRoot: plan.procRoot });
  agg.attachOwners(scan.owners);
  const note =
    scan.denied > 0
      ? `${scan.denied} processes could not be examined (not root): their sockets have no owner here`
      : undefined;
  return { ownerMap: scan.owners, note };
}

function procSource(durationMs: number): TableSource {
  return { kind: 'proc', what: PROC_WHAT, durationMs };
}

/** A table of counts only (no breakdowns): what the cheap state count gives. */
export function buildStatesOnlyTable(states: StateCounts, total: number): SocketTable {
  return {
    total,
    states,
    ports: [],
    destinations: [],
    peers: [],
    listeners: [],
    processes: undefined,
    attribution: 'none',
    keepalive: { established: states.ESTABLISHED, keepalive: 0, noTimer: 0, busy: 0, unknown: states.ESTABLISHED },
    ephemeralRange: undefined,
    sockets: [],
  };
}

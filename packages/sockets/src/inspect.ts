import type { CommandRunner, Platform, ProbeFailure, Skipped } from '@netcheck/core';
import { setTimeout as sleep } from 'node:timers/promises';
import { isIP } from 'node:net';
import { createExecaRunner, detectPlatform, NetcheckError } from '@netcheck/core';
import type { SocketTable } from './aggregate.js';
import type { TcpCounters } from './kernel-counters.js';
import { deriveCounterDeltas } from './kernel-counters.js';
import { mergeListenerLimits } from './merge-listeners.js';
import { readSocketOwners } from './read-owners.js';
import { readProcCounters, readProcSysctls } from './read-proc.js';
import { deriveSocketFindings, makeRuleOptions } from './rules/index.js';
import type { IdleScan, SocketFacts, SocketFindingId } from './rules/types.js';
import { querySsEstablished, querySsListeners } from './run-tools.js';
import type { TcpSysctls } from './sysctls.js';
import type { StateCounts } from './tcp-state.js';
import { TCP_STATES } from './tcp-state.js';
import type { SocketFilter, TcpSocket } from './types.js';
import type { SocketReport } from './inspect/build-report.js';
import { buildSocketReport, subtractStates, tableName } from './inspect/build-report.js';
import type { CollectedTable, FailedRead } from './inspect/collected.js';
import { buildTableFailure } from './inspect/collected.js';
import { collectFromProc, compileProcFilter, readFilterOwners } from './inspect/collect-proc.js';
import type { ToolIo } from './inspect/collect-tool.js';
import { collectFromTool } from './inspect/collect-tool.js';
import { buildIdleScan, buildIdleSkip, summariseIdle } from './inspect/idle-scan.js';
import type { InspectPlan, InspectPlanOptions } from './inspect/plan.js';
import { buildInspectPlan, decideIdleScan, decideListenerLimits } from './inspect/plan.js';

/** Options of `inspectSockets`. Every field is optional. */
export interface InspectSocketsOptions extends InspectPlanOptions {
  runner?: CommandRunner | undefined;
  signal?: AbortSignal | undefined;
  /** Whose tools to use; this machine's by default. */
  platform?: Platform | undefined;
}

/** Findings that name processes: worth a late lookup of the sockets they are about. */
const NEEDS_OWNERS: ReadonlySet<SocketFindingId> = new Set(['close-wait-leak', 'syn-sent-stuck', 'half-closed-pileup']);

/** The I/O an inspection does beside the table: the plan, the runner, and the kernel's settings. */
interface Inspection {
  plan: InspectPlan;
  options: InspectSocketsOptions;
  io: ToolIo;
  sysctls: TcpSysctls | undefined;
}

/**
 * Inspect the TCP sockets of this network namespace: counts per state, breakdowns by
 * local port, destination, peer and process, listeners and their accept queues, kernel
 * counters, the sysctl audit and findings. Never throws for what it finds: a table that
 * cannot be read comes back as `ok: false` with a failure and a hint.
 * On Linux it streams /proc/net/tcp{,6} (no process spawned for the counts); `ss -ltn`
 * adds the listeners' queue limits and `ss -tnoie` idle times when the table is small.
 */
export async function inspectSockets(options: InspectSocketsOptions = {}): Promise<SocketReport> {
  const started = performance.now();
  const problem = options.filter ? validateSocketFilter(options.filter) : undefined;
  if (problem) throw new NetcheckError('usage', `invalid socket filter: ${problem}`);
  const plan = buildInspectPlan(options, options.platform ?? detectPlatform());
  const io: ToolIo = { runner: options.runner ?? createExecaRunner(), signal: options.signal };
  const sysctls = plan.readKernel ? readProcSysctls(plan.procRoot) : undefined;
  const run: Inspection = { plan, options, io, sysctls };

  const first = plan.deltaMs > 0 ? await takeFirstSample(run) : undefined;
  const countersRead = plan.readKernel ? readProcCounters(plan.procRoot) : undefined;
  const counters = countersRead?.counters;
  const takenAt = new Date().toISOString();
  // Spawned before the (synchronous) /proc read so it runs alongside it.
  const idleQuery = decideIdleScan(plan, counters?.CurrEstab) ? querySsEstablished(io.runner, io.signal) : undefined;
  const got = await readTable(run, false, countersRead?.sockstat?.tcpInUse);
  const report = {
    platform: plan.platform,
    takenAt,
    filter: options.filter,
    counters,
    sockstat: countersRead?.sockstat,
    sysctls,
    countsOnly: plan.countsOnly,
    top: plan.top,
  };
  const warnings = [...(countersRead?.warnings ?? [])];
  if (!got.ok) {
    await idleQuery?.catch(() => undefined);
    return buildSocketReport({
      ...report,
      read: { failure: got.failure },
      ...nothingDerived(),
      notes: [],
      warnings,
      durationMs: performance.now() - started,
    });
  }
  const c = got.collected;
  warnings.push(...c.warnings);
  const deltas = first?.counters && counters ? deriveCounterDeltas(first.counters, counters, plan.deltaMs) : undefined;
  const stateDeltas = first?.states ? subtractStates(c.table.states, first.states) : undefined;
  const derived = plan.countsOnly
    ? { ...nothingDerived(), table: c.table, notes: [] }
    : await deriveFromTable(run, c, { counters, deltas, stateDeltas, idleQuery, warnings });
  return buildSocketReport({
    ...report,
    ...derived,
    read: { table: derived.table, source: c.source },
    deltas,
    stateDeltas,
    warnings,
    durationMs: performance.now() - started,
  });
}

function nothingDerived() {
  return { deltas: undefined, stateDeltas: undefined, idle: undefined, findings: [], attributionNote: undefined };
}

/** The first of two samples: counters and state counts, then the wait; nothing when the wait was cut short. */
async function takeFirstSample(
  run: Inspection,
): Promise<{ counters: TcpCounters | undefined; states: StateCounts | undefined } | undefined> {
  const { plan } = run;
  const counters = plan.readKernel ? readProcCounters(plan.procRoot).counters : undefined;
  const got = await readTable(run, true, undefined);
  const t0 = performance.now();
  await sleep(plan.deltaMs, undefined, { signal: run.io.signal }).catch(() => undefined);
  // interrupted: no honest interval to report
  if (performance.now() - t0 < plan.deltaMs * 0.9) return undefined;
  return { counters, states: got.ok ? got.collected.table.states : undefined };
}

/** Carry out the plan's table sources in order; the first that reads wins. */
async function readTable(
  run: Inspection,
  statesOnly: boolean,
  tcpInUse: number | undefined,
): Promise<{ ok: true; collected: CollectedTable } | { ok: false; failure: ProbeFailure }> {
  const { plan, options } = run;
  const filterOwners = plan.sources.includes('proc') ? readFilterOwners(options.filter, plan.procRoot) : undefined;
  const input = {
    filter: compileProcFilter(options.filter, filterOwners),
    ephemeralRange: run.sysctls?.ipLocalPortRange ?? plan.assumedEphemeralRange,
    statesOnly: statesOnly || plan.countsOnly,
    filterOwners,
  };
  const failed: FailedRead[] = [];
  for (const kind of plan.sources) {
    const got =
      kind === 'proc' ? collectFromProc(plan, input, tcpInUse) : await collectFromTool(kind, plan, input, run.io);
    if (got.ok) return got;
    failed.push(got.failed);
  }
  return { ok: false, failure: buildTableFailure(failed) };
}

/** Listener limits, idle times, findings, and the processes behind the findings: a full report's extras. */
async function deriveFromTable(
  run: Inspection,
  c: CollectedTable,
  sample: {
    counters: TcpCounters | undefined;
    deltas: SocketFacts['deltas'];
    stateDeltas: StateCounts | undefined;
    idleQuery: ReturnType<typeof querySsEstablished> | undefined;
    warnings: string[];
  },
) {
  const { plan, options } = run;
  const notes: string[] = [];
  const withLimits = await readListenerLimits(run, c, notes, sample.warnings);
  let table = withLimits(c.table);
  const idle = await readIdle(run, sample.idleQuery, c, sample.counters?.CurrEstab);
  const facts = (t: SocketTable): SocketFacts => ({
    table: t,
    source: tableName(c.source.kind),
    counters: sample.counters,
    deltas: sample.deltas,
    stateDeltas: sample.stateDeltas,
    sysctls: run.sysctls ?? {},
    idle,
  });
  let findings = deriveSocketFindings(facts(table), options.rules);
  let attributionNote = c.attributionNote;
  // Name the processes behind a finding even when the table was too big to attribute everything.
  const agg = c.aggregator;
  const needsOwners = findings.some((f) => NEEDS_OWNERS.has(f.id));
  if (agg && table.attribution === 'none' && plan.processes !== 'none' && needsOwners) {
    const watched = agg.watchedInodes();
    if (watched.size > 0) {
      const scan = readSocketOwners(watched, { procRoot: plan.procRoot });
      agg.attachOwners(scan.owners);
      table = withLimits(agg.result());
      findings = deriveSocketFindings(facts(table), options.rules);
      const late =
        `Processes were then looked up for the ${watched.size} CLOSE_WAIT/SYN_SENT/FIN_WAIT_2 sockets ` +
        `findings are about (${Math.round(scan.durationMs)} ms).`;
      attributionNote = `${attributionNote ?? ''} ${late}`.trim();
    }
  }
  const idleMinMs = makeRuleOptions(options.rules)['idle-without-keepalive'].idleMinMs;
  return { table, idle: summariseIdle(idle, idleMinMs), findings, attributionNote, notes };
}

/** The listeners' accept queue limits from `ss -ltn` when the plan wants them; says why when it does not. */
async function readListenerLimits(
  run: Inspection,
  c: CollectedTable,
  notes: string[],
  warnings: string[],
): Promise<(t: SocketTable) => SocketTable> {
  const { plan } = run;
  const anyQueueWaiting = c.table.listeners.some((l) => (l.queueLength ?? 0) > 0);
  const wanted = decideListenerLimits(plan, { kind: c.source.kind, total: c.table.total, anyQueueWaiting });
  let ssListeners: TcpSocket[] = [];
  if (wanted) {
    const l = await querySsListeners(run.io.runner, run.io.signal);
    if (l.ok) ssListeners = l.sockets;
    else warnings.push(`listener queue limits unknown: ${l.command.join(' ')}: ${l.detail}`);
  } else if (
    plan.platform === 'linux' &&
    c.source.kind === 'proc' &&
    plan.listenerLimits === 'auto' &&
    c.table.listeners.length > 0
  ) {
    notes.push(
      `listener queue limits not read: ${c.table.total} sockets and every accept queue empty ` +
        "(ss -ltn would add them; the CLI's --listener-limits)",
    );
  }
  if (ssListeners.length === 0) return (t) => t;
  return (t) => ({ ...t, listeners: mergeListenerLimits(t.listeners, ssListeners) });
}

/** The idle scan's outcome, or why it did not run. */
async function readIdle(
  run: Inspection,
  query: ReturnType<typeof querySsEstablished> | undefined,
  c: CollectedTable,
  currEstab: number | undefined,
): Promise<IdleScan | Skipped | undefined> {
  if (query) {
    const r = await query;
    if (r.ok) return buildIdleScan(r.sockets, c.ownerMap);
    return { status: 'skipped', why: `${r.command.join(' ')} failed: ${r.detail}` };
  }
  const { plan } = run;
  if (plan.platform !== 'linux' || plan.idleScanMax <= 0) return undefined;
  return buildIdleSkip(currEstab, plan.idleScanMax);
}

/**
 * Sockets toward one peer: its address, and optionally its port. The report's states,
 * destinations and findings then cover only connections to it ("how many TIME_WAIT and
 * SYN_SENT toward the target?"), and up to 100 of the sockets are listed.
 * Throws NetcheckError('usage') when `address` is not an IP literal (resolve names first).
 */
export function inspectPeer(
  address: string,
  port?: number,
  options: Omit<InspectSocketsOptions, 'filter'> = {},
): Promise<SocketReport> {
  return inspectSockets({ keepSockets: 100, ...options, filter: { peer: { address, port } } });
}

/** What is wrong with a filter, in words; `undefined` when it is valid. */
export function validateSocketFilter(filter: SocketFilter): string | undefined {
  const badPort = (p: number | undefined) => p !== undefined && (!Number.isInteger(p) || p < 1 || p > 65535);
  if (badPort(filter.port)) return `port must be a whole number from 1 to 65535 (got ${filter.port})`;
  for (const s of filter.states ?? [])
    if (!(TCP_STATES as readonly string[]).includes(s))
      return `unknown TCP state "${String(s)}" (expected one of ${TCP_STATES.join(', ')})`;
  if (filter.peer) {
    const a = filter.peer.address.replace(/^\[|\]$/g, '');
    if (isIP(a.split('%')[0] ?? '') === 0)
      return (
        `peer must be an IPv4 or IPv6 address (got "${filter.peer.address.slice(0, 60)}"); resolve a host name ` +
        `first`
      );
    if (badPort(filter.peer.port)) return `peer port must be a whole number from 1 to 65535 (got ${filter.peer.port})`;
  }
  const p = filter.process;
  if (typeof p === 'number' && (!Number.isInteger(p) || p < 1))
    return `process id must be a positive whole number (got ${p})`;
  if (typeof p === 'string' && (p.length === 0 || p.length > 64 || /[\0/]/.test(p)))
    return `process name must be 1–64 characters without "/" (got "${p.slice(0, 60)}")`;
  return undefined;
}

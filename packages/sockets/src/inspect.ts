import type { CommandRunner, Platform, ProbeFailure, Skipped } from '@netcheck/core';
import { isIP } from 'node:net';
import { createExecaRunner, detectPlatform, NetcheckError } from '@netcheck/core';
import type { Attribution, DestinationSummary, KeepaliveSummary, ListenerSummary, PeerSummary, PortSummary, ProcessSummary, SocketAggregator, SocketTable } from './aggregate.js';
import { compileFilter, makeSocketAggregator, makeStateCounter, rowFromSocket } from './aggregate.js';
import type { AuditItem } from './audit-sysctls.js';
import { auditSysctls } from './audit-sysctls.js';
import type { CounterDeltas, Sockstat, TcpCounters } from './kernel-counters.js';
import { deriveCounterDeltas } from './kernel-counters.js';
import { mergeListenerLimits } from './merge-listeners.js';
import { readSocketOwners, findProcesses } from './read-owners.js';
import { readProcCounters, readProcSysctls, readProcTcpTables } from './read-proc.js';
import type { SocketRuleOverrides } from './rules/index.js';
import { deriveSocketFindings, makeRuleOptions } from './rules/index.js';
import type { IdleScan, IdleSocket, SocketFacts, SocketFinding } from './rules/types.js';
import { queryLsof, queryNetstatTable, querySsEstablished, querySsListeners, querySsTable } from './run-tools.js';
import type { TcpSysctls } from './sysctls.js';
import type { StateCounts } from './tcp-state.js';
import { makeStateCounts, TCP_STATES } from './tcp-state.js';
import type { SocketFilter, SocketOwner, TcpSocket } from './types.js';

/** Options of `inspectSockets`. Every field is optional. */
export interface InspectSocketsOptions {
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
  /** Examine idle times of ESTABLISHED sockets (ss -tnoie) when there are at most this many (default 5,000; 0 never). */
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
  runner?: CommandRunner | undefined;
  signal?: AbortSignal | undefined;
  /** Whose tools to use; this machine's by default. */
  platform?: Platform | undefined;
  /** Where procfs is mounted (tests); default '/proc'. */
  procRoot?: string | undefined;
  /** Where the table comes from: 'auto' (default: /proc on Linux, falling back to ss then netstat), or one of them. */
  source?: 'auto' | 'proc' | 'ss' | 'netstat' | undefined;
}

/** Where the socket table was read. */
export interface TableSource {
  kind: 'proc' | 'ss' | 'netstat';
  /** The files read or the command run. */
  what: string;
  durationMs: number;
}

/** Everything `inspectSockets` found. Missing measurements are `undefined` (or Skipped with why), never 0. */
export interface SocketReport {
  /** false when no socket table could be read at all (`failure` says why). */
  ok: boolean;
  failure: ProbeFailure | undefined;
  platform: Platform;
  source: TableSource | undefined;
  /** When the (last) sample was taken, ISO 8601. */
  takenAt: string;
  filter: SocketFilter | undefined;
  total: number;
  states: StateCounts;
  /** Top local ports (listening, or outside the ephemeral range); `undefined` with countsOnly. */
  ports: PortSummary[] | undefined;
  /** Top destinations of outgoing connections. */
  destinations: DestinationSummary[] | undefined;
  /** Top remote addresses. */
  peers: PeerSummary[] | undefined;
  listeners: ListenerSummary[] | undefined;
  /** Top processes, or why they were not attributed. */
  processes: ProcessSummary[] | Skipped | undefined;
  attribution: Attribution;
  keepalive: KeepaliveSummary | undefined;
  ephemeralRange: [number, number] | undefined;
  counters: TcpCounters | undefined;
  sockstat: Sockstat | undefined;
  /** Counter movements between the two samples; `undefined` with one sample. */
  deltas: CounterDeltas | undefined;
  /** State counts of the second sample minus the first; `undefined` with one sample. */
  stateDeltas: StateCounts | undefined;
  sysctls: TcpSysctls | undefined;
  audit: AuditItem[] | undefined;
  idle: { examined: number; idleWithoutKeepalive: number; longestIdleMs: number | undefined } | Skipped | undefined;
  findings: SocketFinding[];
  /** Matching sockets kept (keepSockets). */
  sockets: TcpSocket[];
  /** What was not done and why (limits not read, processes not attributed...). */
  notes: string[];
  /** Output that was not understood, sources that failed. */
  warnings: string[];
  durationMs: number;
}

const DEFAULTS = { processScanMaxSockets: 20_000, idleScanMax: 5_000, top: 10, keepSockets: 0 };
const WATCHED_LIMIT = 100_000;
const NEEDS_OWNERS = new Set(['close-wait-leak', 'syn-sent-stuck', 'half-closed-pileup']);

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

function subtract(a: StateCounts, b: StateCounts): StateCounts {
  const out = makeStateCounts();
  for (const s of TCP_STATES) out[s] = a[s] - b[s];
  return out;
}

interface Collected {
  table: SocketTable;
  source: TableSource;
  warnings: string[];
  aggregator: SocketAggregator | undefined;
  ownerMap: Map<number, SocketOwner[]> | undefined;
  attributionNote: string | undefined;
}

/** Count the table's states only, from /proc (the cheap path of `--watch` and `countsOnly`). `undefined` when /proc/net/tcp cannot be read. */
export function countSocketStates(procRoot = '/proc'): { states: StateCounts; total: number; durationMs: number } | undefined {
  const counter = makeStateCounter();
  const read = readProcTcpTables({ state: counter.state }, procRoot);
  if (read.files.every((f) => f.sockets === undefined)) return undefined;
  return { states: counter.counts(), total: counter.total, durationMs: read.durationMs };
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
  const platform = options.platform ?? detectPlatform();
  const runner = options.runner ?? createExecaRunner();
  const procRoot = options.procRoot ?? '/proc';
  const top = options.top ?? DEFAULTS.top;
  const countsOnly = options.countsOnly === true;
  const wantsProc = platform === 'linux' && (options.source ?? 'auto') !== 'ss' && options.source !== 'netstat';
  const warnings: string[] = [];
  const notes: string[] = [];

  const sysctls = platform === 'linux' ? readProcSysctls(procRoot) : undefined;
  let firstStates: StateCounts | undefined;
  let firstCounters: TcpCounters | undefined;
  const deltaMs = options.deltaMs ?? 0;
  if (deltaMs > 0) {
    firstCounters = platform === 'linux' ? readProcCounters(procRoot).counters : undefined;
    firstStates = (await collect(true)).table?.table.states;
    const t0 = performance.now();
    await sleep(deltaMs, options.signal);
    if (performance.now() - t0 < deltaMs * 0.9) {
      firstCounters = undefined; // interrupted: no honest interval to report
      firstStates = undefined;
    }
  }
  const countersRead = platform === 'linux' ? readProcCounters(procRoot) : undefined;
  warnings.push(...(countersRead?.warnings ?? []));
  const counters = countersRead?.counters;
  const takenAt = new Date().toISOString();
  const idleMax = options.idleScanMax ?? DEFAULTS.idleScanMax;
  // Spawned before the (synchronous) /proc read so it runs alongside it.
  const currEstab = counters?.CurrEstab;
  const idleQuery =
    !countsOnly && platform === 'linux' && idleMax > 0 && currEstab !== undefined && currEstab <= idleMax ? querySsEstablished(runner, options.signal) : undefined;

  const got = await collect(false);
  const limitsMode = options.listenerLimits ?? 'auto';
  const maxSmall = options.processScanMaxSockets ?? DEFAULTS.processScanMaxSockets;
  const wantLimits =
    !countsOnly &&
    platform === 'linux' &&
    got.table?.source.kind === 'proc' &&
    (limitsMode === 'always' || (limitsMode === 'auto' && (got.table.table.total <= maxSmall || got.table.table.listeners.some((l) => (l.queueLength ?? 0) > 0))));
  const listenersQuery = wantLimits ? querySsListeners(runner, options.signal) : undefined;
  const base = {
    platform,
    takenAt,
    filter: options.filter,
    counters,
    sockstat: countersRead?.sockstat,
    sysctls,
  };
  if (!got.table) {
    await Promise.allSettled([listenersQuery, idleQuery]);
    return {
      ...base,
      ok: false,
      failure: got.failure,
      source: undefined,
      total: 0,
      states: makeStateCounts(),
      ports: undefined,
      destinations: undefined,
      peers: undefined,
      listeners: undefined,
      processes: undefined,
      attribution: 'none',
      keepalive: undefined,
      ephemeralRange: sysctls?.ipLocalPortRange,
      deltas: undefined,
      stateDeltas: undefined,
      audit: sysctls ? auditSysctls(sysctls) : undefined,
      idle: undefined,
      findings: [],
      sockets: [],
      notes,
      warnings: [...warnings, ...got.warnings],
      durationMs: performance.now() - started,
    };
  }
  const c = got.table;
  warnings.push(...c.warnings);
  const deltas = firstCounters && counters ? deriveCounterDeltas(firstCounters, counters, deltaMs) : undefined;
  const stateDeltas = firstStates ? subtract(c.table.states, firstStates) : undefined;

  if (countsOnly) {
    return {
      ...base,
      ok: true,
      failure: undefined,
      source: c.source,
      total: c.table.total,
      states: c.table.states,
      ports: undefined,
      destinations: undefined,
      peers: undefined,
      listeners: undefined,
      processes: undefined,
      attribution: 'none',
      keepalive: undefined,
      ephemeralRange: sysctls?.ipLocalPortRange,
      deltas,
      stateDeltas,
      audit: undefined,
      idle: undefined,
      findings: [],
      sockets: [],
      notes,
      warnings,
      durationMs: performance.now() - started,
    };
  }

  // listener limits
  let ssListeners: TcpSocket[] = [];
  if (listenersQuery) {
    const l = await listenersQuery;
    if (l.ok) ssListeners = l.sockets;
    else warnings.push(`listener queue limits unknown: ${l.command.join(' ')}: ${l.detail}`);
  } else if (platform === 'linux' && c.source.kind === 'proc' && limitsMode === 'auto' && c.table.listeners.length > 0) {
    notes.push(`listener queue limits not read: ${c.table.total} sockets and every accept queue empty (ss -ltn would add them; the CLI's --listener-limits)`);
  }
  const withLimits = (t: SocketTable): SocketTable => (ssListeners.length ? { ...t, listeners: mergeListenerLimits(t.listeners, ssListeners) } : t);
  let table = withLimits(c.table);

  // idle scan
  let idle: IdleScan | Skipped | undefined;
  if (idleQuery) {
    const r = await idleQuery;
    if (r.ok) idle = makeIdleScan(r.sockets, got.table.ownerMap);
    else idle = { status: 'skipped', why: `${r.command.join(' ')} failed: ${r.detail}` };
  } else if (platform === 'linux' && idleMax > 0) {
    idle = { status: 'skipped', why: currEstab === undefined ? 'the ESTABLISHED count is unknown' : `${currEstab} established connections (more than ${idleMax}): pass a higher idleScanMax (--idle-scan N) to examine them` };
  }

  const facts = (t: SocketTable): SocketFacts => ({ table: t, counters, deltas, stateDeltas, sysctls: sysctls ?? {}, idle });
  let findings = deriveSocketFindings(facts(table), options.rules);
  let attributionNote = c.attributionNote;
  // Name the processes behind a finding even when the table was too big to attribute everything.
  const agg = c.aggregator;
  if (agg && table.attribution === 'none' && options.processes !== 'none' && findings.some((f) => NEEDS_OWNERS.has(f.rule))) {
    const watched = agg.watchedInodes();
    if (watched.size > 0) {
      const scan = readSocketOwners(watched, { procRoot });
      agg.attachOwners(scan.owners);
      table = withLimits(agg.result());
      findings = deriveSocketFindings(facts(table), options.rules);
      attributionNote = `${attributionNote ?? ''} Processes were then looked up for the ${watched.size} CLOSE_WAIT/SYN_SENT/FIN_WAIT_2 sockets findings are about (${Math.round(scan.durationMs)} ms).`.trim();
    }
  }

  const processes: ProcessSummary[] | Skipped | undefined =
    table.processes !== undefined ? table.processes.slice(0, top) : { status: 'skipped', why: attributionNote ?? 'processes were not attributed' };
  return {
    ...base,
    ok: true,
    failure: undefined,
    source: c.source,
    total: table.total,
    states: table.states,
    ports: table.ports.slice(0, top),
    destinations: table.destinations.slice(0, top),
    peers: table.peers.slice(0, top),
    listeners: table.listeners,
    processes,
    attribution: table.attribution,
    keepalive: table.keepalive,
    ephemeralRange: table.ephemeralRange ?? sysctls?.ipLocalPortRange,
    deltas,
    stateDeltas,
    audit: sysctls ? auditSysctls(sysctls, { timeWait: table.states.TIME_WAIT }) : undefined,
    idle: idle && 'sockets' in idle ? summariseIdle(idle, makeRuleOptions(options.rules)['idle-without-keepalive'].idleMinMs) : idle,
    findings,
    sockets: table.sockets,
    notes: attributionNote && table.attribution !== 'all' ? [...notes, `processes ${attributionNote}`] : notes,
    warnings,
    durationMs: performance.now() - started,
  };

  /** Read the table once: /proc first on Linux, then ss, then netstat; tools elsewhere. */
  async function collect(statesOnlyAsked: boolean): Promise<{ table: Collected; failure?: undefined } | { table: undefined; failure: ProbeFailure; warnings: string[] }> {
    // counts only: no attribution, no memory of inodes, whatever the filter
    const statesOnly = statesOnlyAsked || countsOnly;
    let processInodes: ReadonlySet<number> | undefined;
    let filterOwners: Map<number, SocketOwner[]> | undefined;
    const proc = options.filter?.process;
    if (proc !== undefined && wantsProc) {
      const pids = findProcesses(proc, procRoot);
      const scan = readSocketOwners('all', { procRoot, pids, sameNetnsOnly: false });
      filterOwners = scan.owners;
      processInodes = new Set(scan.owners.keys());
    }
    const filter = compileFilter(options.filter, processInodes);
    // macOS (net.inet.ip.portrange) and Windows default to the IANA dynamic range; it is assumed, not read.
    const range = sysctls?.ipLocalPortRange ?? (platform === 'linux' ? undefined : ([49152, 65535] as [number, number]));
    const failures: string[] = [];

    if (wantsProc) {
      if (statesOnly && !filter) {
        const counted = countSocketStates(procRoot);
        if (counted) {
          const table = emptyTable(counted.states, counted.total);
          return { table: { table, source: procSource(counted.durationMs), warnings: [], aggregator: undefined, ownerMap: undefined, attributionNote: undefined } };
        }
      } else {
        const mode = options.processes ?? 'auto';
        const max = options.processScanMaxSockets ?? DEFAULTS.processScanMaxSockets;
        const agg = makeSocketAggregator({
          ephemeralRange: range,
          filter,
          keepSockets: options.keepSockets ?? DEFAULTS.keepSockets,
          // sockstat's "inuse" (every socket but TIME_WAIT) bounds the sockets that can have an owner:
          // above the limit, do not even start remembering them
          rememberOwned:
            statesOnly || mode === 'none'
              ? 0
              : filterOwners || mode === 'all'
                ? Number.MAX_SAFE_INTEGER
                : (countersRead?.sockstat?.tcpInUse ?? 0) > max
                  ? 1
                  : max,
          rememberWatched: statesOnly || mode === 'none' ? 0 : WATCHED_LIMIT,
        });
        const read = readProcTcpTables({ row: (r) => agg.add(r) }, procRoot);
        if (read.files.some((f) => f.sockets !== undefined)) {
          let ownerMap: Map<number, SocketOwner[]> | undefined;
          let note: string | undefined;
          if (!statesOnly) {
            if (filterOwners) {
              ownerMap = filterOwners;
              agg.attachOwners(filterOwners);
            } else if (mode !== 'none') {
              const owned = agg.ownedInodes();
              if (owned && !agg.ownedOverflow) {
                const scan = readSocketOwners(owned.size > 0 ? owned : new Set<number>(), { procRoot });
                ownerMap = scan.owners;
                agg.attachOwners(scan.owners);
                if (scan.denied > 0) note = `${scan.denied} processes could not be examined (not root): their sockets have no owner here`;
              } else {
                note = `not attributed: more than ${max} sockets have owners, and walking every process's file descriptors would take long (use --processes, or --process NAME|PID for one)`;
              }
            } else note = 'not attributed (processes: none)';
          }
          const table = agg.result();
          return { table: { table, source: procSource(read.durationMs), warnings: read.warnings, aggregator: agg, ownerMap, attributionNote: note } };
        }
      }
      failures.push('/proc/net/tcp could not be read');
      if (options.source === 'proc') return { table: undefined, failure: { ok: false, reason: 'permission-denied', detail: '/proc/net/tcp and /proc/net/tcp6 could not be read', hint: 'is /proc mounted? run: cat /proc/net/tcp' }, warnings: [] };
    }

    // Tools: ss, then netstat (Linux fallbacks); netstat (+ lsof for owners) elsewhere.
    const withProcesses = !statesOnly && options.processes !== 'none';
    let sockets: TcpSocket[] | undefined;
    let source: TableSource | undefined;
    const toolWarnings: string[] = [];
    let lastFailure: ProbeFailure | undefined;
    if (platform === 'linux' && options.source !== 'netstat') {
      const r = await querySsTable(runner, withProcesses, options.signal);
      if (r.ok) {
        sockets = r.sockets;
        source = { kind: 'ss', what: r.command.join(' '), durationMs: r.durationMs };
        toolWarnings.push(...r.warnings);
      } else {
        lastFailure = r;
        failures.push(`${r.command.join(' ')}: ${r.detail}`);
      }
    }
    if (!sockets && (options.source ?? 'auto') !== 'ss') {
      const r = await queryNetstatTable(runner, platform, withProcesses, options.signal);
      if (r.ok) {
        sockets = r.sockets;
        source = { kind: 'netstat', what: r.command.join(' '), durationMs: r.durationMs };
        toolWarnings.push(...r.warnings);
      } else {
        lastFailure = r;
        failures.push(`${r.command.join(' ')}: ${r.detail}`);
      }
    }
    if (!sockets || !source) {
      return {
        table: undefined,
        failure: { ok: false, reason: lastFailure?.reason ?? 'tool-error', detail: `no TCP table could be read: ${failures.join('; ')}`, hint: lastFailure?.hint },
        warnings: toolWarnings,
      };
    }
    if (platform === 'darwin' && withProcesses) {
      const l = await queryLsof(runner, platform, undefined, options.signal);
      if (l.ok) attachLsofOwners(sockets, l.sockets);
      else toolWarnings.push(`processes not attributed: ${l.command.join(' ')}: ${l.detail}`);
    }
    const agg = makeSocketAggregator({ ephemeralRange: range, filter, keepSockets: options.keepSockets ?? DEFAULTS.keepSockets });
    const ordered = [...sockets.filter((s) => s.state === 'LISTEN'), ...sockets.filter((s) => s.state !== 'LISTEN')];
    for (const s of ordered) agg.add(rowFromSocket(s), s);
    const table = agg.result();
    const note = table.attribution === 'none' && withProcesses ? `${source.what} named no processes (not root?)` : undefined;
    return { table: { table, source, warnings: toolWarnings, aggregator: undefined, ownerMap: undefined, attributionNote: note } };
  }
}

function procSource(durationMs: number): TableSource {
  return { kind: 'proc', what: '/proc/net/tcp, /proc/net/tcp6', durationMs };
}

function emptyTable(states: StateCounts, total: number): SocketTable {
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

/** Idle sockets from `ss -tnoie state established`, with owners from the inode map when there is one. */
function makeIdleScan(sockets: readonly (TcpSocket & { idleMs: number | undefined })[], owners: ReadonlyMap<number, SocketOwner[]> | undefined): IdleScan {
  const out: IdleSocket[] = [];
  for (const s of sockets) {
    if (s.idleMs === undefined) continue;
    out.push({
      localAddress: s.localAddress,
      localPort: s.localPort,
      remoteAddress: s.remoteAddress,
      remotePort: s.remotePort,
      idleMs: s.idleMs,
      // ss -o prints timer:(keepalive,...) when SO_KEEPALIVE is armed, nothing when no timer runs
      keepalive: s.timer === 'keepalive' ? true : s.timer === undefined || s.timer === 'off' ? false : undefined,
      owners: s.inode ? [...(owners?.get(s.inode) ?? [])] : [],
    });
  }
  return { status: 'done', examined: sockets.length, sockets: out };
}

function summariseIdle(scan: IdleScan, idleMinMs: number): { examined: number; idleWithoutKeepalive: number; longestIdleMs: number | undefined } {
  return {
    examined: scan.examined,
    idleWithoutKeepalive: scan.sockets.filter((s) => s.keepalive === false && s.idleMs >= idleMinMs).length,
    longestIdleMs: scan.sockets.length ? Math.max(...scan.sockets.map((s) => s.idleMs)) : undefined,
  };
}

/** macOS: give netstat's sockets the owners lsof lists for the same endpoints and state. */
function attachLsofOwners(sockets: TcpSocket[], fromLsof: readonly TcpSocket[]): void {
  const key = (s: TcpSocket) => `${s.localAddress}|${s.localPort}|${s.remoteAddress}|${s.remotePort}|${s.state}`;
  const owners = new Map(fromLsof.map((s) => [key(s), s.owners]));
  for (const s of sockets) if (s.owners.length === 0) s.owners = [...(owners.get(key(s)) ?? [])];
}

/**
 * Sockets toward one peer: its address, and optionally its port. The report's states,
 * destinations and findings then cover only connections to it ("how many TIME_WAIT and
 * SYN_SENT toward the target?"), and up to 100 of the sockets are listed.
 * Throws NetcheckError('usage') when `address` is not an IP literal (resolve names first).
 */
export function inspectPeer(address: string, port?: number, options: Omit<InspectSocketsOptions, 'filter'> = {}): Promise<SocketReport> {
  return inspectSockets({ keepSockets: 100, ...options, filter: { peer: { address, port } } });
}

/** What is wrong with a filter, in words; `undefined` when it is valid. */
export function validateSocketFilter(filter: SocketFilter): string | undefined {
  const badPort = (p: number | undefined) => p !== undefined && (!Number.isInteger(p) || p < 1 || p > 65535);
  if (badPort(filter.port)) return `port must be a whole number from 1 to 65535 (got ${filter.port})`;
  for (const s of filter.states ?? []) if (!(TCP_STATES as readonly string[]).includes(s)) return `unknown TCP state "${String(s)}" (expected one of ${TCP_STATES.join(', ')})`;
  if (filter.peer) {
    const a = filter.peer.address.replace(/^\[|\]$/g, '');
    if (isIP(a.split('%')[0] ?? '') === 0) return `peer must be an IPv4 or IPv6 address (got "${filter.peer.address.slice(0, 60)}"); resolve a host name first`;
    if (badPort(filter.peer.port)) return `peer port must be a whole number from 1 to 65535 (got ${filter.peer.port})`;
  }
  const p = filter.process;
  if (typeof p === 'number' && (!Number.isInteger(p) || p < 1)) return `process id must be a positive whole number (got ${p})`;
  if (typeof p === 'string' && (p.length === 0 || p.length > 64 || /[\0/]/.test(p))) return `process name must be 1–64 characters without "/" (got "${p.slice(0, 60)}")`;
  return undefined;
}

import { setTimeout as sleep } from 'node:timers/promises';
import type { CommandRunner, Platform, ProbeFailure } from '@netcheck/core';
import { AsyncQueue, NetcheckError, parseTarget } from '@netcheck/core';
import { ping } from '@netcheck/ping';
import type { TraceReport } from '@netcheck/traceroute';
import { traceroute } from '@netcheck/traceroute';
import type { HopAccumulator } from './aggregate.js';
import { applyMaxUnknown, buildGiveUpAfter } from './max-unknown.js';
import { makeHopAccumulator } from './aggregate.js';
import type { RouterPingCount } from './direct.js';
import { attributeWithRouterPings } from './direct.js';
import type { PathpingFinding } from './findings.js';
import { derivePathpingFindings } from './findings.js';
import type { EndReason, RoundLimits, RoundState } from './next-step.js';
import { FAILED_ROUNDS_TO_END, hasSettled, isRoundLeftOut, nextStep, SETTLE, verdictSignature } from './next-step.js';
import type { RoundPlan } from './plan-rounds.js';
import { findUnpingedRouters, hopsToProbes, planRounds } from './plan-rounds.js';
import type { Attribution, HopStats, ProbeOutcome } from './types.js';
import type { UnreachableStop } from './unreachable.js';
import { applyUnreachable } from './unreachable.js';

/** `pathping()`'s options. */
export interface PathpingOptions {
  /** Exactly this many rounds (like mtr -c); without it, rounds stop once the verdicts settle. */
  count?: number;
  /** Rounds at least / at most when `count` is not given (default 10 / 60). */
  minRounds?: number;
  maxRounds?: number;
  /** Stop after this long when `count` is not given (default 30 s). */
  maxDurationMs?: number;
  /** Time between round starts (default 250 ms). */
  intervalMs?: number;
  /**
   * Probes per TTL in each round (default 10: 10 rounds give 100 samples per hop, enough to place a 10% loss on
   * the right link).
   */
  probesPerRound?: number;
  /** How long to wait for a probe (default 1000 ms). */
  waitMs?: number;
  /** ICMP echo probes (default when root: echo replies are never rate-limited), UDP, or TCP SYN (root). */
  method?: 'icmp' | 'udp' | 'tcp';
  /** Destination port of UDP or TCP probes (traceroute -p); `undefined`: traceroute's default. */
  port?: number;
  /** IPv4 or IPv6 only (traceroute -4 / -6); `undefined`: whatever the name resolves to first. */
  family?: 4 | 6;
  maxTtl?: number;
  /**
   * mtr -U: stop probing further hops once more than this many have never answered (mtr counts every such
   * hop, silent routers mid-path too; mtr's default is 5, `MTR_MAX_UNKNOWN`): discovery waits for this many + 2
   * silent hops past the last answer, as mtr probes on a silent tail, and the path ends where mtr's count
   * says (see deriveUnknownLimit). `undefined`: discovery gives up after 3 silent hops in a row past the last
   * answer (traceroute's default) and silent hops before them do not count.
   */
  maxUnknown?: number;
  /**
   * Stay within typical ICMP rate limits instead of measuring past them: one probe per router per
   * second (Linux sends about one ICMP error a second after a burst), so no router drops answers
   * because of us. Slower: 10 rounds take 10 s. Without it, probing is fast and a router's rate
   * limiting is recognised by the attribution (loss that does not carry on) and never blamed.
   */
  paced?: boolean;
  /** pathping-style: also ping each router on the path directly (echo replies are not rate-limited). */
  pingRouters?: boolean;
  runner?: CommandRunner;
  signal?: AbortSignal;
  platform?: Platform;
}

/** What each round adds: the statistics and verdicts so far. */
export interface RoundEvent {
  type: 'round';
  round: number;
  hops: HopStats[];
  attribution: Attribution;
}

/** A router pinged directly (pathping's second phase). */
export interface DirectPing {
  ttl: number;
  address: string;
  sent: number;
  received: number;
  lossPct: number | undefined;
  avgMs: number | undefined;
}

/** Everything a pathping run found. Failures are data. */
export interface PathpingReport {
  target: string;
  /** With `pingRouters`: each router on the path pinged directly; `undefined` otherwise. */
  directPings: DirectPing[] | undefined;
  address: string | undefined;
  /** The path found before probing (as far as `maxUnknown` lets it go: see applyMaxUnknown). */
  discovery: TraceReport;
  /**
   * The hop that says the destination is unreachable or prohibited (from the discovery trace); `undefined`
   * when none did. Then that is the verdict, and the rounds probe only the routers before it: the probes
   * past it would all go to it and spend its ICMP error rate limit.
   */
  unreachable: UnreachableStop | undefined;
  /**
   * The routers before the destination, pinged directly alongside the rounds (as many echoes a round as
   * TTL probes): stand-ins for routers that limit their time-exceeded (see attributeWithRouterPings).
   * Empty when paced or when no router answered.
   */
  routerPings: RouterPingCount[];
  rounds: number;
  hops: HopStats[];
  attribution: Attribution;
  /** The conclusions in core's outcome shape (see derivePathpingFindings); empty when probing failed. */
  findings: PathpingFinding[];
  /** Why probing ended: the count was reached, the verdicts settled, a limit, or an abort. */
  ended: EndReason;
  failure: ProbeFailure | undefined;
  /** The probes of the last `PROBE_HISTORY_ROUNDS` rounds (and discovery's seed), oldest first; `hops` covers all. */
  probes: ProbeOutcome[];
  durationMs: number;
}

/** Rounds whose probes a run keeps for its report (per-round series): memory stays flat however long it runs. */
export const PROBE_HISTORY_ROUNDS = 200;

/** A pathping in progress: iterate it for round events; `result` settles when it is over. */
export interface PathpingRun extends AsyncIterable<RoundEvent> {
  readonly result: Promise<PathpingReport>;
}

type Optional = 'count' | 'runner' | 'signal' | 'platform' | 'port' | 'family' | 'maxUnknown';
type Settings = Required<Omit<PathpingOptions, Optional>> & PathpingOptions;

/** Ping every router on the path (not the destination) at once, 20 echoes 50 ms apart each. */
async function pingRouters(hops: readonly HopStats[], destination: string, o: Settings): Promise<DirectPing[]> {
  const routers = hops.flatMap((h) => {
    const address = h.responders[0]?.address;
    return address !== undefined && address !== destination ? [{ ttl: h.ttl, address }] : [];
  });
  return Promise.all(
    routers.map(async ({ ttl, address }) => {
      const echoes = { count: 20, intervalMs: 50, timeoutMs: 1000 };
      const r = await ping(address, { runner: o.runner, signal: o.signal, ...echoes }).result;
      const { sent, received, lossPct, avgMs } = r.summary;
      return { ttl, address, sent, received, lossPct, avgMs };
    }),
  );
}

/** The rounds of one run: their state, what they found, and how to launch one. */
interface Rounds {
  state: RoundState & { ended: EndReason | undefined; completed: number };
  plan: RoundPlan;
  /** Every counted probe's statistics, built round by round. */
  stats: HopAccumulator;
  /** The probes of the last PROBE_HISTORY_ROUNDS rounds, one array a round (the seed first). */
  history: ProbeOutcome[][];
  /** The verdicts' signatures of the last SETTLE.sameRounds rounds. */
  signatures: string[];
  failure: ProbeFailure | undefined;
  /** Aborted when a round ends the run (settled, failed), to wake the loop from its wait. */
  decided: AbortController;
  /** Aborted when probing ends otherwise than by its count: cuts the rounds in flight. */
  finish: AbortController;
}

/** One round: a traceroute over the path with every TTL in flight, and the routers pinged alongside. */
async function runRound(
  round: number,
  rs: Rounds,
  ctx: { host: string; o: Settings; attribute: (h: HopStats[]) => Attribution; emit: (e: RoundEvent) => void },
): Promise<void> {
  const { o } = ctx;
  const { plan, state } = rs;
  const signal = o.signal ? AbortSignal.any([o.signal, rs.finish.signal]) : rs.finish.signal;
  const echoes = { count: plan.probesPerRound, intervalMs: 20, timeoutMs: o.waitMs };
  const pingOnce = (p: RouterPingCount) =>
    ping(p.address, { runner: o.runner, platform: o.platform, signal, ...echoes }).result.then(
      (x) => x,
      () => undefined,
    );
  const pinged = Promise.all(plan.routerPings.map(pingOnce));
  const perTtl = plan.probesPerRound;
  const r = await traceroute(ctx.host, {
    ...{ runner: o.runner, platform: o.platform, method: o.method, port: o.port, family: o.family, signal },
    ...{ probesPerHop: perTtl, simultaneous: state.lastTtl * perTtl, maxTtl: state.lastTtl, waitMs: o.waitMs },
    ...{ fixedWait: true, giveUpAfter: 0, reprobeAfterMs: 0 },
  }).result;
  // A round cut short (the caller's abort, or probing already ended) is left out whole.
  if (r.stop.kind === 'aborted' || isRoundLeftOut(state, state.ended)) return;
  // A round whose traceroute failed (could not start, crashed) is left out too: its probes counted as lost would
  // read as loss from the first hop on.
  if (r.stop.kind === 'failed') {
    rs.failure ??= r.stop.failure;
    if (++state.failedInARow >= FAILED_ROUNDS_TO_END) rs.decided.abort();
    return;
  }
  state.failedInARow = 0;
  (await pinged).forEach((x, k) => {
    const p = plan.routerPings[k];
    if (!p || !x || x.failure || p.ttl >= state.lastTtl) return;
    p.sent += x.summary.sent;
    p.received += x.summary.received;
  });
  // The destination answered at a lower TTL than discovery thought (a lost discovery probe): probes past it
  // would read as loss, so the probed range shrinks to it.
  if (r.stop.kind === 'reached' && r.stop.hop < state.lastTtl) {
    state.lastTtl = r.stop.hop;
    rs.stats.dropAbove(state.lastTtl);
    rs.history = rs.history.map((ps) => ps.filter((p) => p.ttl <= state.lastTtl));
  }
  const added = hopsToProbes(round, r.hops, state.lastTtl, perTtl);
  rs.stats.add(added);
  rs.history.push(added);
  if (rs.history.length > PROBE_HISTORY_ROUNDS) rs.history.shift();
  const hops = rs.stats.hops();
  plan.routerPings.push(...findUnpingedRouters(plan, hops, state.lastTtl));
  const attribution = ctx.attribute(hops);
  ctx.emit({ type: 'round', round: ++state.completed, hops, attribution });
  if (o.count !== undefined) return;
  rs.signatures.push(verdictSignature(attribution));
  if (rs.signatures.length > SETTLE.sameRounds) rs.signatures.shift();
  const e = { completed: state.completed, minRounds: o.minRounds, signatures: rs.signatures, attribution };
  const destinationCi95 = hops.at(-1)?.lossCi95;
  if (hasSettled({ ...e, destinationCi95, unreachable: plan.unreachable !== undefined })) {
    state.settled = true;
    rs.decided.abort();
  }
}

/** The round loop: asks nextStep what to do and does it, nothing more. Returns why probing ended. */
async function driveRounds(
  rs: Rounds,
  limits: RoundLimits,
  signal: AbortSignal | undefined,
  launch: (n: number) => Promise<void>,
): Promise<EndReason> {
  const inFlight = new Set<Promise<void>>();
  const wake = signal ? AbortSignal.any([signal, rs.decided.signal]) : rs.decided.signal;
  for (;;) {
    rs.state.aborted = signal?.aborted === true;
    rs.state.inFlight = inFlight.size;
    const now = performance.now();
    const step = nextStep(rs.state, limits, now);
    if (step.kind === 'end') {
      rs.state.ended = step.reason;
      if (step.cutRoundsInFlight) rs.finish.abort();
      await Promise.all(inFlight);
      return step.reason;
    }
    if (step.kind === 'wait') await sleep(step.until - now, undefined, { signal: wake }).catch(() => undefined);
    else if (step.kind === 'wait-for-round') await Promise.race(inFlight);
    else {
      rs.state.lastLaunchAt = now;
      const p: Promise<void> = launch(++rs.state.launched).finally(() => inFlight.delete(p));
      inFlight.add(p);
    }
  }
}

/** A run's rounds before the first: nothing launched, the discovery's seed probes counted. */
function makeRounds(plan: RoundPlan, startedAt: number): Rounds {
  const stats = makeHopAccumulator();
  stats.add(plan.seedProbes);
  return {
    state: {
      startedAt,
      lastLaunchAt: undefined,
      launched: 0,
      inFlight: 0,
      completed: 0,
      failedInARow: 0,
      settled: false,
      aborted: false,
      lastTtl: plan.lastTtl,
      ended: undefined,
    },
    plan,
    stats,
    history: [[...plan.seedProbes]],
    signatures: [],
    failure: undefined,
    decided: new AbortController(),
    finish: new AbortController(),
  };
}

function resolveSettings(options: PathpingOptions): Settings {
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  const o: Settings = {
    minRounds: 10,
    maxRounds: 60,
    maxDurationMs: 30_000,
    intervalMs: 250,
    probesPerRound: 10,
    waitMs: 1000,
    method: root ? 'icmp' : 'udp',
    maxTtl: 30,
    paced: false,
    pingRouters: false,
    ...options,
  };
  return options.paced ? { ...o, intervalMs: Math.max(1000, options.intervalMs ?? 1000), probesPerRound: 1 } : o;
}

/** The path before the rounds: a traceroute of 3 probes a hop, as far as mtr -U would have probed it. */
async function discoverPath(host: string, o: Settings): Promise<TraceReport> {
  const { maxUnknown, maxTtl } = o;
  const giveUp = maxUnknown !== undefined ? { giveUpAfter: buildGiveUpAfter(maxUnknown) } : {};
  const probe = { runner: o.runner, signal: o.signal, platform: o.platform, method: o.method, port: o.port };
  const trace = { ...probe, family: o.family, probesPerHop: 3, waitMs: o.waitMs, maxTtl, ...giveUp };
  const traced = await traceroute(host, trace).result;
  return maxUnknown !== undefined ? applyMaxUnknown(traced, maxUnknown, maxTtl) : traced;
}

/**
 * mtr/pathping for `host`: discover the path (traceroute), then probe every TTL
 * of it in each round — one traceroute run per round with all TTLs in flight at
 * once, several probes each — and reduce the rounds to per-hop statistics and
 * verdicts (loss and latency attributed to the node or the link). Throws only
 * for misuse; an abort returns the rounds so far.
 */
export function pathping(host: string, options: PathpingOptions = {}): PathpingRun {
  const target = parseTarget(host);
  if (target.port !== undefined || target.scheme !== undefined)
    throw new NetcheckError('invalid-target', `mtr takes a host, not "${host}"`);
  const count = options.count;
  if (count !== undefined && !(Number.isInteger(count) && count >= 1 && count <= 10_000))
    throw new NetcheckError('usage', `count must be 1–10000 (got ${count})`);
  const u = options.maxUnknown;
  if (u !== undefined && !(Number.isInteger(u) && u >= 0 && u <= 250))
    throw new NetcheckError('usage', `max unknown must be 0–250 (got ${u})`);
  const o = resolveSettings(options);
  const events = new AsyncQueue<RoundEvent>();
  const started = performance.now();

  const result = (async (): Promise<PathpingReport> => {
    try {
      const discovery = await discoverPath(target.host, o);
      const plan = planRounds(discovery, o);
      const { unreachable, routerPings } = plan;
      const attribute = (hs: HopStats[]) => {
        const a = attributeWithRouterPings(hs, routerPings);
        return unreachable ? applyUnreachable(a, unreachable, target.host) : a;
      };
      const done = (r: Omit<PathpingReport, 'findings' | 'durationMs' | 'target' | 'address' | 'discovery'>) => {
        const report = { ...r, target: target.host, address: discovery.address, discovery };
        const findings = r.failure ? [] : derivePathpingFindings(report);
        return { ...report, findings, durationMs: performance.now() - started };
      };
      if (discovery.stop.kind === 'failed') {
        const failure = discovery.stop.failure;
        const base = { routerPings, directPings: undefined, rounds: 0, hops: [], probes: [], unreachable };
        return done({ ...base, attribution: attribute([]), ended: 'failed', failure });
      }
      const rs = makeRounds(plan, started);
      const limits: RoundLimits = {
        count,
        maxRounds: o.maxRounds,
        maxDurationMs: o.maxDurationMs,
        intervalMs: plan.intervalMs,
        maxInFlight: plan.maxInFlight,
      };
      const ctx = { host: target.host, o, attribute, emit: (e: RoundEvent) => events.push(e) };
      let ended = await driveRounds(rs, limits, o.signal, (n) => runRound(n, rs, ctx));
      if (o.signal?.aborted) ended = 'aborted';
      const hops = rs.stats.hops();
      const directPings = o.pingRouters && !o.signal?.aborted ? await pingRouters(hops, target.host, o) : undefined;
      const failure = ended === 'failed' ? rs.failure : undefined;
      const base = {
        routerPings,
        directPings,
        rounds: rs.state.completed,
        hops,
        probes: rs.history.flat(),
        unreachable,
      };
      return done({ ...base, attribution: attribute(hops), ended, failure });
    } finally {
      events.close();
    }
  })();
  return { result, [Symbol.asyncIterator]: () => events[Symbol.asyncIterator]() };
}

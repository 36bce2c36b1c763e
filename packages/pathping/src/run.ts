import type { CommandRunner, Platform, ProbeFailure } from '@netcheck/core';
import { AsyncQueue, NetcheckError, parseTarget } from '@netcheck/core';
import type { Hop, TraceReport } from '@netcheck/traceroute';
import { traceroute } from '@netcheck/traceroute';
import { ping } from '@netcheck/ping';
import { aggregateRounds } from './aggregate.js';
import { attributeHops } from './attribute.js';
import type { RouterPingCount } from './direct.js';
import { attributeWithRouterPings } from './direct.js';
import type { UnreachableStop } from './unreachable.js';
import { applyUnreachable } from './unreachable.js';
import type { Attribution, HopStats, ProbeOutcome } from './types.js';

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
  /** Probes per TTL in each round (default 10: 10 rounds give 100 samples per hop, enough to place a 10% loss on the right link). */
  probesPerRound?: number;
  /** How long to wait for a probe (default 1000 ms). */
  waitMs?: number;
  /** ICMP echo probes (default when root: echo replies are never rate-limited) or UDP. */
  method?: 'icmp' | 'udp';
  maxTtl?: number;
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

export interface PathpingReport {
  target: string;
  /** With `pingRouters`: each router on the path pinged directly; `undefined` otherwise. */
  directPings: DirectPing[] | undefined;
  address: string | undefined;
  /** The path found before probing. */
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
  /** Why probing ended: the count was reached, the verdicts settled, a limit, or an abort. */
  ended: 'count' | 'settled' | 'max-rounds' | 'max-duration' | 'aborted' | 'failed';
  failure: ProbeFailure | undefined;
  probes: ProbeOutcome[];
  durationMs: number;
}

export interface PathpingRun extends AsyncIterable<RoundEvent> {
  readonly result: Promise<PathpingReport>;
}

/** Turn one round's traceroute hops into probe outcomes. Pure. */
export function hopsToProbes(round: number, hops: readonly Hop[], lastTtl: number, probesPerRound: number): ProbeOutcome[] {
  const out: ProbeOutcome[] = [];
  for (let ttl = 1; ttl <= lastTtl; ttl++) {
    const hop = hops.find((h) => h.ttl === ttl);
    const probes = hop?.probes ?? [];
    for (let k = 0; k < probesPerRound; k++) {
      const p = probes[k];
      out.push({ round, ttl, responder: p?.address, rttMs: p?.address !== undefined ? p.rttMs : undefined });
    }
  }
  return out;
}

/** Ping every router on the path (not the destination) at once, 20 echoes 50 ms apart each. */
async function pingRouters(hops: readonly HopStats[], destination: string, runner: CommandRunner | undefined, signal: AbortSignal | undefined): Promise<DirectPing[]> {
  const routers = hops.flatMap((h) => (h.responders[0] && h.responders[0].address !== destination ? [{ ttl: h.ttl, address: h.responders[0].address }] : []));
  return Promise.all(
    routers.map(async ({ ttl, address }) => {
      const r = await ping(address, { runner, signal, count: 20, intervalMs: 50, timeoutMs: 1000 }).result;
      return { ttl, address, sent: r.summary.sent, received: r.summary.received, lossPct: r.summary.lossPct, avgMs: r.summary.avgMs };
    }),
  );
}

const signature = (a: Attribution) => a.verdicts.map((v) => `${v.ttl}:${v.kind}`).join(',');

/**
 * mtr/pathping for `host`: discover the path (traceroute), then probe every TTL
 * of it in each round — one traceroute run per round with all TTLs in flight at
 * once, several probes each — and reduce the rounds to per-hop statistics and
 * verdicts (loss and latency attributed to the node or the link). Throws only
 * for misuse; an abort returns the rounds so far.
 */
export function pathping(host: string, options: PathpingOptions = {}): PathpingRun {
  const target = parseTarget(host);
  if (target.port !== undefined || target.scheme !== undefined) throw new NetcheckError('invalid-target', `mtr takes a host, not "${host}"`);
  if (options.count !== undefined && !(Number.isInteger(options.count) && options.count >= 1 && options.count <= 10_000)) throw new NetcheckError('usage', `count must be 1–10000 (got ${options.count})`);
  const o = {
    minRounds: 10,
    maxRounds: 60,
    maxDurationMs: 30_000,
    intervalMs: 250,
    probesPerRound: 10,
    waitMs: 1000,
    method: (typeof process.getuid === 'function' && process.getuid() === 0 ? 'icmp' : 'udp') as 'icmp' | 'udp',
    maxTtl: 30,
    ...options,
    ...(options.paced ? { intervalMs: Math.max(1000, options.intervalMs ?? 1000), probesPerRound: 1 } : {}),
  };
  const events = new AsyncQueue<RoundEvent>();
  const started = performance.now();
  const common = { runner: o.runner, signal: o.signal, platform: o.platform, method: o.method } as const;

  const result = (async (): Promise<PathpingReport> => {
    try {
      const discovery = await traceroute(target.host, { ...common, probesPerHop: 3, waitMs: o.waitMs, maxTtl: o.maxTtl }).result;
      const unreachable = discovery.stop.kind === 'unreachable' ? discovery.stop : undefined;
      const base = { target: target.host, address: discovery.address, discovery, unreachable };
      const routerPings: RouterPingCount[] = [];
      const attribute = (hs: HopStats[]) => {
        const a = attributeWithRouterPings(hs, routerPings);
        return unreachable ? applyUnreachable(a, unreachable, target.host) : a;
      };
      if (discovery.stop.kind === 'failed') {
        const a = attributeHops([]);
        return { ...base, routerPings, directPings: undefined, rounds: 0, hops: [], attribution: a, ended: 'failed', failure: discovery.stop.failure, probes: [], durationMs: performance.now() - started };
      }
      // Probe to the destination, or one hop past the last that answered (to measure where it goes dark).
      const lastAnswer = [...discovery.hops].reverse().find((h) => !h.silent)?.ttl ?? 0;
      // Up to the destination; to the router that said "unreachable"; or one hop past the last answer.
      // An unreachable destination: the routers before the hop that says so; that hop's answers are the
      // discovery's (round 0), not probed again at the rounds' pace.
      let lastTtl = discovery.pathLength ?? (unreachable ? unreachable.hop - 1 : Math.min(o.maxTtl, lastAnswer + 1));
      const probes: ProbeOutcome[] = [];
      // Every hop left to probe is a router limiting its ICMP errors and there is no destination to compare
      // with: probe within the limits (paced, one probe per router per second) or the limits read as loss.
      if (unreachable) Object.assign(o, { intervalMs: Math.max(1000, o.intervalMs), probesPerRound: 1 });
      if (unreachable)
        for (const p of discovery.hops.find((h) => h.ttl === unreachable.hop)?.probes ?? [])
          probes.push({ round: 0, ttl: unreachable.hop, responder: p.address, rttMs: p.address !== undefined ? p.rttMs : undefined });
      let launched = 0;
      let completed = 0;
      let ended: PathpingReport['ended'] | undefined;
      const settledFor: string[] = [];
      // Rounds overlap: a new one starts every interval while earlier ones still wait for their last
      // replies. Each probe gets the whole wait (no adaptive give-up, which turns late replies into
      // loss), yet a round with a lost probe does not hold up the next one.
      const maxInFlight = Math.ceil(o.waitMs / o.intervalMs) + 1;
      const inFlight = new Set<Promise<void>>();
      const finish = new AbortController(); // ends rounds still in flight once probing has ended
      const roundSignal = o.signal ? AbortSignal.any([o.signal, finish.signal]) : finish.signal;
      let wake: () => void = () => {};
      // A round whose traceroute failed (could not start, crashed) is left out: counting its probes as lost
      // would read as loss from the first hop on. Three failures in a row end the run with the failure.
      let failedInARow = 0;
      let roundFailure: ProbeFailure | undefined;
      const end = (why: NonNullable<typeof ended>) => {
        ended ??= why;
        wake();
      };
      // Routers before the destination, pinged directly each round when the rounds outrun their rate limits.
      const fast = !unreachable && !o.paced;
      for (const h of discovery.hops)
        if (fast && h.ttl < lastTtl && h.responders[0] && h.responders[0].address !== discovery.address)
          routerPings.push({ ttl: h.ttl, address: h.responders[0].address, sent: 0, received: 0 });
      const pingOnce = (p: RouterPingCount) =>
        ping(p.address, { runner: o.runner, platform: o.platform, signal: roundSignal, count: o.probesPerRound, intervalMs: 20, timeoutMs: o.waitMs })
          .result.then((x) => x, () => undefined);
      const runRound = async (round: number) => {
        const pinged = Promise.all(routerPings.map(pingOnce));
        const r = await traceroute(target.host, { ...common, signal: roundSignal, probesPerHop: o.probesPerRound, simultaneous: lastTtl * o.probesPerRound, maxTtl: lastTtl, waitMs: o.waitMs, fixedWait: true, giveUpAfter: 0, reprobeAfterMs: 0 }).result;
        // A round cut short (the caller's abort, or probing already ended) is left out whole.
        if (r.stop.kind === 'aborted' || (ended !== undefined && ended !== 'count')) return;
        if (r.stop.kind === 'failed') {
          roundFailure ??= r.stop.failure;
          if (++failedInARow >= 3) end('failed');
          return;
        }
        failedInARow = 0;
        (await pinged).forEach((x, k) => {
          const p = routerPings[k]!;
          if (!x || x.failure || p.ttl >= lastTtl) return;
          p.sent += x.summary.sent;
          p.received += x.summary.received;
        });
        // The destination answered at a lower TTL than discovery thought (a lost discovery probe): probes
        // past it would read as loss, so the probed range shrinks to it.
        if (r.stop.kind === 'reached' && r.stop.hop < lastTtl) {
          lastTtl = r.stop.hop;
          for (let k = probes.length - 1; k >= 0; k--) if (probes[k]!.ttl > lastTtl) probes.splice(k, 1);
        }
        probes.push(...hopsToProbes(round, r.hops, lastTtl, o.probesPerRound));
        completed++;
        const hops = aggregateRounds(probes);
        const attribution = attribute(hops);
        events.push({ type: 'round', round: completed, hops, attribution });
        if (options.count !== undefined) return;
        settledFor.push(signature(attribution));
        const last = settledFor.slice(-3);
        const dest = hops.at(-1)?.lossCi95;
        const narrow = unreachable !== undefined || (dest !== undefined && dest.highPct - dest.lowPct <= 25);
        // Loss not yet placed on a link, or placed on one of several links, is never settled: more rounds place it.
        const unsure = attribution.unplacedLoss !== undefined || attribution.verdicts.some((v) => v.alternativeTtls?.length);
        if (completed >= o.minRounds && last.length === 3 && new Set(last).size === 1 && narrow && !unsure) end('settled');
      };
      if (lastTtl < 1) ended = 'count'; // the first hop says unreachable: nothing to probe in rounds
      while (ended === undefined) {
        if (o.signal?.aborted) {
          end('aborted');
          break;
        }
        if (launched >= (options.count ?? o.maxRounds)) {
          // Every round is started: the rounds in flight finish (a count needs every one of them).
          await Promise.all(inFlight);
          end(options.count !== undefined ? 'count' : 'max-rounds');
          break;
        }
        if (options.count === undefined && performance.now() - started >= o.maxDurationMs) {
          end('max-duration'); // the rounds in flight are cut short below
          break;
        }
        if (inFlight.size >= maxInFlight) {
          await Promise.race(inFlight);
          continue;
        }
        const roundStart = performance.now();
        const p: Promise<void> = runRound(++launched).finally(() => inFlight.delete(p));
        inFlight.add(p);
        // Pace rounds: each router sees probesPerRound probes per interval at most. The wait ends early
        // when probing ends; its abort listener is removed each time, so they do not pile up.
        const wait = o.intervalMs - (performance.now() - roundStart);
        if (wait > 0 && ended === undefined)
          await new Promise<void>((res) => {
            const done = () => {
              clearTimeout(t);
              o.signal?.removeEventListener('abort', done);
              wake = () => {};
              res();
            };
            const t = setTimeout(done, wait);
            o.signal?.addEventListener('abort', done, { once: true });
            wake = done;
          });
      }
      if (ended !== 'count') finish.abort();
      await Promise.all(inFlight);
      if (o.signal?.aborted) ended = 'aborted';
      const hops = aggregateRounds(probes);
      const directPings = o.pingRouters && !o.signal?.aborted ? await pingRouters(hops, target.host, common.runner, o.signal) : undefined;
      const failure = ended === 'failed' ? roundFailure : undefined;
      return { ...base, routerPings, directPings, rounds: completed, hops, attribution: attribute(hops), ended: ended ?? 'count', failure, probes, durationMs: performance.now() - started };
    } finally {
      events.close();
    }
  })();
  return { result, [Symbol.asyncIterator]: () => events[Symbol.asyncIterator]() };
}

import { setTimeout as sleep } from 'node:timers/promises';
import type { CommandRunner, Platform, ProbeFailure, Target } from '@netcheck/core';
import {
  AsyncQueue,
  budgetWarning,
  compareHopCounts,
  createExecaRunner,
  detectPlatform,
  NetcheckError,
  parseTarget,
  probeFailureFrom,
} from '@netcheck/core';
import type { TraceParse } from './accumulate.js';
import { makeTraceAccumulator } from './accumulate.js';
import type { TraceOptions } from './build-args.js';
import { buildTraceArgs, TRACE_DEFAULTS, validateTraceOptions } from './build-args.js';
import { deriveTraceFindings } from './findings.js';
import type { ReprobePlan } from './reprobe.js';
import { applyReprobe, deriveRateLimitNotes, planReprobe } from './reprobe.js';
import { deriveStopReason, trailingSilentHops } from './stop-reason.js';
import type { Hop, StopReason, TraceReport, TraceTool } from './types.js';

/** A trace in progress: iterate it for hops as they complete; `result` settles when it is over. */
export interface TraceRun extends AsyncIterable<Hop> {
  readonly result: Promise<TraceReport>;
}

/** `traceroute()`'s options: what to ask the tool for, and how to run it. */
export interface TraceCallOptions extends TraceOptions {
  runner?: CommandRunner;
  signal?: AbortSignal;
  platform?: Platform;
  /** Force a tool (default: traceroute, or tracert on Windows; tracepath as the fallback on Linux). */
  tool?: TraceTool;
  /** Routers on the way back from a ping TTL estimate, to compare with the path length. */
  pingHops?: number;
}

type Settings = Required<Pick<TraceCallOptions, keyof typeof TRACE_DEFAULTS>> & TraceCallOptions;

/** What one run of a tool is given. */
interface TraceJob {
  target: Target;
  o: Settings;
  runner: CommandRunner;
  platform: Platform;
  signal: AbortSignal | undefined;
}

/** One run of a tool over the whole path. */
interface Attempt {
  parse: TraceParse;
  gaveUp: boolean;
  aborted: boolean;
  failure: ProbeFailure | undefined;
  command: string[];
}

/**
 * Streams hops in order. Silent hops wait until a router answering after them, or the re-probe, says what they
 * are; a destination right after them waits too (the re-probe may find it nearer).
 */
function makeHopStream(out: AsyncQueue<Hop>, holdSilent: boolean) {
  let streamedTtl = 0;
  let held: Hop[] = [];
  return {
    push(h: Hop, destination: string | undefined): void {
      const ends = h.responders.some((r) => r.address === destination) || h.probes.some((p) => p.annotation?.terminal);
      if (holdSilent && (h.silent || (held.length > 0 && ends))) {
        held.push(h);
        return;
      }
      for (const x of [...held, h]) out.push(x);
      held = [];
      streamedTtl = h.ttl;
    },
    /** The final hops: whatever was not streamed yet goes out now, then the stream ends. */
    finish(hops: readonly Hop[]): void {
      for (const h of hops) if (h.ttl > streamedTtl) out.push(h);
      out.close();
    },
  };
}

const knownAddress = (t: Target) => (t.kind !== 'hostname' ? t.host : undefined);

/** Run the tool once over the path, streaming hops; kills it once `giveUpAfter` silent hops follow the last answer. */
async function runAttempt(job: TraceJob, tool: TraceTool, stream: ReturnType<typeof makeHopStream>): Promise<Attempt> {
  const { o } = job;
  const { command, args } = buildTraceArgs(job.target.host, o, tool);
  // Worst case: every hop silent, probes in batches of `simultaneous`, each waiting the full wait.
  const inFlight = Math.max(1, tool === 'traceroute' ? o.simultaneous : 1);
  const batches = ((o.maxTtl - o.firstTtl + 1) * o.probesPerHop) / inFlight;
  const budgetMs = Math.ceil(batches) * o.waitMs + 5000;
  const running = job.runner.start({ command, args, signal: job.signal, timeoutMs: budgetMs });
  const acc = makeTraceAccumulator(tool);
  let gaveUp = false;
  const emit = (hops: Hop[]) => {
    for (const h of hops) {
      const seen = acc.result().hops;
      stream.push(h, acc.result().address ?? knownAddress(job.target));
      if (o.giveUpAfter > 0 && !gaveUp && trailingSilentHops(seen) >= o.giveUpAfter && seen.some((x) => !x.silent)) {
        gaveUp = true;
        running.kill();
      }
    }
  };
  // After giving up, lines traceroute had already printed (and a half-written one from the kill) are not the answer.
  for await (const line of running) if (!gaveUp) emit(acc.add(line));
  const r = await running.result;
  for (const line of r.stderr.split('\n')) if (line.trim()) acc.add(line);
  if (!gaveUp) emit(acc.flush());
  const parse = acc.result();
  const aborted = r.failure?.reason === 'aborted' && !gaveUp;
  const warning = budgetWarning(r, budgetMs);
  if (warning && !gaveUp) parse.warnings.push(warning);
  const context = { tool: tool === 'tracepath' ? 'tracepath' : 'traceroute', platform: job.platform } as const;
  const failure =
    parse.failure ?? (gaveUp ? undefined : probeFailureFrom(r, { ...context, nothingParsed: parse.hops.length === 0 }));
  return { parse, gaveUp, aborted, failure, command: [command, ...args] };
}

/** The re-probe pass: after the pause, one probe per TTL in turn; it ends at the first silent hop. */
async function runReprobe(job: TraceJob, tool: TraceTool, plan: ReprobePlan): Promise<Hop[] | 'aborted'> {
  try {
    await sleep(plan.pauseMs, undefined, { signal: job.signal });
  } catch {
    return 'aborted';
  }
  const one = { ...job.o, firstTtl: plan.firstTtl, maxTtl: plan.lastTtl, probesPerHop: 1, simultaneous: 1 };
  const { command, args } = buildTraceArgs(job.target.host, { ...one, waitMs: plan.waitMs, fixedWait: true }, tool);
  const timeoutMs = (plan.lastTtl - plan.firstTtl + 1) * plan.waitMs + 5000;
  const running = job.runner.start({ command, args, signal: job.signal, timeoutMs });
  const acc = makeTraceAccumulator(tool);
  const got: Hop[] = [];
  let stopped = false;
  const take = (hs: Hop[]) => {
    for (const h of hs) {
      if (stopped) return;
      got.push(h);
      if (h.silent) {
        stopped = true;
        running.kill();
      }
    }
  };
  for await (const line of running) take(acc.add(line));
  const r = await running.result;
  if (r.failure?.reason === 'aborted' && !stopped) return 'aborted';
  take(acc.flush());
  return got;
}

/** What makes traceroute's raw-socket methods (ICMP, TCP) work for an ordinary user. */
const RAW_SOCKET_FIX = 'run as root, or allow raw sockets once: sudo setcap cap_net_raw+ep "$(command -v traceroute)"';

/**
 * The tool asked for; on Linux (no tool forced), tracepath when traceroute is missing and the method is UDP.
 * 1 - the probe method never changes silently: tracepath answers only the UDP question, so an ICMP or TCP trace
 *     that traceroute may not send (or cannot, missing) is refused with what would make it work, as traceroute
 *     refuses (exit 3), never run as UDP under a 'TCP probes' header;
 * 2 - the note says 'used tracepath instead' only when tracepath ran.
 */
async function runWithFallback(
  job: TraceJob,
  forced: TraceTool | undefined,
  stream: ReturnType<typeof makeHopStream>,
): Promise<{ a: Attempt; tool: TraceTool; note: string | undefined }> {
  const { platform } = job;
  const native: TraceTool = platform === 'win32' ? 'tracert' : platform === 'darwin' ? 'bsd-traceroute' : 'traceroute';
  const tool = forced ?? native;
  const a = await runAttempt(job, tool, stream);
  const first = a.failure;
  const linuxTraceroute = platform === 'linux' && tool === 'traceroute' && forced === undefined;
  if (!linuxTraceroute || a.parse.hops.length > 0) return { a, tool, note: undefined };
  const method = job.o.method.toUpperCase();
  if (first?.reason === 'permission-denied') {
    const detail = `traceroute may not send ${method} probes here (${first.detail})`;
    a.failure = { ...first, detail, hint: RAW_SOCKET_FIX };
    return { a, tool, note: undefined };
  }
  if (first?.reason !== 'tool-missing') return { a, tool, note: undefined };
  if (job.o.method !== 'udp') {
    a.failure = { ...first, hint: `${first.hint ?? 'install traceroute: apt-get install traceroute'}` };
    return { a, tool, note: undefined };
  }
  const b = await runAttempt(job, 'tracepath', stream);
  if (b.failure?.reason === 'tool-missing') {
    const hint = `${first.hint ?? ''}${first.hint ? '; or ' : ''}install tracepath: apt-get install iputils-tracepath`;
    b.failure = { ...first, hint };
    return { a: b, tool: 'traceroute', note: undefined };
  }
  return {
    a: b,
    tool: 'tracepath',
    note: 'traceroute is not installed; used tracepath instead (UDP, one probe per hop)',
  };
}

/** The hops after the re-probe, if one is planned (traceroute's -f/-m pick one TTL; tracepath and tracert cannot). */
async function settleSilence(
  job: TraceJob,
  tool: TraceTool,
  a: Attempt,
  destination: string | undefined,
): Promise<Hop[]> {
  if (a.failure || a.aborted || (tool !== 'traceroute' && tool !== 'bsd-traceroute')) return a.parse.hops;
  const plan = planReprobe(a.parse.hops, destination, { pauseMs: job.o.reprobeAfterMs, waitMs: job.o.waitMs });
  if (!plan) return a.parse.hops;
  const r = await runReprobe(job, tool, plan);
  if (r !== 'aborted') return applyReprobe(a.parse.hops, r, plan.pauseMs, destination);
  a.aborted = true;
  return a.parse.hops;
}

/**
 * Trace the path to `host` with the system traceroute, streaming hops. Stops
 * early (kills the tool) after `giveUpAfter` silent hops beyond the last
 * answer; before concluding "lost after hop N" (or a destination further than
 * it is), the first silent hop gets one more probe after `reprobeAfterMs`, for
 * routers whose ICMP error bucket was empty (see planReprobe). Silent hops are
 * streamed once that is settled. Falls back to tracepath (UDP), and says so, when
 * traceroute is missing for a UDP trace; refuses an ICMP or TCP trace it may not send. Throws NetcheckError
 * only for misuse.
 */
export function traceroute(host: string, options: TraceCallOptions = {}): TraceRun {
  const target = parseTarget(host);
  if (target.scheme !== undefined || target.port !== undefined)
    throw new NetcheckError(
      'invalid-target',
      `trace takes a host, not "${host}"`,
      'give the port with -p: netcheck trace example.com -T -p 443',
    );
  const problem = validateTraceOptions(options);
  if (problem) throw new NetcheckError('usage', `invalid trace option: ${problem}`);
  const o: Settings = { ...TRACE_DEFAULTS, ...options };
  const platform = options.platform ?? detectPlatform();
  const job: TraceJob = { target, o, platform, runner: options.runner ?? createExecaRunner(), signal: options.signal };
  const hopsOut = new AsyncQueue<Hop>();
  const stream = makeHopStream(hopsOut, o.reprobeAfterMs > 0);
  const started = performance.now();

  const result = (async (): Promise<TraceReport> => {
    const { a, tool, note } = await runWithFallback(job, options.tool, stream).catch((e: unknown) => {
      hopsOut.close();
      throw e;
    });
    const destination = a.parse.address ?? knownAddress(target);
    const hops = await settleSilence(job, tool, a, destination);
    stream.finish(hops);
    let stop: StopReason;
    if (a.failure) stop = { kind: 'failed', failure: a.failure };
    else if (a.aborted) stop = { kind: 'aborted' };
    else stop = deriveStopReason(hops, destination, { maxTtl: o.maxTtl, giveUpAfter: o.giveUpAfter });
    const pathLength = stop.kind === 'reached' ? stop.hop : undefined;
    const pingHops = options.pingHops;
    const hopComparison =
      pathLength !== undefined && pingHops !== undefined ? compareHopCounts(pingHops, pathLength) : undefined;
    const rateLimits = deriveRateLimitNotes(hops, destination);
    const facts = { target: target.host, hops, stop, pathLength, hopComparison, rateLimits };
    return {
      ...facts,
      address: destination,
      tool,
      note,
      findings: deriveTraceFindings(facts, { tool, method: o.method, port: o.port }),
      warnings: a.parse.warnings,
      command: a.command,
      durationMs: performance.now() - started,
    };
  })();
  return { result, [Symbol.asyncIterator]: () => hopsOut[Symbol.asyncIterator]() };
}

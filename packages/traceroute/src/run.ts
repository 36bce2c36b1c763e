import { setTimeout as sleep } from 'node:timers/promises';
import type { CommandRunner, Platform, ProbeFailure } from '@netcheck/core';
import { AsyncQueue, buildInstallHint, compareHopCounts, createExecaRunner, detectPlatform, NetcheckError, parseTarget } from '@netcheck/core';
import { makeTraceAccumulator } from './accumulate.js';
import type { TraceOptions } from './build-args.js';
import { buildTraceArgs, TRACE_DEFAULTS, validateTraceOptions } from './build-args.js';
import type { ReprobePlan } from './reprobe.js';
import { applyReprobe, deriveRateLimitNotes, planReprobe } from './reprobe.js';
import { deriveStopReason, trailingSilentHops } from './stop-reason.js';
import type { Hop, StopReason, TraceReport, TraceTool } from './types.js';

/** A trace in progress: iterate it for hops as they complete; `result` settles when it is over. */
export interface TraceRun extends AsyncIterable<Hop> {
  readonly result: Promise<TraceReport>;
}

export interface TraceCallOptions extends TraceOptions {
  runner?: CommandRunner;
  signal?: AbortSignal;
  platform?: Platform;
  /** Force a tool (default: traceroute, or tracert on Windows; tracepath as the fallback on Linux). */
  tool?: TraceTool;
  /** Routers on the way back from a ping TTL estimate, to compare with the path length. */
  pingHops?: number;
}

interface Attempt {
  parse: ReturnType<ReturnType<typeof makeTraceAccumulator>['result']>;
  gaveUp: boolean;
  aborted: boolean;
  failure: ProbeFailure | undefined;
  command: string[];
}

/**
 * Trace the path to `host` with the system traceroute, streaming hops. Stops
 * early (kills the tool) after `giveUpAfter` silent hops beyond the last
 * answer; before concluding "lost after hop N" (or a destination further than
 * it is), the first silent hop gets one more probe after `reprobeAfterMs`, for
 * routers whose ICMP error bucket was empty (see planReprobe). Silent hops are
 * streamed once that is settled. Falls back to tracepath, and says so, when
 * traceroute is missing or not permitted for the method. Throws NetcheckError
 * only for misuse.
 */
export function traceroute(host: string, options: TraceCallOptions = {}): TraceRun {
  const target = parseTarget(host);
  if (target.scheme !== undefined || target.port !== undefined)
    throw new NetcheckError('invalid-target', `trace takes a host, not "${host}"`, 'give the port with -p: netcheck trace example.com -T -p 443');
  const problem = validateTraceOptions(options);
  if (problem) throw new NetcheckError('usage', `invalid trace option: ${problem}`);
  const platform = options.platform ?? detectPlatform();
  const runner = options.runner ?? createExecaRunner();
  const o = { ...TRACE_DEFAULTS, ...options };
  const hopsOut = new AsyncQueue<Hop>();
  const started = performance.now();
  // Silent hops wait to be streamed until a router answering after them, or the re-probe, says what they
  // are; a destination right after them waits too (the re-probe may find it nearer).
  let streamedTtl = 0;
  let held: Hop[] = [];
  const stream = (h: Hop, destination: string | undefined) => {
    const ends = h.responders.some((r) => r.address === destination) || h.probes.some((p) => p.annotation?.terminal);
    if (o.reprobeAfterMs > 0 && (h.silent || (held.length > 0 && ends))) {
      held.push(h);
      return;
    }
    for (const x of [...held, h]) hopsOut.push(x);
    held = [];
    streamedTtl = h.ttl;
  };

  const attempt = async (tool: TraceTool): Promise<Attempt> => {
    const { command, args } = buildTraceArgs(target.host, o, tool);
    // Worst case: every hop silent, probes in batches of `simultaneous`, each waiting the full wait.
    const budgetMs = Math.ceil(((o.maxTtl - o.firstTtl + 1) * o.probesPerHop) / Math.max(1, tool === 'traceroute' ? o.simultaneous : 1)) * o.waitMs + 5000;
    const running = runner.start({ command, args, signal: options.signal, timeoutMs: budgetMs });
    const acc = makeTraceAccumulator(tool);
    let gaveUp = false;
    const emit = (hops: Hop[]) => {
      for (const h of hops) {
        stream(h, acc.result().address ?? (target.kind !== 'hostname' ? target.host : undefined));
        if (o.giveUpAfter > 0 && !gaveUp && trailingSilentHops(acc.result().hops) >= o.giveUpAfter && acc.result().hops.some((x) => !x.silent)) {
          gaveUp = true;
          running.kill();
        }
      }
    };
    // After giving up, lines traceroute had already printed (and a half-written one from the kill) are not part of the answer.
    for await (const line of running) if (!gaveUp) emit(acc.add(line));
    const r = await running.result;
    for (const line of r.stderr.split('\n')) if (line.trim()) acc.add(line);
    if (!gaveUp) emit(acc.flush());
    const parse = acc.result();
    let failure = parse.failure;
    const aborted = r.failure?.reason === 'aborted' && !gaveUp;
    if (!failure && r.failure && !aborted && !gaveUp) {
      if (r.failure.reason === 'tool-missing') failure = { ok: false, reason: 'tool-missing', detail: `${command} is not installed`, hint: buildInstallHint(tool === 'tracepath' ? 'tracepath' : 'traceroute', platform) };
      else if (r.failure.reason === 'permission-denied') failure = { ok: false, reason: 'permission-denied', detail: r.failure.detail };
      else if (r.failure.reason === 'timeout') parse.warnings.push(`${command} ran past its ${budgetMs} ms budget and was stopped`);
      else failure = { ok: false, reason: 'tool-error', detail: r.failure.detail };
    }
    if (!failure && !aborted && !gaveUp && parse.hops.length === 0 && r.exitCode !== 0 && r.exitCode !== undefined)
      failure = { ok: false, reason: 'tool-error', detail: `${command} exited ${r.exitCode}: ${(r.stderr || r.stdout).trim().slice(0, 200)}` };
    return { parse, gaveUp, aborted, failure, command: [command, ...args] };
  };

  /** The re-probe pass: after the pause, one probe per TTL in turn; it ends at the first silent hop. */
  const reprobe = async (tool: TraceTool, plan: ReprobePlan): Promise<Hop[] | 'aborted'> => {
    try {
      await sleep(plan.pauseMs, undefined, { signal: options.signal });
    } catch {
      return 'aborted';
    }
    const one = { ...o, firstTtl: plan.firstTtl, maxTtl: plan.lastTtl, probesPerHop: 1, simultaneous: 1 };
    const { command, args } = buildTraceArgs(target.host, { ...one, waitMs: plan.waitMs, fixedWait: true }, tool);
    const timeoutMs = (plan.lastTtl - plan.firstTtl + 1) * plan.waitMs + 5000;
    const running = runner.start({ command, args, signal: options.signal, timeoutMs });
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
  };

  const result = (async (): Promise<TraceReport> => {
    let tool: TraceTool = options.tool ?? (platform === 'win32' ? 'tracert' : platform === 'darwin' ? 'bsd-traceroute' : 'traceroute');
    let note: string | undefined;
    let a: Attempt;
    try {
      a = await attempt(tool);
      const canFallBack = platform === 'linux' && tool === 'traceroute' && options.tool === undefined && a.parse.hops.length === 0;
      if (canFallBack && (a.failure?.reason === 'tool-missing' || a.failure?.reason === 'permission-denied')) {
        note = `traceroute ${a.failure.reason === 'tool-missing' ? 'is not installed' : `is not permitted to send ${o.method.toUpperCase()} probes here`}; used tracepath instead (UDP, one probe per hop)`;
        const first = a.failure;
        tool = 'tracepath';
        a = await attempt('tracepath');
        if (a.failure?.reason === 'tool-missing') a.failure = { ...first, hint: `${first.hint ?? ''}${first.hint ? '; or ' : ''}install tracepath: apt-get install iputils-tracepath` };
      }
    } catch (e) {
      hopsOut.close();
      throw e;
    }
    const destination = a.parse.address ?? (target.kind !== 'hostname' ? target.host : undefined);
    let hops = a.parse.hops;
    // Re-probe (traceroute's -f/-m pick one TTL; tracepath and tracert cannot), then stream what was held.
    if (!a.failure && !a.aborted && (tool === 'traceroute' || tool === 'bsd-traceroute')) {
      const plan = planReprobe(hops, destination, { pauseMs: o.reprobeAfterMs, waitMs: o.waitMs });
      if (plan) {
        const r = await reprobe(tool, plan);
        if (r === 'aborted') a.aborted = true;
        else hops = applyReprobe(hops, r, plan.pauseMs, destination);
      }
    }
    for (const h of hops) if (h.ttl > streamedTtl) hopsOut.push(h);
    hopsOut.close();
    let stop: StopReason;
    if (a.failure) stop = { kind: 'failed', failure: a.failure };
    else if (a.aborted) stop = { kind: 'aborted' };
    else stop = deriveStopReason(hops, destination, { maxTtl: o.maxTtl, giveUpAfter: o.giveUpAfter });
    const pathLength = stop.kind === 'reached' ? stop.hop : undefined;
    return {
      target: target.host,
      address: destination,
      tool,
      note,
      hops,
      stop,
      pathLength,
      hopComparison: pathLength !== undefined && options.pingHops !== undefined ? compareHopCounts(options.pingHops, pathLength) : undefined,
      rateLimits: deriveRateLimitNotes(hops, destination),
      warnings: a.parse.warnings,
      command: a.command,
      durationMs: performance.now() - started,
    };
  })();
  return { result, [Symbol.asyncIterator]: () => hopsOut[Symbol.asyncIterator]() };
}

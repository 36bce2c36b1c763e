import type { CommandRunner, Finding, Platform, ProbeFailure } from '@netcheck/core';
import {
  AsyncQueue,
  budgetWarning,
  createExecaRunner,
  detectPlatform,
  NetcheckError,
  parseTarget,
  probeFailureFrom,
} from '@netcheck/core';
import { makePingAccumulator, summarisePing } from './accumulate.js';
import type { PingOptions } from './build-args.js';
import { buildPingArgs, PING_DEFAULTS, validatePingOptions } from './build-args.js';
import type { HopEstimate } from './estimate-hops.js';
import { estimateHops } from './estimate-hops.js';
import type { PingEvent, PingSummary, ReportedStats } from './types.js';
import type { PingVerdict } from './verdict.js';
import { derivePingVerdict } from './verdict.js';
import type { PingFindingId } from './exit-code.js';
import { derivePingFindings } from './exit-code.js';

/** Everything a ping run found. Failures are data: `failure` says why ping could not do its job. */
export interface PingReport {
  target: string;
  /** The address ping resolved the target to; `undefined` when it never got that far. */
  address: string | undefined;
  summary: PingSummary;
  /** From the reply TTLs; `undefined` without replies. */
  hops: HopEstimate | undefined;
  verdict: PingVerdict;
  /** The verdict as core's finding (one), for tools that gather findings from several probes. */
  findings: Finding<PingFindingId>[];
  failure: ProbeFailure | undefined;
  /** Stopped by the caller (AbortSignal / Ctrl-C): the summary covers what was seen until then. */
  aborted: boolean;
  events: PingEvent[];
  /** The tool's own closing figures, for comparison. */
  reported: ReportedStats;
  /** Output lines that were not understood. */
  warnings: string[];
  /** The command that ran. */
  command: string[];
}

/** A ping in progress: iterate it for events as they arrive; `result` settles when it is over. */
export interface PingRun extends AsyncIterable<PingEvent> {
  readonly result: Promise<PingReport>;
}

export interface PingCallOptions extends PingOptions {
  runner?: CommandRunner;
  signal?: AbortSignal;
  /** Whose output format to expect; this machine's by default ('busybox' when only busybox ping exists). */
  platform?: Platform | 'busybox';
}

/**
 * Ping `host` with the system ping. Throws NetcheckError only for misuse (an
 * invalid host or option), before anything is spawned; everything that goes
 * wrong on the network comes back in the report. The ping process is killed on
 * abort and when the run outlives count × interval + timeout (+3 s), so none
 * is ever left behind.
 */
export function ping(host: string, options: PingCallOptions = {}): PingRun {
  const target = parseTarget(host);
  if (target.port !== undefined || target.scheme !== undefined)
    throw new NetcheckError(
      'invalid-target',
      `ping takes a host, not "${host}"`,
      'drop the port or URL parts: netcheck ping example.com',
    );
  const problem = validatePingOptions(options);
  if (problem) throw new NetcheckError('usage', `invalid ping option: ${problem}`);
  const platform = options.platform ?? detectPlatform();
  const runner = options.runner ?? createExecaRunner();
  const { command, args } = buildPingArgs(target.host, options, platform);
  const o = { ...PING_DEFAULTS, ...options };
  const budgetMs = o.deadlineMs !== undefined ? o.deadlineMs + 2000 : o.count * o.intervalMs + o.timeoutMs + 3000;
  const running = runner.start({ command, args, signal: options.signal, timeoutMs: budgetMs });
  const events = new AsyncQueue<PingEvent>();
  const acc = makePingAccumulator(platform);

  const result = (async (): Promise<PingReport> => {
    try {
      for await (const line of running) {
        const e = acc.add(line);
        if (e) events.push(e);
      }
    } finally {
      events.close();
    }
    const r = await running.result;
    for (const line of r.stderr.split('\n')) if (line.trim()) acc.add(line);
    const parse = acc.result();
    const summary = summarisePing(parse);
    const aborted = r.failure?.reason === 'aborted';
    const warning = budgetWarning(r, budgetMs);
    if (warning) parse.warnings.push(warning);
    const failure =
      parse.failure ??
      probeFailureFrom(r, {
        tool: 'ping',
        platform: platform === 'busybox' ? 'linux' : platform,
        permissionHint: 'run as root, or give ping the capability: setcap cap_net_raw+ep $(command -v ping)',
        nothingParsed: summary.sent === 0,
      });
    const ttls = parse.events.flatMap((e) =>
      e.type === 'reply' && !e.duplicate && e.ttl !== undefined ? [e.ttl] : [],
    );
    const hops = estimateHops(ttls, options.ttl);
    const verdict = derivePingVerdict(target.host, summary, parse.events, failure);
    const commandLine = [command, ...args];
    return {
      target: target.host,
      address: parse.address,
      summary,
      hops,
      verdict,
      findings: derivePingFindings(target.host, { verdict, summary, hops, failure, command: commandLine }),
      failure,
      aborted,
      events: parse.events,
      reported: parse.reported,
      warnings: parse.warnings,
      command: commandLine,
    };
  })();
  return { result, [Symbol.asyncIterator]: () => events[Symbol.asyncIterator]() };
}

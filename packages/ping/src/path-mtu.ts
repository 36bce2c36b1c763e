import { isIP } from 'node:net';
import type { CommandRunner, Finding, Platform, ProbeFailure, Skipped } from '@netcheck/core';
import {
  budgetWarning,
  createExecaRunner,
  detectPlatform,
  NetcheckError,
  probeFailureFrom,
  runCommand,
} from '@netcheck/core';
import type { MtuDropLocation, MtuHopProbe, PathMtu } from './derive-path-mtu.js';
import { deriveMtuDrop, derivePathMtu } from './derive-path-mtu.js';
import type { MtuFindingId } from './mtu-findings.js';
import { derivePathMtuFindings } from './mtu-findings.js';
import type { MtuProbe } from './mtu-probe.js';
import { buildMtuProbeArgs, MTU_HEADER_BYTES, parseMtuProbeOutput } from './mtu-probe.js';

/** The default sizes: IPv6's minimum, common tunnels (IPsec, WireGuard, GRE/6in4), PPPoE and plain Ethernet. */
export const PATH_MTU_LADDER_BYTES: readonly number[] = [1280, 1400, 1420, 1480, 1492, 1500];

/** Options of {@link probePathMtu}. */
export interface PathMtuOptions {
  /** IP version; from the address when absent. */
  family?: 4 | 6;
  /** Total IP packet sizes to probe, bytes (default {@link PATH_MTU_LADDER_BYTES}). */
  packetSizesBytes?: readonly number[];
  /** DF pings per size (default 3: a size counts as lost only when all are). */
  probesPerSize?: number;
  /** How long each size waits for its last reply, ms (default 1000); a size whose replies are in is over. */
  timeoutMs?: number;
  /** Time between the probes of one size, ms (default 10; iputils lets a user go down to 2). */
  intervalMs?: number;
  runner?: CommandRunner;
  signal?: AbortSignal;
  /** Whose ping to drive; this machine's by default. Only 'linux' (iputils) is supported so far. */
  platform?: Platform;
}

/** Everything a path MTU probe found. Failures are data. */
export interface PathMtuReport {
  address: string;
  family: 4 | 6;
  /** What the sizes say, see {@link derivePathMtu}; `inconclusive` when ping could not probe or did not run. */
  pathMtu: PathMtu;
  /** One entry per size, smallest first. */
  probes: MtuProbe[];
  /** What the sizes conclude, in core's shape (see derivePathMtuFindings; placed once locateMtuDrop has run). */
  findings: Finding<MtuFindingId>[];
  /** ping could not probe (missing, not permitted, no route...), with what to do. */
  failure: ProbeFailure | undefined;
  /** Not probed on this platform, and why. */
  skipped: Skipped | undefined;
  /** Stopped by the caller's signal: `probes` hold what was seen by then. */
  aborted: boolean;
  /** Wall time of the whole probe, ms. */
  durationMs: number;
  /** The commands that ran, one per size. */
  commands: string[][];
}

const DEFAULTS = { probesPerSize: 3, timeoutMs: 1000, intervalMs: 10 } as const;

function familyOf(address: string, family: 4 | 6 | undefined, what: string): 4 | 6 {
  const version = isIP(address);
  if (version === 0) {
    throw new NetcheckError(
      'invalid-target',
      `${what} takes an IP address, got "${address.slice(0, 100)}"`,
      'resolve the name first (netcheck dns <name>) and pass its address',
    );
  }
  if (family !== undefined && family !== version) {
    throw new NetcheckError('usage', `${what}: family ${family} does not match the IPv${version} address ${address}`);
  }
  return version as 4 | 6;
}

type Timing = { probesPerSize: number; timeoutMs: number; intervalMs: number };

/** The problem with the options in words, or undefined (pure). */
function findOptionProblem(sizes: readonly number[], family: 4 | 6, o: Timing): string | undefined {
  const least = MTU_HEADER_BYTES[family] + 16;
  const bad = sizes.find((s) => !Number.isInteger(s) || s < least || s > 65535);
  if (sizes.length === 0) return 'packetSizesBytes is empty';
  if (bad !== undefined) return `packet size ${bad} is not a whole number of bytes from ${least} to 65535`;
  if (!Number.isInteger(o.probesPerSize) || o.probesPerSize < 1 || o.probesPerSize > 100)
    return `probesPerSize ${o.probesPerSize} is not a whole number from 1 to 100`;
  if (!(o.timeoutMs > 0 && o.timeoutMs <= 60_000)) return `timeoutMs ${o.timeoutMs} is not within 1–60000`;
  if (!(o.intervalMs >= 2 && o.intervalMs <= 10_000)) return `intervalMs ${o.intervalMs} is not within 2–10000`;
  return undefined;
}

function checkOptions(sizes: readonly number[], family: 4 | 6, o: Timing): void {
  const problem = findOptionProblem(sizes, family, o);
  if (problem) throw new NetcheckError('usage', `invalid path MTU option: ${problem}`);
}

/**
 * Run the DF pings of one size to completion and read them: what ping itself said wins, else core's
 * `probeFailureFrom` decides whether the run failed; past our budget it is a warning and what it printed counts.
 */
async function runSize(
  runner: CommandRunner,
  address: string,
  packetBytes: number,
  o: { family: 4 | 6; probes: number; intervalMs: number; timeoutMs: number },
  signal: AbortSignal | undefined,
): Promise<{ probe: MtuProbe; command: string[]; aborted: boolean }> {
  const { command, args } = buildMtuProbeArgs(address, packetBytes, o);
  const budgetMs = (o.probes - 1) * o.intervalMs + o.timeoutMs + 2000;
  const r = await runCommand(runner, { command, args, signal, timeoutMs: budgetMs });
  const probe = parseMtuProbeOutput(packetBytes, `${r.stdout}\n${r.stderr}`.split('\n'));
  const warning = budgetWarning(r, budgetMs);
  if (warning) probe.warnings.push(warning);
  probe.failure ??= probeFailureFrom(r, { tool: 'ping', platform: 'linux', nothingParsed: probe.sent === 0 });
  return { probe, command: [command, ...args], aborted: r.failure?.reason === 'aborted' };
}

/**
 * Find the path MTU toward `address` (an IP address, already resolved): DF pings (`ping -M do`) of every size at
 * once, each ping ending as soon as its replies are in, so a healthy path costs about one round trip. Reads
 * routers' "fragmentation needed" / "packet too big" and this machine's "message too long", and tells a PMTU
 * black hole (sizes above N vanish without a word) from random loss (see {@link derivePathMtu}).
 * Throws NetcheckError only for misuse (not an IP address, a bad option); everything else is in the report.
 */
export async function probePathMtu(address: string, options: PathMtuOptions = {}): Promise<PathMtuReport> {
  const family = familyOf(address, options.family, 'probePathMtu');
  const o = { ...DEFAULTS, ...options };
  const sizes = [...new Set(options.packetSizesBytes ?? PATH_MTU_LADDER_BYTES)].sort((a, b) => a - b);
  checkOptions(sizes, family, o);
  const platform = options.platform ?? detectPlatform();
  const started = performance.now();
  const base = { address, family, failure: undefined, aborted: false, commands: [] as string[][] };
  if (platform !== 'linux') {
    const why = `unsupported: path MTU probing drives Linux iputils ping (-M do); not ${platform} yet`;
    const pathMtu: PathMtu = { kind: 'inconclusive', why };
    return { ...base, pathMtu, probes: [], findings: [], skipped: { status: 'skipped', why }, durationMs: 0 };
  }
  const runner = options.runner ?? createExecaRunner();
  const spec = { family, probes: o.probesPerSize, intervalMs: o.intervalMs, timeoutMs: o.timeoutMs };
  const runs = await Promise.all(sizes.map((size) => runSize(runner, address, size, spec, options.signal)));
  const probes = runs.map((r) => r.probe);
  const failure = probes.every((p) => p.sent === 0) ? probes.find((p) => p.failure)?.failure : undefined;
  const pathMtu = derivePathMtu(probes);
  return {
    ...base,
    pathMtu,
    probes,
    findings: derivePathMtuFindings({ address, family, pathMtu, probes }),
    failure,
    skipped: undefined,
    aborted: runs.some((r) => r.aborted),
    durationMs: performance.now() - started,
    commands: runs.map((r) => r.command),
  };
}

/** Options of {@link locateMtuDrop}. */
export interface MtuDropOptions {
  /** IP version; from the first hop's address when absent. */
  family?: 4 | 6;
  /** The small size that shows whether a hop answers ping at all, bytes (default 84 for IPv4, 104 for IPv6). */
  smallPacketBytes?: number;
  /** DF pings per size and hop (default 2). */
  probesPerSize?: number;
  /** Wait for each hop's last reply, ms (default 1000). */
  timeoutMs?: number;
  runner?: CommandRunner;
  signal?: AbortSignal;
  platform?: Platform;
}

/**
 * After which hop packets of `packetBytes` (the first size that vanished) stop: DF pings of that size and of a
 * small one to every hop at once (see {@link deriveMtuDrop}). `hopAddresses` are the routers on the path in order,
 * as a trace found them (`undefined` for a hop that did not answer the trace; the destination may be last).
 * `undefined` when the hops do not place it: none answers small but not big, a later hop contradicts it, ping
 * cannot run here, or the platform is not Linux.
 */
export async function locateMtuDrop(
  hopAddresses: ReadonlyArray<string | undefined>,
  packetBytes: number,
  options: MtuDropOptions = {},
): Promise<MtuDropLocation | undefined> {
  const known = hopAddresses.flatMap((address, i) => (address === undefined ? [] : [{ hop: i + 1, address }]));
  if (known.length === 0) return undefined;
  const family = familyOf(known[0]!.address, options.family, 'locateMtuDrop');
  for (const h of known) familyOf(h.address, family, 'locateMtuDrop');
  const smallBytes = options.smallPacketBytes ?? MTU_HEADER_BYTES[family] + 56;
  const o = { probesPerSize: 2, timeoutMs: DEFAULTS.timeoutMs, intervalMs: DEFAULTS.intervalMs, ...options };
  checkOptions([packetBytes, smallBytes], family, o);
  if ((options.platform ?? detectPlatform()) !== 'linux') return undefined;
  const runner = options.runner ?? createExecaRunner();
  const spec = { family, probes: o.probesPerSize, intervalMs: o.intervalMs, timeoutMs: o.timeoutMs };
  const hops = await Promise.all(
    known.map(async ({ hop, address }): Promise<MtuHopProbe> => {
      const [big, small] = await Promise.all(
        [packetBytes, smallBytes].map((size) => runSize(runner, address, size, spec, options.signal)),
      );
      return { hop, address, big: big!.probe, small: small!.probe };
    }),
  );
  return deriveMtuDrop(hops, packetBytes);
}

// fs.promises, read when called: node:fs/promises at load would cost every start ~1 ms (it loads readline, watchers).
import { constants, promises as fsp } from 'node:fs';
import { delimiter, join } from 'node:path';
import type { CommandRunner } from './command-runner.js';
import { runCommand } from './command-runner.js';
import { createExecaRunner } from './execa-runner.js';
import type { ToolName } from './install-hints.js';
import type { Platform } from './types.js';
import { detectPlatform } from './types.js';

/** Tools whose presence changes what netcheck can do. */
export const KNOWN_TOOLS: readonly ToolName[] = [
  'ping',
  'traceroute',
  'tracepath',
  'mtr',
  'ss',
  'netstat',
  'lsof',
  'dig',
  'ip',
  'nft',
];

/** What this machine lets netcheck do. */
export interface Capabilities {
  platform: Platform;
  /** Absolute path of each known tool found on PATH; `undefined` when missing. */
  tools: Record<ToolName, string | undefined>;
  isRoot: boolean;
  /** CAP_NET_RAW in the effective set (or root): raw ICMP, TCP traceroute, `traceroute -I`. */
  rawSockets: boolean;
  /** Unprivileged ICMP echo sockets allowed for our group (net.ipv4.ping_group_range); `undefined` off Linux. */
  unprivilegedIcmp: boolean | undefined;
  /**
   * The shortest `ping -i` the installed ping accepts from this user, in ms: 0 for root (no limit), 2 for an
   * ordinary user of iputils since 2021, 200 for older ones; `undefined` when unknown (no ping, not Linux).
   */
  pingMinIntervalMs?: number | undefined;
}

const CAP_NET_RAW_BIT = 13n;

/** Whether the `CapEff:` line of /proc/self/status includes CAP_NET_RAW; `undefined` when the line is absent. */
export function parseHasNetRaw(procStatus: string): boolean | undefined {
  const m = /^CapEff:\s*([0-9a-fA-F]+)$/m.exec(procStatus);
  if (!m) return undefined;
  return ((BigInt(`0x${m[1]}`) >> CAP_NET_RAW_BIT) & 1n) === 1n;
}

/** Whether group id `gid` falls inside net.ipv4.ping_group_range ("low high"; "1 0" means nobody). */
export function parsePingGroupRange(text: string, gid: number): boolean {
  const [low, high] = text.trim().split(/\s+/).map(Number);
  if (low === undefined || high === undefined || Number.isNaN(low) || Number.isNaN(high)) return false;
  return gid >= low && gid <= high;
}

/**
 * What a ping run with `-i 0.002` says about the shortest interval this user may ask for (pure):
 * 1 - iputils refuses with "cannot flood; minimal interval allowed for user is Nms" (200 before 2021, 2 since): N;
 * 2 - it ran (exit 0, or 1 when the reply was lost) without that refusal: 2 ms is allowed;
 * 3 - anything else (not permitted, a ping that does not know -i): `undefined`, unknown.
 */
export function parsePingMinIntervalMs(r: { stderr: string; exitCode: number | undefined }): number | undefined {
  const refused = /minimal interval allowed for user is (\d+(?:\.\d+)?)\s*ms/.exec(r.stderr);
  if (refused) return Number(refused[1]);
  return r.exitCode === 0 || r.exitCode === 1 ? 2 : undefined;
}

/**
 * Ask the installed ping which interval this user may use: one echo to 127.0.0.1 with `-i 0.002` (about 5 ms).
 * Root has no limit and is not asked. Help texts and release notes age; the tool's own answer does not.
 */
export async function detectPingMinIntervalMs(
  runner: CommandRunner,
  who: { isRoot: boolean },
): Promise<number | undefined> {
  if (who.isRoot) return 0;
  const args = ['-n', '-c', '1', '-i', '0.002', '-W', '1', '127.0.0.1'];
  const r = await runCommand(runner, { command: 'ping', args, timeoutMs: 3000 });
  if (r.failure) return undefined;
  return parsePingMinIntervalMs(r);
}

/** Find an executable on PATH (and the sbin directories, which non-root PATHs often lack). */
export async function findExecutable(
  name: string,
  pathEnv: string = process.env.PATH ?? '',
): Promise<string | undefined> {
  const dirs = [...pathEnv.split(delimiter), '/usr/sbin', '/sbin', '/usr/bin', '/bin'].filter(Boolean);
  for (const dir of new Set(dirs)) {
    const candidate = join(dir, name);
    try {
      await fsp.access(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

/**
 * Probe this machine: which tools exist, whether we are root and may open raw sockets (from files), and, for an
 * ordinary user with ping installed, the shortest interval ping allows (one loopback echo through `runner`).
 */
export async function detectCapabilities(options: { runner?: CommandRunner } = {}): Promise<Capabilities> {
  const platform = detectPlatform();
  const found = await Promise.all(KNOWN_TOOLS.map(async (t) => [t, await findExecutable(t)] as const));
  const tools = Object.fromEntries(found) as Record<ToolName, string | undefined>;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  let rawSockets = isRoot;
  let unprivilegedIcmp: boolean | undefined;
  if (platform === 'linux') {
    const status = await fsp.readFile('/proc/self/status', 'utf8').catch(() => '');
    rawSockets = parseHasNetRaw(status) ?? isRoot;
    const range = await fsp.readFile('/proc/sys/net/ipv4/ping_group_range', 'utf8').catch(() => undefined);
    unprivilegedIcmp = range === undefined ? undefined : parsePingGroupRange(range, process.getgid?.() ?? -1);
  }
  const asked = platform === 'linux' && tools.ping !== undefined;
  const pingMinIntervalMs = asked
    ? await detectPingMinIntervalMs(options.runner ?? createExecaRunner(), { isRoot })
    : undefined;
  return { platform, tools, isRoot, rawSockets, unprivilegedIcmp, pingMinIntervalMs };
}

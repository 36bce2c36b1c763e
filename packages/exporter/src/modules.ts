import { NetcheckError } from '@netcheck/core';
import { parseDurationMs } from './duration.js';

/** The probers a module can use. */
export type ProberKind = 'icmp' | 'tcp' | 'dns' | 'path' | 'diagnose';
const PROBERS: readonly ProberKind[] = ['icmp', 'tcp', 'dns', 'path', 'diagnose'];

/** One module of the module file, with every option filled in. Durations in ms. */
export interface ModuleConfig {
  prober: ProberKind;
  /** Upper bound of a probe's time; the scrape timeout lowers it. */
  timeoutMs: number;
  icmp: { count: number; intervalMs: number };
  tcp: { connectTries: number };
  /** `servers` empty: the resolvers of /etc/resolv.conf, all asked at once. */
  dns: { servers: string[]; type: string };
  path: { rounds: number; probesPerRound: number };
  diagnose: { deep: boolean };
}

/** The modules by name. */
export type ModuleSet = Readonly<Record<string, ModuleConfig>>;

const BASE: Omit<ModuleConfig, 'prober'> = {
  timeoutMs: 10_000,
  icmp: { count: 5, intervalMs: 200 },
  tcp: { connectTries: 1 },
  dns: { servers: [], type: 'A' },
  path: { rounds: 10, probesPerRound: 10 },
  diagnose: { deep: false },
};

/** Without a module file: one module per prober, named after it. */
export const DEFAULT_MODULES: ModuleSet = Object.fromEntries(PROBERS.map((p) => [p, { ...BASE, prober: p }]));

const LIMITS = {
  icmp: { count: [1, 100], intervalMs: [200, 10_000] },
  tcp: { connectTries: [1, 10] },
  path: { rounds: [1, 60], probesPerRound: [1, 30] },
} as const;

function fail(where: string, what: string): never {
  throw new NetcheckError('usage', `module file: ${where}: ${what}`, 'see packages/exporter/README.md for the format');
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function readNumbers<K extends string>(
  where: string,
  raw: unknown,
  base: Record<K, number>,
  limits: Record<K, readonly [number, number]>,
) {
  if (raw === undefined) return base;
  if (!isObject(raw)) fail(where, 'must be an object');
  const out = { ...base };
  for (const [key, value] of Object.entries(raw)) {
    if (!Object.hasOwn(limits, key)) fail(where, `unknown option "${key}" (known: ${Object.keys(limits).join(', ')})`);
    const [min, max] = limits[key as K];
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max)
      fail(`${where}.${key}`, `must be an integer from ${min} to ${max} (got ${JSON.stringify(value)})`);
    out[key as K] = value;
  }
  return out;
}

/**
 * Validate a parsed module file (blackbox.yml's shape: `{ "modules": { "<name>": { "prober": "icmp", "timeout": "5s",
 * "icmp": {...} } } }`) and fill in defaults. Pure; throws NetcheckError naming the first bad field.
 */
export function validateModuleFile(raw: unknown): ModuleSet {
  if (!isObject(raw) || !isObject(raw.modules)) fail('top level', 'expected {"modules": {"<name>": {"prober": ...}}}');
  const out: Record<string, ModuleConfig> = {};
  for (const [name, m] of Object.entries(raw.modules)) {
    if (!/^[A-Za-z0-9_.-]{1,64}$/.test(name)) fail(`module "${name}"`, 'names are letters, digits, _ . - (up to 64)');
    if (!isObject(m)) fail(name, 'must be an object');
    for (const key of Object.keys(m))
      if (!['prober', 'timeout', ...PROBERS].includes(key)) fail(name, `unknown key "${key}"`);
    const prober = m.prober as ProberKind;
    if (!PROBERS.includes(prober))
      fail(`${name}.prober`, `must be one of ${PROBERS.join(', ')} (got ${JSON.stringify(m.prober)})`);
    let timeoutMs = BASE.timeoutMs;
    if (m.timeout !== undefined) {
      const t = typeof m.timeout === 'string' ? parseDurationMs(m.timeout) : undefined;
      if (t === undefined || t > 300_000)
        fail(`${name}.timeout`, `must be a duration up to 5m like "5s" (got ${JSON.stringify(m.timeout)})`);
      timeoutMs = t;
    }
    const dnsRaw = m.dns;
    if (dnsRaw !== undefined && !isObject(dnsRaw)) fail(`${name}.dns`, 'must be an object');
    const servers = dnsRaw?.servers ?? [];
    if (!Array.isArray(servers) || !servers.every((s) => typeof s === 'string' && s.length > 0 && s.length < 256))
      fail(`${name}.dns.servers`, 'must be a list of resolver addresses');
    const type = dnsRaw?.type ?? 'A';
    if (typeof type !== 'string' || !/^[A-Za-z0-9]{1,10}$/.test(type))
      fail(`${name}.dns.type`, 'must be a record type like "A"');
    const diagnoseRaw = m.diagnose;
    if (
      diagnoseRaw !== undefined &&
      !(isObject(diagnoseRaw) && ['undefined', 'boolean'].includes(typeof diagnoseRaw.deep))
    )
      fail(`${name}.diagnose`, 'must be {"deep": true|false}');
    out[name] = {
      prober,
      timeoutMs,
      icmp: readNumbers(`${name}.icmp`, m.icmp, BASE.icmp, LIMITS.icmp),
      tcp: readNumbers(`${name}.tcp`, m.tcp, BASE.tcp, LIMITS.tcp),
      dns: { servers: servers as string[], type: type.toUpperCase() },
      path: readNumbers(`${name}.path`, m.path, BASE.path, LIMITS.path),
      diagnose: { deep: (diagnoseRaw?.deep as boolean | undefined) ?? false },
    };
  }
  if (Object.keys(out).length === 0) fail('modules', 'is empty');
  return out;
}

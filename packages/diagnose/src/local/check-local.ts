import { readdir, readFile } from 'node:fs/promises';
import type { CommandRunner, Skipped } from '@netcheck/core';
import type { PingReport } from '@netcheck/ping';
import { ping } from '@netcheck/ping';
import { parseResolvConf, query } from '@netcheck/dns';
import { inspectSockets } from '@netcheck/sockets';
import type { DefaultRoute, InterfaceState } from './parse-system.js';
import { parseDefaultRoutes, parseInterfaceState } from './parse-system.js';

/** Whether one configured resolver answers at all. */
export interface ResolverCheck {
  address: string;
  /** The zone whose SOA was asked for: the first search domain, or the root. */
  zone: string;
  /** Any DNS answer (even NXDOMAIN or REFUSED) means the server is there. */
  answered: boolean;
  /** The DNS outcome or the error code: NOERROR, NXDOMAIN, REFUSED, SERVFAIL, ETIMEOUT, ECONNREFUSED... */
  outcome: string;
  /** `undefined` when it did not answer. */
  rttMs: number | undefined;
}

/** This machine's TCP sockets: counts and the sockets package's findings. */
export interface SocketHealth {
  total: number;
  states: Record<string, number>;
  findings: Array<{ rule: string; severity: string; title: string; nextSteps: string[] }>;
}

/** What netcheck found about this machine. Checks that could not run say so, with why. */
export interface LocalReport {
  interfaces: InterfaceState[] | Skipped;
  gateway: { route: DefaultRoute; ping: PingReport } | Skipped;
  resolvers: ResolverCheck[] | Skipped;
  sockets: SocketHealth | Skipped;
}

/** Where the local check reads from and how it probes; injected so tests and other namespaces can swap it. */
export interface LocalDeps {
  runner?: CommandRunner;
  signal?: AbortSignal;
  readFile?: (path: string) => Promise<string>;
  listInterfaces?: () => Promise<string[]>;
  /** Read the socket table and its findings. */
  sockets?: (signal?: AbortSignal) => Promise<SocketHealth>;
  /** Ask one resolver for the SOA of `zone` ('.' for the root); resolves to the DNS outcome name or rejects with an error code. */
  queryResolver?: (server: string, zone: string, timeoutMs: number) => Promise<string>;
}

const readText = (p: string) => readFile(p, 'utf8');

async function readSockets(runner: CommandRunner | undefined, signal?: AbortSignal): Promise<SocketHealth> {
  const r = await inspectSockets({ runner, signal, listenerLimits: 'never', idleScanMax: 0 });
  if (!r.ok) throw new Error(r.failure?.detail ?? 'no socket table could be read');
  return {
    total: r.total,
    states: Object.fromEntries(Object.entries(r.states).filter(([, n]) => n > 0)),
    findings: r.findings.map((f) => ({ rule: f.id, severity: f.severity, title: f.title, nextSteps: f.nextSteps })),
  };
}

/**
 * Ask for a zone's SOA with the project's DNS client: any DNS answer (NOERROR, NXDOMAIN, REFUSED...) shows the
 * server is alive; no answer rejects with the failure reason (ETIMEOUT for a timeout, as before).
 */
async function querySoa(server: string, zone: string, timeoutMs: number): Promise<string> {
  const r = await query(zone, { server, type: 'SOA', timeoutMs, tries: 1 });
  if (r.ok) return r.response.rcode === 'NOERROR' && r.response.answers.length === 0 ? 'NODATA' : r.response.rcode;
  const code = r.reason === 'timeout' ? 'ETIMEOUT' : r.reason === 'refused' ? 'ECONNREFUSED' : r.reason.toUpperCase();
  throw Object.assign(new Error(`${code}: ${r.detail}`), { code });
}

/** Where the local check reads from, with the defaults filled in. */
interface Sources {
  read: (path: string) => Promise<string>;
  list: () => Promise<string[]>;
  query: NonNullable<LocalDeps['queryResolver']>;
  deps: LocalDeps;
}

/** Every interface and its state, from /sys/class/net. */
async function readInterfaces(src: Sources): Promise<LocalReport['interfaces']> {
  try {
    const names = (await src.list()).sort();
    return await Promise.all(
      names.map(async (n) =>
        parseInterfaceState(
          n,
          await src.read(`/sys/class/net/${n}/operstate`),
          await src.read(`/sys/class/net/${n}/flags`),
        ),
      ),
    );
  } catch (e) {
    return { status: 'skipped', why: `cannot read /sys/class/net: ${(e as Error).message}` };
  }
}

/** The default route and three pings to its gateway. */
async function checkGateway(src: Sources): Promise<LocalReport['gateway']> {
  let routes: DefaultRoute[];
  try {
    routes = parseDefaultRoutes(await src.read('/proc/net/route'));
  } catch (e) {
    return { status: 'skipped', why: `cannot read /proc/net/route: ${(e as Error).message}` };
  }
  const route = routes[0];
  if (!route)
    return {
      status: 'skipped',
      why: 'no IPv4 default route: this machine has no gateway to the rest of the network',
    };
  const report = await ping(route.gateway, {
    runner: src.deps.runner,
    signal: src.deps.signal,
    count: 3,
    intervalMs: 200,
    timeoutMs: 1000,
  }).result;
  return { route, ping: report };
}

/** Each configured resolver asked for the SOA of the first search domain (or the root). */
async function checkResolvers(src: Sources): Promise<LocalReport['resolvers']> {
  let servers: string[];
  let zone: string;
  try {
    const conf = parseResolvConf(await src.read('/etc/resolv.conf'));
    servers = conf.nameservers;
    zone = conf.search[0] ?? '.';
  } catch (e) {
    return { status: 'skipped', why: `cannot read /etc/resolv.conf: ${(e as Error).message}` };
  }
  if (servers.length === 0) return { status: 'skipped', why: 'no nameserver in /etc/resolv.conf' };
  return Promise.all(
    servers.map(async (address): Promise<ResolverCheck> => {
      const t0 = performance.now();
      try {
        const outcome = await src.query(address, zone, 2000);
        return { address, zone, answered: true, outcome, rttMs: performance.now() - t0 };
      } catch (e) {
        return {
          address,
          zone,
          answered: false,
          outcome: (e as NodeJS.ErrnoException).code ?? (e as Error).message,
          rttMs: undefined,
        };
      }
    }),
  );
}

/** The socket table's counts and findings. */
async function readSocketHealth(src: Sources): Promise<LocalReport['sockets']> {
  try {
    return await (src.deps.sockets ?? ((sig) => readSockets(src.deps.runner, sig)))(src.deps.signal);
  } catch (e) {
    return { status: 'skipped', why: `cannot read the socket table: ${(e as Error).message}` };
  }
}

/**
 * Check this machine: interfaces, the default gateway (pinged), each
 * configured resolver (one query each) and the TCP socket table (the sockets
 * package's rules), all at once. Reads /proc and /sys; spawns ping (and ss
 * where the sockets package needs it).
 */
export async function checkLocal(deps: LocalDeps = {}): Promise<LocalReport> {
  const src: Sources = {
    read: deps.readFile ?? readText,
    list: deps.listInterfaces ?? (() => readdir('/sys/class/net')),
    query: deps.queryResolver ?? querySoa,
    deps,
  };
  const [interfaces, gateway, resolvers, sockets] = await Promise.all([
    readInterfaces(src),
    checkGateway(src),
    checkResolvers(src),
    readSocketHealth(src),
  ]);
  return { interfaces, gateway, resolvers, sockets };
}

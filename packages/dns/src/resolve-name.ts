import type { Finding } from '@netcheck/core';
// fs.promises, read when called: node:fs/promises at load would cost every one-shot lookup ~1 ms (readline, watchers).
import { promises as fsp } from 'node:fs';
import { NetcheckError, isHostname, makeDeadline } from '@netcheck/core';
import { monotonicMs } from './clock.js';
import { queryCandidates } from './ask-server.js';
import type { TryFirst } from './derive-resolution.js';
import type { NameAddresses, NameFacts, NameFinding, NameResolverView } from './name-facts.js';
import {
  deriveAddresses,
  deriveExists,
  deriveNameFindings,
  deriveNameVerdict,
  deriveTryFirst,
} from './derive-resolution.js';
import type { Explanation } from './explain.js';
import { query } from './query.js';
import type { ResolvConf } from './resolv-conf.js';
import { buildSearchCandidates, lookupHosts, parseHostsFile, parseResolvConf } from './resolv-conf.js';
import type { SystemLookup, SystemResolver } from './system-lookup.js';
import { nodeSystemResolver, probeRoute, querySystem } from './system-lookup.js';
import type { DnsTransport } from './transport.js';
import type { NameOutcomeId } from './name-outcome.js';
import { deriveNameOutcome } from './name-outcome.js';

/** Options for `resolveName`. Times are in ms. */
export interface ResolveNameOptions {
  /** Per-query timeout for each direct question to a resolver (one try each), default 1000 ms. */
  queryTimeoutMs?: number;
  /** How long to wait for getaddrinfo (and for everything), default 2500 ms; past it getaddrinfo is `slow`. */
  systemWaitMs?: number;
  /** Stop at once and return what was gathered, marked `interrupted`. */
  signal?: AbortSignal;
  /** Ask getaddrinfo (default true); `false` records it as not asked. */
  askSystem?: boolean;
  resolvConfPath?: string;
  hostsPath?: string;
  /** DNS socket I/O (tests inject a fake). */
  transport?: DnsTransport;
  /** getaddrinfo (tests inject a fake). */
  systemResolver?: SystemResolver;
  /** Route lookup for an address (tests inject a fake); `undefined` when unknown. */
  routeProbe?: (address: string, family: 4 | 6) => Promise<boolean | undefined>;
}

/** How a name resolves for applications on this machine, and what differs between the ways to ask. */
export interface NameResolution {
  /** The name as given. */
  name: string;
  /** Search candidates in the order the system tries them. */
  candidates: string[];
  /** `undefined` when /etc/resolv.conf could not be read. */
  resolvConf: ResolvConf | undefined;
  /** Every configured resolver (up to 3, in resolv.conf order), asked for A and AAAA at once. */
  resolvers: NameResolverView[];
  /** getaddrinfo (family 0, all addresses), timed on its own. */
  system: SystemLookup;
  /** Addresses /etc/hosts gives for the name or a search candidate. */
  hosts: string[];
  /** The addresses the system would use (see deriveAddresses). */
  addresses: NameAddresses;
  /** The address an application would try first and why; `undefined` without any address. */
  tryFirst: TryFirst | undefined;
  /** Whether the name exists, over both types and every source (see deriveExists). */
  exists: 'yes' | 'no' | 'unknown';
  /** What the resolution comes to, as a finding: it resolves (and which address goes first), NXDOMAIN, or nothing. */
  outcome: Finding<NameOutcomeId>;
  /** What differs between the ways to ask (slow getaddrinfo, a dead or lying resolver, /etc/hosts overrides). */
  findings: NameFinding[];
  /** The outcome over both types: a name with only AAAA is an answer. */
  verdict: Explanation;
  /** The caller's signal stopped the work; what had arrived by then is kept. */
  interrupted: boolean;
  /** Wall time of the whole call, in ms. */
  durationMs: number;
}

/**
 * Resolve a name the way applications on this machine get it, and explain what differs:
 * A and AAAA from every configured resolver at once (each walking the search candidates, one try of
 * `queryTimeoutMs` per query), getaddrinfo beside them (timed, given up after `systemWaitMs`), and
 * /etc/hosts. Returns within about `systemWaitMs` (resolver walks still running then are stopped, and
 * kept as `aborted`); never throws for network trouble. Throws NetcheckError('invalid-target') for
 * anything that is not a hostname (IP literals included: there is nothing to resolve).
 */
export async function resolveName(name: string, options: ResolveNameOptions = {}): Promise<NameResolution> {
  if (!isHostname(name))
    throw new NetcheckError('invalid-target', `"${name}" is not a hostname`, 'give a name such as web.lab');
  const t0 = monotonicMs();
  const queryTimeoutMs = options.queryTimeoutMs ?? 1000;
  const systemWaitMs = options.systemWaitMs ?? 2500;
  const user = options.signal;
  const [conf, hostsEntries] = await Promise.all([
    fsp.readFile(options.resolvConfPath ?? '/etc/resolv.conf', 'utf8').then(parseResolvConf, () => undefined),
    fsp.readFile(options.hostsPath ?? '/etc/hosts', 'utf8').then(parseHostsFile, () => []),
  ]);
  const candidates = conf ? buildSearchCandidates(name, conf) : [name.replace(/\.$/, '')];
  const servers = conf?.nameservers.slice(0, 3) ?? [];
  // One deadline for everything: the resolvers' walks stop with getaddrinfo's wait.
  const { signal: deadline, dispose } = makeDeadline(systemWaitMs, user);

  const ask = (type: 'A' | 'AAAA') => (server: string, candidate: string) =>
    query(candidate, {
      server,
      type,
      timeoutMs: queryTimeoutMs,
      tries: 1,
      transport: options.transport,
      signal: deadline,
    });
  const askResolver = async (server: string): Promise<NameResolverView> => {
    const [a, aaaa] = await Promise.all([
      queryCandidates(server, candidates, 'A', ask('A')),
      queryCandidates(server, candidates, 'AAAA', ask('AAAA')),
    ]);
    return { server, a, aaaa };
  };
  const systemP: Promise<SystemLookup> =
    options.askSystem === false
      ? Promise.resolve({ state: 'not-asked', why: 'askSystem: false' })
      : querySystem(name, options.systemResolver ?? nodeSystemResolver, systemWaitMs, user);
  const [resolvers, system] = await Promise.all([Promise.all(servers.map(askResolver)), systemP]).finally(dispose);

  const hosts = [...new Set([name, ...candidates].flatMap((c) => lookupHosts(hostsEntries, c)))];
  const facts: NameFacts = { name, candidates, resolvConf: conf, resolvers, system, hosts, queryTimeoutMs };
  const addresses = deriveAddresses(facts);
  const exists = deriveExists(facts);
  const v6 = addresses.v6[0];
  const needRoute = system.state !== 'answered' && v6 !== undefined && !user?.aborted;
  const routeV6 = needRoute ? await (options.routeProbe ?? probeRoute)(v6, 6) : undefined;
  const tryFirst = deriveTryFirst(system, addresses, { v6: routeV6 });
  const verdict = deriveNameVerdict(facts, addresses, exists);
  return {
    name,
    candidates,
    resolvConf: conf,
    resolvers,
    system,
    hosts,
    addresses,
    tryFirst,
    exists,
    outcome: deriveNameOutcome({ ...facts, addresses, tryFirst, exists, verdict }),
    findings: deriveNameFindings(facts),
    verdict,
    interrupted: user?.aborted === true,
    durationMs: monotonicMs() - t0,
  };
}

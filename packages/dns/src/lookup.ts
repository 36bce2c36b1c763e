import { readFileSync } from 'node:fs';
import type { ResolverFinding } from './compare.js';
import { compareResolvers } from './compare.js';
import type { Explanation } from './explain.js';
import type { ResolverView } from './ask-server.js';
import { queryCandidates } from './ask-server.js';
import type { QueryOptions } from './query.js';
import { followCnameChain, query } from './query.js';
import { parseRecordType } from './record-types.js';
import type { QueryResult } from './types.js';
import type { ResolvConf } from './resolv-conf.js';
import { buildSearchCandidates, lookupHosts, parseHostsFile, parseResolvConf } from './resolv-conf.js';
import { buildReverseName } from './reverse-name.js';

/** Everything `lookup` found. */
export interface LookupReport {
  name: string;
  type: string;
  /** Names the system resolver would try, in order. */
  candidates: string[];
  resolvConf: ResolvConf | undefined;
  resolvers: ResolverView[];
  /** What getaddrinfo (nsswitch: files, dns...) returns, for A/AAAA questions. */
  system: { addresses: string[] } | { error: string } | undefined;
  /** Addresses /etc/hosts gives for the name (or a candidate). */
  hosts: string[];
  findings: ResolverFinding[];
  /** The explanation of the first resolver, in order, that answered at all: the one the system acts on. */
  verdict: Explanation;
}

export type { ResolverView };

export interface LookupOptions extends Omit<QueryOptions, 'server' | 'type'> {
  /** Record type (default A); reverse lookups use PTR. */
  type?: string;
  /** Servers to ask (default: resolv.conf's nameservers); asked in parallel. */
  servers?: string[];
  /** Ask every configured resolver at once and compare (default: in order, moving on only when one does not answer, as the system does). */
  allResolvers?: boolean;
  /** Treat `name` as an address and look up its PTR name. */
  reverse?: boolean;
  /** Apply the search list (default true, unless servers were given explicitly, as dig does). */
  search?: boolean;
  /** Compare with getaddrinfo (default: for A/AAAA questions to the configured resolvers, not to explicit servers). */
  compareSystem?: boolean;
  resolvConfPath?: string;
  hostsPath?: string;
}

/** What `lookup` will ask, decided from the options and resolv.conf before anything is sent. */
export interface LookupPlan {
  /** The name asked: `name`, or its PTR name for a reverse lookup. */
  qname: string;
  type: { wire: string; label: string };
  candidates: string[];
  /** Explicit servers, else resolv.conf's first three nameservers. */
  servers: string[];
  explicit: boolean;
  /** Ask every server at once (explicit servers, --all-resolvers); else in order, as the system does. */
  parallel: boolean;
  timeoutMs: number;
  tries: number;
  /** Ask getaddrinfo beside the resolvers. */
  wantSystem: boolean;
}

/** The name and record type asked; throws for a reverse lookup of a non-address or an unknown type. Pure. */
export function parseLookupQuestion(
  name: string,
  options: Pick<LookupOptions, 'reverse' | 'type'>,
): Pick<LookupPlan, 'qname' | 'type'> {
  const reverseName = options.reverse ? buildReverseName(name) : undefined;
  if (options.reverse && !reverseName) throw new Error(`-x needs an IPv4 or IPv6 address, not "${name}"`);
  const type = parseRecordType(options.reverse ? 'PTR' : (options.type ?? 'A'));
  if (!type) throw new Error(`unknown record type "${options.type}"`);
  return { qname: reverseName ?? name, type };
}

/** What to ask, whom, how and how often, from the question, the options and resolv.conf (if read). Pure. */
export function buildLookupPlan(
  question: Pick<LookupPlan, 'qname' | 'type'>,
  options: LookupOptions,
  conf: ResolvConf | undefined,
): LookupPlan {
  const { qname, type } = question;
  const explicit = options.servers !== undefined && options.servers.length > 0;
  const search = options.search ?? (!explicit && !options.reverse);
  const configured = conf?.nameservers.slice(0, 3) ?? [];
  return {
    qname,
    type,
    candidates: search && conf ? buildSearchCandidates(qname, conf) : [qname.replace(/\.$/, '')],
    servers: options.servers?.length ? options.servers : configured,
    explicit,
    // Explicit servers and --all-resolvers: everyone at once, to compare. Otherwise the system's way (glibc
    // res_send): `attempts` rounds, each asking the servers in order with one try of `timeout`, until one answers.
    parallel: explicit || options.allResolvers === true,
    timeoutMs: options.timeoutMs ?? conf?.timeoutMs ?? 2000,
    tries: options.tries ?? conf?.attempts ?? 2,
    // With explicit servers the question is about them (as with dig @server), not about this machine.
    wantSystem: options.compareSystem ?? (!explicit && (type.label === 'A' || type.label === 'AAAA')),
  };
}

/**
 * A small local file (resolv.conf, hosts), or `undefined` when it cannot be read. Read synchronously: a one-shot
 * lookup otherwise starts libuv's thread pool for it, and two asynchronous reads cost ~2 ms of its start-up.
 */
function readLocalFile(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** getaddrinfo's addresses for `name`, or its error code. */
async function querySystem(name: string, label: string): Promise<LookupReport['system']> {
  // loaded when asked for: a lookup with explicit servers never is
  const { lookup: systemLookup } = await import('node:dns/promises');
  return systemLookup(name, { all: true, family: label === 'AAAA' ? 6 : 4 }).then(
    (all) => ({ addresses: all.map((a) => a.address) }),
    (e: unknown) => ({ error: (e as NodeJS.ErrnoException).code ?? (e as Error).message }),
  );
}

type AskOne = (server: string, candidate: string) => Promise<QueryResult>;

/** Every server's view: all at once, or in rounds and in order until one answers (the last view of each server). */
async function queryResolvers(plan: LookupPlan, askWith: (tries: number) => AskOne): Promise<ResolverView[]> {
  const { servers, candidates, type, tries } = plan;
  if (plan.parallel) return Promise.all(servers.map((s) => queryCandidates(s, candidates, type.label, askWith(tries))));
  const latest = new Map<string, ResolverView>();
  rounds: for (let round = 0; round < tries; round++)
    for (const server of servers) {
      const v = await queryCandidates(server, candidates, type.label, askWith(1));
      latest.set(server, v);
      if (v.result.ok || v.result.reason === 'aborted') break rounds;
    }
  return [...latest.values()];
}

/** A warning when /etc/hosts gives other addresses than the decisive resolver's answer; else undefined. Pure. */
export function buildHostsOverrideFinding(
  name: string,
  hosts: string[],
  system: LookupReport['system'],
  decisive: ResolverView | undefined,
): ResolverFinding | undefined {
  if (!hosts.length || !system || !('addresses' in system)) return undefined;
  const dns = decisive?.result.ok ? followCnameChain(decisive.result.response).final.map((a) => a.data) : [];
  if (dns.join() === hosts.join()) return undefined;
  const dnsText = dns.length ? ` while DNS says ${dns.join(', ')}` : ' (DNS has no such answer)';
  return {
    kind: 'disagree',
    severity: 'warning',
    servers: ['/etc/hosts'],
    text: `/etc/hosts overrides DNS for ${name}: the system uses ${hosts.join(', ')}${dnsText}`,
  };
}

/** The decisive resolver's explanation; without one, what /etc/hosts says, or that there was no resolver. Pure. */
export function buildLookupVerdict(name: string, hosts: string[], decisive: ResolverView | undefined): Explanation {
  if (decisive) return decisive.explanation;
  if (hosts.length)
    return {
      status: 'answer',
      text: `${name} is ${hosts.join(', ')} from /etc/hosts (no resolver was asked)`,
      nextStep: undefined,
    };
  return {
    status: 'error',
    text: 'no resolver to ask: /etc/resolv.conf has no nameserver',
    nextStep: 'add a nameserver line, or give one: netcheck dns <name> @<server>',
  };
}

/**
 * Look a name up the way this machine would, and explain it: read
 * resolv.conf and /etc/hosts, expand the search list, ask the resolvers in
 * parallel (each walking the candidates until one has data), compare them,
 * and compare with getaddrinfo. Failures are data; only a bad type throws.
 */
export async function lookup(name: string, options: LookupOptions = {}): Promise<LookupReport> {
  const question = parseLookupQuestion(name, options);
  const confText = readLocalFile(options.resolvConfPath ?? '/etc/resolv.conf');
  const conf = confText === undefined ? undefined : parseResolvConf(confText);
  const hostsText = readLocalFile(options.hostsPath ?? '/etc/hosts');
  const hostsEntries = hostsText === undefined ? [] : parseHostsFile(hostsText);
  const plan = buildLookupPlan(question, options, conf);
  const { qname, type, candidates, timeoutMs } = plan;
  const askWith = (perQueryTries: number) => (server: string, candidate: string) =>
    query(candidate, { ...options, server, type: type.wire, timeoutMs, tries: perQueryTries });
  // getaddrinfo runs beside the resolvers: behind a silent first resolver both wait for its timeout.
  const systemP = plan.wantSystem && !options.reverse ? querySystem(name, type.label) : Promise.resolve(undefined);
  const views = await queryResolvers(plan, askWith);
  /** The view the system would act on: the first server that answered, in order. */
  const decisive = views.find((v) => v.result.ok) ?? views[0];

  const system = await systemP;
  const hosts = [
    ...new Set(candidates.flatMap((c) => lookupHosts(hostsEntries, c)).concat(lookupHosts(hostsEntries, name))),
  ];
  const findings = compareResolvers(
    views.map((v) => v.result),
    decisive?.candidate ?? qname,
  );
  const hostsFinding = buildHostsOverrideFinding(name, hosts, system, decisive);
  if (hostsFinding) findings.push(hostsFinding);
  return {
    name: qname,
    type: type.label,
    candidates,
    resolvConf: conf,
    resolvers: views,
    system,
    hosts,
    findings,
    verdict: buildLookupVerdict(name, hosts, decisive),
  };
}

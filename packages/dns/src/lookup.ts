import { lookup as systemLookup } from 'node:dns/promises';
import { readFile } from 'node:fs/promises';
import type { ResolverFinding } from './compare.js';
import { compareResolvers } from './compare.js';
import type { Explanation } from './explain.js';
import type { ResolverView } from './ask-server.js';
import { queryCandidates } from './ask-server.js';
import type { QueryOptions } from './query.js';
import { followCnameChain, query } from './query.js';
import { parseRecordType } from './record-types.js';
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

/**
 * Look a name up the way this machine would, and explain it: read
 * resolv.conf and /etc/hosts, expand the search list, ask the resolvers in
 * parallel (each walking the candidates until one has data), compare them,
 * and compare with getaddrinfo. Failures are data; only a bad type throws.
 */
export async function lookup(name: string, options: LookupOptions = {}): Promise<LookupReport> {
  const reverseName = options.reverse ? buildReverseName(name) : undefined;
  if (options.reverse && !reverseName) throw new Error(`-x needs an IPv4 or IPv6 address, not "${name}"`);
  const qname = reverseName ?? name;
  const parsedType = parseRecordType(options.reverse ? 'PTR' : (options.type ?? 'A'));
  if (!parsedType) throw new Error(`unknown record type "${options.type}"`);
  const conf = await readFile(options.resolvConfPath ?? '/etc/resolv.conf', 'utf8').then(
    parseResolvConf,
    () => undefined,
  );
  const hostsEntries = await readFile(options.hostsPath ?? '/etc/hosts', 'utf8').then(parseHostsFile, () => []);
  const explicit = options.servers !== undefined && options.servers.length > 0;
  const search = options.search ?? (!explicit && !options.reverse);
  const candidates = search && conf ? buildSearchCandidates(qname, conf) : [qname.replace(/\.$/, '')];
  const configured = conf?.nameservers.slice(0, 3) ?? [];
  const servers = explicit ? options.servers! : configured;
  // Explicit servers and --all-resolvers: everyone at once, to compare. Otherwise the system's way (glibc
  // res_send): `attempts` rounds, each asking the servers in order with one try of `timeout`, until one answers.
  const parallel = explicit || options.allResolvers === true;
  const timeoutMs = options.timeoutMs ?? conf?.timeoutMs ?? 2000;
  const tries = options.tries ?? conf?.attempts ?? 2;
  const askWith = (perQueryTries: number) => (server: string, candidate: string) =>
    query(candidate, { ...options, server, type: parsedType.wire, timeoutMs, tries: perQueryTries });
  // With explicit servers the question is about them (as with dig @server), not about this machine.
  // getaddrinfo runs beside the resolvers: behind a silent first resolver both wait for its timeout.
  const wantSystem = options.compareSystem ?? (!explicit && (parsedType.label === 'A' || parsedType.label === 'AAAA'));
  const systemP: Promise<LookupReport['system']> =
    wantSystem && !options.reverse
      ? systemLookup(name, { all: true, family: parsedType.label === 'AAAA' ? 6 : 4 }).then(
          (all) => ({ addresses: all.map((a) => a.address) }),
          (e: unknown) => ({ error: (e as NodeJS.ErrnoException).code ?? (e as Error).message }),
        )
      : Promise.resolve(undefined);
  const views: ResolverView[] = [];
  if (parallel)
    views.push(
      ...(await Promise.all(servers.map((s) => queryCandidates(s, candidates, parsedType.label, askWith(tries))))),
    );
  else {
    const latest = new Map<string, ResolverView>();
    rounds: for (let round = 0; round < tries; round++)
      for (const server of servers) {
        const v = await queryCandidates(server, candidates, parsedType.label, askWith(1));
        latest.set(server, v);
        if (v.result.ok || v.result.reason === 'aborted') break rounds;
      }
    views.push(...latest.values());
  }
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
  if (hosts.length && system && 'addresses' in system) {
    const dns = decisive?.result.ok ? followCnameChain(decisive.result.response).final.map((a) => a.data) : [];
    if (dns.join() !== hosts.join())
      findings.push({
        kind: 'disagree',
        severity: 'warning',
        servers: ['/etc/hosts'],
        text: `/etc/hosts overrides DNS for ${name}: the system uses ${hosts.join(', ')}${dns.length ? ` while DNS says ${dns.join(', ')}` : ' (DNS has no such answer)'}`,
      });
  }
  const verdict: Explanation =
    decisive?.explanation ??
    (hosts.length
      ? {
          status: 'answer',
          text: `${name} is ${hosts.join(', ')} from /etc/hosts (no resolver was asked)`,
          nextStep: undefined,
        }
      : {
          status: 'error',
          text: 'no resolver to ask: /etc/resolv.conf has no nameserver',
          nextStep: 'add a nameserver line, or give one: netcheck dns <name> @<server>',
        });
  return {
    name: qname,
    type: parsedType.label,
    candidates,
    resolvConf: conf,
    resolvers: views,
    system,
    hosts,
    findings,
    verdict,
  };
}

import type { ResolverView } from './ask-server.js';
import { compareResolvers } from './compare.js';
import { estimateSystemWait } from './estimate-system-wait.js';
import type { Explanation } from './explain.js';
import { followCnameChain } from './query.js';
import type { ResolvConf } from './resolv-conf.js';
import type { SystemLookup } from './system-lookup.js';
import type { QueryResult } from './types.js';

/** One configured resolver asked for A and AAAA; a type is `undefined` when it was not asked. */
export interface NameResolverView {
  server: string;
  a: ResolverView | undefined;
  aaaa: ResolverView | undefined;
}

/** What `resolveName` gathered: the facts every derivation below reads. */
export interface NameFacts {
  name: string;
  /** Search candidates in the order the system tries them. */
  candidates: string[];
  resolvConf: ResolvConf | undefined;
  /** In resolv.conf order. */
  resolvers: NameResolverView[];
  system: SystemLookup;
  /** Addresses /etc/hosts gives for the name or a candidate. */
  hosts: string[];
  /** Per-query timeout the resolvers were asked with, in ms. */
  queryTimeoutMs: number;
}

/** Kinds of finding about a name; the first five are `compareResolvers`' kinds. */
export type NameFindingKind =
  | 'timeout'
  | 'slow'
  | 'disagree'
  | 'nxdomain-rewriting'
  | 'error'
  | 'nxdomain-for-type'
  | 'slow-system-lookup'
  | 'system-disagrees'
  | 'hosts-override';

/** A finding about how the name resolves, with what was seen and what to do. */
export interface NameFinding {
  kind: NameFindingKind;
  severity: 'info' | 'warning' | 'critical';
  /** Servers concerned (`/etc/hosts` and `getaddrinfo` stand for themselves). */
  servers: string[];
  text: string;
  /** What was measured: the server, the answer or its absence, and the time in ms. */
  evidence: string[];
  nextSteps: string[];
}

/** Addresses the system would use, by family, in the system's order, and where they came from. */
export interface NameAddresses {
  v4: string[];
  v6: string[];
  /** getaddrinfo when it answered; else /etc/hosts when it has the name; else the resolvers; `none` when empty. */
  source: 'system' | 'hosts' | 'resolvers' | 'none';
}

type Family = 'A' | 'AAAA';
const FAMILIES: readonly Family[] = ['A', 'AAAA'];
const viewOf = (r: NameResolverView, t: Family) => (t === 'A' ? r.a : r.aaaa);
const ms = (v: number) => `${Math.round(v)} ms`;
const seconds = (v: number) => `${Math.round(v / 100) / 10} s`.replace('.0 s', ' s');

/** The records of the asked type at the end of the CNAME chain. */
export function viewData(v: ResolverView | undefined, type: Family): string[] {
  if (!v?.result.ok || v.result.response.rcode !== 'NOERROR') return [];
  return followCnameChain(v.result.response)
    .final.filter((a) => a.type === type)
    .map((a) => a.data);
}

const rcodeOf = (v: ResolverView | undefined) => (v?.result.ok ? v.result.response.rcode : undefined);

/**
 * One evidence line for a view: "10.0.4.2: web.lab A 10.0.4.2 in 12 ms",
 * "10.0.4.3: no answer to web.lab A within 1000 ms".
 */
export function describeView(v: ResolverView, type: Family, timeoutMs: number): string {
  const r: QueryResult = v.result;
  if (!r.ok) {
    if (r.reason === 'timeout') return `${v.server}: no answer to ${v.candidate} ${type} within ${timeoutMs} ms`;
    if (r.reason === 'aborted')
      return `${v.server}: no answer to ${v.candidate} ${type} before the wait ended (${ms(v.durationMs)})`;
    return `${v.server}: ${v.candidate} ${type} failed: ${r.detail}`;
  }
  const data = viewData(v, type);
  const rc = r.response.rcode;
  const what = rc !== 'NOERROR' ? rc : data.length ? data.join(', ') : 'NODATA';
  return `${v.server}: ${v.candidate} ${type} ${what} in ${ms(r.rttMs)}`;
}

/** The view of the first resolver, in resolv.conf order, that answered the type at all. */
const firstAnswered = (f: NameFacts, t: Family) => f.resolvers.map((r) => viewOf(r, t)).find((v) => v?.result.ok);

const describeIf = (v: ResolverView | undefined, t: Family, timeoutMs: number) =>
  v ? [describeView(v, t, timeoutMs)] : [];

/**
 * The addresses the system would use:
 * 1 - getaddrinfo's, when it answered (it is what applications get: /etc/hosts, DNS, retries and all);
 * 2 - else /etc/hosts's, when it has the name (nsswitch asks files before dns);
 * 3 - else, per type, the data of the first resolver in resolv.conf order that answered that type at all
 *     (the system moves on only from a resolver that does not answer).
 */
export function deriveAddresses(f: NameFacts): NameAddresses {
  const split = (list: string[]) => ({
    v4: list.filter((a) => !a.includes(':')),
    v6: list.filter((a) => a.includes(':')),
  });
  if (f.system.state === 'answered') {
    const { v4, v6 } = split(f.system.addresses.map((a) => a.address));
    return { v4, v6, source: v4.length + v6.length ? 'system' : 'none' };
  }
  if (f.hosts.length) return { ...split(f.hosts), source: 'hosts' };
  const pick = (t: Family) => viewData(firstAnswered(f, t), t);
  const v4 = pick('A');
  const v6 = pick('AAAA');
  return { v4, v6, source: v4.length + v6.length ? 'resolvers' : 'none' };
}

/**
 * Whether the name exists:
 * 1 - yes when anything gave an address (getaddrinfo, /etc/hosts, any resolver, either type)
 *     or any resolver answered NOERROR for it (NODATA: the name exists without that type);
 * 2 - no when a resolver answered NXDOMAIN and 1 does not hold (no data of either type anywhere,
 *     getaddrinfo returned no address);
 * 3 - unknown otherwise (nobody answered, or only with SERVFAIL/REFUSED).
 */
export function deriveExists(f: NameFacts): 'yes' | 'no' | 'unknown' {
  const views = f.resolvers.flatMap((r) => [r.a, r.aaaa]).filter((v): v is ResolverView => v !== undefined);
  const systemHas = f.system.state === 'answered' && f.system.addresses.length > 0;
  if (systemHas || f.hosts.length || views.some((v) => rcodeOf(v) === 'NOERROR')) return 'yes';
  if (views.some((v) => rcodeOf(v) === 'NXDOMAIN')) return 'no';
  return 'unknown';
}

/** Where the resolvers' addresses came from, in words: "A from 10.0.4.2, AAAA from 10.0.4.5". */
function resolverSources(f: NameFacts): string {
  return FAMILIES.map((t) => {
    const r = f.resolvers.find((x) => viewData(viewOf(x, t), t).length);
    return r ? `${t} from ${r.server}` : undefined;
  })
    .filter((x) => x !== undefined)
    .join(', ');
}

/**
 * The outcome over both types (first rule that holds):
 * 1 - any address → answer (IPv6 only is an answer, not NXDOMAIN);
 * 2 - the name does not exist (deriveExists) → the first NXDOMAIN explanation, naming the candidates tried;
 * 3 - it exists without addresses → NODATA;
 * 4 - otherwise the first resolver's explanation (SERVFAIL, REFUSED, timeout...), or what getaddrinfo said.
 */
export function deriveNameVerdict(
  f: NameFacts,
  addresses: NameAddresses,
  exists: 'yes' | 'no' | 'unknown',
): Explanation {
  // getaddrinfo's order when it answered (the first is what applications try first), else IPv4 then IPv6.
  const all =
    addresses.source === 'system' && f.system.state === 'answered'
      ? f.system.addresses.map((a) => a.address)
      : [...addresses.v4, ...addresses.v6];
  if (all.length) {
    const from =
      addresses.source === 'system'
        ? `getaddrinfo${f.system.state === 'answered' ? ` in ${ms(f.system.durationMs)}` : ''}`
        : addresses.source === 'hosts'
          ? '/etc/hosts'
          : resolverSources(f);
    const only = addresses.v4.length === 0 ? '; IPv6 only' : addresses.v6.length === 0 ? '; IPv4 only' : '';
    return { status: 'answer', text: `${f.name}: ${all.join(', ')} (${from}${only})`, nextStep: undefined };
  }
  const views = f.resolvers.flatMap((r) => [r.a, r.aaaa]).filter((v): v is ResolverView => v !== undefined);
  if (exists === 'no') return views.find((v) => rcodeOf(v) === 'NXDOMAIN')!.explanation;
  if (exists === 'yes') {
    const nodata = views.find((v) => rcodeOf(v) === 'NOERROR');
    return {
      status: 'nodata',
      text: `${f.name} exists but has no A or AAAA record (NODATA${nodata ? ` from ${nodata.server}` : ''})`,
      nextStep: `ask for another type: netcheck dns ${f.name} ANY`,
    };
  }
  const answered = views.find((v) => v.result.ok);
  if (answered) return answered.explanation;
  if (views[0]) return views[0].explanation;
  if (f.system.state === 'failed')
    return {
      status: 'error',
      text: `getaddrinfo failed for ${f.name}: ${f.system.code}`,
      nextStep: 'cat /etc/nsswitch.conf /etc/resolv.conf',
    };
  return {
    status: 'error',
    text: 'no resolver to ask: /etc/resolv.conf has no nameserver',
    nextStep: 'add a nameserver line, or give one: netcheck dns <name> @<server>',
  };
}

const alsoText = (others: string[]) =>
  others.length ? `; ${others.join(', ')} ${others.length === 1 ? 'does' : 'do'}` : '';

/** Rule: resolvers that did not answer (timeout) or could not be asked (refused, unreachable). */
function silentResolverFindings(f: NameFacts): NameFinding[] {
  const out: NameFinding[] = [];
  const answeredAny = f.resolvers.filter((r) => r.a?.result.ok || r.aaaa?.result.ok).map((r) => r.server);
  for (const r of f.resolvers) {
    const views = FAMILIES.map((t) => ({ t, v: viewOf(r, t) })).filter(
      (x): x is { t: Family; v: ResolverView } => !!x.v,
    );
    const failed = views.filter((x) => !x.v.result.ok && x.v.result.reason !== 'aborted');
    if (failed.length === 0) continue;
    const evidence = views.map((x) => describeView(x.v, x.t, f.queryTimeoutMs));
    const others = answeredAny.filter((s) => s !== r.server);
    const partial = failed.length < views.length;
    const reason = failed[0]!.v.result.ok ? undefined : failed[0]!.v.result.reason;
    if (reason === 'timeout')
      out.push({
        kind: 'timeout',
        severity: others.length || partial ? 'warning' : 'critical',
        servers: [r.server],
        text: partial
          ? `${r.server} answered ${views
              .filter((x) => x.v.result.ok)
              .map((x) => x.t)
              .join()} but not ${failed.map((x) => x.t).join()} within ${f.queryTimeoutMs} ms: lost or filtered queries`
          : `${r.server} does not answer${alsoText(others)}: each lookup that tries it first waits for its timeout`,
        evidence,
        nextSteps: ['remove or fix it in /etc/resolv.conf', `netcheck trace ${r.server}`, `dig @${r.server} ${f.name}`],
      });
    else
      out.push({
        kind: 'error',
        severity: others.length ? 'warning' : 'critical',
        servers: [r.server],
        text: `${r.server} cannot be asked: ${failed[0]!.v.explanation.text}`,
        evidence,
        nextSteps: ['check the nameserver lines in /etc/resolv.conf', `netcheck trace ${r.server}`],
      });
  }
  return out;
}

/** Rule: compareResolvers per type (slow, disagree, NXDOMAIN rewriting), each kind and server set once. */
function comparisonFindings(f: NameFacts): NameFinding[] {
  const out: NameFinding[] = [];
  const seen = new Set<string>();
  for (const t of FAMILIES) {
    const views = f.resolvers.map((r) => viewOf(r, t)).filter((v): v is ResolverView => v !== undefined);
    for (const c of compareResolvers(
      views.map((v) => v.result),
      views.find((v) => v.result.ok)?.candidate ?? f.name,
    )) {
      if (c.kind === 'timeout') continue;
      const key = `${c.kind}/${c.servers.join()}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({
        kind: c.kind,
        severity: c.severity,
        servers: c.servers,
        text: c.text,
        evidence: views.map((v) => describeView(v, t, f.queryTimeoutMs)),
        nextSteps: [`netcheck dns ${f.name} ${t} --all-resolvers`, 'cat /etc/resolv.conf'],
      });
    }
  }
  return out;
}

/**
 * Rule: a resolver answers NXDOMAIN for one type although it has records of the other (RFC 8020: NXDOMAIN
 * means no record of any type). Applications that ask for the failing type alone fail, and a resolver that
 * caches the NXDOMAIN may hide the other type too.
 */
function nxdomainForTypeFindings(f: NameFacts): NameFinding[] {
  const out: NameFinding[] = [];
  for (const r of f.resolvers)
    for (const t of FAMILIES) {
      const other: Family = t === 'A' ? 'AAAA' : 'A';
      const v = viewOf(r, t);
      const o = viewOf(r, other);
      const data = viewData(o, other);
      if (!v || !o || rcodeOf(v) !== 'NXDOMAIN' || data.length === 0) continue;
      out.push({
        kind: 'nxdomain-for-type',
        severity: 'warning',
        servers: [r.server],
        text:
          `${r.server} answers NXDOMAIN for ${o.candidate} ${t} although it has ${other} ${data.join(', ')}: ` +
          `a broken resolver (RFC 8020: NXDOMAIN means no record of any type); ` +
          `applications that ask for ${t} only will fail`,
        evidence: [describeView(v, t, f.queryTimeoutMs), describeView(o, other, f.queryTimeoutMs)],
        nextSteps: [
          `fix or replace the resolver ${r.server}: it must answer NOERROR with no records (NODATA) for ${t}`,
          `dig @${r.server} ${o.candidate} ${t}; dig @${r.server} ${o.candidate} ${other}`,
        ],
      });
    }
  return out;
}

/** getaddrinfo's wait, measured, in words, and in ms (`undefined` when it was not measured). */
function systemWait(s: SystemLookup): { ms: number | undefined; text: string } {
  if (s.state === 'answered') return { ms: s.durationMs, text: `getaddrinfo answered in ${ms(s.durationMs)}` };
  if (s.state === 'failed')
    return { ms: s.durationMs, text: `getaddrinfo failed (${s.code}) after ${ms(s.durationMs)}` };
  if (s.state === 'slow')
    return { ms: s.waitedMs, text: `getaddrinfo had not returned after ${ms(s.waitedMs)} (stopped waiting)` };
  if (s.state === 'interrupted')
    return { ms: undefined, text: `getaddrinfo had not returned when interrupted after ${ms(s.waitedMs)}` };
  return { ms: undefined, text: `getaddrinfo was not asked: ${s.why}` };
}

/** A getaddrinfo that takes longer than this is slow, in ms. */
export const SLOW_SYSTEM_LOOKUP_MS = 1000;

/**
 * Rule: getaddrinfo is slow (no result within the wait, or over SLOW_SYSTEM_LOOKUP_MS):
 * 1 - with silent resolvers ahead of one that answers, the wait is theirs: glibc's per-name wait is
 *     estimated from resolv.conf (estimateSystemWait) and named with the servers and the fix;
 * 2 - with every resolver answering quickly, the wait comes from elsewhere (another nsswitch source,
 *     or a resolver that is slow only for the system): said as such;
 * 3 - with no resolver answering at all nothing is added (the timeout findings say it, critical).
 */
function slowSystemFindings(f: NameFacts): NameFinding[] {
  const wait = systemWait(f.system);
  const slow = f.system.state === 'slow' || (wait.ms !== undefined && wait.ms > SLOW_SYSTEM_LOOKUP_MS);
  if (!slow) return [];
  const answering = new Set(f.resolvers.filter((r) => r.a?.result.ok || r.aaaa?.result.ok).map((r) => r.server));
  if (answering.size === 0) return [];
  const evidence = [
    `${wait.text} for ${f.name}`,
    ...f.resolvers.flatMap((r) => FAMILIES.flatMap((t) => describeIf(viewOf(r, t), t, f.queryTimeoutMs))),
  ];
  const conf = f.resolvConf;
  const est = conf ? estimateSystemWait(conf, answering) : undefined;
  if (!conf || !est || est.silentBefore.length === 0)
    return [
      {
        kind: 'slow-system-lookup',
        severity: 'warning',
        servers: ['getaddrinfo'],
        text:
          `getaddrinfo takes over ${seconds(wait.ms ?? SLOW_SYSTEM_LOOKUP_MS)} for ${f.name} although the resolvers ` +
          'answer at once: another source in /etc/nsswitch.conf (mdns, ldap, a cache) ' +
          'or a resolver slow only for the system',
        evidence,
        nextSteps: ['grep ^hosts /etc/nsswitch.conf', `time getent ahosts ${f.name}`],
      },
    ];
  const silent = est.silentBefore.map((s) => s.server);
  const defaults = conf.timeoutMs === 5000 && conf.attempts === 2 ? ' (glibc defaults)' : '';
  const nscount = conf.nameservers.slice(0, 3).length;
  const one = silent.length === 1;
  const lookups =
    est.shareOfLookups < 1
      ? `${silent.length} lookup${one ? '' : 's'} in ${nscount} (options rotate) wait${one ? 's' : ''} up to`
      : 'every lookup waits';
  const verb = silent.length === 1 ? 'does' : 'do';
  const fix = silent.length === 1 ? 'fix or remove it' : 'fix or remove them';
  return [
    {
      kind: 'slow-system-lookup',
      severity: 'warning',
      servers: silent,
      text:
        `${lookups} ${seconds(est.perNameMs)}: ${silent.join(', ')} ${verb} not answer; ` +
        `${fix}, or set \`options timeout:1\``,
      evidence: [
        ...evidence,
        `resolv.conf: timeout ${conf.timeoutMs / 1000} s, attempts ${conf.attempts}${defaults}` +
          `${conf.rotate ? ', rotate' : ''}; ` +
          est.silentBefore
            .map((s) => `${s.server} (nameserver ${conf.nameservers.indexOf(s.server) + 1}) waits ${seconds(s.waitMs)}`)
            .join(', ') +
          ` before ${est.firstAnswering} is asked`,
        `per name tried: a name found at the k-th search candidate waits k × ${seconds(est.perNameMs)}; ` +
          `one that does not exist waits ${f.candidates.length} × ${seconds(est.perNameMs)}`,
      ],
      nextSteps: [
        `remove ${silent.join(', ')} from /etc/resolv.conf, or fix ${silent.length === 1 ? 'it' : 'them'}`,
        'add `options timeout:1` to /etc/resolv.conf',
        `netcheck trace ${silent[0]}`,
      ],
    },
  ];
}

/**
 * Rule: getaddrinfo and the direct answers differ:
 * 1 - /etc/hosts has the name: it wins over DNS (info when DNS agrees or has nothing, warning when it differs);
 * 2 - getaddrinfo fails while a resolver has addresses → applications cannot resolve it (critical);
 * 3 - getaddrinfo answers a family with other addresses than the first resolver that answered that type.
 */
function systemComparisonFindings(f: NameFacts): NameFinding[] {
  const dns = (t: Family) => viewData(firstAnswered(f, t), t);
  const dnsAll = [...dns('A'), ...dns('AAAA')];
  const sys = f.system;
  const sysText = systemWait(sys).text;
  if (f.hosts.length) {
    const same = [...f.hosts].sort().join() === [...dnsAll].sort().join();
    if (same) return [];
    return [
      {
        kind: 'hosts-override',
        severity: dnsAll.length ? 'warning' : 'info',
        servers: ['/etc/hosts'],
        text:
          `/etc/hosts overrides DNS for ${f.name}: the system uses ${f.hosts.join(', ')}` +
          (dnsAll.length ? ` while DNS says ${dnsAll.join(', ')}` : ' (DNS has no such answer)'),
        evidence: [`/etc/hosts: ${f.hosts.join(', ')}`, `DNS: ${dnsAll.join(', ') || 'no address'}`, sysText],
        nextSteps: [`grep -i ${f.name} /etc/hosts`],
      },
    ];
  }
  if (sys.state === 'failed' && dnsAll.length)
    return [
      {
        kind: 'system-disagrees',
        severity: 'critical',
        servers: ['getaddrinfo'],
        text:
          `getaddrinfo fails for ${f.name} (${sys.code}) although DNS answers ${dnsAll.join(', ')}: ` +
          'applications cannot resolve it',
        evidence: [sysText, `DNS: ${dnsAll.join(', ')}`],
        nextSteps: ['grep ^hosts /etc/nsswitch.conf', `getent ahosts ${f.name}`],
      },
    ];
  if (sys.state !== 'answered') return [];
  const out: NameFinding[] = [];
  for (const [t, fam] of [
    ['A', 4],
    ['AAAA', 6],
  ] as const) {
    const s = sys.addresses
      .filter((a) => a.family === fam)
      .map((a) => a.address)
      .sort();
    const d = [...dns(t)].sort();
    if (s.length === 0 || d.length === 0 || s.join() === d.join()) continue;
    out.push({
      kind: 'system-disagrees',
      severity: 'warning',
      servers: ['getaddrinfo'],
      text:
        `getaddrinfo gives ${f.name} ${t} ${s.join(', ')} while DNS says ${d.join(', ')}: ` +
        'a cache (nscd, systemd-resolved) or another nsswitch source',
      evidence: [sysText, `DNS ${t}: ${d.join(', ')}`],
      nextSteps: ['grep ^hosts /etc/nsswitch.conf', `getent ahosts ${f.name}`],
    });
  }
  return out;
}

/** Every finding about the name, from the rules above, in this order. */
export function deriveNameFindings(f: NameFacts): NameFinding[] {
  return [
    ...silentResolverFindings(f),
    ...slowSystemFindings(f),
    ...nxdomainForTypeFindings(f),
    ...comparisonFindings(f),
    ...systemComparisonFindings(f),
  ];
}

/** The address a connecting application would try first, and why that one. */
export interface TryFirst {
  address: string;
  family: 4 | 6;
  why: string;
}

/**
 * Which address the system would try first:
 * 1 - getaddrinfo answered: its first (RFC 6724 ordering puts unroutable destinations last);
 * 2 - else IPv6 when the name has it and there is a route to it (`routes.v6 === true`);
 * 3 - else IPv4 when it has it; else IPv6 (even without a known route).
 * `undefined` without any address.
 */
export function deriveTryFirst(
  system: SystemLookup,
  addresses: NameAddresses,
  routes: { v6: boolean | undefined },
): TryFirst | undefined {
  if (system.state === 'answered' && system.addresses[0])
    return { ...system.addresses[0], why: 'getaddrinfo lists it first' };
  const v6 = addresses.v6[0];
  const v4 = addresses.v4[0];
  if (v6 && routes.v6 === true) return { address: v6, family: 6, why: 'the name has IPv6 and there is a route to it' };
  if (v4) return { address: v4, family: 4, why: v6 ? `no route to ${v6}: IPv4` : 'the name has IPv4 only' };
  if (v6)
    return {
      address: v6,
      family: 6,
      why: routes.v6 === false ? `the name has IPv6 only, and there is no route to ${v6}` : 'the name has IPv6 only',
    };
  return undefined;
}

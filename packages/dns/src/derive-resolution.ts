import type { ResolverView } from './ask-server.js';
import type { Explanation } from './explain.js';
import type { Family, NameAddresses, NameFacts, NameFinding } from './name-facts.js';
import { FAMILIES, firstAnswered, ms, rcodeOf, viewData, viewOf } from './name-facts.js';
import { nxdomainForTypeFindings } from './name-rules/nxdomain-for-type.js';
import { comparisonFindings } from './name-rules/resolver-comparison.js';
import { silentResolverFindings } from './name-rules/silent-resolvers.js';
import { slowSystemFindings } from './name-rules/slow-system-lookup.js';
import { systemComparisonFindings } from './name-rules/system-comparison.js';
import type { SystemLookup } from './system-lookup.js';

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

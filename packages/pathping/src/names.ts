import { Resolver } from 'node:dns/promises';
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';

/** What is known of one hop address: its reverse name and origin AS, each `undefined` until (or unless) found. */
export interface HopName {
  name: string | undefined;
  asn: AsnInfo | undefined;
}

/** An origin AS from the TXT record `"13335 | 1.1.1.0/24 | US | arin | 2010-07-14"` (mtr -z). */
export interface AsnInfo {
  /** `AS13335`. */
  asn: string;
  prefix: string | undefined;
  country: string | undefined;
  registry: string | undefined;
}

/** The lookups behind the names: injected, so tests (and a lab zone) can answer them. */
export interface NameLookups {
  /**
   * Reverse name of an address (/etc/hosts, then a DNS PTR query); `undefined` when it has none. `signal` aborts
   * when the names are closed, as for `txt`.
   */
  reverse?: (address: string, signal: AbortSignal) => Promise<string | undefined>;
  /**
   * TXT records of a name (for the ASN zone); an empty list when there are none. `signal` aborts when the names
   * are closed: a query still waiting on a silent server is cancelled instead of holding the process open.
   */
  txt?: (name: string, signal: AbortSignal) => Promise<string[]>;
}

/**
 * The zones that map an address to its origin AS, as mtr -z asks them (traceroute -A asks routing registries over whois
 * instead).
 */
export const ASN_ZONES = { v4: 'origin.asn.cymru.com', v6: 'origin6.asn.cymru.com' } as const;

/**
 * The TXT name that holds an address's origin AS (pure): IPv4 octets reversed
 * (`1.2.3.4` → `4.3.2.1.origin.asn.cymru.com`), IPv6 nibbles reversed under `origin6`; `undefined` for
 * anything that is not an address.
 */
export function buildAsnQueryName(address: string, zones: { v4: string; v6: string } = ASN_ZONES): string | undefined {
  const family = isIP(address);
  if (family === 4) return `${address.split('.').reverse().join('.')}.${zones.v4}`;
  if (family !== 6) return undefined;
  const [head = '', tail = ''] = address.split('::');
  const groups = (s: string) => (s === '' ? [] : s.split(':'));
  const h = groups(head);
  const t = address.includes('::') ? groups(tail) : [];
  const full = [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t];
  const nibbles = full.map((g) => g.padStart(4, '0')).join('');
  return `${[...nibbles].reverse().join('.')}.${zones.v6}`;
}

/**
 * Read an origin TXT record (pure): `"AS | prefix | country | registry | date"`; several AS numbers
 * (`"3356 174 | ..."`) keep the first. `undefined` when the first field is not a number.
 */
export function parseAsnTxt(txt: string): AsnInfo | undefined {
  const [as = '', prefix, country, registry] = txt.split('|').map((f) => f.trim());
  const first = as.split(/\s+/)[0] ?? '';
  if (!/^\d+$/.test(first)) return undefined;
  const opt = (s: string | undefined) => (s ? s : undefined);
  return { asn: `AS${first}`, prefix: opt(prefix), country: opt(country), registry: opt(registry) };
}

/** A cache of hop names filled in the background: asking never waits, `get` says what is known so far. */
export interface HopNames {
  /** Start the lookups of these addresses (once each); returns at once. */
  request(addresses: Iterable<string>): void;
  /** What is known of an address now. */
  get(address: string): HopName;
  /** Wait until the lookups started so far are done, or `ms` passes, whichever comes first. */
  settle(ms: number): Promise<void>;
  /** Cancel the PTR and TXT queries still waiting (their fields stay `undefined`): none holds the exit. */
  close(): void;
}

const withTimeout = <T>(p: Promise<T>, ms: number): Promise<T | undefined> =>
  Promise.race([p.catch(() => undefined), new Promise<undefined>((r) => setTimeout(() => r(undefined), ms).unref())]);

/**
 * Names for hop addresses, resolved as mtr does: in the background, never delaying a round; a lookup that
 * fails or takes longer than `timeoutMs` (default 3 s) leaves the field `undefined` (no internet is never a
 * hang). 3 s, not less: with its first server silent, the resolver has the answer of the next after ~2 s (the
 * lab's dead-resolver scenario: 2.02 s). ASN lookups only when `asn` is true (mtr -z).
 */
export function makeHopNames(o: { names: boolean; asn: boolean; timeoutMs?: number; lookups?: NameLookups }): HopNames {
  const known = new Map<string, HopName>();
  const pending = new Set<Promise<void>>();
  const timeoutMs = o.timeoutMs ?? 3000;
  const reverse = o.lookups?.reverse ?? defaultReverse;
  const txt = o.lookups?.txt ?? defaultTxt;
  const closed = new AbortController();
  const start = (address: string) => {
    const entry: HopName = { name: undefined, asn: undefined };
    known.set(address, entry);
    const jobs: Promise<unknown>[] = [];
    if (o.names) jobs.push(withTimeout(reverse(address, closed.signal), timeoutMs).then((n) => (entry.name = n)));
    const q = o.asn ? buildAsnQueryName(address) : undefined;
    if (q)
      jobs.push(
        withTimeout(txt(q, closed.signal), timeoutMs).then((r) => (entry.asn = r?.map(parseAsnTxt).find(Boolean))),
      );
    const p: Promise<void> = Promise.all(jobs).then(() => void pending.delete(p));
    pending.add(p);
  };
  return {
    request(addresses) {
      for (const a of addresses) if (!known.has(a) && isIP(a)) start(a);
    },
    get: (address) => known.get(address) ?? { name: undefined, asn: undefined },
    async settle(ms) {
      await withTimeout(Promise.all(pending), ms);
    },
    close: () => closed.abort(),
  };
}

/**
 * The first name /etc/hosts gives each address (pure): what getnameinfo answers from "files" before DNS
 * (`127.0.0.1 localhost`). Comments and malformed lines are skipped.
 */
export function parseHostsNames(text: string): Map<string, string> {
  const names = new Map<string, string>();
  for (const line of text.split('\n')) {
    const [address, name] = (line.split('#')[0] ?? '').trim().split(/\s+/);
    if (address && name && isIP(address) && !names.has(address)) names.set(address, name);
  }
  return names;
}

let hostsNames: Map<string, string> | undefined;
const hostsName = (address: string): string | undefined => {
  if (!hostsNames) {
    try {
      hostsNames = parseHostsNames(readFileSync('/etc/hosts', 'utf8'));
    } catch {
      hostsNames = new Map();
    }
  }
  return hostsNames.get(address);
};

/**
 * A reverse name as getnameinfo finds it, /etc/hosts first, then a PTR query on its own resolver (c-ares, the
 * servers of resolv.conf), cancelled when `signal` aborts: getnameinfo itself cannot be, and one waiting out
 * glibc's 5 s retry (a query lost on the way) held every report's exit that long.
 */
async function defaultReverse(address: string, signal: AbortSignal): Promise<string | undefined> {
  const local = hostsName(address);
  if (local) return local;
  if (signal.aborted) return undefined;
  const resolver = new Resolver(TXT_RESOLVER);
  const cancel = () => resolver.cancel();
  signal.addEventListener('abort', cancel, { once: true });
  try {
    const [name] = await resolver.reverse(address);
    return name && name !== address ? name : undefined;
  } finally {
    signal.removeEventListener('abort', cancel);
  }
}

/** One TXT query on its own resolver, so that an abort cancels this query and no other. */
async function queryTxt(resolver: Resolver, name: string, signal: AbortSignal): Promise<string[]> {
  if (signal.aborted) return [];
  const cancel = () => resolver.cancel();
  signal.addEventListener('abort', cancel, { once: true });
  try {
    return (await resolver.resolveTxt(name)).map((chunks) => chunks.join(''));
  } finally {
    signal.removeEventListener('abort', cancel);
  }
}

const TXT_RESOLVER = { timeout: 1500, tries: 1 } as const;

function defaultTxt(name: string, signal: AbortSignal): Promise<string[]> {
  return queryTxt(new Resolver(TXT_RESOLVER), name, signal);
}

/** TXT lookups against given DNS servers (`['127.0.0.1:5353']`): for a lab zone or a test server. */
export function makeTxtLookup(servers: string[]): (name: string, signal: AbortSignal) => Promise<string[]> {
  return (name, signal) => {
    const r = new Resolver(TXT_RESOLVER);
    r.setServers(servers);
    return queryTxt(r, name, signal);
  };
}

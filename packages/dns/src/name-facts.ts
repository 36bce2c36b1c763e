import type { Finding } from '@netcheck/core';
import type { ResolverView } from './ask-server.js';
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

/** What `resolveName` gathered: the facts every derivation and rule (src/name-rules/) reads. */
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

/** Kinds of finding about a name; the first six are `compareResolvers`' kinds. */
export type NameFindingKind =
  | 'timeout'
  | 'slow'
  | 'disagree'
  | 'nxdomain-rewriting'
  | 'malformed'
  | 'error'
  | 'nxdomain-for-type'
  | 'slow-system-lookup'
  | 'system-disagrees'
  | 'hosts-override';

/**
 * A finding about how the name resolves (core's `Finding`: what was seen, where it came from, what to do), with the
 * servers it concerns (`/etc/hosts` and `getaddrinfo` stand for themselves).
 */
export interface NameFinding extends Finding<NameFindingKind> {
  servers: string[];
}

/** Addresses the system would use, by family, in the system's order, and where they came from. */
export interface NameAddresses {
  v4: string[];
  v6: string[];
  /** getaddrinfo when it answered; else /etc/hosts when it has the name; else the resolvers; `none` when empty. */
  source: 'system' | 'hosts' | 'resolvers' | 'none';
}

/** The address record types asked for a name (internal to the package). */
export type Family = 'A' | 'AAAA';
/** A before AAAA: the order rules and evidence follow. */
export const FAMILIES: readonly Family[] = ['A', 'AAAA'];
/** A resolver's view for one type. */
export const viewOf = (r: NameResolverView, t: Family) => (t === 'A' ? r.a : r.aaaa);
/** A time in ms as evidence text: "36 ms". */
export const ms = (v: number) => `${Math.round(v)} ms`;
/** A time in ms as seconds text: "5 s", "2.5 s". */
export const seconds = (v: number) => `${Math.round(v / 100) / 10} s`.replace('.0 s', ' s');

/** The records of the asked type at the end of the CNAME chain. */
export function viewData(v: ResolverView | undefined, type: Family): string[] {
  if (!v?.result.ok || v.result.response.rcode !== 'NOERROR') return [];
  return followCnameChain(v.result.response)
    .final.filter((a) => a.type === type)
    .map((a) => a.data);
}

/** The response code of a view; `undefined` when no response came. */
export const rcodeOf = (v: ResolverView | undefined) => (v?.result.ok ? v.result.response.rcode : undefined);

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
export const firstAnswered = (f: NameFacts, t: Family) =>
  f.resolvers.map((r) => viewOf(r, t)).find((v) => v?.result.ok);

/** describeView for a view that may be missing: zero or one evidence line. */
export const describeIf = (v: ResolverView | undefined, t: Family, timeoutMs: number) =>
  v ? [describeView(v, t, timeoutMs)] : [];

/** getaddrinfo's wait, measured, in words, and in ms (`undefined` when it was not measured). */
export function systemWait(s: SystemLookup): { ms: number | undefined; text: string } {
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

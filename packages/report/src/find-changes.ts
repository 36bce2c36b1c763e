import type { PathHopView } from './path-view.js';
import type { ReportDocument } from './document.js';

/** One thing that differs between the last healthy report and this one. */
export type Change =
  | { kind: 'new-hop'; ttl: number; address: string; text: string }
  | { kind: 'missing-hop'; ttl: number; address: string; text: string }
  | { kind: 'path-moved'; ttl: number; before: string; after: string; text: string }
  | { kind: 'latency-step'; ttl: number; from: string; to: string; stepMs: number; text: string }
  | { kind: 'link-loss'; ttl: number; from: string; to: string; text: string }
  | { kind: 'resolver-answer'; server: string; before: string; after: string; text: string }
  | { kind: 'port-closed'; port: number; text: string }
  | { kind: 'sysctl'; key: string; before: string | undefined; after: string | undefined; text: string };

/** Thresholds of findChanges. */
export interface ChangeOptions {
  /** A rise of the end-to-end RTT by this much (ms) is a latency step (default 10)... */
  minStepMs?: number;
  /** ...and by this share of the RTT end to end (default 0.25): medians of a few router answers vary with the RTT. */
  minStepShare?: number;
}

const label = (h: PathHopView | undefined, ttl: number) => h?.address ?? (ttl === 0 ? 'this machine' : `hop ${ttl}`);

/** The median RTT that persists from each hop on (the lowest median at it or after it), by TTL. */
function persisting(hops: readonly PathHopView[]): Map<number, number> {
  const out = new Map<number, number>();
  let min = Infinity;
  for (const h of [...hops].sort((a, b) => b.ttl - a.ttl)) {
    // A router slow to answer itself says nothing of the path; one that rate-limits its answers does, when it answers.
    const rtt = h.traceRttMs ?? h.p50Ms;
    if (rtt === undefined || h.kind === 'node-latency' || h.kind === 'silent') continue;
    min = Math.min(min, rtt);
    out.set(h.ttl, min);
  }
  return out;
}

const hopAddresses = (hops: readonly PathHopView[]) => new Set(hops.flatMap((h) => (h.address ? [h.address] : [])));

/** The address before `ttl` on the path that answers nearest to it (`undefined`: none, this machine). */
const previousAnswering = (hops: readonly PathHopView[], ttl: number) =>
  [...hops].reverse().find((x) => x.ttl < ttl && x.address);

/** Rules 1 and 2: new hops and the path crossing other addresses, in the order of the path now; then missing hops. */
export function deriveHopChanges(b: readonly PathHopView[], a: readonly PathHopView[]): Change[] {
  const changes: Change[] = [];
  const bAddrs = hopAddresses(b);
  const aAddrs = hopAddresses(a);
  for (const h of a) {
    if (!h.address || bAddrs.has(h.address)) continue;
    const was = b.find((x) => x.ttl === h.ttl)?.address;
    if (was && !aAddrs.has(was))
      changes.push({
        kind: 'path-moved',
        ttl: h.ttl,
        before: was,
        after: h.address,
        text: `hop ${h.ttl} is ${h.address} now, ${was} before: the path crosses other addresses`,
      });
    else
      changes.push({
        kind: 'new-hop',
        ttl: h.ttl,
        address: h.address,
        text: `new hop ${h.ttl}: ${h.address} was not on the path before`,
      });
  }
  const moved = (address: string) => changes.some((c) => c.kind === 'path-moved' && c.before === address);
  for (const h of b)
    if (h.address && !aAddrs.has(h.address) && !moved(h.address))
      changes.push({
        kind: 'missing-hop',
        ttl: h.ttl,
        address: h.address,
        text: `hop ${h.ttl} (${h.address}) no longer answers on the path`,
      });
  return changes;
}

/** Rule 3: the latency step, placed on the first shared hop that carries half the rise end to end; or undefined. */
export function deriveLatencyStep(
  b: readonly PathHopView[],
  a: readonly PathHopView[],
  minStepMs: number,
  minStepShare: number,
): Change | undefined {
  const mb = persisting(b);
  const ma = persisting(a);
  // Per hop on both paths: how much later its (persisting) median RTT is now than before.
  const deltas = a.flatMap((h) => {
    const old = h.address ? b.find((x) => x.address === h.address) : undefined;
    const now = ma.get(h.ttl);
    const then = old && mb.get(old.ttl);
    return h.address && old && now !== undefined && then !== undefined
      ? [{ h, address: h.address, now, then, delta: now - then }]
      : [];
  });
  const end = deltas.at(-1);
  if (!(end && end.delta >= Math.max(minStepMs, minStepShare * end.now))) return undefined;
  const first = deltas.find((d) => d.delta >= end.delta / 2)!;
  const prev = previousAnswering(a, first.h.ttl);
  const from = label(prev, prev?.ttl ?? 0);
  const to = first.address;
  const [stepMs, nowMs, thenMs] = [end.delta, end.now, end.then].map(Math.round);
  const rise = `${stepMs} ms more end to end (${nowMs} ms, ${thenMs} ms before)`;
  return {
    kind: 'latency-step',
    ttl: first.h.ttl,
    from,
    to,
    stepMs: end.delta,
    text: `a latency step on the link ${from} → ${to}: ${rise}, from ${to} on`,
  };
}

/** Rule 4: links blamed for forwarding loss now and not before. */
export function deriveLinkLossChanges(b: readonly PathHopView[], a: readonly PathHopView[]): Change[] {
  return a.flatMap((h): Change[] => {
    if (h.kind !== 'link-loss') return [];
    if (b.find((x) => x.address === h.address)?.kind === 'link-loss') return [];
    const prev = previousAnswering(a, h.ttl);
    const from = label(prev, prev?.ttl ?? 0);
    const to = label(h, h.ttl);
    return [
      {
        kind: 'link-loss',
        ttl: h.ttl,
        from,
        to,
        text: `forwarding loss on the link ${from} → ${to}, not there before`,
      },
    ];
  });
}

/** Rule 5: resolvers in both reports whose A or AAAA answers read differently. */
export function deriveResolverChanges(before: ReportDocument, after: ReportDocument): Change[] {
  return after.resolvers.flatMap((r): Change[] => {
    const old = before.resolvers.find((x) => x.server === r.server);
    if (!old) return [];
    const was = `A: ${old.a ?? '-'}; AAAA: ${old.aaaa ?? '-'}`;
    const now = `A: ${r.a ?? '-'}; AAAA: ${r.aaaa ?? '-'}`;
    if (was === now) return [];
    const text = `resolver ${r.server} answers differently: ${now} (before: ${was})`;
    return [{ kind: 'resolver-answer', server: r.server, before: was, after: now, text }];
  });
}

const connected = (d: ReportDocument) => {
  const c = d.diagnosis.results.connect;
  return c && 'value' in c && c.value ? c.value : undefined;
};

/** Rule 6: the port connected before and does not now; else undefined. */
export function derivePortChange(before: ReportDocument, after: ReportDocument): Change | undefined {
  const cb = connected(before);
  const ca = connected(after);
  if (!cb?.ok || !ca || ca.ok) return undefined;
  return {
    kind: 'port-closed',
    port: ca.port,
    text: `port ${ca.port} was open and now fails: ${ca.code ?? 'no connection'}`,
  };
}

/** Rule 7: kernel settings with another value (or readable in one report only), by key. */
export function deriveSysctlChanges(before: ReportDocument, after: ReportDocument): Change[] {
  const keys = new Set([...Object.keys(before.meta.sysctls), ...Object.keys(after.meta.sysctls)]);
  return [...keys].sort().flatMap((key): Change[] => {
    const x = before.meta.sysctls[key];
    const y = after.meta.sysctls[key];
    if (x === y) return [];
    const text = `${key} is ${y ?? '(unreadable)'} now, ${x ?? '(unreadable)'} before`;
    return [{ kind: 'sysctl', key, before: x, after: y, text }];
  });
}

/**
 * What differs between the last healthy report of a target and a later one (pure). Rules:
 * 1 - an address that answers at some TTL now and at no TTL before is a new hop; one that answered before
 *     and answers nowhere now is a missing hop (a silent hop is not missing: it may just not answer);
 * 2 - a TTL answered by another address now, where neither rule 1 applies, is the path crossing other addresses;
 * 3 - a latency step: the last hop both paths share answers later now (persisting median RTT of the trace
 *     probes, else of the rounds; the lowest at it or after it) by `minStepMs` or more and by `minStepShare` of its
 *     RTT; the step is placed on the link into the first shared hop that carries at least half of that rise (a
 *     median of a few rate-limited router answers wanders, so one rise is placed once, not spread over every link
 *     after it); routers that only answer slowly themselves are left out;
 * 4 - a link now blamed for forwarding loss that was not blamed before;
 * 5 - a resolver whose A or AAAA answer is different in words;
 * 6 - the port connected before and does not now;
 * 7 - a kernel setting (sysctl) with another value.
 */
export function findChanges(before: ReportDocument, after: ReportDocument, options: ChangeOptions = {}): Change[] {
  const b = before.path?.hops ?? [];
  const a = after.path?.hops ?? [];
  const step = deriveLatencyStep(b, a, options.minStepMs ?? 10, options.minStepShare ?? 0.25);
  const port = derivePortChange(before, after);
  return [
    ...deriveHopChanges(b, a),
    ...(step ? [step] : []),
    ...deriveLinkLossChanges(b, a),
    ...deriveResolverChanges(before, after),
    ...(port ? [port] : []),
    ...deriveSysctlChanges(before, after),
  ];
}

import type { DiagnosisReport } from '@netcheck/diagnose';
import type { Attribution, HopVerdict, ProbeOutcome } from '@netcheck/pathping';
import { renderStopReason } from '@netcheck/traceroute';
import { describeHopVerdict } from './verdict-text.js';

/**
 * How a hop reads on the diagram:
 * - `blamed`: forwarding loss or a latency step starts on the link into it;
 * - `unreachable`: it says the destination is unreachable or prohibited;
 * - `not-a-problem`: it rate-limits its ICMP, answers slowly itself, or never answers (a silent router);
 * - `clean`, `destination`, `no-data`.
 */
export type HopMark = 'blamed' | 'unreachable' | 'not-a-problem' | 'clean' | 'destination' | 'no-data';

/** One hop of the path as the report shows it. */
export interface PathHopView {
  ttl: number;
  /** The first responder; `undefined` for a hop that never answered. */
  address: string | undefined;
  /** Its reverse name, when the trace printed one. */
  name: string | undefined;
  /** The attribution's kind (`link-loss`, `node-loss`, `silent`...) or, from a trace alone, what the trace saw. */
  kind: HopVerdict['kind'];
  mark: HopMark;
  text: string;
  lossPct: number | undefined;
  p50Ms: number | undefined;
  /**
   * Median RTT of the traces' probes at this TTL (the path trace and, with rounds, the discovery trace): every
   * hop measured the same way and at once, so hops compare with each other (the rounds' figures do not: a
   * rate-limited router answers the first probes of a burst only). `undefined` when no trace probe was answered.
   */
  traceRttMs: number | undefined;
}

/** The path of a diagnosis, hop by hop, and the rounds behind it; `undefined` when the path step did not run. */
export interface PathView {
  source: 'mtr rounds' | 'trace';
  hops: PathHopView[];
  /** The attribution summary, or the trace's stop reason. */
  summary: string;
  rounds: number;
  /** Every probe of every round (for the charts); empty from a trace alone. */
  probes: ProbeOutcome[];
}

const MARK: Record<HopVerdict['kind'], HopMark> = {
  clean: 'clean',
  'link-loss': 'blamed',
  'link-latency': 'blamed',
  'node-loss': 'not-a-problem',
  'node-latency': 'not-a-problem',
  silent: 'not-a-problem',
  destination: 'destination',
  'no-data': 'no-data',
  unreachable: 'unreachable',
  'no-answer': 'no-data',
};

/** The mark of an attribution kind (pure). */
export function markOf(kind: HopVerdict['kind']): HopMark {
  return MARK[kind] ?? 'clean';
}

/** Merge an attribution's verdicts into hop views (pure): the verdict that is `attribution.trouble` leads. */
function fromAttribution(attribution: Attribution, ttl: number): HopVerdict | undefined {
  return attribution.verdicts.find((v) => v.ttl === ttl);
}

/**
 * The path of a diagnosis as the report draws it (pure).
 * 1 - with mtr rounds, each TTL's statistics and the attribution's verdict;
 * 2 - with a trace alone, a hop with an unreachable or prohibited annotation is `unreachable`, a hop with no
 *     answer before answering ones is `silent`, the last answering one the destination when reached.
 */
export function derivePathView(report: DiagnosisReport): PathView | undefined {
  const outcome = report.results.path;
  const path = outcome && 'value' in outcome ? outcome.value : undefined;
  if (!path) return undefined;
  const names = new Map<string, string>();
  for (const h of path.trace.hops)
    for (const r of h.responders) if (r.name && r.name !== r.address) names.set(r.address, r.name);
  const pp = path.pathping;
  const traceRtt = (ttl: number) => {
    const hops = [...path.trace.hops, ...(pp?.discovery.hops ?? [])].filter((h) => h.ttl === ttl);
    const rtts = hops
      .flatMap((h) => h.probes.flatMap((p) => (p.rttMs === undefined ? [] : [p.rttMs])))
      .sort((a, b) => a - b);
    return rtts.length ? rtts[Math.floor((rtts.length - 1) / 2)] : undefined;
  };
  if (pp && pp.hops.length) {
    const hops = pp.hops.map((h): PathHopView => {
      const v = fromAttribution(pp.attribution, h.ttl);
      const address = h.responders[0]?.address;
      const kind = v?.kind ?? 'clean';
      return {
        ttl: h.ttl,
        address,
        name: address ? names.get(address) : undefined,
        kind,
        mark: markOf(kind),
        text: v ? describeHopVerdict(v) : '',
        lossPct: h.lossPct,
        p50Ms: h.p50Ms,
        traceRttMs: traceRtt(h.ttl),
      };
    });
    if (pp.unreachable) {
      const u = hops.find((h) => h.ttl === pp.unreachable!.hop);
      if (u) Object.assign(u, { kind: 'unreachable', mark: 'unreachable' });
    }
    return { source: 'mtr rounds', hops, summary: pp.attribution.summary, rounds: pp.rounds, probes: pp.probes };
  }
  const last = path.trace.hops.findLastIndex((h) => !h.silent);
  const hops = path.trace.hops.map((h, i): PathHopView => {
    const r = h.responders[0];
    const rtts = h.probes.flatMap((p) => (p.rttMs === undefined ? [] : [p.rttMs])).sort((a, b) => a - b);
    const stop = h.annotations.find((a) => a.kind !== 'port-unreachable' && a.kind !== 'fragmentation-needed');
    const kind: HopVerdict['kind'] = stop
      ? 'unreachable'
      : h.silent
        ? i < last
          ? 'silent'
          : 'no-data'
        : i === last
          ? 'destination'
          : 'clean';
    return {
      ttl: h.ttl,
      address: r?.address,
      name: r?.name && r.name !== r.address ? r.name : undefined,
      kind,
      mark: markOf(kind),
      text: stop ? `${r?.address ?? `hop ${h.ttl}`} says ${stop.code}` : h.silent ? `hop ${h.ttl}: no answer` : '',
      lossPct: h.probes.length
        ? ((h.probes.length - h.probes.filter((p) => p.address).length) / h.probes.length) * 100
        : undefined,
      p50Ms: rtts.length ? rtts[Math.floor((rtts.length - 1) / 2)] : undefined,
      traceRttMs: traceRtt(h.ttl),
    };
  });
  return {
    source: 'trace',
    hops,
    summary: renderStopReason(path.trace.stop, report.target.host),
    rounds: 1,
    probes: [],
  };
}

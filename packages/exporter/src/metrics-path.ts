import type { PathpingReport } from '@netcheck/pathping';
import { maybeSample, type Sample } from './sample.js';

const ratio = (pct: number | undefined) => (pct === undefined ? undefined : pct / 100);
const s = (ms: number | undefined) => (ms === undefined ? undefined : ms / 1000);

/** The path's own samples: reached, rounds, hops, and why probing ended (see buildPathSamples, rule 5). Pure. */
function buildPathHeadSamples(report: PathpingReport): Sample[] {
  const last = report.hops.at(-1);
  const reached = last !== undefined && last.responders.some((r) => r.address === report.address) && last.received > 0;
  return [
    { name: 'probe_success', help: 'Whether the probe succeeded (the destination answered)', value: reached ? 1 : 0 },
    { name: 'netcheck_path_rounds', help: 'Probing rounds done', value: report.rounds },
    { name: 'netcheck_path_hops', help: 'Hops probed (the destination included)', value: report.hops.length },
    {
      name: 'netcheck_path_ended',
      help:
        'Why probing ended (label reason): count, settled, max-rounds, max-duration, failed, or aborted ' +
        '(the deadline came first: the verdicts rest on fewer rounds, a hop without one was not seen yet)',
      labels: { reason: report.ended },
      value: 1,
    },
  ];
}

/**
 * The path module's metrics from mtr-style rounds. Pure. Per hop, labelled `hop` (TTL) and `address` (the most
 * frequent responder, `*` when none answered):
 * 1 - loss and RTT as mtr shows them ("source to here");
 * 2 - link loss: forwarding loss that begins on the link into this hop and carries on (pathping's attribution);
 * 3 - node loss: loss seen at this hop only, the router's own ICMP handling; `rate_limited` 1 marks such a router,
 *     whose loss is not forwarding loss;
 * 4 - `netcheck_path_loss_start_hop`: the hop where forwarding loss starts; absent when no link loses packets;
 * 5 - `netcheck_path_ended{reason}` 1: why probing ended; `aborted` (the deadline came first) means the verdicts rest
 *     on fewer rounds than asked, or on none: a hop without a verdict was not seen yet, not seen fine.
 */
export function buildPathSamples(report: PathpingReport): Sample[] {
  const out = buildPathHeadSamples(report);
  const start = report.attribution.trouble;
  if (start && start.kind === 'link-loss')
    out.push({
      name: 'netcheck_path_loss_start_hop',
      help: 'Hop where forwarding loss starts (the link into it)',
      value: start.ttl,
    });
  for (const hop of report.hops) {
    const labels = { hop: String(hop.ttl), address: hop.responders[0]?.address ?? '*' };
    const verdict = report.attribution.verdicts.find((v) => v.ttl === hop.ttl);
    out.push(
      ...maybeSample(
        'netcheck_path_hop_loss_ratio',
        'Share of probes to this hop unanswered, as mtr shows it (0-1)',
        ratio(hop.lossPct),
        labels,
      ),
      ...maybeSample('netcheck_path_hop_rtt_avg_seconds', 'Mean round-trip time to this hop', s(hop.avgMs), labels),
      ...maybeSample(
        'netcheck_path_hop_rtt_best_seconds',
        'Shortest round-trip time to this hop',
        s(hop.bestMs),
        labels,
      ),
      ...maybeSample(
        'netcheck_path_hop_rtt_worst_seconds',
        'Longest round-trip time to this hop',
        s(hop.worstMs),
        labels,
      ),
      ...maybeSample(
        'netcheck_path_hop_rtt_stddev_seconds',
        'Standard deviation of the round-trip time to this hop',
        s(hop.stdevMs),
        labels,
      ),
      { name: 'netcheck_path_hop_sent_probes', help: 'Probes sent to this hop', labels, value: hop.sent },
    );
    if (!verdict) continue;
    out.push(
      {
        name: 'netcheck_path_hop_link_loss_ratio',
        help: 'Forwarding loss that begins on the link into this hop and carries on (0-1)',
        labels,
        value: ratio('linkLossPct' in verdict ? verdict.linkLossPct : undefined) ?? 0,
      },
      {
        name: 'netcheck_path_hop_node_loss_ratio',
        help: "Loss at this hop only, the router's own ICMP handling (0-1)",
        labels,
        value: ratio('nodeLossPct' in verdict ? verdict.nodeLossPct : undefined) ?? 0,
      },
      {
        name: 'netcheck_path_hop_rate_limited',
        help: 'Whether this router only rate-limits the ICMP it sends (its loss does not carry on)',
        labels,
        value: verdict.kind === 'node-loss' ? 1 : 0,
      },
      {
        name: 'netcheck_path_hop_verdict',
        help: 'What the hop numbers mean (label verdict)',
        labels: { ...labels, verdict: verdict.kind },
        value: 1,
      },
    );
  }
  return out;
}

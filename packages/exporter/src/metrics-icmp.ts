import type { PingReport } from '@netcheck/ping';
import { maybeSample, type Sample } from './sample.js';

const s = (ms: number | undefined) => (ms === undefined ? undefined : ms / 1000);
const ratio = (pct: number | undefined) => (pct === undefined ? undefined : pct / 100);

/** The icmp module's metrics from a ping report. Pure. Success: at least one echo reply. */
export function buildIcmpSamples(report: PingReport): Sample[] {
  const { summary } = report;
  return [
    { name: 'probe_success', help: 'Whether the probe succeeded', value: summary.received > 0 ? 1 : 0 },
    ...maybeSample(
      'probe_ip_protocol',
      'IP protocol of the probe (4 or 6)',
      report.address === undefined ? undefined : report.address.includes(':') ? 6 : 4,
    ),
    { name: 'netcheck_icmp_sent_packets', help: 'ICMP echo requests sent', value: summary.sent },
    {
      name: 'netcheck_icmp_received_packets',
      help: 'ICMP echo replies received (duplicates not counted)',
      value: summary.received,
    },
    ...maybeSample('netcheck_icmp_loss_ratio', 'Share of echo requests without a reply (0-1)', ratio(summary.lossPct)),
    ...maybeSample(
      'netcheck_icmp_loss_ratio_low95',
      'Lower end of the 95% Wilson interval of the loss ratio',
      ratio(summary.lossCi95?.lowPct),
    ),
    ...maybeSample(
      'netcheck_icmp_loss_ratio_high95',
      'Upper end of the 95% Wilson interval of the loss ratio',
      ratio(summary.lossCi95?.highPct),
    ),
    ...maybeSample('netcheck_icmp_rtt_min_seconds', 'Shortest round-trip time', s(summary.minMs)),
    ...maybeSample('netcheck_icmp_rtt_avg_seconds', 'Mean round-trip time', s(summary.avgMs)),
    ...maybeSample('netcheck_icmp_rtt_max_seconds', 'Longest round-trip time', s(summary.maxMs)),
    ...maybeSample(
      'netcheck_icmp_rtt_stddev_seconds',
      'Standard deviation of the round-trip time (ping mdev)',
      s(summary.mdevMs),
    ),
    ...maybeSample('probe_icmp_reply_hop_limit', 'Replied packet hop limit (TTL for IPv4)', report.hops?.replyTtl),
    ...maybeSample(
      'netcheck_icmp_hops',
      'Routers between the target and us, estimated from the reply TTL',
      report.hops?.hops,
    ),
    ...(report.failure
      ? [
          {
            name: 'netcheck_probe_failure',
            help: 'Why the probe could not do its job (label reason)',
            labels: { reason: report.failure.reason },
            value: 1,
          },
        ]
      : []),
  ];
}

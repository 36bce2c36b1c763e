import type { DiagnosisReport } from '@netcheck/diagnose';
import type { LookupReport } from '@netcheck/dns';
import type { PathpingReport } from '@netcheck/pathping';
import type { PingReport } from '@netcheck/ping';
import { describe, expect, it } from 'vitest';
import { buildDiagnoseSamples } from './metrics-diagnose.js';
import { buildDnsSamples } from './metrics-dns.js';
import { buildIcmpSamples } from './metrics-icmp.js';
import { buildPathSamples } from './metrics-path.js';
import { buildTcpSamples } from './metrics-tcp.js';
import type { Sample } from './sample.js';
import { renderSamples } from './sample.js';

/** `name{k="v"} value` per sample, for compact expectations. */
const lines = (samples: Sample[]) =>
  samples.map(
    (s) =>
      `${s.name}${
        s.labels
          ? `{${Object.entries(s.labels)
              .map(([k, v]) => `${k}="${v}"`)
              .join(',')}}`
          : ''
      } ${s.value}`,
  );

describe('buildIcmpSamples', () => {
  it('reports loss, RTT in seconds and hops; a ping with no reply has no RTT series at all', () => {
    const summary = {
      sent: 10,
      received: 9,
      lossPct: 10,
      lossCi95: { lowPct: 1.8, highPct: 40.4 },
      minMs: 29,
      avgMs: 31,
      maxMs: 35,
      mdevMs: 1.5,
    };
    const ok = lines(
      buildIcmpSamples({ address: '10.0.4.2', summary, hops: { hops: 3, replyTtl: 61 } } as unknown as PingReport),
    );
    expect(ok).toEqual(
      expect.arrayContaining([
        'probe_success 1',
        'netcheck_icmp_loss_ratio 0.1',
        'netcheck_icmp_rtt_avg_seconds 0.031',
        'netcheck_icmp_hops 3',
        'probe_ip_protocol 4',
      ]),
    );
    const none = lines(
      buildIcmpSamples({
        address: undefined,
        summary: { sent: 3, received: 0, lossPct: 100 },
        hops: undefined,
        failure: { ok: false, reason: 'unreachable', detail: '' },
      } as unknown as PingReport),
    );
    expect(none).toContain('probe_success 0');
    expect(none).toContain('netcheck_probe_failure{reason="unreachable"} 1');
    expect(none.some((l) => l.includes('rtt'))).toBe(false);
  });
});

describe('buildTcpSamples', () => {
  it.each([
    {
      attempts: [{ ok: true, address: '10.0.4.2', connectMs: 31.2 }],
      want: ['probe_success 1', 'probe_ip_protocol 4', 'netcheck_tcp_connect_seconds 0.0312'],
    },
    {
      attempts: [{ ok: false, address: '10.0.4.2', code: 'ECONNREFUSED', detail: '' }],
      want: ['probe_success 0', 'probe_ip_protocol 4', 'netcheck_tcp_connect_errors{errno="ECONNREFUSED"} 1'],
    },
    { attempts: [], want: ['probe_success 0'] },
  ] as const)('$want.0 from $attempts.length attempts', ({ attempts, want }) =>
    expect(lines(buildTcpSamples(attempts))).toEqual(want),
  );
});

describe('buildPathSamples', () => {
  // The lossy lab as pathping sees it: hops 1 and 2 rate-limit (their loss does not carry on), the loss starts on the
  // link into hop 3 and carries on to the destination.
  const hop = (ttl: number, address: string, lossPct: number) => ({
    ttl,
    responders: [{ address }],
    sent: 100,
    received: 100 - lossPct,
    lossPct,
    avgMs: 10 * ttl,
  });
  const report = {
    address: '10.0.4.2',
    rounds: 10,
    ended: 'count',
    hops: [hop(1, '10.0.1.1', 40), hop(2, '10.0.2.2', 35), hop(3, '10.0.3.2', 11), hop(4, '10.0.4.2', 10)],
    attribution: {
      verdicts: [
        { ttl: 1, kind: 'node-loss', nodeLossPct: 40 },
        { ttl: 2, kind: 'node-loss', nodeLossPct: 35 },
        { ttl: 3, kind: 'link-loss', linkLossPct: 10.5 },
        { ttl: 4, kind: 'destination', lossPct: 10 },
      ],
      trouble: { ttl: 3, kind: 'link-loss', linkLossPct: 10.5 },
    },
  } as unknown as PathpingReport;
  const got = lines(buildPathSamples(report));
  it('places the loss on the link into hop 3 and marks the rate-limiting routers, whose link loss is 0', () => {
    expect(got).toEqual(
      expect.arrayContaining([
        'probe_success 1',
        'netcheck_path_loss_start_hop 3',
        'netcheck_path_hop_link_loss_ratio{hop="3",address="10.0.3.2"} 0.105',
        'netcheck_path_hop_link_loss_ratio{hop="1",address="10.0.1.1"} 0',
        'netcheck_path_hop_rate_limited{hop="1",address="10.0.1.1"} 1',
        'netcheck_path_hop_rate_limited{hop="2",address="10.0.2.2"} 1',
        'netcheck_path_hop_rate_limited{hop="3",address="10.0.3.2"} 0',
        'netcheck_path_hop_node_loss_ratio{hop="1",address="10.0.1.1"} 0.4',
        'netcheck_path_hop_loss_ratio{hop="1",address="10.0.1.1"} 0.4',
        'netcheck_path_hop_verdict{hop="3",address="10.0.3.2",verdict="link-loss"} 1',
      ]),
    );
  });
  it('says why probing ended: every round done, or cut by the deadline before a hop was seen (issue 17)', () => {
    expect(got).toContain('netcheck_path_ended{reason="count"} 1');
    // r3's error bucket spent by another target's probes: discovery heard nothing from it before the deadline.
    const cut = { ...report, rounds: 0, hops: [], ended: 'aborted', attribution: { verdicts: [] } };
    const cutLines = lines(buildPathSamples(cut as unknown as PathpingReport));
    expect(cutLines).toEqual(
      expect.arrayContaining(['probe_success 0', 'netcheck_path_rounds 0', 'netcheck_path_ended{reason="aborted"} 1']),
    );
    expect(cutLines.some((l) => l.startsWith('netcheck_path_hop_verdict'))).toBe(false);
  });
  it('has no loss-start series on a clean path', () => {
    const clean = { ...report, attribution: { verdicts: [], trouble: undefined } } as unknown as PathpingReport;
    expect(lines(buildPathSamples(clean)).some((l) => l.startsWith('netcheck_path_loss_start_hop'))).toBe(false);
  });
});

describe('buildDnsSamples and buildDiagnoseSamples', () => {
  it('labels each resolver with its rcode and flags disagreement', () => {
    const view = (server: string, rcode: string, status: string) => ({
      server,
      durationMs: 12,
      explanation: { status },
      result: { ok: true, response: { rcode, answers: status === 'answer' ? [{}] : [] } },
    });
    const report = {
      resolvers: [view('10.0.4.2', 'NOERROR', 'answer'), view('10.0.4.4', 'NOERROR', 'answer')],
      findings: [{ kind: 'disagree' }],
      verdict: { status: 'answer' },
    } as unknown as LookupReport;
    expect(lines(buildDnsSamples(report))).toEqual(
      expect.arrayContaining([
        'probe_success 1',
        'probe_dns_lookup_time_seconds 0.012',
        'netcheck_dns_disagreement 1',
        'netcheck_dns_resolver_rcode{resolver="10.0.4.4",rcode="NOERROR"} 1',
      ]),
    );
  });
  it('exports the category and one series per finding', async () => {
    const report = {
      category: 'refused',
      findings: [
        { id: 'connect-refused', severity: 'critical' },
        { id: 'ping-healthy', severity: 'info' },
      ],
    } as unknown as DiagnosisReport;
    const text = await renderSamples(buildDiagnoseSamples(report));
    expect(text).toContain('probe_success 0\n');
    expect(text).toContain('netcheck_diagnosis_category{category="refused"} 1\n');
    expect(text).toContain(
      '# HELP netcheck_finding A finding of the diagnosis (labels id, severity)\n# TYPE netcheck_finding gauge\n',
    );
    expect(text).toContain(
      'netcheck_finding{id="connect-refused",severity="critical"} 1\n' +
        'netcheck_finding{id="ping-healthy",severity="info"} 1\n',
    );
  });
});

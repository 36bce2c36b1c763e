import { renderHopEstimate } from '@netcheck/ping';
import { renderLoss } from '../facts.js';
import type { Finding, StepResults } from '../types.js';
import { handshakeCompleted, ran, roundsRefuteLoss } from './util.js';

/**
 * Reachability and loss from ping and, where ping is filtered, TCP handshakes (pure):
 * 1 - every echo answered: information, with what the count bounds ("0 of 60 lost: loss below 5% (95%)");
 * 2 - echoes lost: a warning with the count and its interval (the path step places it), unless the mtr rounds
 *     the loss escalated to saw none anywhere (a hundred probes a hop outweigh a lost echo or two): information;
 * 3 - no echo reply while the TCP handshake completed or the trace reached the host: ping is filtered
 *     (information, not a problem; without handshakes the loss stays unmeasured, and the fact says so);
 * 4 - no echo reply and no handshake: the host does not answer;
 * 5 - a router's "unreachable" or "TTL exceeded": critical, naming the router;
 * 6 - handshakes lost (a SYN or SYN-ACK needed a retransmit): a warning, counted.
 */
export function reachabilityFindings(r: StepResults, host: string): Finding[] {
  const out: Finding[] = [];
  const p = ran(r, 'ping');
  if (p) {
    const s = p.summary;
    const ev = [`${s.sent} echoes sent, ${s.received} answered`];
    if (s.avgMs !== undefined)
      ev.push(
        `rtt min/avg/max ${s.minMs?.toFixed(1)}/${s.avgMs.toFixed(1)}/${s.maxMs?.toFixed(1)} ms, jitter ${s.jitterMs?.toFixed(1) ?? '-'} ms`,
      );
    if (p.hops) ev.push(renderHopEstimate(p.hops));
    const v = p.verdict;
    const lost = s.sent - s.received;
    if (v.kind === 'healthy')
      out.push({
        id: 'ping-ok',
        severity: 'info',
        category: 'reachability',
        source: 'ping',
        title: `${host} answers ping: ${renderLoss(0, s.sent)}`,
        evidence: ev,
        nextSteps: [],
      });
    else if (v.kind === 'loss' && roundsRefuteLoss(r))
      out.push({
        id: 'ping-loss',
        severity: 'info',
        category: 'reachability',
        source: 'ping',
        title: `${host} answers ping; ${renderLoss(lost, s.sent)}, but the mtr rounds that followed lost nothing: transient`,
        evidence: [...ev, ran(r, 'path')?.pathping?.attribution.summary ?? ''],
        nextSteps: [`netcheck ping ${host} -c 100 -i 0.2`],
      });
    else if (v.kind === 'loss')
      out.push({
        id: 'ping-loss',
        severity: 'warning',
        category: 'reachability',
        source: 'ping',
        title: `${host} answers ping, but ${renderLoss(lost, s.sent)}`,
        evidence: ev,
        nextSteps: [`netcheck mtr ${host}`],
      });
    else if (v.kind === 'no-reply' && (handshakeCompleted(r) || ran(r, 'path')?.trace.stop.kind === 'reached'))
      out.push({
        id: 'ping-filtered',
        severity: 'info',
        category: 'reachability',
        source: 'ping',
        title: handshakeCompleted(r)
          ? `${host} does not answer ping, but accepts TCP: ICMP echo is filtered, not lost`
          : `${host} does not answer ping, but answers traceroute: ICMP echo is filtered, and loss was not measured`,
        evidence: [v.text, ...ev],
        nextSteps: handshakeCompleted(r)
          ? []
          : [`netcheck ${host}:<a port it serves> (loss measured with TCP handshakes)`],
      });
    else if (v.kind === 'no-reply')
      out.push({
        id: 'ping-no-reply',
        severity: 'warning',
        category: 'reachability',
        source: 'ping',
        title: `${host} does not answer ping`,
        evidence: [v.text, ...ev],
        nextSteps: [`netcheck trace ${host}`],
      });
    else if (v.kind === 'unreachable')
      out.push({
        id: 'ping-unreachable',
        severity: 'critical',
        category: 'reachability',
        source: 'ping',
        title: v.text,
        evidence: [
          ...p.events.flatMap((e) => (e.type === 'unreachable' ? [`${e.from}: ${e.text}`] : [])).slice(0, 3),
          ...ev,
        ],
        nextSteps: [`netcheck trace ${host}`],
      });
    else if (v.kind === 'ttl-exceeded')
      out.push({
        id: 'ping-ttl-exceeded',
        severity: 'critical',
        category: 'reachability',
        source: 'ping',
        title: v.text,
        evidence: ev,
        nextSteps: [`netcheck trace ${host}`],
      });
  }
  const t = ran(r, 'tcp-loss');
  if (t && t.sent > 0) {
    const ev = [
      `${t.sent} handshakes to ${t.address}:${t.port}, ${t.answered} within the first SYN's retransmit timeout`,
    ];
    if (t.samplesMs.length)
      ev.push(`handshake times ${Math.min(...t.samplesMs).toFixed(1)}–${Math.max(...t.samplesMs).toFixed(1)} ms`);
    out.push(
      t.lost === 0
        ? {
            id: 'loss-bound',
            severity: 'info',
            category: 'reachability',
            source: 'TCP handshakes',
            title: `TCP handshakes: ${renderLoss(0, t.sent)}`,
            evidence: ev,
            nextSteps: [],
          }
        : roundsRefuteLoss(r)
          ? {
              id: 'tcp-loss',
              severity: 'info',
              category: 'reachability',
              source: 'TCP handshakes',
              title: `TCP handshakes to ${host}: ${renderLoss(t.lost, t.sent)}, but the mtr rounds that followed lost nothing: transient`,
              evidence: ev,
              nextSteps: [],
            }
          : {
              id: 'tcp-loss',
              severity: 'warning',
              category: 'reachability',
              source: 'TCP handshakes',
              title: `TCP handshakes to ${host}: ${renderLoss(t.lost, t.sent)}`,
              evidence: ev,
              nextSteps: [`netcheck mtr ${host} -T -P ${t.port}`],
            },
    );
  }
  return out;
}

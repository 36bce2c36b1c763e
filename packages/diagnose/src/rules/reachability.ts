import type { PingReport } from '@netcheck/ping';
import { renderHopEstimate } from '@netcheck/ping';
import { renderLoss } from '../facts.js';
import type { Finding, StepResults, TcpLossSample } from '../types.js';
import type { Made } from './util.js';
import { handshakeCompleted, made, ran, roundsRefuteLoss } from './util.js';

/** What the echoes measured, one line each: counts, round-trip times, how far away. */
function pingEvidence(p: PingReport): string[] {
  const s = p.summary;
  const ev = [`${s.sent} echoes sent, ${s.received} answered`];
  if (s.avgMs !== undefined) {
    const rtts = `${s.minMs?.toFixed(1)}/${s.avgMs.toFixed(1)}/${s.maxMs?.toFixed(1)}`;
    ev.push(`rtt min/avg/max ${rtts} ms, jitter ${s.jitterMs?.toFixed(1) ?? '-'} ms`);
  }
  if (p.hops) ev.push(renderHopEstimate(p.hops));
  return ev;
}

/** Rules 1 to 5 over the echoes (see reachabilityFindings). */
function pingFinding(p: PingReport, r: StepResults, host: string): Made | undefined {
  const ev = pingEvidence(p);
  const v = p.verdict;
  const loss = renderLoss(p.summary.sent - p.summary.received, p.summary.sent);
  const trace = [`netcheck trace ${host}`];
  switch (v.kind) {
    case 'healthy':
      return made('ping-ok', 'info', `${host} answers ping: ${loss}`, ev);
    case 'loss':
      return roundsRefuteLoss(r)
        ? made(
            'ping-loss',
            'info',
            `${host} answers ping; ${loss}, but the mtr rounds that followed lost nothing: transient`,
            [...ev, ran(r, 'path')?.pathping?.attribution.summary ?? ''],
            [`netcheck ping ${host} -c 100 -i 0.2`],
          )
        : made('ping-loss', 'warning', `${host} answers ping, but ${loss}`, ev, [`netcheck mtr ${host}`]);
    case 'no-reply':
      if (handshakeCompleted(r))
        return made(
          'ping-filtered',
          'info',
          `${host} does not answer ping, but accepts TCP: ICMP echo is filtered, not lost`,
          [v.text, ...ev],
        );
      if (ran(r, 'path')?.trace.stop.kind === 'reached')
        return made(
          'ping-filtered',
          'info',
          `${host} does not answer ping, but answers traceroute: ICMP echo is filtered, and loss was not measured`,
          [v.text, ...ev],
          [`netcheck ${host}:<a port it serves> (loss measured with TCP handshakes)`],
        );
      return made('ping-no-reply', 'warning', `${host} does not answer ping`, [v.text, ...ev], trace);
    case 'unreachable': {
      const errors = p.events.flatMap((e) => (e.type === 'unreachable' ? [`${e.from}: ${e.text}`] : []));
      return made('ping-unreachable', 'critical', v.text, [...errors.slice(0, 3), ...ev], trace);
    }
    case 'ttl-exceeded':
      return made('ping-ttl-exceeded', 'critical', v.text, ev, trace);
    case 'failed':
      return undefined; // the step failed: rules/steps.ts says so, with the fix
  }
}

/** Rule 6 over the handshakes (see reachabilityFindings). */
function tcpLossFinding(t: TcpLossSample, r: StepResults, host: string): Made {
  const ev = [
    `${t.sent} handshakes to ${t.address}:${t.port}, ${t.answered} within the first SYN's retransmit timeout`,
  ];
  if (t.samplesMs.length)
    ev.push(`handshake times ${Math.min(...t.samplesMs).toFixed(1)}–${Math.max(...t.samplesMs).toFixed(1)} ms`);
  const loss = renderLoss(t.lost, t.sent);
  if (t.lost === 0) return made('loss-bound', 'info', `TCP handshakes: ${loss}`, ev);
  if (roundsRefuteLoss(r))
    return made(
      'tcp-loss',
      'info',
      `TCP handshakes to ${host}: ${loss}, but the mtr rounds that followed lost nothing`,
      ev,
    );
  return made('tcp-loss', 'warning', `TCP handshakes to ${host}: ${loss}`, ev, [
    `netcheck mtr ${host} -T -P ${t.port}`,
  ]);
}

/**
 * Reachability and loss from ping and, where ping is filtered, TCP handshakes (pure):
 * 1 - every echo answered: information, with what the count bounds ("0 of 60 lost: loss below 5% (95%)");
 * 2 - echoes lost: a warning with the count and its interval (the path step places it), unless the mtr rounds
 *     the loss escalated to saw none anywhere (a hundred probes a hop outweigh a lost echo or two): information;
 * 3 - no echo reply while the TCP handshake completed or the trace reached the host: ping is filtered
 *     (information, not a problem; without handshakes the loss stays unmeasured, and the fact says so);
 * 4 - no echo reply and no handshake: the host does not answer;
 * 5 - a router's "unreachable" or "TTL exceeded": critical, naming the router;
 * 6 - handshakes lost (a SYN or SYN-ACK needed a retransmit): a warning, counted (information when the mtr
 *     rounds saw no loss).
 */
export function reachabilityFindings(r: StepResults, host: string): Finding[] {
  const p = ran(r, 'ping');
  const t = ran(r, 'tcp-loss');
  const fromPing = p ? pingFinding(p, r, host) : undefined;
  const fromTcp = t && t.sent > 0 ? tcpLossFinding(t, r, host) : undefined;
  return [
    ...(fromPing ? [{ ...fromPing, category: 'reachability' as const, source: 'ping' }] : []),
    ...(fromTcp ? [{ ...fromTcp, category: 'reachability' as const, source: 'TCP handshakes' }] : []),
  ];
}

import type { PingReport } from '@netcheck/ping';
import { renderStopReason } from '@netcheck/traceroute';
import { renderLoss } from '../facts.js';
import type { Finding, StepResults, TcpLossSample } from '../types.js';
import type { Made } from './util.js';
import { handshakeCompleted, made, ran, roundsRefuteLoss } from './util.js';

/**
 * Rules 1 to 5 over the echoes (see reachabilityFindings): ping's own finding, or the cross-tool finding that
 * explains it.
 */
function pingFinding(p: PingReport, r: StepResults, host: string): Finding | undefined {
  const own = p.findings.find((f) => f.id !== 'ping-failed'); // a ping that could not run: rules/steps.ts says so
  if (!own) return undefined;
  const fromPing = { ...own, category: 'reachability' as const };
  const seen = `ping: ${own.title}`;
  if (own.id === 'ping-loss' && roundsRefuteLoss(r))
    return {
      id: 'loss-transient',
      severity: 'info',
      category: 'reachability',
      source: `${own.source}, mtr rounds`,
      title:
        `${host} answers ping; ${renderLoss(p.summary.sent - p.summary.received, p.summary.sent)}, but the mtr ` +
        `rounds that followed lost nothing: transient`,
      evidence: [seen, ran(r, 'path')?.pathping?.attribution.summary ?? '', ...own.evidence],
      nextSteps: [`netcheck ping ${host} -c 100 -i 0.2`],
      explains: ['ping-loss'],
    };
  if (own.id !== 'ping-no-reply') return fromPing;
  if (handshakeCompleted(r))
    return {
      id: 'icmp-filtered',
      severity: 'info',
      category: 'reachability',
      source: `${own.source}, TCP connect`,
      title: `${host} does not answer ping, but accepts TCP: ICMP echo is filtered, not lost`,
      evidence: [seen, `TCP handshake to ${ran(r, 'connect')?.address} port ${ran(r, 'connect')?.port} completed`],
      nextSteps: [],
      explains: ['ping-no-reply'],
    };
  const trace = ran(r, 'path')?.trace;
  if (trace?.stop.kind === 'reached')
    return {
      id: 'icmp-filtered',
      severity: 'info',
      category: 'reachability',
      source: `${own.source}, ${trace.findings[0]?.source ?? 'traceroute'}`,
      title: `${host} does not answer ping, but answers traceroute: ICMP echo is filtered, and loss was not measured`,
      evidence: [seen, `traceroute: ${renderStopReason(trace.stop, host)}`],
      nextSteps: [`netcheck ${host}:<a port it serves> (loss measured with TCP handshakes)`],
      explains: ['ping-no-reply'],
    };
  return fromPing;
}

/** Rule 6 over the handshakes (see reachabilityFindings): the diagnosis' own probe. */
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
 * 1 - every echo answered: ping's `ping-healthy` (information);
 * 2 - echoes lost: ping's `ping-loss` warning with the count and its interval (the path step places it), unless
 *     the mtr rounds the loss escalated to saw none anywhere (a hundred probes a hop outweigh a lost echo or two):
 *     then `loss-transient` (information) explains it;
 * 3 - no echo reply while the TCP handshake completed or the trace reached the host: `icmp-filtered`
 *     (information, not a problem; without handshakes the loss stays unmeasured, and the fact says so) explains
 *     ping's `ping-no-reply`;
 * 4 - no echo reply and no handshake: ping's `ping-no-reply`, the host does not answer;
 * 5 - a router's "unreachable" or "TTL exceeded": ping's `ping-unreachable` / `ping-ttl-exceeded`, naming it;
 * 6 - handshakes lost (a SYN or SYN-ACK needed a retransmit): a warning, counted (information when the mtr
 *     rounds saw no loss).
 */
export function reachabilityFindings(r: StepResults, host: string): Finding[] {
  const p = ran(r, 'ping');
  const t = ran(r, 'tcp-loss');
  const fromPing = p ? pingFinding(p, r, host) : undefined;
  const fromTcp = t && t.sent > 0 ? tcpLossFinding(t, r, host) : undefined;
  return [
    ...(fromPing ? [fromPing] : []),
    ...(fromTcp ? [{ ...fromTcp, category: 'reachability' as const, source: 'TCP handshakes' }] : []),
  ];
}

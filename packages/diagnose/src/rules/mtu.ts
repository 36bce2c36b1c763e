import { MTU_HEADER_BYTES } from '@netcheck/ping';
import type { Finding, StepResults } from '../types.js';
import { ran } from './util.js';

/**
 * Path MTU and the transfer (pure):
 * 1 - every size up to N answered and every larger one vanished with no "fragmentation needed": a PMTU
 *     blackhole (critical), placed after the hop the path step found, with the two fixes;
 * 2 - a router said "fragmentation needed" / "packet too big": PMTU discovery works (information);
 * 3 - a GET whose body stalls after the first bytes (critical): what users feel; with rule 1 it is explained;
 * 4 - an HTTP 5xx (warning) or a failed request (critical); a completed GET is information.
 */
export function mtuFindings(r: StepResults, host: string): Finding[] {
  const out: Finding[] = [];
  const m = ran(r, 'mtu');
  const drop = ran(r, 'path')?.mtuDrop;
  if (m) {
    const v = m.pathMtu;
    const ev = m.probes.map(
      (p) =>
        `${p.packetBytes}-byte DF probes: ${p.received} of ${p.sent} answered${p.tooBig.length ? `, "too big" from ${p.tooBig.map((t) => `${t.from} (mtu ${t.mtuBytes})`).join(', ')}` : ''}`,
    );
    if (v.kind === 'blackhole') {
      const where = drop ? ` after hop ${drop.afterHop}${drop.address ? ` (${drop.address})` : ''}` : '';
      const on = drop?.address
        ? `the router${drop.address ? ` at ${drop.address}` : ''} and anything after it`
        : 'the routers and firewalls on the way';
      out.push({
        id: 'mtu-blackhole',
        severity: 'critical',
        category: 'path',
        source: 'ping -M do (DF probes)',
        title: `packets over ${v.largestOkBytes} bytes to ${host} vanish${where} and no "fragmentation needed" comes back: a path MTU blackhole`,
        evidence: [
          ...ev,
          ...(drop
            ? drop.hops.map(
                (h) =>
                  `hop ${h.hop} ${h.address}: ${h.big.packetBytes} B ${h.big.received}/${h.big.sent}, ${h.small.packetBytes} B ${h.small.received}/${h.small.sent}`,
              )
            : []),
        ],
        nextSteps: [
          `allow ICMP "fragmentation needed" (type 3 code 4) and ICMPv6 "packet too big" on ${on}`,
          `or clamp TCP MSS where the ${v.largestOkBytes}-byte link starts: nft add rule inet filter forward tcp flags syn tcp option maxseg size set rt mtu`,
          `ping -M do -s ${v.largestOkBytes - MTU_HEADER_BYTES[m.family]} ${host} (fits) against -s ${v.smallestLostBytes - MTU_HEADER_BYTES[m.family]} (vanishes)`,
        ],
      });
    } else if (v.kind === 'reported')
      out.push({
        id: 'mtu-reported',
        severity: 'info',
        category: 'path',
        source: 'ping -M do (DF probes)',
        title: `the path MTU to ${host} is ${v.mtuBytes} bytes (${v.by.kind === 'router' ? `said by ${v.by.address}` : "this machine's route or cache"}): PMTU discovery works`,
        evidence: ev,
        nextSteps: [],
      });
    else if (v.kind === 'full')
      out.push({
        id: 'mtu-ok',
        severity: 'info',
        category: 'path',
        source: 'ping -M do (DF probes)',
        title: `${v.mtuBytes}-byte packets reach ${host}`,
        evidence: ev,
        nextSteps: [],
      });
  }
  const h = ran(r, 'http');
  if (h) {
    const v = h.verdict;
    const ev = [v.text];
    if (v.kind === 'stalled')
      out.push({
        id: 'http-stalled',
        severity: 'critical',
        category: 'service',
        source: 'HTTP GET',
        title: `the download from ${host} stalls after ${v.afterBytes} bytes`,
        evidence: ev,
        nextSteps:
          m?.pathMtu.kind === 'blackhole'
            ? ['see the path MTU finding: big packets vanish']
            : [`curl -v ${h.transfer.url}`, `netcheck mtr ${host}`],
      });
    else if (v.kind === 'failed')
      out.push({
        id: 'http-error',
        severity: 'critical',
        category: 'service',
        source: 'HTTP GET',
        title: `the request to ${host} failed: ${v.text}`,
        evidence: ev,
        nextSteps: [`curl -v ${h.transfer.url}`],
      });
    else if (v.kind === 'http-error' && v.status >= 500)
      out.push({
        id: 'http-error',
        severity: 'warning',
        category: 'service',
        source: 'HTTP GET',
        title: `${host} answers HTTP ${v.status}: the server has a problem`,
        evidence: ev,
        nextSteps: [`curl -v ${h.transfer.url}`],
      });
    else
      out.push({
        id: 'http-ok',
        severity: 'info',
        category: 'service',
        source: 'HTTP GET',
        title: v.text,
        evidence: ev,
        nextSteps: [],
      });
  }
  return out;
}

import type { MtuDropLocation, MtuProbe, PathMtuReport } from '@netcheck/ping';
import { MTU_HEADER_BYTES } from '@netcheck/ping';
import type { Finding, HttpResult, StepResults } from '../types.js';
import type { Made } from './util.js';
import { made, ran } from './util.js';

const probeLine = (p: MtuProbe) => {
  const tooBig = p.tooBig.map((t) => `${t.from} (mtu ${t.mtuBytes})`).join(', ');
  return `${p.packetBytes}-byte DF probes: ${p.received} of ${p.sent} answered${tooBig ? `, "too big" from ${tooBig}` : ''}`;
};

const hopLine = (h: MtuDropLocation['hops'][number]) =>
  `hop ${h.hop} ${h.address}: ${h.big.packetBytes} B ${h.big.received}/${h.big.sent}, ` +
  `${h.small.packetBytes} B ${h.small.received}/${h.small.sent}`;

/** Rules 1 and 2 (see mtuFindings). */
function mtuFinding(m: PathMtuReport, drop: MtuDropLocation | undefined, host: string): Made | undefined {
  const v = m.pathMtu;
  const ev = m.probes.map(probeLine);
  if (v.kind === 'full') return made('mtu-ok', 'info', `${v.mtuBytes}-byte packets reach ${host}`, ev);
  if (v.kind === 'reported') {
    const by = v.by.kind === 'router' ? `said by ${v.by.address}` : "this machine's route or cache";
    return made(
      'mtu-reported',
      'info',
      `the path MTU to ${host} is ${v.mtuBytes} bytes (${by}): PMTU discovery works`,
      ev,
    );
  }
  if (v.kind !== 'blackhole') return undefined;
  const where = drop ? ` after hop ${drop.afterHop}${drop.address ? ` (${drop.address})` : ''}` : '';
  const on = drop?.address
    ? `the router at ${drop.address} and anything after it`
    : 'the routers and firewalls on the way';
  const header = MTU_HEADER_BYTES[m.family];
  return made(
    'mtu-blackhole',
    'critical',
    `packets over ${v.largestOkBytes} bytes to ${host} vanish${where} and no "fragmentation needed" comes back: ` +
      'a path MTU blackhole',
    [...ev, ...(drop ? drop.hops.map(hopLine) : [])],
    [
      `allow ICMP "fragmentation needed" (type 3 code 4) and ICMPv6 "packet too big" on ${on}`,
      `or clamp TCP MSS where the ${v.largestOkBytes}-byte link starts: ` +
        'nft add rule inet filter forward tcp flags syn tcp option maxseg size set rt mtu',
      `ping -M do -s ${v.largestOkBytes - header} ${host} (fits) against -s ${v.smallestLostBytes - header} (vanishes)`,
    ],
  );
}

/** Rules 3 and 4 (see mtuFindings). */
function httpFinding(h: HttpResult, bigPacketsVanish: boolean, host: string): Made {
  const v = h.verdict;
  const ev = [v.text];
  const curl = [`curl -v ${h.transfer.url}`];
  if (v.kind === 'stalled')
    return made(
      'http-stalled',
      'critical',
      `the download from ${host} stalls after ${v.afterBytes} bytes`,
      ev,
      bigPacketsVanish ? ['see the path MTU finding: big packets vanish'] : [...curl, `netcheck mtr ${host}`],
    );
  if (v.kind === 'failed') return made('http-error', 'critical', `the request to ${host} failed: ${v.text}`, ev, curl);
  if (v.kind === 'http-error' && v.status >= 500)
    return made('http-error', 'warning', `${host} answers HTTP ${v.status}: the server has a problem`, ev, curl);
  return made('http-ok', 'info', v.text, ev);
}

/**
 * Path MTU and the transfer (pure):
 * 1 - every size up to N answered and every larger one vanished with no "fragmentation needed": a PMTU
 *     blackhole (critical), placed after the hop the path step found, with the two fixes;
 * 2 - a router said "fragmentation needed" / "packet too big": PMTU discovery works (information);
 * 3 - a GET whose body stalls after the first bytes (critical): what users feel; with rule 1 it is explained;
 * 4 - an HTTP 5xx (warning) or a failed request (critical); a completed GET is information.
 */
export function mtuFindings(r: StepResults, host: string): Finding[] {
  const m = ran(r, 'mtu');
  const h = ran(r, 'http');
  const fromMtu = m ? mtuFinding(m, ran(r, 'path')?.mtuDrop, host) : undefined;
  const fromHttp = h ? httpFinding(h, m?.pathMtu.kind === 'blackhole', host) : undefined;
  return [
    ...(fromMtu ? [{ ...fromMtu, category: 'path' as const, source: 'ping -M do (DF probes)' }] : []),
    ...(fromHttp ? [{ ...fromHttp, category: 'service' as const, source: 'HTTP GET' }] : []),
  ];
}

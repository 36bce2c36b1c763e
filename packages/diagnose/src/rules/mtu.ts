import { derivePathMtuFindings } from '@netcheck/ping';
import type { Finding, HttpResult, StepResults } from '../types.js';
import type { Made } from './util.js';
import { made, ran } from './util.js';

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
 * 1 - every size up to N answered and every larger one vanished with no "fragmentation needed": ping's
 *     `mtu-blackhole` (critical), placed by ping after the hop the path step's DF pings found, with the two fixes;
 * 2 - a router said "fragmentation needed" / "packet too big": ping's `mtu-reported` (information); every size
 *     answered: ping's `mtu-ok`;
 * 3 - a GET whose body stalls after the first bytes (critical): what users feel; with rule 1 it is explained;
 * 4 - an HTTP 5xx (warning) or a failed request (critical); a completed GET is information.
 */
export function mtuFindings(r: StepResults, host: string): Finding[] {
  const m = ran(r, 'mtu');
  const h = ran(r, 'http');
  const drop = ran(r, 'path')?.mtuDrop;
  // ping's own findings; once the path step located the drop, ping's derivation places it.
  const fromMtu = m ? (drop ? derivePathMtuFindings(m, drop) : m.findings) : [];
  const fromHttp = h ? httpFinding(h, m?.pathMtu.kind === 'blackhole', host) : undefined;
  return [
    ...fromMtu.map((f) => ({ ...f, category: 'path' as const })),
    ...(fromHttp ? [{ ...fromHttp, category: 'service' as const, source: 'HTTP GET' }] : []),
  ];
}

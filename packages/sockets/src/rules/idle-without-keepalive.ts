import { renderSeconds } from '../audit-sysctls.js';
import { keepaliveDetectionS } from '../sysctls.js';
import { cite, endpoint } from './shared.js';
import type { SocketFacts, SocketFinding, SocketRule } from './types.js';

/** Thresholds of the idle-without-keepalive rule. */
export interface IdleWithoutKeepaliveOptions {
  /** Idle time from which an ESTABLISHED socket without keepalive counts (default 30 min). */
  idleMinMs: number;
  /** From this many such sockets the finding is a warning rather than information (default 100). */
  warnCount: number;
}

const DEFAULTS: IdleWithoutKeepaliveOptions = { idleMinMs: 30 * 60_000, warnCount: 100 };

/**
 * Long-idle ESTABLISHED connections without keepalive: half-open connections go unnoticed.
 * 1 - from the idle scan (ss -tnoie state established), take sockets idle for idleMinMs or more
 *     whose timer shows no keepalive;
 * 2 - any such socket fires: 'info', 'warning' from warnCount;
 * 3 - the explanation says what the keepalive sysctls would change: they apply only to sockets
 *     with SO_KEEPALIVE, which then notice a dead peer after time + intvl × probes.
 * When the scan did not run (skipped with why), the rule stays quiet.
 */
function derive(facts: SocketFacts, options: IdleWithoutKeepaliveOptions = DEFAULTS): SocketFinding[] {
  const scan = facts.idle;
  if (!scan || !('sockets' in scan)) return [];
  const idle = scan.sockets
    .filter((s) => s.keepalive === false && s.idleMs >= options.idleMinMs)
    .sort((a, b) => b.idleMs - a.idleMs);
  const longest = idle[0];
  if (!longest) return [];
  const s = facts.sysctls;
  const detect = keepaliveDetectionS(s);
  const byPort = new Map<number, number>();
  for (const x of idle) byPort.set(x.localPort, (byPort.get(x.localPort) ?? 0) + 1);
  const owners = [...new Map(idle.flatMap((x) => x.owners).map((o) => [o.pid, o])).values()];
  const suggestion =
    s.tcpKeepaliveTimeS !== undefined &&
    s.tcpKeepaliveIntvlS !== undefined &&
    s.tcpKeepaliveProbes !== undefined &&
    s.tcpKeepaliveTimeS > 600
      ? ` Lowering net.ipv4.tcp_keepalive_time to 600 would make that ` +
        `${renderSeconds(600 + s.tcpKeepaliveIntvlS * s.tcpKeepaliveProbes)} (or set TCP_KEEPIDLE per socket); NAT ` +
        `gateways and firewalls often forget silent flows after 5–60 min, sooner than the default 2 h.`
      : '';
  const detectText =
    detect === undefined
      ? ''
      : `; with them, a dead peer is noticed after ${renderSeconds(detect)} ` +
        `(${s.tcpKeepaliveTimeS} + ${s.tcpKeepaliveIntvlS} × ${s.tcpKeepaliveProbes} s)`;
  return [
    {
      id: 'idle-without-keepalive',
      source: facts.source,
      severity: idle.length >= options.warnCount ? 'warning' : 'info',
      title:
        `${idle.length} ESTABLISHED connections idle for ${renderSeconds(Math.round(options.idleMinMs / 1000))} ` +
        `or more without keepalive`,
      explanation:
        `Without SO_KEEPALIVE nothing checks that the peer is still there: if it crashed or a NAT/firewall dropped ` +
        `the flow, these connections are already half-open and nobody notices until the program writes. ` +
        `The net.ipv4.tcp_keepalive_* settings apply only to sockets that enable ` +
        `SO_KEEPALIVE${detectText}.${suggestion}` +
        (owners.length
          ? ` Held by ${owners
              .slice(0, 3)
              .map((o) => `${o.name ?? '?'} (pid ${o.pid})`)
              .join(', ')}.`
          : ''),
      evidence: [
        cite('ESTABLISHED sockets examined', scan.examined, 'ss -tnoie state established'),
        cite(
          `idle ≥ ${renderSeconds(Math.round(options.idleMinMs / 1000))} without keepalive`,
          idle.length,
          'ss -tnoie (lastsnd/lastrcv, timer)',
        ),
        cite(
          'longest idle',
          `${renderSeconds(Math.round(longest.idleMs / 1000))} (${endpoint(longest.localAddress, longest.localPort)} ` +
            `→ ${endpoint(longest.remoteAddress, longest.remotePort)})`,
          'ss -tnoie',
        ),
        cite(
          'local ports',
          [...byPort.entries()]
            .sort((a, b) => b[1] - a[1])
            .slice(0, 5)
            .map(([p, n]) => `${p} ×${n}`)
            .join(', '),
          'ss -tnoie',
        ),
        ...(detect !== undefined
          ? [cite('keepalive detection time (s)', detect, 'sysctl net.ipv4.tcp_keepalive_time/intvl/probes')]
          : []),
      ],
      nextSteps: [
        'ss -tnoi state established',
        'sysctl net.ipv4.tcp_keepalive_time net.ipv4.tcp_keepalive_intvl net.ipv4.tcp_keepalive_probes',
      ],
      subject: owners.length ? { processes: owners } : {},
    },
  ];
}

/** The idle-without-keepalive rule: its id, default thresholds and derivation. */
export const idleWithoutKeepalive: SocketRule<'idle-without-keepalive', IdleWithoutKeepaliveOptions> = {
  id: 'idle-without-keepalive',
  defaults: DEFAULTS,
  derive,
};

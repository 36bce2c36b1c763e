import type { TcpSysctlKey, TcpSysctls } from './sysctls.js';
import { keepaliveDetectionS, TCP_SYSCTLS } from './sysctls.js';

/** One line of the sysctl audit. */
export interface AuditItem {
  /** The sysctl name, e.g. "net.ipv4.tcp_syncookies". */
  sysctl: string;
  /** The value as sysctl prints it; `undefined` when it could not be read or does not exist. */
  value: string | undefined;
  /** 'ok' sensible; 'note' worth knowing for this table; 'warn' likely to hurt; 'unknown' not read. */
  status: 'ok' | 'note' | 'warn' | 'unknown';
  /** What the value means here, and the fix when it hurts. */
  text: string;
}

/** What the audit may compare the settings with. */
export interface AuditContext {
  /** TIME_WAIT sockets in the table now. */
  timeWait?: number | undefined;
}

/** Human duration for seconds: "2 h 11 min", "21 min", "45 s". */
export function renderSeconds(s: number): string {
  if (s < 120) return `${s} s`;
  const h = Math.floor(s / 3600);
  const m = Math.round((s % 3600) / 60);
  return h > 0 ? `${h} h${m ? ` ${m} min` : ''}` : `${m} min`;
}

/**
 * Audit the TCP sysctls. Rules, one per setting:
 * 1 - tcp_syncookies 0 is a warning (a SYN flood then refuses clients), 2 a note (cookies on every SYN);
 * 2 - somaxconn below 1024 caps every listen() backlog: warning;
 * 3 - tcp_max_syn_backlog below 256 with cookies off: warning;
 * 4 - tcp_tw_reuse 0: note (outgoing connections never take over TIME_WAIT ports);
 * 5 - tcp_fin_timeout above 60 s: note (it bounds orphaned FIN_WAIT_2, not TIME_WAIT, which is fixed at 60 s);
 * 6 - ip_local_port_range under 10,000 ports: warning;
 * 7 - TIME_WAIT sockets at 80% or more of tcp_max_tw_buckets: warning (beyond it the kernel kills them early);
 * 8 - keepalive: detection time = time + intvl × probes, a note when 1 h or more;
 * 9 - tcp_tw_recycle, present only before Linux 4.12: 1 is a warning (it dropped SYNs from clients behind
 *     NAT, which is why it was removed); it is never recommended.
 */
export function auditSysctls(s: TcpSysctls, context: AuditContext = {}): AuditItem[] {
  const items: AuditItem[] = [];
  const add = (key: TcpSysctlKey, status: AuditItem['status'], text: string) => {
    const v = s[key];
    items.push({ sysctl: TCP_SYSCTLS[key], value: v === undefined ? undefined : Array.isArray(v) ? v.join(' ') : String(v), status, text });
  };
  const missing = (key: TcpSysctlKey) => add(key, 'unknown', 'could not be read');

  if (s.tcpSyncookies === undefined) missing('tcpSyncookies');
  else if (s.tcpSyncookies === 0) add('tcpSyncookies', 'warn', 'SYN cookies are off: a SYN flood fills the SYN queue and real clients are refused; set it to 1');
  else if (s.tcpSyncookies === 2) add('tcpSyncookies', 'note', 'cookies on every SYN, even without a flood (connections lose TCP options such as window scaling unless timestamps carry them); 1 is the usual setting');
  else add('tcpSyncookies', 'ok', 'SYN cookies are sent only when a listener\'s SYN queue overflows');

  if (s.tcpMaxSynBacklog === undefined) missing('tcpMaxSynBacklog');
  else if (s.tcpMaxSynBacklog < 256 && s.tcpSyncookies === 0) add('tcpMaxSynBacklog', 'warn', `only ${s.tcpMaxSynBacklog} half-open connections before SYNs are dropped, with cookies off`);
  else add('tcpMaxSynBacklog', 'ok', 'without cookies, SYNs from unproven peers are dropped past 3/4 of this');

  if (s.somaxconn === undefined) missing('somaxconn');
  else if (s.somaxconn < 1024) add('somaxconn', 'warn', `every listen() backlog is capped at ${s.somaxconn}: a busy server asking for more is cut silently (kernels since 5.4 default to 4096)`);
  else add('somaxconn', 'ok', `listen() backlogs are capped at ${s.somaxconn}`);

  if (s.tcpTwReuse === undefined) missing('tcpTwReuse');
  else if (s.tcpTwReuse === 0) add('tcpTwReuse', 'note', 'outgoing connections never take over a TIME_WAIT port; with many short connections to one destination, 1 lets them (safe with TCP timestamps)');
  else if (s.tcpTwReuse === 2) add('tcpTwReuse', 'ok', 'TIME_WAIT ports are reused for new outgoing connections on loopback only (the default); 1 extends it to every destination');
  else add('tcpTwReuse', 'ok', 'new outgoing connections may take over TIME_WAIT ports when TCP timestamps make it safe');

  if (s.tcpFinTimeoutS === undefined) missing('tcpFinTimeoutS');
  else if (s.tcpFinTimeoutS > 60) add('tcpFinTimeoutS', 'note', `orphaned FIN_WAIT_2 sockets linger ${s.tcpFinTimeoutS} s (it does not shorten TIME_WAIT, which is fixed at 60 s)`);
  else add('tcpFinTimeoutS', 'ok', `orphaned FIN_WAIT_2 sockets are dropped after ${s.tcpFinTimeoutS} s (TIME_WAIT is fixed at 60 s whatever this says)`);

  if (s.ipLocalPortRange === undefined) missing('ipLocalPortRange');
  else {
    const n = s.ipLocalPortRange[1] - s.ipLocalPortRange[0] + 1;
    if (n < 10_000) add('ipLocalPortRange', 'warn', `only ${n} local ports for outgoing connections to any one destination (address and port)`);
    else add('ipLocalPortRange', 'ok', `${n} local ports for outgoing connections to any one destination (address and port)`);
  }

  if (s.tcpMaxTwBuckets === undefined) missing('tcpMaxTwBuckets');
  else if (context.timeWait !== undefined && context.timeWait >= 0.8 * s.tcpMaxTwBuckets) {
    add('tcpMaxTwBuckets', 'warn', `${context.timeWait} TIME_WAIT sockets, ${Math.round((100 * context.timeWait) / s.tcpMaxTwBuckets)}% of the cap: past it the kernel destroys them early ("TCP: time wait bucket table overflow")`);
  } else add('tcpMaxTwBuckets', 'ok', `up to ${s.tcpMaxTwBuckets} TIME_WAIT sockets${context.timeWait !== undefined ? ` (${context.timeWait} now)` : ''}`);

  const detect = keepaliveDetectionS(s);
  if (s.tcpKeepaliveTimeS === undefined) missing('tcpKeepaliveTimeS');
  else {
    const text =
      detect === undefined
        ? `first keepalive probe after ${renderSeconds(s.tcpKeepaliveTimeS)} idle (sockets with SO_KEEPALIVE only)`
        : `on sockets with SO_KEEPALIVE, a peer that vanished is noticed after ${renderSeconds(detect)} (time + intvl × probes); sockets without it never notice`;
    add('tcpKeepaliveTimeS', detect !== undefined && detect >= 3600 ? 'note' : 'ok', text);
  }
  if (s.tcpKeepaliveIntvlS === undefined) missing('tcpKeepaliveIntvlS');
  else add('tcpKeepaliveIntvlS', 'ok', `${s.tcpKeepaliveIntvlS} s between unanswered keepalive probes`);
  if (s.tcpKeepaliveProbes === undefined) missing('tcpKeepaliveProbes');
  else add('tcpKeepaliveProbes', 'ok', `${s.tcpKeepaliveProbes} unanswered probes before the connection is dropped`);

  if (s.tcpTwRecycle !== undefined) {
    if (s.tcpTwRecycle !== 0) add('tcpTwRecycle', 'warn', 'drops SYNs from clients behind NAT whose timestamps go backwards (why Linux 4.12 removed it): set it to 0');
    else add('tcpTwRecycle', 'ok', 'off; keep it off (it breaks clients behind NAT and was removed in Linux 4.12)');
  }
  return items;
}

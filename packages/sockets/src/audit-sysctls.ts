import type { Severity } from '@netcheck/core';
import type { TcpSysctlKey, TcpSysctls } from './sysctls.js';
import { keepaliveDetectionS, TCP_SYSCTLS } from './sysctls.js';

/** One line of the sysctl audit. */
export interface AuditItem {
  /** The sysctl name, e.g. "net.ipv4.tcp_syncookies". */
  sysctl: string;
  /** The value as sysctl prints it; `undefined` when it could not be read or does not exist. */
  value: string | undefined;
  /**
   * As the diagnosis' facts: `fine` sensible here; `problem` worth a word (its severity says how much);
   * `not-checked` could not be read (`value` is then `undefined`).
   */
  state: 'fine' | 'problem' | 'not-checked';
  /** Core's severity: `warning` for a setting likely to hurt; `info` for a remark worth knowing, and otherwise. */
  severity: Severity;
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
 * Audit the TCP sysctls (pure). A "warning" below is a `problem` of severity `warning`, a "note" a `problem` of
 * severity `info`, anything else `fine`; a setting that could not be read is `not-checked`. Rules, one per setting:
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
  for (const check of SYSCTL_CHECKS) {
    const v = s[check.key];
    if (v === undefined && check.key === 'tcpTwRecycle') continue; // gone since 4.12: nothing to say
    const [mark, text] = v === undefined ? UNREAD : check.judge(s, context);
    const value = v === undefined ? undefined : Array.isArray(v) ? v.join(' ') : String(v);
    items.push({ sysctl: TCP_SYSCTLS[check.key], value, ...mark, text });
  }
  return items;
}

/** A setting's state and severity, as the table says them. */
type Mark = Pick<AuditItem, 'state' | 'severity'>;
type Verdict = [Mark, string];

const FINE: Mark = { state: 'fine', severity: 'info' };
/** A remark worth knowing about this table: a problem, of severity info. */
const NOTE: Mark = { state: 'problem', severity: 'info' };
const WARNING: Mark = { state: 'problem', severity: 'warning' };
const UNREAD: Verdict = [{ state: 'not-checked', severity: 'info' }, 'could not be read'];

/** One setting's rule (numbered above), given that setting could be read. */
interface SysctlCheck {
  key: TcpSysctlKey;
  judge(s: TcpSysctls, context: AuditContext): Verdict;
}

/** The rules in the order the audit lists them. `judge` runs only when `s[key]` is defined. */
const SYSCTL_CHECKS: readonly SysctlCheck[] = [
  { key: 'tcpSyncookies', judge: (s) => judgeSyncookies(s.tcpSyncookies ?? 1) },
  {
    key: 'tcpMaxSynBacklog',
    judge: (s) =>
      (s.tcpMaxSynBacklog ?? 0) < 256 && s.tcpSyncookies === 0
        ? [WARNING, `only ${s.tcpMaxSynBacklog} half-open connections before SYNs are dropped, with cookies off`]
        : [FINE, 'without cookies, SYNs from unproven peers are dropped past 3/4 of this'],
  },
  {
    key: 'somaxconn',
    judge: (s) =>
      (s.somaxconn ?? 0) < 1024
        ? [
            WARNING,
            `every listen() backlog is capped at ${s.somaxconn}: a busy server asking for more is cut silently ` +
              '(kernels since 5.4 default to 4096)',
          ]
        : [FINE, `listen() backlogs are capped at ${s.somaxconn}`],
  },
  { key: 'tcpTwReuse', judge: (s) => judgeTwReuse(s.tcpTwReuse ?? 1) },
  {
    key: 'tcpFinTimeoutS',
    judge: (s) =>
      (s.tcpFinTimeoutS ?? 0) > 60
        ? [
            NOTE,
            `orphaned FIN_WAIT_2 sockets linger ${s.tcpFinTimeoutS} s ` +
              '(it does not shorten TIME_WAIT, which is fixed at 60 s)',
          ]
        : [
            FINE,
            `orphaned FIN_WAIT_2 sockets are dropped after ${s.tcpFinTimeoutS} s ` +
              '(TIME_WAIT is fixed at 60 s whatever this says)',
          ],
  },
  {
    key: 'ipLocalPortRange',
    judge: (s) => {
      const range = s.ipLocalPortRange ?? [0, -1];
      const n = range[1] - range[0] + 1;
      const text = `${n} local ports for outgoing connections to any one destination (address and port)`;
      return n < 10_000 ? [WARNING, `only ${text}`] : [FINE, text];
    },
  },
  { key: 'tcpMaxTwBuckets', judge: (s, context) => judgeTwBuckets(s.tcpMaxTwBuckets ?? 0, context.timeWait) },
  { key: 'tcpKeepaliveTimeS', judge: (s) => judgeKeepaliveTime(s) },
  { key: 'tcpKeepaliveIntvlS', judge: (s) => [FINE, `${s.tcpKeepaliveIntvlS} s between unanswered keepalive probes`] },
  {
    key: 'tcpKeepaliveProbes',
    judge: (s) => [FINE, `${s.tcpKeepaliveProbes} unanswered probes before the connection is dropped`],
  },
  {
    key: 'tcpTwRecycle',
    judge: (s) =>
      s.tcpTwRecycle !== 0
        ? [
            WARNING,
            'drops SYNs from clients behind NAT whose timestamps go backwards (why Linux 4.12 removed it): set it to 0',
          ]
        : [FINE, 'off; keep it off (it breaks clients behind NAT and was removed in Linux 4.12)'],
  },
];

function judgeSyncookies(v: number): Verdict {
  if (v === 0)
    return [WARNING, 'SYN cookies are off: a SYN flood fills the SYN queue and real clients are refused; set it to 1'];
  if (v === 2) {
    const text =
      'cookies on every SYN, even without a flood (connections lose TCP options such as window scaling unless ' +
      'timestamps carry them); 1 is the usual setting';
    return [NOTE, text];
  }
  return [FINE, "SYN cookies are sent only when a listener's SYN queue overflows"];
}

function judgeTwReuse(v: number): Verdict {
  if (v === 0) {
    const text =
      'outgoing connections never take over a TIME_WAIT port; with many short connections to one destination, 1 ' +
      'lets them (safe with TCP timestamps)';
    return [NOTE, text];
  }
  if (v === 2) {
    const text =
      'TIME_WAIT ports are reused for new outgoing connections on loopback only (the default); 1 extends it to ' +
      'every destination';
    return [FINE, text];
  }
  return [FINE, 'new outgoing connections may take over TIME_WAIT ports when TCP timestamps make it safe'];
}

function judgeTwBuckets(cap: number, timeWait: number | undefined): Verdict {
  if (timeWait !== undefined && timeWait >= 0.8 * cap) {
    const text =
      `${timeWait} TIME_WAIT sockets, ${Math.round((100 * timeWait) / cap)}% of the cap: past it the kernel ` +
      'destroys them early ("TCP: time wait bucket table overflow")';
    return [WARNING, text];
  }
  return [FINE, `up to ${cap} TIME_WAIT sockets${timeWait !== undefined ? ` (${timeWait} now)` : ''}`];
}

function judgeKeepaliveTime(s: TcpSysctls): Verdict {
  const detect = keepaliveDetectionS(s);
  if (detect === undefined) {
    return [
      FINE,
      `first keepalive probe after ${renderSeconds(s.tcpKeepaliveTimeS ?? 0)} idle (sockets with SO_KEEPALIVE only)`,
    ];
  }
  const text =
    `on sockets with SO_KEEPALIVE, a peer that vanished is noticed after ${renderSeconds(detect)} (time + ` +
    'intvl × probes); sockets without it never notice';
  return [detect >= 3600 ? NOTE : FINE, text];
}

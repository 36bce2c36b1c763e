/**
 * The kernel settings the audit looks at, by sysctl name. On current kernels
 * every one of them is per network namespace, so a lab namespace can differ from the host.
 */
export const TCP_SYSCTLS = {
  tcpSyncookies: 'net.ipv4.tcp_syncookies',
  tcpMaxSynBacklog: 'net.ipv4.tcp_max_syn_backlog',
  somaxconn: 'net.core.somaxconn',
  tcpTwReuse: 'net.ipv4.tcp_tw_reuse',
  tcpFinTimeoutS: 'net.ipv4.tcp_fin_timeout',
  ipLocalPortRange: 'net.ipv4.ip_local_port_range',
  tcpMaxTwBuckets: 'net.ipv4.tcp_max_tw_buckets',
  tcpKeepaliveTimeS: 'net.ipv4.tcp_keepalive_time',
  tcpKeepaliveIntvlS: 'net.ipv4.tcp_keepalive_intvl',
  tcpKeepaliveProbes: 'net.ipv4.tcp_keepalive_probes',
  /** Only on kernels before 4.12, which removed it. */
  tcpTwRecycle: 'net.ipv4.tcp_tw_recycle',
} as const;

/** Key of a setting in TcpSysctls. */
export type TcpSysctlKey = keyof typeof TCP_SYSCTLS;

/** Values of the settings; a setting that could not be read (or does not exist) is `undefined`. */
export interface TcpSysctls {
  /** 0 off, 1 cookies when the SYN queue overflows, 2 always. */
  tcpSyncookies?: number | undefined;
  tcpMaxSynBacklog?: number | undefined;
  /** Upper bound of every listen() backlog. */
  somaxconn?: number | undefined;
  /** 0 never, 1 reuse TIME_WAIT for new outgoing connections when safe, 2 loopback only (default since 4.x). */
  tcpTwReuse?: number | undefined;
  /** Seconds an orphaned FIN_WAIT_2 socket is kept. */
  tcpFinTimeoutS?: number | undefined;
  /** [low, high] ports the kernel picks local ports from for outgoing connections. */
  ipLocalPortRange?: [number, number] | undefined;
  tcpMaxTwBuckets?: number | undefined;
  /** Seconds idle before the first keepalive probe (sockets with SO_KEEPALIVE only). */
  tcpKeepaliveTimeS?: number | undefined;
  tcpKeepaliveIntvlS?: number | undefined;
  tcpKeepaliveProbes?: number | undefined;
  /** Present only on kernels before 4.12. */
  tcpTwRecycle?: number | undefined;
}

/** /proc/sys path of a sysctl name ("net.ipv4.tcp_syncookies" -> "/proc/sys/net/ipv4/tcp_syncookies"). */
export function sysctlPath(name: string): string {
  return `/proc/sys/${name.replace(/\./g, '/')}`;
}

/**
 * Read raw sysctl texts (name -> file content or `sysctl` value) into typed values; unreadable ones stay
 * `undefined`.
 */
export function parseSysctlValues(raw: Readonly<Record<string, string | undefined>>): TcpSysctls {
  const out: TcpSysctls = {};
  for (const [key, name] of Object.entries(TCP_SYSCTLS) as [TcpSysctlKey, string][]) {
    const text = raw[name]?.trim();
    if (text === undefined || text === '') continue;
    if (key === 'ipLocalPortRange') {
      const m = /^(\d+)\s+(\d+)$/.exec(text);
      if (m) out.ipLocalPortRange = [Number(m[1]), Number(m[2])];
      continue;
    }
    if (/^-?\d+$/.test(text)) out[key] = Number(text);
  }
  return out;
}

/** Parse `sysctl name...` output ("net.ipv4.tcp_syncookies = 1") into name -> value text. */
export function parseSysctlOutput(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const [, name, value] = /^([\w.]+)\s*=\s*(.*)$/.exec(line.trim()) ?? [];
    if (name !== undefined && value !== undefined) out[name] = value.trim();
  }
  return out;
}

/** Size of the ephemeral port range; `undefined` when not known. */
export function ephemeralPortCount(s: TcpSysctls): number | undefined {
  return s.ipLocalPortRange ? s.ipLocalPortRange[1] - s.ipLocalPortRange[0] + 1 : undefined;
}

/** Seconds before an idle peer that vanished is noticed on a socket with SO_KEEPALIVE: time + intvl × probes. */
export function keepaliveDetectionS(s: TcpSysctls): number | undefined {
  if (s.tcpKeepaliveTimeS === undefined || s.tcpKeepaliveIntvlS === undefined || s.tcpKeepaliveProbes === undefined)
    return undefined;
  return s.tcpKeepaliveTimeS + s.tcpKeepaliveIntvlS * s.tcpKeepaliveProbes;
}

import { readFile } from 'node:fs/promises';

/** Kernel settings that change how traffic and probes behave; compared between a healthy report and a later one. */
export const REPORT_SYSCTLS = [
  'net.ipv4.ip_forward',
  'net.ipv4.icmp_ratelimit',
  'net.ipv4.tcp_syncookies',
  'net.ipv4.tcp_tw_reuse',
  'net.ipv4.ip_local_port_range',
  'net.ipv4.conf.all.rp_filter',
  'net.ipv4.tcp_mtu_probing',
  'net.ipv6.conf.all.disable_ipv6',
  'net.core.somaxconn',
] as const;

/** Read sysctls from /proc/sys (`undefined` for one that cannot be read: not Linux, or not in this kernel). */
export async function readSysctls(
  keys: readonly string[] = REPORT_SYSCTLS,
): Promise<Record<string, string | undefined>> {
  const values = await Promise.all(
    keys.map((k) =>
      readFile(`/proc/sys/${k.replace(/\./g, '/')}`, 'utf8').then(
        (v) => v.trim().replace(/\s+/g, ' '),
        () => undefined,
      ),
    ),
  );
  return Object.fromEntries(keys.map((k, i) => [k, values[i]]));
}

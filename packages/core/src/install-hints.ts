import type { Platform } from './types.js';

/** Tools netcheck wraps or compares against. */
export type ToolName =
  | 'ping'
  | 'ping6'
  | 'traceroute'
  | 'tracepath'
  | 'mtr'
  | 'ss'
  | 'netstat'
  | 'lsof'
  | 'dig'
  | 'ip'
  | 'nft';

const DEBIAN_PACKAGES: Record<ToolName, string> = {
  ping: 'iputils-ping',
  ping6: 'iputils-ping',
  traceroute: 'traceroute',
  tracepath: 'iputils-tracepath',
  mtr: 'mtr-tiny',
  ss: 'iproute2',
  netstat: 'net-tools',
  lsof: 'lsof',
  dig: 'dnsutils',
  ip: 'iproute2',
  nft: 'nftables',
};

/** The command a user runs to install a missing tool on this platform (Debian/Ubuntu package names on Linux). */
export function buildInstallHint(tool: ToolName, platform: Platform): string {
  if (platform === 'win32') {
    return tool === 'ping' || tool === 'netstat'
      ? `${tool} ships with Windows; check that C:\\Windows\\System32 is on PATH`
      : `${tool} is not available on Windows`;
  }
  if (platform === 'darwin') {
    const builtIn: ToolName[] = ['ping', 'ping6', 'traceroute', 'netstat', 'lsof'];
    return builtIn.includes(tool)
      ? `${tool} ships with macOS; check that /sbin and /usr/sbin are on PATH`
      : `install it: brew install ${tool === 'dig' ? 'bind' : tool}`;
  }
  return `install it: apt-get install ${DEBIAN_PACKAGES[tool]}`;
}

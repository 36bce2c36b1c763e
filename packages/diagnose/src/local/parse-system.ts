/** The IPv4 default route, from /proc/net/route. */
export interface DefaultRoute {
  iface: string;
  gateway: string;
  metric: number;
}

const hexToIpv4 = (hex: string): string => {
  // /proc/net/route prints addresses as little-endian hex: 010200C0 is 192.0.2.1.
  const n = Number.parseInt(hex, 16);
  return [n & 255, (n >>> 8) & 255, (n >>> 16) & 255, (n >>> 24) & 255].join('.');
};

/** Default routes with a gateway (destination 0.0.0.0/0, flag RTF_GATEWAY), lowest metric first. Pure. */
export function parseDefaultRoutes(procNetRoute: string): DefaultRoute[] {
  const out: DefaultRoute[] = [];
  for (const line of procNetRoute.split('\n').slice(1)) {
    const f = line.trim().split(/\s+/);
    if (f.length < 8) continue;
    const [iface, dest, gw, flags, , , metric, mask] = f as [
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
    ];
    const RTF_UP = 0x1;
    const RTF_GATEWAY = 0x2;
    const fl = Number.parseInt(flags, 16);
    if (dest === '00000000' && mask === '00000000' && fl & RTF_UP && fl & RTF_GATEWAY)
      out.push({ iface, gateway: hexToIpv4(gw), metric: Number(metric) });
  }
  return out.sort((a, b) => a.metric - b.metric);
}

/** A network interface and whether it carries traffic. */
export interface InterfaceState {
  name: string;
  /** operstate: up, down, unknown (loopback and tunnels say unknown while working), dormant, lowerlayerdown... */
  operstate: string;
  /** Administratively up (IFF_UP in /sys/class/net/<if>/flags). */
  adminUp: boolean;
  /** Passing traffic: operstate "up", or "unknown" on an interface that is administratively up (tun, lo). */
  running: boolean;
}

/** Interface state from the /sys/class/net files (operstate text and flags hex). Pure. */
export function parseInterfaceState(name: string, operstate: string, flagsHex: string): InterfaceState {
  const adminUp = (Number.parseInt(flagsHex.trim(), 16) & 0x1) !== 0;
  const op = operstate.trim();
  return { name, operstate: op, adminUp, running: adminUp && (op === 'up' || op === 'unknown') };
}

import type { LabNode, LinkSpec, Scenario } from './scenario.js';

/** One step of building a lab. Built by `buildLabPlan` (pure), executed by `startLab`. */
export type LabStep =
  | { kind: 'run'; argv: string[]; input?: string }
  | { kind: 'wire'; link: string; devA: string; devB: string; delayMs: number; jitterMs: number }
  | {
      kind: 'daemon';
      name: string;
      node: LabNode;
      argv: string[];
      ready: { proto: 'tcp' | 'udp'; addr: string; port: number };
    }
  | { kind: 'file'; path: string; content: string };

/** Lab ids become part of namespace and device names (≤ 15 characters), so they are short and plain. */
export const LAB_ID_PATTERN = /^[a-z0-9]{1,8}$/;

/** The namespace name of a node in lab `id`. Prefixed so it never clashes with anything that is not ours. */
export function nsName(id: string, node: LabNode): string {
  return `nc${id}-${node}`;
}

/** The interface name on `node` that leads to `peer` (names only need to be unique inside a namespace). */
export function ifName(peer: LabNode): string {
  return `to-${peer}`;
}

function nodeInterface(s: Scenario, node: LabNode): string {
  for (const l of Object.values(s.links)) {
    if (l.a === node) return ifName(l.b);
    if (l.b === node) return ifName(l.a);
  }
  throw new Error(`scenario "${s.name}": node ${node} has no link`);
}

/** nftables ruleset for one node: loss on a link's downstream ingress, a silent router, the server's filtered/prohibited ports. */
export function buildNftRuleset(s: Scenario, node: LabNode): string | undefined {
  const pre: string[] = [];
  const input: string[] = [];
  const output: string[] = [];
  for (const l of Object.values(s.links) as LinkSpec[]) {
    if (l.b === node && l.lossPct && l.lossPct > 0)
      pre.push(`iifname "${ifName(l.a)}" numgen random mod 100 < ${Math.round(l.lossPct)} drop`);
  }
  if (s.routers[node]?.silent) output.push('icmp type time-exceeded drop', 'icmpv6 type time-exceeded drop');
  // A PMTU black hole: the router still drops what does not fit the next link, but says nothing about it.
  if (s.routers[node]?.noPacketTooBig) {
    output.push('icmp type destination-unreachable icmp code frag-needed drop', 'icmpv6 type packet-too-big drop');
  }
  if (s.server.node === node) {
    if (s.server.dropsPing) input.push('icmp type echo-request drop', 'icmpv6 type echo-request drop');
    for (const p of s.server.filtered) input.push(`tcp dport ${p} drop`);
    for (const p of s.server.prohibited) input.push(`tcp dport ${p} reject with icmpx type admin-prohibited`);
    if (s.server.deadResolver)
      input.push(
        `ip daddr ${s.server.deadResolver} udp dport 53 drop`,
        `ip daddr ${s.server.deadResolver} tcp dport 53 drop`,
      );
  }
  if (!pre.length && !input.length && !output.length) return undefined;
  const chain = (name: string, hook: string, prio: number, rules: string[]) => {
    if (!rules.length) return '';
    const body = rules.map((r) => `    ${r}\n`).join('');
    return `  chain ${name} {\n    type filter hook ${hook} priority ${prio}; policy accept;\n${body}  }\n`;
  };
  const chains = [
    chain('prerouting', 'prerouting', -300, pre),
    chain('input', 'input', 0, input),
    chain('output', 'output', 0, output),
  ];
  return `table inet netlab {\n${chains.join('')}}\n`;
}

/** True for an IPv6 address, with or without a prefix length. */
function isV6(addr: string): boolean {
  return addr.includes(':');
}

/**
 * `ip addr add` arguments for one address. IPv6 addresses skip duplicate address detection (`nodad`):
 * a tentative address cannot be bound or routed from for about a second, and nothing else on a lab link
 * could hold the same address.
 */
function addrArgs(addr: string, dev: string): string[] {
  return ['addr', 'add', addr, 'dev', dev, ...(isV6(addr) ? ['nodad'] : [])];
}

/** Split a listener spec, "10.0.4.2:80" or "[fd0c:4::2]:80", into address and port. */
export function parseListenSpec(spec: string): { addr: string; port: number } {
  const m = /^\[([^\]]+)\]:(\d+)$/.exec(spec) ?? /^([^:]+):(\d+)$/.exec(spec);
  if (!m) throw new Error(`listener "${spec}" is not addr:port or [v6addr]:port`);
  return { addr: m[1]!, port: Number(m[2]) };
}

/** A command step. */
const run = (...argv: string[]): LabStep => ({ kind: 'run', argv });

/** A node's namespace name in one lab. */
type NsOf = (n: LabNode) => string;

/** 1 - one namespace per node, loopback up. */
function buildNamespaceSteps(s: Scenario, ns: NsOf): LabStep[] {
  return s.nodes.flatMap((n) => [run('ip', 'netns', 'add', ns(n)), run('ip', '-n', ns(n), 'link', 'set', 'lo', 'up')]);
}

/**
 * One link's device pair: a veth pair created directly inside both namespaces, or (with a delay) the TUN
 * devices `tmpA`/`tmpB` of a wire moved into them and renamed.
 */
function buildLinkDeviceSteps(name: string, l: LinkSpec, ns: NsOf, tmp: { a: string; b: string }): LabStep[] {
  const [devA, devB] = [ifName(l.b), ifName(l.a)];
  if ((l.delayMs ?? 0) <= 0)
    return [run('ip', 'link', 'add', devA, 'netns', ns(l.a), 'type', 'veth', 'peer', 'name', devB, 'netns', ns(l.b))];
  return [
    { kind: 'wire', link: name, devA: tmp.a, devB: tmp.b, delayMs: l.delayMs ?? 0, jitterMs: l.jitterMs ?? 0 },
    run('ip', 'link', 'set', tmp.a, 'netns', ns(l.a)),
    run('ip', '-n', ns(l.a), 'link', 'set', tmp.a, 'name', devA),
    run('ip', 'link', 'set', tmp.b, 'netns', ns(l.b)),
    run('ip', '-n', ns(l.b), 'link', 'set', tmp.b, 'name', devB),
  ];
}

/** One link's addresses (IPv4, then IPv6), MTU and both ends up. */
function buildLinkSetupSteps(l: LinkSpec, ns: NsOf): LabStep[] {
  const [devA, devB] = [ifName(l.b), ifName(l.a)];
  const steps = [run('ip', '-n', ns(l.a), 'addr', 'add', l.aAddr, 'dev', devA)];
  steps.push(run('ip', '-n', ns(l.b), 'addr', 'add', l.bAddr, 'dev', devB));
  if (l.aAddr6 !== undefined) steps.push(run('ip', '-n', ns(l.a), ...addrArgs(l.aAddr6, devA)));
  if (l.bAddr6 !== undefined) steps.push(run('ip', '-n', ns(l.b), ...addrArgs(l.bAddr6, devB)));
  if (l.mtu !== undefined) {
    steps.push(run('ip', '-n', ns(l.a), 'link', 'set', devA, 'mtu', String(l.mtu)));
    steps.push(run('ip', '-n', ns(l.b), 'link', 'set', devB, 'mtu', String(l.mtu)));
  }
  steps.push(run('ip', '-n', ns(l.a), 'link', 'set', devA, 'up'), run('ip', '-n', ns(l.b), 'link', 'set', devB, 'up'));
  return steps;
}

/** 2 - every link, one after the other: its devices, then its addresses, MTU and up. Wires are numbered in order. */
function buildLinkSteps(s: Scenario, id: string, ns: NsOf): LabStep[] {
  let wireIndex = 0;
  return Object.entries(s.links).flatMap(([name, l]) => {
    const tmp = { a: `nc${id}w${wireIndex}a`, b: `nc${id}w${wireIndex}b` };
    if ((l.delayMs ?? 0) > 0) wireIndex++;
    return [...buildLinkDeviceSteps(name, l, ns, tmp), ...buildLinkSetupSteps(l, ns)];
  });
}

/** 3a - the scenario's extra addresses, on each node's (first) link. */
function buildExtraAddressSteps(s: Scenario, ns: NsOf): LabStep[] {
  return (Object.entries(s.extraAddrs) as [LabNode, string[]][]).flatMap(([node, addrs]) =>
    addrs.map((a) => run('ip', '-n', ns(node), ...addrArgs(a, nodeInterface(s, node)))),
  );
}

/** 3b - sysctls: IPv6 forwarding on routers, then IPv4 forwarding and (where asked) no ICMP rate limits. */
function buildSysctlSteps(s: Scenario, ns: NsOf): LabStep[] {
  // Routers forward IPv6 as they do IPv4. The ICMPv6 error rate limits (net.ipv6.icmp.ratelimit) stay the
  // kernel's: the lab's machines stand for default ones.
  const steps = s.nodes
    .filter((n) => s.routers[n])
    .map((n) => run('ip', 'netns', 'exec', ns(n), 'sysctl', '-qw', 'net.ipv6.conf.all.forwarding=1'));
  // Every node keeps the kernel's ICMP error rate limits (icmp_ratelimit per destination, icmp_msgs_per_sec
  // overall), as the routers and hosts users meet do: routers limit time-exceeded and unreachable, the server
  // limits the port-unreachable answers to UDP probes. Only a router a scenario explicitly marks
  // `icmpRateLimited: false` (one that stands for a device without the limit, and says so) has them off.
  // The route error bucket behind !H/!X (net.ipv4.route.error_cost) is host-wide and always the kernel's.
  const unlimited = [
    'net.ipv4.icmp_ratelimit=0',
    'net.ipv4.icmp_msgs_per_sec=100000',
    'net.ipv4.icmp_msgs_burst=100000',
  ];
  for (const n of s.nodes) {
    const r = s.routers[n];
    const limit = r?.icmpRateLimited === false ? unlimited : [];
    const forward = r ? ['net.ipv4.ip_forward=1'] : [];
    if (limit.length + forward.length)
      steps.push(run('ip', 'netns', 'exec', ns(n), 'sysctl', '-qw', ...forward, ...limit));
  }
  return steps;
}

/** 3c - routes, `ip -6` for IPv6 ones. */
function buildRouteSteps(s: Scenario, ns: NsOf): LabStep[] {
  return (Object.entries(s.routes) as [LabNode, string[]][]).flatMap(([node, routes]) =>
    routes.map((r) => run('ip', ...(isV6(r) ? ['-6'] : []), '-n', ns(node), 'route', 'add', ...r.split(/\s+/))),
  );
}

/** 4 - one nftables ruleset per node that needs one (buildNftRuleset). */
function buildNftSteps(s: Scenario, ns: NsOf): LabStep[] {
  return s.nodes.flatMap((n): LabStep[] => {
    const rules = buildNftRuleset(s, n);
    return rules ? [{ kind: 'run', argv: ['ip', 'netns', 'exec', ns(n), 'nft', '-f', '-'], input: rules }] : [];
  });
}

/** 5a - the /etc/netns/<ns>/ files (resolv.conf, hosts). */
function buildFileSteps(s: Scenario, ns: NsOf): LabStep[] {
  return (Object.entries(s.files) as [LabNode, Record<string, string[]>][]).flatMap(([node, files]) =>
    Object.entries(files).map(
      ([file, lines]): LabStep => ({
        kind: 'file',
        path: `/etc/netns/${ns(node)}/${file}`,
        content: `${lines.join('\n')}\n`,
      }),
    ),
  );
}

/** dnsmasq's arguments for one DNS server of the scenario: its records only, logging to the lab's state dir. */
function buildDnsmasqArgv(d: Scenario['dns'][number], stateDir: string): string[] {
  return [
    'dnsmasq',
    '--keep-in-foreground',
    '--conf-file=/dev/null',
    '--no-resolv',
    '--no-hosts',
    '--no-poll',
    '--bind-interfaces',
    `--listen-address=${d.listen}`,
    '--except-interface=lo',
    '--port=53',
    '--user=root',
    '--group=root',
    '--pid-file=',
    `--log-facility=${stateDir}/dnsmasq-${d.name}.log`,
    '--edns-packet-max=1232',
    ...d.records,
  ];
}

/** 5b - the server's daemons: TCP listeners, dnsmasq servers, DNS rewriters. */
function buildDaemonSteps(s: Scenario, paths: { netlabDir: string; stateDir: string }): LabStep[] {
  const node = s.server.node;
  const listeners = s.server.listen.map((spec): LabStep => {
    const { addr, port } = parseListenSpec(spec);
    const argv = ['python3', `${paths.netlabDir}/services/tcp-listen.py`, addr, String(port)];
    return { kind: 'daemon', name: `tcp-${addr}-${port}`, node, argv, ready: { proto: 'tcp', addr, port } };
  });
  const dns = s.dns.map(
    (d): LabStep => ({
      kind: 'daemon',
      name: `dns-${d.name}`,
      node,
      argv: buildDnsmasqArgv(d, paths.stateDir),
      ready: { proto: 'udp', addr: d.listen, port: 53 },
    }),
  );
  const rewriters = (s.dnsRewriters ?? []).map(
    (d): LabStep => ({
      kind: 'daemon',
      name: `dns-${d.name}`,
      node,
      argv: ['python3', `${paths.netlabDir}/services/dns-rewrite.py`, d.listen, d.upstream],
      ready: { proto: 'udp', addr: d.listen, port: 53 },
    }),
  );
  return [...listeners, ...dns, ...rewriters];
}

/**
 * Every step to build scenario `s` as lab `id`, in order:
 * 1 - namespaces with loopback up;
 * 2 - links: a veth pair created directly inside both namespaces, or a TUN wire
 *     (delay/jitter) whose two devices are moved into them and renamed;
 * 3 - addresses, sysctls (forwarding; ICMP rate limits off only where a router asks), routes;
 * 4 - nftables (loss, silent router, PMTU black hole, a server that drops ping, server port policies);
 * 5 - /etc/netns/<ns>/ files (resolv.conf, hosts), then daemons (TCP listeners, dnsmasq, DNS rewriters).
 * IPv6 addresses, routes and forwarding sit beside the IPv4 ones in steps 2 and 3.
 */
export function buildLabPlan(s: Scenario, id: string, paths: { netlabDir: string; stateDir: string }): LabStep[] {
  if (!LAB_ID_PATTERN.test(id)) throw new Error(`lab id "${id}" must be 1-8 lowercase letters or digits`);
  const ns = (n: LabNode) => nsName(id, n);
  return [
    ...buildNamespaceSteps(s, ns),
    ...buildLinkSteps(s, id, ns),
    ...buildExtraAddressSteps(s, ns),
    ...buildSysctlSteps(s, ns),
    ...buildRouteSteps(s, ns),
    ...buildNftSteps(s, ns),
    ...buildFileSteps(s, ns),
    ...buildDaemonSteps(s, paths),
  ];
}

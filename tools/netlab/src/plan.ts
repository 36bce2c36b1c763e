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
  const chain = (name: string, hook: string, prio: number, rules: string[]) =>
    rules.length
      ? `  chain ${name} {\n    type filter hook ${hook} priority ${prio}; policy accept;\n${rules.map((r) => `    ${r}`).join('\n')}\n  }\n`
      : '';
  return `table inet netlab {\n${chain('prerouting', 'prerouting', -300, pre)}${chain('input', 'input', 0, input)}${chain('output', 'output', 0, output)}}\n`;
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
  const steps: LabStep[] = [];
  const run = (...argv: string[]) => steps.push({ kind: 'run', argv });
  for (const n of s.nodes) {
    run('ip', 'netns', 'add', ns(n));
    run('ip', '-n', ns(n), 'link', 'set', 'lo', 'up');
  }
  let wireIndex = 0;
  for (const [name, l] of Object.entries(s.links)) {
    const [devA, devB] = [ifName(l.b), ifName(l.a)];
    if ((l.delayMs ?? 0) > 0) {
      const tmpA = `nc${id}w${wireIndex}a`;
      const tmpB = `nc${id}w${wireIndex}b`;
      wireIndex++;
      steps.push({
        kind: 'wire',
        link: name,
        devA: tmpA,
        devB: tmpB,
        delayMs: l.delayMs ?? 0,
        jitterMs: l.jitterMs ?? 0,
      });
      run('ip', 'link', 'set', tmpA, 'netns', ns(l.a));
      run('ip', '-n', ns(l.a), 'link', 'set', tmpA, 'name', devA);
      run('ip', 'link', 'set', tmpB, 'netns', ns(l.b));
      run('ip', '-n', ns(l.b), 'link', 'set', tmpB, 'name', devB);
    } else {
      run('ip', 'link', 'add', devA, 'netns', ns(l.a), 'type', 'veth', 'peer', 'name', devB, 'netns', ns(l.b));
    }
    run('ip', '-n', ns(l.a), 'addr', 'add', l.aAddr, 'dev', devA);
    run('ip', '-n', ns(l.b), 'addr', 'add', l.bAddr, 'dev', devB);
    if (l.aAddr6 !== undefined) run('ip', '-n', ns(l.a), ...addrArgs(l.aAddr6, devA));
    if (l.bAddr6 !== undefined) run('ip', '-n', ns(l.b), ...addrArgs(l.bAddr6, devB));
    if (l.mtu !== undefined) {
      run('ip', '-n', ns(l.a), 'link', 'set', devA, 'mtu', String(l.mtu));
      run('ip', '-n', ns(l.b), 'link', 'set', devB, 'mtu', String(l.mtu));
    }
    run('ip', '-n', ns(l.a), 'link', 'set', devA, 'up');
    run('ip', '-n', ns(l.b), 'link', 'set', devB, 'up');
  }
  for (const [node, addrs] of Object.entries(s.extraAddrs) as [LabNode, string[]][]) {
    for (const a of addrs) run('ip', '-n', ns(node), ...addrArgs(a, nodeInterface(s, node)));
  }
  // Routers forward IPv6 as they do IPv4. The ICMPv6 error rate limits (net.ipv6.icmp.ratelimit) stay the
  // kernel's: the lab's machines stand for default ones.
  for (const n of s.nodes) {
    if (s.routers[n]) run('ip', 'netns', 'exec', ns(n), 'sysctl', '-qw', 'net.ipv6.conf.all.forwarding=1');
  }
  // Every node keeps the kernel's ICMP error rate limits (icmp_ratelimit per destination, icmp_msgs_per_sec
  // overall), as the routers and hosts users meet do: routers limit time-exceeded and unreachable, the server
  // limits the port-unreachable answers to UDP probes. Only a router a scenario explicitly marks
  // `icmpRateLimited: false` (one that stands for a device without the limit, and says so) has them off.
  // The route error bucket behind !H/!X (net.ipv4.route.error_cost) is host-wide and always the kernel's.
  for (const n of s.nodes) {
    const r = s.routers[n];
    const unlimited = [
      'net.ipv4.icmp_ratelimit=0',
      'net.ipv4.icmp_msgs_per_sec=100000',
      'net.ipv4.icmp_msgs_burst=100000',
    ];
    const limit = r?.icmpRateLimited === false ? unlimited : [];
    const forward = r ? ['net.ipv4.ip_forward=1'] : [];
    if (limit.length + forward.length) run('ip', 'netns', 'exec', ns(n), 'sysctl', '-qw', ...forward, ...limit);
  }
  for (const [node, routes] of Object.entries(s.routes) as [LabNode, string[]][]) {
    for (const r of routes) run('ip', ...(isV6(r) ? ['-6'] : []), '-n', ns(node), 'route', 'add', ...r.split(/\s+/));
  }
  for (const n of s.nodes) {
    const rules = buildNftRuleset(s, n);
    if (rules) steps.push({ kind: 'run', argv: ['ip', 'netns', 'exec', ns(n), 'nft', '-f', '-'], input: rules });
  }
  for (const [node, files] of Object.entries(s.files) as [LabNode, Record<string, string[]>][]) {
    for (const [file, lines] of Object.entries(files))
      steps.push({ kind: 'file', path: `/etc/netns/${ns(node)}/${file}`, content: `${lines.join('\n')}\n` });
  }
  for (const spec of s.server.listen) {
    const { addr, port } = parseListenSpec(spec);
    steps.push({
      kind: 'daemon',
      name: `tcp-${addr}-${port}`,
      node: s.server.node,
      argv: ['python3', `${paths.netlabDir}/services/tcp-listen.py`, addr, String(port)],
      ready: { proto: 'tcp', addr, port },
    });
  }
  for (const d of s.dns) {
    steps.push({
      kind: 'daemon',
      name: `dns-${d.name}`,
      node: s.server.node,
      argv: [
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
        `--log-facility=${paths.stateDir}/dnsmasq-${d.name}.log`,
        '--edns-packet-max=1232',
        ...d.records,
      ],
      ready: { proto: 'udp', addr: d.listen, port: 53 },
    });
  }
  for (const d of s.dnsRewriters ?? []) {
    steps.push({
      kind: 'daemon',
      name: `dns-${d.name}`,
      node: s.server.node,
      argv: ['python3', `${paths.netlabDir}/services/dns-rewrite.py`, d.listen, d.upstream],
      ready: { proto: 'udp', addr: d.listen, port: 53 },
    });
  }
  return steps;
}

/** A lab node: one network namespace. */
export type LabNode = 'client' | 'r1' | 'r2' | 'r3' | 'server';
export const LAB_NODES: readonly LabNode[] = ['client', 'r1', 'r2', 'r3', 'server'];

/** A point-to-point link. `a` is the side nearer the client; "downstream" is a → b. */
export interface LinkSpec {
  a: LabNode;
  aAddr: string;
  /** a's IPv6 address with prefix length (`fd0c:N::1/64`), added beside aAddr; no IPv6 on the link when absent. */
  aAddr6?: string;
  b: LabNode;
  bAddr: string;
  /** b's IPv6 address with prefix length (`fd0c:N::2/64`). */
  bAddr6?: string;
  /** MTU of both ends, bytes (the kernel's 1500 when absent); IPv6 needs at least 1280. */
  mtu?: number;
  /** One-way delay in each direction, through the userspace TUN wire; a plain veth when 0/absent. */
  delayMs?: number;
  /** Uniform ± jitter around the delay (ms). */
  jitterMs?: number;
  /** Random loss of downstream packets (a → b), percent, by nftables on b's ingress. */
  lossPct?: number;
}

export interface RouterSpec {
  /**
   * `true` (as every real Linux router): the kernel's ICMP error rate limits stay (icmp_ratelimit=1000 ms).
   * `false` only for a router that stands for a device without them, and says so in its scenario: turned off.
   */
  icmpRateLimited: boolean;
  /** Never send ICMP time-exceeded (a silent traceroute hop); forwarding is unaffected. */
  silent: boolean;
  /**
   * Never send ICMP "fragmentation needed" (IPv4 type 3 code 4) nor ICMPv6 "packet too big": a packet larger
   * than the next link's MTU vanishes without a word (a PMTU black hole). Absent means false.
   */
  noPacketTooBig?: boolean;
}

export interface ServerSpec {
  node: LabNode;
  /**
   * TCP listeners, "addr:port" or "[v6addr]:port" (services/tcp-listen.py: an HTTP GET or HEAD gets a
   * 200 with a 64 KiB body, anything else is echoed).
   */
  listen: string[];
  /** Drop ICMP and ICMPv6 echo requests (a host behind a firewall that drops ping). Absent means false. */
  dropsPing?: boolean;
  /** Ports nothing listens on: the kernel answers RST. */
  closed: number[];
  /** Ports whose SYNs are dropped (nftables). */
  filtered: number[];
  /** Ports rejected with ICMP admin-prohibited (nftables). */
  prohibited: number[];
  /** An address whose port 53 is dropped: a resolver that times out. */
  deadResolver?: string;
}

export interface DnsServerSpec {
  name: string;
  listen: string;
  /** dnsmasq record options, verbatim (our own data, never user input). */
  records: string[];
}

/**
 * A DNS proxy (services/dns-rewrite.py) that forwards every question over UDP and TCP to `upstream` and
 * answers an A question that got NOERROR with no answer (the name has other records, such as AAAA) with
 * NXDOMAIN instead, as some resolvers and middleboxes do (RFC 8020 reads NXDOMAIN as "no record of any type").
 */
export interface DnsRewriterSpec {
  name: string;
  /** IPv4 address it listens on, port 53 (an address of the server node). */
  listen: string;
  /** The resolver it forwards to, port 53. */
  upstream: string;
}

/** A fully resolved scenario (after `extends`). */
export interface Scenario {
  name: string;
  description: string;
  nodes: LabNode[];
  links: Record<string, LinkSpec>;
  /** More addresses on a node's (first) interface, IPv4 or IPv6, with prefix length. */
  extraAddrs: Partial<Record<LabNode, string[]>>;
  /** `ip route add` arguments per node; a route that names an IPv6 address is added with `ip -6`. */
  routes: Partial<Record<LabNode, string[]>>;
  routers: Partial<Record<LabNode, RouterSpec>>;
  server: ServerSpec;
  dns: DnsServerSpec[];
  /** DNS proxies that rewrite an empty A answer into NXDOMAIN; none when absent. */
  dnsRewriters?: DnsRewriterSpec[];
  /** Per-node files under /etc/netns/<ns>/ (resolv.conf, hosts), as lines. */
  files: Partial<Record<LabNode, Record<string, string[]>>>;
}

/** A scenario file as written: anything may be omitted when it `extends` another. */
export type ScenarioFile = Partial<Omit<Scenario, 'name'>> & { extends?: string };

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Deep-merge `over` onto `base`: objects merge key by key, arrays and scalars replace. */
export function mergeScenario<T>(base: T, over: unknown): T {
  if (!isPlainObject(base) || !isPlainObject(over)) return (over === undefined ? base : over) as T;
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) out[k] = k in out ? mergeScenario(out[k], v) : v;
  return out as T;
}

/**
 * Resolve a scenario by name from a map of raw files, following `extends`
 * (cycles and unknown parents are errors), then validate it.
 */
export function resolveScenario(name: string, files: Readonly<Record<string, ScenarioFile>>): Scenario {
  const chain: string[] = [];
  let current: string | undefined = name;
  while (current !== undefined) {
    if (chain.includes(current))
      throw new Error(`scenario "${name}": extends cycle ${[...chain, current].join(' -> ')}`);
    const file: ScenarioFile | undefined = files[current];
    if (!file) {
      const known = Object.keys(files).sort().join(', ');
      throw new Error(
        chain.length === 0
          ? `unknown scenario "${name}"; known scenarios: ${known}`
          : `scenario "${chain.at(-1)}" extends unknown "${current}"; known: ${known}`,
      );
    }
    chain.push(current);
    current = file.extends;
  }
  let merged: Record<string, unknown> = {};
  for (const n of chain.reverse()) {
    const { extends: _ignored, ...rest } = files[n]!;
    merged = mergeScenario(merged, rest);
  }
  const scenario = { ...merged, name } as unknown as Scenario;
  validateScenario(scenario);
  return scenario;
}

function isIpv6Cidr(s: string): boolean {
  return /^[0-9a-f:]+\/\d{1,3}$/i.test(s) && s.includes(':') && Number(s.split('/')[1]) <= 128;
}

/** Throw a clear error for data that would build a broken lab. */
export function validateScenario(s: Scenario): void {
  const problems: string[] = [];
  if (!Array.isArray(s.nodes) || s.nodes.length === 0) problems.push('no nodes');
  const nodes = new Set<string>(s.nodes ?? []);
  for (const n of nodes)
    if (!LAB_NODES.includes(n as LabNode)) problems.push(`unknown node "${n}" (nodes are ${LAB_NODES.join(', ')})`);
  for (const [name, l] of Object.entries(s.links ?? {})) {
    if (!nodes.has(l.a) || !nodes.has(l.b)) problems.push(`link ${name}: endpoints must be nodes`);
    for (const addr of [l.aAddr, l.bAddr])
      if (!/^\d+\.\d+\.\d+\.\d+\/\d+$/.test(addr ?? ''))
        problems.push(`link ${name}: address "${addr}" is not a.b.c.d/len`);
    for (const addr of [l.aAddr6, l.bAddr6]) {
      if (addr !== undefined && !isIpv6Cidr(addr)) {
        problems.push(`link ${name}: address "${addr}" is not an IPv6 address/len`);
      }
    }
    if ((l.aAddr6 === undefined) !== (l.bAddr6 === undefined)) {
      problems.push(`link ${name}: give both aAddr6 and bAddr6, or neither`);
    }
    if (l.mtu !== undefined && !(Number.isInteger(l.mtu) && l.mtu >= 1280 && l.mtu <= 9000)) {
      problems.push(`link ${name}: mtu must be a whole number from 1280 (the IPv6 minimum) to 9000`);
    }
    if (l.lossPct !== undefined && !(l.lossPct >= 0 && l.lossPct <= 100))
      problems.push(`link ${name}: lossPct must be 0..100`);
    if (l.delayMs !== undefined && !(l.delayMs >= 0 && l.delayMs <= 5000))
      problems.push(`link ${name}: delayMs must be 0..5000`);
    if ((l.jitterMs ?? 0) > (l.delayMs ?? 0)) problems.push(`link ${name}: jitterMs must not exceed delayMs`);
  }
  for (const r of Object.keys(s.routers ?? {})) if (!nodes.has(r)) problems.push(`router "${r}" is not a node`);
  for (const [node, addrs] of Object.entries(s.extraAddrs ?? {})) {
    for (const a of addrs ?? []) {
      if (!/^\d+\.\d+\.\d+\.\d+\/\d+$/.test(a) && !isIpv6Cidr(a)) {
        problems.push(`extraAddrs ${node}: "${a}" is not an address/len`);
      }
    }
  }
  for (const spec of s.server?.listen ?? []) {
    if (!/^(\d+\.\d+\.\d+\.\d+|\[[0-9a-f:]+\]):\d+$/i.test(spec)) {
      problems.push(`server.listen "${spec}" is not addr:port or [v6addr]:port`);
    }
  }
  for (const d of s.dnsRewriters ?? []) {
    if (!/^\d+\.\d+\.\d+\.\d+$/.test(d.listen ?? '') || !/^\d+\.\d+\.\d+\.\d+$/.test(d.upstream ?? '')) {
      problems.push(`dnsRewriters ${d.name}: listen and upstream must be IPv4 addresses`);
    }
  }
  if (!s.server || !nodes.has(s.server.node)) problems.push('server.node must be a node');
  if (problems.length) throw new Error(`scenario "${s.name}" is invalid: ${problems.join('; ')}`);
}

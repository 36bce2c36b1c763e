import { describe, expect, it } from 'vitest';
import { listScenarios, loadScenario, readScenarioFiles } from './load-scenario.js';
import type { LabStep } from './plan.js';
import { buildLabPlan, buildNftRuleset, parseListenSpec } from './plan.js';
import { resolveScenario } from './scenario.js';

const paths = { netlabDir: '/x/netlab', stateDir: '/run/netcheck-lab/t1' };
const argvs = (plan: LabStep[]) => plan.flatMap((s) => (s.kind === 'run' ? [s.argv.join(' ')] : []));

describe('IPv6 in the lab plan', () => {
  const plan = buildLabPlan(loadScenario('standard'), 't1', paths);

  it('gives every link fd0c:N::/64 beside its IPv4 addresses, without duplicate address detection', () => {
    const v6 = argvs(plan).filter((a) => / addr add fd0c:/.test(a));
    expect(v6).toEqual([
      'ip -n nct1-client addr add fd0c:1::2/64 dev to-r1 nodad',
      'ip -n nct1-r1 addr add fd0c:1::1/64 dev to-client nodad',
      'ip -n nct1-r1 addr add fd0c:2::1/64 dev to-r2 nodad',
      'ip -n nct1-r2 addr add fd0c:2::2/64 dev to-r1 nodad',
      'ip -n nct1-r2 addr add fd0c:3::1/64 dev to-r3 nodad',
      'ip -n nct1-r3 addr add fd0c:3::2/64 dev to-r2 nodad',
      'ip -n nct1-r3 addr add fd0c:4::1/64 dev to-server nodad',
      'ip -n nct1-server addr add fd0c:4::2/64 dev to-r3 nodad',
      'ip -n nct1-server addr add fd0c:4::3/64 dev to-r3 nodad',
      'ip -n nct1-server addr add fd0c:4::4/64 dev to-r3 nodad',
    ]);
    expect(argvs(plan)).toContain('ip -n nct1-server addr add 10.0.4.3/24 dev to-r3');
  });

  it('adds IPv6 routes with ip -6, mirroring the IPv4 ones, and r3 drops fd0c:5::1-3 as it drops 10.0.5.1-3', () => {
    const v6 = argvs(plan).filter((a) => a.startsWith('ip -6 '));
    expect(v6).toEqual([
      'ip -6 -n nct1-client route add default via fd0c:1::1',
      'ip -6 -n nct1-r1 route add default via fd0c:2::2',
      'ip -6 -n nct1-r2 route add default via fd0c:3::2',
      'ip -6 -n nct1-r2 route add fd0c:1::/64 via fd0c:2::1',
      'ip -6 -n nct1-r3 route add fd0c:1::/64 via fd0c:3::1',
      'ip -6 -n nct1-r3 route add fd0c:2::/64 via fd0c:3::1',
      'ip -6 -n nct1-r3 route add unreachable fd0c:5::1',
      'ip -6 -n nct1-r3 route add prohibit fd0c:5::2',
      'ip -6 -n nct1-r3 route add blackhole fd0c:5::3',
      'ip -6 -n nct1-server route add default via fd0c:4::1',
    ]);
    expect(argvs(plan)).toContain('ip -n nct1-r3 route add unreachable 10.0.5.1');
  });

  it('turns IPv6 forwarding on for routers only and leaves the ICMPv6 rate limits to the kernel', () => {
    const forwarding = argvs(plan).filter((a) => a.includes('net.ipv6.conf.all.forwarding=1'));
    const want = ['r1', 'r2', 'r3'].map((n) => `ip netns exec nct1-${n} sysctl -qw net.ipv6.conf.all.forwarding=1`);
    expect(forwarding).toEqual(want);
    expect(argvs(plan).filter((a) => a.includes('net.ipv6.icmp'))).toEqual([]);
  });

  it('starts a TCP listener on the server for each of its IPv4 and IPv6 addresses', () => {
    const tcp = plan.filter((s) => s.kind === 'daemon' && s.name.startsWith('tcp-'));
    expect(tcp).toEqual([
      {
        kind: 'daemon',
        name: 'tcp-10.0.4.2-80',
        node: 'server',
        argv: ['python3', '/x/netlab/services/tcp-listen.py', '10.0.4.2', '80'],
        ready: { proto: 'tcp', addr: '10.0.4.2', port: 80 },
      },
      {
        kind: 'daemon',
        name: 'tcp-fd0c:4::2-80',
        node: 'server',
        argv: ['python3', '/x/netlab/services/tcp-listen.py', 'fd0c:4::2', '80'],
        ready: { proto: 'tcp', addr: 'fd0c:4::2', port: 80 },
      },
    ]);
  });

  it('parses listener specs for both families and rejects the rest', () => {
    expect(parseListenSpec('10.0.4.2:80')).toEqual({ addr: '10.0.4.2', port: 80 });
    expect(parseListenSpec('[fd0c:4::2]:8080')).toEqual({ addr: 'fd0c:4::2', port: 8080 });
    expect(() => parseListenSpec('fd0c:4::2:80')).toThrow(/\[v6addr\]:port/);
  });

  it('applies the port policies and a silent router to IPv6 as well (an inet table)', () => {
    expect(buildNftRuleset(loadScenario('standard'), 'server')).toMatch(/^table inet netlab/);
    const silent = buildNftRuleset(loadScenario('silent'), 'r2')!;
    expect(silent).toContain('icmp type time-exceeded drop');
    expect(silent).toContain('icmpv6 type time-exceeded drop');
  });
});

describe('the new scenarios', () => {
  it('are listed, and every scenario uses the resolver defaults (no options line in resolv.conf)', () => {
    const names = listScenarios().map((s) => s.name);
    expect(names).toEqual(expect.arrayContaining(['icmp-filtered', 'aaaa-only', 'pmtu-blackhole']));
    for (const n of names) {
      const resolv = loadScenario(n).files.client!['resolv.conf']!;
      expect(
        resolv.filter((l) => l.startsWith('options')),
        n,
      ).toEqual([]);
    }
  });

  it('icmp-filtered: the server drops ICMP and ICMPv6 echo requests and nothing else changes', () => {
    const rules = buildNftRuleset(loadScenario('icmp-filtered'), 'server')!;
    expect(rules).toContain('icmp type echo-request drop');
    expect(rules).toContain('icmpv6 type echo-request drop');
    expect(rules).toContain('tcp dport 82 drop');
    expect(buildNftRuleset(loadScenario('standard'), 'server')).not.toContain('echo-request');
  });

  it('pmtu-blackhole: r2-r3 gets MTU 1280 on both ends, and r2 and r3 never say a packet is too big', () => {
    const s = loadScenario('pmtu-blackhole');
    const plan = argvs(buildLabPlan(s, 't1', paths));
    expect(plan.filter((a) => a.includes(' mtu '))).toEqual([
      'ip -n nct1-r2 link set to-r3 mtu 1280',
      'ip -n nct1-r3 link set to-r2 mtu 1280',
    ]);
    for (const r of ['r2', 'r3'] as const) {
      const rules = buildNftRuleset(s, r)!;
      expect(rules).toContain('chain output');
      expect(rules).toContain('icmp type destination-unreachable icmp code frag-needed drop');
      expect(rules).toContain('icmpv6 type packet-too-big drop');
    }
    expect(buildNftRuleset(s, 'r1')).toBeUndefined();
    expect(argvs(buildLabPlan(loadScenario('standard'), 't1', paths)).filter((a) => a.includes(' mtu '))).toEqual([]);
  });

  it('aaaa-only: v6only.lab has only an AAAA record, and the client asks only the rewriting proxy on 10.0.4.5', () => {
    const s = loadScenario('aaaa-only');
    const plan = buildLabPlan(s, 't1', paths);
    expect(s.dns[0]!.records).toContain('--host-record=v6only.lab,fd0c:4::2');
    expect(argvs(plan)).toContain('ip -n nct1-server addr add 10.0.4.5/24 dev to-r3');
    expect(plan).toContainEqual({
      kind: 'daemon',
      name: 'dns-nxdomain-for-a',
      node: 'server',
      argv: ['python3', '/x/netlab/services/dns-rewrite.py', '10.0.4.5', '10.0.4.2'],
      ready: { proto: 'udp', addr: '10.0.4.5', port: 53 },
    });
    expect(plan).toContainEqual({
      kind: 'file',
      path: '/etc/netns/nct1-client/resolv.conf',
      content: 'nameserver 10.0.4.5\nsearch lab\n',
    });
    expect(plan).toContainEqual(expect.objectContaining({ kind: 'file', path: '/etc/netns/nct1-client/hosts' }));
    const standard = buildLabPlan(loadScenario('standard'), 't1', paths);
    expect(standard.filter((step) => step.kind === 'daemon' && step.name.startsWith('dns-nxdomain'))).toEqual([]);
  });
});

describe('validation of the IPv6 and MTU fields', () => {
  const files = readScenarioFiles();
  const variant = (over: object) =>
    resolveScenario('bad', { ...files, bad: { extends: 'standard', ...over } as never });

  it('rejects a malformed IPv6 address, an address on one side only, and an MTU IPv6 cannot use', () => {
    const noLength = { links: { 'r2-r3': { aAddr6: 'fd0c:3::1' } } };
    expect(() => variant(noLength)).toThrow(/"fd0c:3::1" is not an IPv6 address/);
    expect(() => variant({ links: { 'r2-r3': { aAddr6: 'nope/64' } } })).toThrow(/is not an IPv6 address/);
    const oneSided = { ...files.standard!.links!['r2-r3']!, aAddr6: undefined };
    const links = { ...files.standard!.links, 'r2-r3': oneSided };
    expect(() => resolveScenario('bad', { bad: { ...files.standard!, links } })).toThrow(/give both aAddr6 and bAddr6/);
    expect(() => variant({ links: { 'r2-r3': { mtu: 1000 } } })).toThrow(/mtu must be a whole number from 1280/);
    expect(() => variant({ server: { listen: ['fd0c:4::2:80'] } })).toThrow(/is not addr:port or \[v6addr\]:port/);
    expect(() => variant({ extraAddrs: { server: ['10.0.4.9'] } })).toThrow(/extraAddrs server: "10.0.4.9"/);
    expect(variant({ links: { 'r2-r3': { mtu: 1280 } } }).links['r2-r3']!.mtu).toBe(1280);
  });
});

describe('the plan, phase by phase', () => {
  const plan = buildLabPlan(loadScenario('jitter'), 't1', paths);
  const at = (pattern: RegExp) => plan.findIndex((s) => s.kind === 'run' && pattern.test(s.argv.join(' ')));

  it('makes a delayed link a numbered TUN wire, moved into both namespaces and renamed, then addressed and up', () => {
    const wires = plan.flatMap((s) => (s.kind === 'wire' ? [`${s.link} ${s.devA} ${s.devB}`] : []));
    expect(wires).toEqual(['r1-r2 nct1w0a nct1w0b', 'r2-r3 nct1w1a nct1w1b', 'r3-server nct1w2a nct1w2b']);
    const i = plan.findIndex((s) => s.kind === 'wire' && s.link === 'r2-r3');
    expect(plan[i]).toMatchObject({ delayMs: 20, jitterMs: 15 });
    expect(argvs(plan.slice(i + 1, i + 5))).toEqual([
      'ip link set nct1w1a netns nct1-r2',
      'ip -n nct1-r2 link set nct1w1a name to-r3',
      'ip link set nct1w1b netns nct1-r3',
      'ip -n nct1-r3 link set nct1w1b name to-r2',
    ]);
    expect(argvs(plan.slice(i + 5, i + 7))).toEqual([
      'ip -n nct1-r2 addr add 10.0.3.1/24 dev to-r3',
      'ip -n nct1-r3 addr add 10.0.3.2/24 dev to-r2',
    ]);
  });

  it('keeps the phases in order: namespaces, links (client-r1 a veth), sysctls, routes, nft, files, daemons', () => {
    const phases = [
      at(/^ip netns add /),
      at(/ type veth /),
      at(/ sysctl -qw /),
      at(/ route add /),
      at(/ nft -f -$/),
      plan.findIndex((s) => s.kind === 'file'),
      plan.findIndex((s) => s.kind === 'daemon'),
    ];
    expect(phases.every((p) => p >= 0)).toBe(true);
    expect([...phases].sort((a, b) => a - b)).toEqual(phases);
    expect(plan.slice(phases[6]).every((s) => s.kind === 'daemon')).toBe(true);
  });
});

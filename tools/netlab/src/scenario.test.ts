import { describe, expect, it } from 'vitest';
import { listScenarios, loadScenario, readScenarioFiles } from './load-scenario.js';
import { buildLabPlan, buildNftRuleset, nsName } from './plan.js';
import { mergeScenario, resolveScenario } from './scenario.js';

const paths = { netlabDir: '/x/netlab', stateDir: '/run/netcheck-lab/t1' };

describe('scenarios', () => {
  it('every scenario file resolves and validates', () => {
    const names = listScenarios().map((s) => s.name);
    expect(names).toEqual(
      expect.arrayContaining(['standard', 'lossy', 'ratelimited', 'silent', 'dead-resolver', 'disagree']),
    );
    for (const n of names) expect(loadScenario(n).links['client-r1']!.aAddr).toBe('10.0.1.2/24');
  });

  it('variants override only what they name', () => {
    const lossy = loadScenario('lossy');
    expect(lossy.links['r2-r3']).toMatchObject({ a: 'r2', b: 'r3', delayMs: 5, lossPct: 10 });
    expect(lossy.routers.r1).toEqual({ icmpRateLimited: true, silent: false });
    expect(lossy.routers.r2).toEqual({ icmpRateLimited: true, silent: false });
    expect(loadScenario('dead-resolver').files.client!['resolv.conf']![0]).toBe('nameserver 10.0.4.3');
  });

  it('merges objects deeply and replaces arrays', () => {
    expect(mergeScenario({ a: { b: 1, c: [1, 2] } }, { a: { c: [3] } })).toEqual({ a: { b: 1, c: [3] } });
  });

  it('names unknown scenarios, unknown parents and cycles clearly', () => {
    const files = readScenarioFiles();
    expect(() => resolveScenario('nope', files)).toThrow(/unknown scenario "nope"; known scenarios: .*standard/);
    expect(() => resolveScenario('x', { x: { extends: 'y' } })).toThrow(/extends unknown "y"/);
    expect(() => resolveScenario('x', { x: { extends: 'y' }, y: { extends: 'x' } })).toThrow(/cycle/);
    expect(() =>
      resolveScenario('bad', { ...files, bad: { extends: 'standard', links: { 'r2-r3': { lossPct: 150 } } } as never }),
    ).toThrow(/lossPct must be 0..100/);
  });
});

describe('lab plan', () => {
  it('builds wires for delayed links and veths for the rest, prefixed by the lab id', () => {
    const plan = buildLabPlan(loadScenario('standard'), 't1', paths);
    expect(plan.filter((s) => s.kind === 'wire')).toHaveLength(3);
    expect(plan).toContainEqual({
      kind: 'run',
      argv: [
        'ip',
        'link',
        'add',
        'to-r1',
        'netns',
        'nct1-client',
        'type',
        'veth',
        'peer',
        'name',
        'to-client',
        'netns',
        'nct1-r1',
      ],
    });
    expect(plan).toContainEqual({ kind: 'run', argv: ['ip', '-n', 'nct1-r3', 'route', 'add', 'prohibit', '10.0.5.2'] });
    expect(plan).toContainEqual({
      kind: 'file',
      path: '/etc/netns/nct1-client/resolv.conf',
      content: 'nameserver 10.0.4.2\nsearch lab\n',
    });
    const dns = plan.find((s) => s.kind === 'daemon' && s.name === 'dns-main');
    expect(dns).toMatchObject({ node: 'server', ready: { proto: 'udp', addr: '10.0.4.2', port: 53 } });
    for (const step of plan)
      if (step.kind === 'run' && step.argv[1] === 'netns' && step.argv[2] === 'add')
        expect(step.argv[3]).toMatch(/^nct1-/);
  });

  it('keeps the kernel ICMP rate limits everywhere except on a router the scenario marks unlimited', () => {
    const sysctls = (scenario: string, ns: string) =>
      buildLabPlan(loadScenario(scenario), 't1', paths).flatMap((s) =>
        s.kind === 'run' && s.argv.includes(ns) && s.argv.includes('sysctl') ? s.argv : [],
      );
    expect(sysctls('ratelimited', 'nct1-r1')).not.toContain('net.ipv4.icmp_ratelimit=0');
    expect(sysctls('ratelimited', 'nct1-r2')).toContain('net.ipv4.icmp_ratelimit=0');
    for (const ns of ['nct1-r1', 'nct1-r2', 'nct1-r3', 'nct1-server', 'nct1-client'])
      expect(sysctls('standard', ns)).not.toContain('net.ipv4.icmp_ratelimit=0');
    // the server is a real host: it keeps its limits, and does not forward
    expect(sysctls('standard', 'nct1-server')).not.toContain('net.ipv4.ip_forward=1');
  });

  it('writes nftables rules for loss, a silent router and the server ports', () => {
    expect(buildNftRuleset(loadScenario('lossy'), 'r3')).toContain('iifname "to-r2" numgen random mod 100 < 10 drop');
    expect(buildNftRuleset(loadScenario('lossy'), 'r2')).toBeUndefined();
    expect(buildNftRuleset(loadScenario('silent'), 'r2')).toContain('icmp type time-exceeded drop');
    const server = buildNftRuleset(loadScenario('standard'), 'server')!;
    expect(server).toContain('tcp dport 82 drop');
    expect(server).toContain('tcp dport 83 reject with icmpx type admin-prohibited');
    expect(server).toContain('ip daddr 10.0.4.3 udp dport 53 drop');
  });

  it('rejects ids that would not fit interface names', () => {
    expect(() => buildLabPlan(loadScenario('standard'), 'Too-Long-Id', paths)).toThrow(/1-8 lowercase/);
    expect(nsName('lab', 'client')).toBe('nclab-client');
  });
});

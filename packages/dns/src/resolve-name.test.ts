import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import dnsPacket from 'dns-packet';
import { describe, expect, it } from 'vitest';
import { resolveName } from './resolve-name.js';
import type { DnsTransport } from './transport.js';
import type { QueryResult } from './types.js';

// A fake network: zone data per server; a server that is not listed never answers.
type Zone = Record<string, { A?: string[]; AAAA?: string[]; nxFor?: 'A' }>;
function fakeTransport(servers: Record<string, Zone>, delayMs = 5): DnsTransport {
  return {
    async udp(server, port, payload, timeoutMs, accept, signal) {
      const zone = servers[server];
      if (!zone) {
        try {
          await sleep(timeoutMs, undefined, { signal });
          return { ok: false, reason: 'timeout', detail: `no answer within ${timeoutMs} ms` };
        } catch {
          return { ok: false, reason: 'aborted', detail: 'stopped on request' };
        }
      }
      try {
        await sleep(delayMs, undefined, { signal });
      } catch {
        return { ok: false, reason: 'aborted', detail: 'stopped on request' };
      }
      const q = dnsPacket.decode(payload);
      const question = q.questions![0]!;
      const rec = zone[question.name];
      const type = question.type as 'A' | 'AAAA';
      const data = rec?.[type] ?? [];
      const nx = !rec || (rec.nxFor === type && data.length === 0);
      const answer = dnsPacket.encode({
        type: 'response',
        id: q.id,
        flags: dnsPacket.RECURSION_AVAILABLE | (nx ? 3 : 0),
        questions: q.questions,
        answers: data.map((d) => ({ type, name: question.name, ttl: 5, data: d })),
      });
      accept(answer, { address: server, port });
      return { ok: true };
    },
    async tcp() {
      return { ok: false, reason: 'error', detail: 'no TCP in this fake' };
    },
  };
}

const state = (r: QueryResult | undefined) => (r?.ok ? 'ok' : r?.reason);
const dir = mkdtempSync(join(tmpdir(), 'resolve-name-'));
const file = (name: string, text: string) => {
  writeFileSync(join(dir, name), text);
  return join(dir, name);
};
const hostsPath = file('hosts', '127.0.0.1 localhost\n10.0.4.77 override.lab\n');
const web: Zone = {
  'web.lab': { A: ['10.0.4.2'], AAAA: ['fd0c:4::2'] },
  'v6only.lab': { AAAA: ['fd0c:4::2'], nxFor: 'A' },
};

describe('resolveName, on a fake network', () => {
  it('asks every resolver for A and AAAA at once and stops waiting for a slow getaddrinfo', async () => {
    const resolvConfPath = file('dead.conf', 'nameserver 10.0.4.3\nnameserver 10.0.4.2\nsearch lab\n');
    let settled = false;
    // getaddrinfo behind a silent first resolver: it fails long after we stopped waiting (no unhandled rejection).
    const systemResolver = () =>
      sleep(600).then(() => {
        settled = true;
        throw Object.assign(new Error('late'), { code: 'EAI_AGAIN' });
      });
    const t0 = performance.now();
    const r = await resolveName('web.lab', {
      resolvConfPath,
      hostsPath,
      transport: fakeTransport({ '10.0.4.2': web }),
      systemResolver,
      routeProbe: async () => false,
      queryTimeoutMs: 100,
      systemWaitMs: 300,
    });
    const took = performance.now() - t0;
    expect(took).toBeGreaterThanOrEqual(295);
    expect(took).toBeLessThan(450);
    expect(r.system).toMatchObject({ state: 'slow' });
    expect(r.resolvers.map((x) => `${x.server} ${state(x.a?.result)} ${state(x.aaaa?.result)}`)).toEqual([
      '10.0.4.3 timeout timeout',
      '10.0.4.2 ok ok',
    ]);
    expect(r.addresses).toEqual({ v4: ['10.0.4.2'], v6: ['fd0c:4::2'], source: 'resolvers' });
    expect(r.tryFirst).toMatchObject({ address: '10.0.4.2', family: 4 });
    expect(r.exists).toBe('yes');
    expect(r.findings.map((f) => f.id)).toEqual(['timeout', 'slow-system-lookup']);
    expect(r.findings[1]!.title).toMatch(/^every lookup waits 5 s: 10\.0\.4\.3 does not answer/);
    expect(r.interrupted).toBe(false);
    await sleep(400);
    expect(settled).toBe(true);
  });

  it('a name with only AAAA is an answer even where A gets NXDOMAIN', async () => {
    const r = await resolveName('v6only', {
      resolvConfPath: file('one.conf', 'nameserver 10.0.4.5\nsearch lab\n'),
      hostsPath,
      transport: fakeTransport({ '10.0.4.5': web }),
      systemResolver: async () => [{ address: 'fd0c:4::2', family: 6 }],
    });
    expect(r.candidates).toEqual(['v6only.lab', 'v6only']);
    expect(r).toMatchObject({ exists: 'yes', addresses: { v4: [], v6: ['fd0c:4::2'] }, verdict: { status: 'answer' } });
    expect(r.findings.map((f) => f.id)).toEqual(['nxdomain-for-type']);
  });

  it('returns what it has at once when interrupted', async () => {
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 50);
    const t0 = performance.now();
    const r = await resolveName('web.lab', {
      resolvConfPath: file('dead-only.conf', 'nameserver 10.0.4.3\n'),
      hostsPath,
      transport: fakeTransport({}),
      systemResolver: () => sleep(2000).then(() => []),
      signal: ac.signal,
    });
    expect(performance.now() - t0).toBeLessThan(200);
    expect(r.interrupted).toBe(true);
    expect(r.system).toMatchObject({ state: 'interrupted' });
    expect(r.resolvers[0]!.a?.result).toMatchObject({ ok: false, reason: 'aborted' });
    expect(r.exists).toBe('unknown');
  });

  it('/etc/hosts counts, and getaddrinfo can be left out', async () => {
    const r = await resolveName('override.lab', {
      resolvConfPath: file('std.conf', 'nameserver 10.0.4.2\nsearch lab\n'),
      hostsPath,
      transport: fakeTransport({ '10.0.4.2': web }),
      askSystem: false,
    });
    expect(r.system).toEqual({ state: 'not-asked', why: 'askSystem: false' });
    expect(r).toMatchObject({ hosts: ['10.0.4.77'], exists: 'yes', addresses: { v4: ['10.0.4.77'], source: 'hosts' } });
    expect(r.findings.map((f) => f.id)).toEqual(['hosts-override']);
  });

  it('stops a long search-list walk with the wait for getaddrinfo', async () => {
    const t0 = performance.now();
    const r = await resolveName('nosuch', {
      resolvConfPath: file('long.conf', 'nameserver 10.0.4.2\nsearch a.lab b.lab c.lab d.lab e.lab\n'),
      hostsPath,
      transport: fakeTransport({ '10.0.4.2': web }, 80),
      systemResolver: () => sleep(1000).then(() => []),
      systemWaitMs: 200,
    });
    expect(performance.now() - t0).toBeLessThan(320);
    expect(r.candidates).toHaveLength(6);
    expect(r.resolvers[0]!.a?.result).toMatchObject({ ok: false, reason: 'aborted' });
    // the walk was cut off before the last candidate: whether the name exists is not known
    expect(r).toMatchObject({ system: { state: 'slow' }, exists: 'unknown', interrupted: false });
  });

  it('throws only for something that is not a hostname', async () => {
    await expect(resolveName('not a name')).rejects.toThrow(/not a hostname/);
    await expect(resolveName('-x')).rejects.toThrow(/not a hostname/);
  });
});

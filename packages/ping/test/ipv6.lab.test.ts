import { LAB_ADDR } from '@netcheck/netlab';
import { describeLab } from '@netcheck/netlab/vitest';
import { expect, it } from 'vitest';
import { ping } from '../src/index.js';

const v6 = LAB_ADDR.v6;

describeLab('ping over IPv6 across the lab', { scenario: 'standard' }, (lab) => {
  const run = (host: string, opts = {}) =>
    ping(host, { runner: lab().runner('client'), platform: 'linux', count: 4, intervalMs: 200, ...opts });

  it('the hop estimate to fd0c:4::2 is the number of routers (3), from hop limit 61', async () => {
    const r = await run(v6.server).result;
    expect(r.failure).toBeUndefined();
    expect(r.address).toBe(v6.server);
    expect(r.summary).toMatchObject({ sent: 4, received: 4, lossPct: 0 });
    const ttls = r.events.flatMap((e) => (e.type === 'reply' ? [e.ttl] : []));
    expect(ttls).toEqual([61, 61, 61, 61]);
    expect(r.hops).toMatchObject({ initialTtl: 64, hops: 3, confidence: 'high' });
    expect(r.verdict.kind).toBe('healthy');
    expect(r.summary.avgMs!).toBeGreaterThan(25);
  });

  it('family 6 resolves web.lab to its AAAA and pings it', async () => {
    const r = await run('web.lab', { family: 6, count: 2 }).result;
    expect(r.address).toBe(v6.server);
    expect(r.summary.received).toBe(2);
    expect(r.hops?.hops).toBe(3);
  });

  it('the unreachable route yields ICMPv6 no-route from r3 (fd0c:3::2), the prohibit one "filtered"', async () => {
    const unreach = await run(v6.unreachable, { count: 2, timeoutMs: 1000 }).result;
    expect(unreach.events.find((e) => e.type === 'unreachable')).toMatchObject({ from: v6.r3.r2, code: 'net' });
    expect(unreach.verdict.kind).toBe('unreachable');
    expect(unreach.verdict.text).toContain(`${v6.r3.r2} says ${v6.unreachable} is unreachable`);
    const prohibited = await run(v6.prohibited, { count: 2, timeoutMs: 1000 }).result;
    expect(prohibited.events.find((e) => e.type === 'unreachable')).toMatchObject({ from: v6.r3.r2, code: 'filtered' });
  });

  it('the blackhole yields 100% loss and no hop estimate', async () => {
    const r = await run(v6.blackhole, { count: 3, timeoutMs: 500 }).result;
    expect(r.summary).toMatchObject({ sent: 3, received: 0, lossPct: 100 });
    expect(r.verdict.kind).toBe('no-reply');
    expect(r.hops).toBeUndefined();
  });

  it('a hop limit of 2 expires at r2 (fd0c:2::2)', async () => {
    const r = await run(v6.server, { count: 2, ttl: 2, timeoutMs: 1000 }).result;
    expect(r.summary.received).toBe(0);
    const expired = r.events.flatMap((e) => (e.type === 'ttl-exceeded' ? [e.from] : []));
    expect(expired).toEqual([v6.r2.r1, v6.r2.r1]);
  });
});

describeLab('ping over IPv6 to a server that drops it', { scenario: 'icmp-filtered' }, (lab) => {
  it('every probe to fd0c:4::2 goes unanswered: no reply, no hop estimate', async () => {
    const runner = lab().runner('client');
    const r = await ping(v6.server, { runner, platform: 'linux', count: 3, intervalMs: 200, timeoutMs: 1000 }).result;
    expect(r.summary).toMatchObject({ sent: 3, received: 0, lossPct: 100 });
    expect(r.verdict.kind).toBe('no-reply');
    expect(r.hops).toBeUndefined();
  });
});

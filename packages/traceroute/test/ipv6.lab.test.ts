import { LAB_ADDR } from '@netcheck/netlab';
import { describeLab } from '@netcheck/netlab/vitest';
import { expect, it } from 'vitest';
import { traceroute } from '../src/index.js';

const v6 = LAB_ADDR.v6;

// The lab keeps the kernel's ICMPv6 rate limits: each router answers a burst of about 6 errors per
// destination, then one every 250 ms to 1 s. Each trace here asks each router only a few times.
describeLab('traceroute over IPv6 across the lab', { scenario: 'standard' }, (lab) => {
  const trace = (host: string, opts = {}) =>
    traceroute(host, { runner: lab().runner('client'), platform: 'linux', ...opts }).result;

  it('lists the four IPv6 hops to fd0c:4::2 in order and reaches it', async () => {
    const r = await trace(v6.server);
    expect(r.address).toBe(v6.server);
    expect(r.pathLength).toBe(4);
    expect(r.hops.map((h) => h.responders[0]?.address)).toEqual([...v6.path]);
    expect(r.stop).toEqual({ kind: 'reached', hop: 4, address: v6.server });
  });

  it('ICMP echo probes (-I) find the same path', async () => {
    const r = await trace(v6.server, { method: 'icmp', probesPerHop: 1 });
    expect(r.hops.map((h) => h.responders[0]?.address)).toEqual([...v6.path]);
    expect(r.stop).toMatchObject({ kind: 'reached', hop: 4 });
  });

  it('stops unreachable at fd0c:3::2 for fd0c:5::1 (no route, !N) and fd0c:5::2 (!X)', async () => {
    const unreach = await trace(v6.unreachable, { probesPerHop: 1 });
    expect(unreach.stop).toMatchObject({ kind: 'unreachable', hop: 3, by: v6.r3.r2, annotation: { code: '!N' } });
    expect(unreach.hops.map((h) => h.responders[0]?.address)).toEqual([v6.r1.client, v6.r2.r1, v6.r3.r2]);
    const prohibited = await trace(v6.prohibited, { probesPerHop: 1 });
    expect(prohibited.stop).toMatchObject({ kind: 'unreachable', hop: 3, by: v6.r3.r2, annotation: { code: '!X' } });
  });

  it('gives up past fd0c:2::2 on the blackholed fd0c:5::3', async () => {
    const r = await trace(v6.blackhole, { probesPerHop: 1, waitMs: 1000 });
    expect(r.stop).toEqual({ kind: 'gave-up', silentHops: 3, lastResponder: { hop: 2, address: v6.r2.r1 } });
  });

  it('resolves web.lab to its AAAA with family 6', async () => {
    const r = await trace('web.lab', { family: 6, probesPerHop: 1 });
    expect(r.stop).toMatchObject({ kind: 'reached', hop: 4, address: v6.server });
  });
});

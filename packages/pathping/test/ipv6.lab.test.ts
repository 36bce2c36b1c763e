import { LAB_ADDR } from '@netcheck/netlab';
import { describeLab } from '@netcheck/netlab/vitest';
import { expect, it } from 'vitest';
import { pathping } from '../src/index.js';

const v6 = LAB_ADDR.v6;

// The routers keep the kernel's ICMPv6 rate limits, so fast rounds lose time-exceeded answers at the routers:
// that loss does not carry on to the server, and must read as the routers' own, never as a problem.
describeLab('pathping over IPv6', { scenario: 'standard' }, (lab) => {
  it('rounds to fd0c:4::2 find the four hops and a clean path', async () => {
    const r = await pathping(v6.server, { runner: lab().runner('client'), platform: 'linux', count: 10 }).result;
    const lost = r.hops.map((h) => `${h.ttl}:${h.sent - h.received}/${h.sent}`).join(' ');
    console.log(`[mtr v6] ${r.rounds} rounds in ${Math.round(r.durationMs)} ms: ${r.attribution.summary} | ${lost}`);
    expect(r.failure).toBeUndefined();
    expect(r.address).toBe(v6.server);
    expect(r.ended).toBe('count');
    expect(r.rounds).toBe(10);
    expect(r.hops.map((h) => h.responders[0]?.address)).toEqual([...v6.path]);
    const server = r.hops.at(-1)!;
    expect(server.sent).toBeGreaterThan(0);
    expect(server.received).toBe(server.sent);
    expect(r.attribution.trouble).toBeUndefined();
    expect(r.attribution.summary).toMatch(/^the path is clean/);
    expect(r.attribution.verdicts.filter((v) => v.kind === 'link-loss')).toEqual([]);
  });

  it('paced rounds stay within the rate limits: every hop answers every probe', async () => {
    const runner = lab().runner('client');
    const r = await pathping(v6.server, { runner, platform: 'linux', count: 4, paced: true }).result;
    expect(r.hops.map((h) => h.responders[0]?.address)).toEqual([...v6.path]);
    for (const h of r.hops) expect(h.received, `hop ${h.ttl}`).toBe(h.sent);
    expect(r.attribution.summary).toMatch(/^the path is clean/);
  });
});

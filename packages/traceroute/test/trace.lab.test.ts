import { LAB_ADDR } from '@netcheck/netlab';
import { describeLab } from '@netcheck/netlab/vitest';
import { setTimeout as sleep } from 'node:timers/promises';
import { expect, it } from 'vitest';
import { traceroute } from '../src/index.js';

describeLab('traceroute across the lab', { scenario: 'standard' }, (lab) => {
  const trace = (host: string, opts = {}) =>
    traceroute(host, { runner: lab().runner('client'), platform: 'linux', ...opts }).result;

  it('finds the exact router addresses in order to the server', async () => {
    for (const method of ['udp', 'icmp', 'tcp'] as const) {
      // Each router answers a burst of ~6 time-exceeded, then 1 a second: each method gets a rested path,
      // as a user's first trace has (a silent hop in the middle is shown as such, not re-probed).
      await sleep(3000);
      const r = await trace(LAB_ADDR.server, { method, ...(method === 'tcp' ? { port: 80 } : {}) });
      expect(
        r.hops.map((h) => h.responders[0]?.address),
        method,
      ).toEqual([...LAB_ADDR.path]);
      expect(r.stop).toEqual({ kind: 'reached', hop: 4, address: LAB_ADDR.server });
    }
  });

  it('!H, !X and a blackhole give the right stop reason at the right hop', async () => {
    expect((await trace(LAB_ADDR.unreachable)).stop).toMatchObject({
      kind: 'unreachable',
      hop: 3,
      by: '10.0.3.2',
      annotation: { code: '!H' },
    });
    expect((await trace(LAB_ADDR.prohibited)).stop).toMatchObject({
      kind: 'unreachable',
      hop: 3,
      by: '10.0.3.2',
      annotation: { code: '!X' },
    });
    const t0 = performance.now();
    const hole = await trace(LAB_ADDR.blackhole);
    const ms = performance.now() - t0;
    expect(hole.stop).toEqual({ kind: 'gave-up', silentHops: 3, lastResponder: { hop: 2, address: '10.0.2.2' } });
    expect(hole.hops.map((h) => h.ttl)).toEqual([1, 2, 3, 4, 5]);
    console.log(`[trace] blackhole: gave up after ${Math.round(ms)} ms`);
    expect(ms).toBeLessThan(10_000);
  });

  it('back-to-back traces to !H and !X destinations name the router and the cause every time (kernel rate limits)', async () => {
    // r3's ICMP error bucket is per source and shared by both routes: each trace finds it emptied by the last.
    const seen: string[] = [];
    for (let i = 0; i < 3; i++) {
      for (const [dest, code] of [
        [LAB_ADDR.unreachable, '!H'],
        [LAB_ADDR.prohibited, '!X'],
      ] as const) {
        const r = await trace(dest);
        expect(r.stop, `run ${i + 1} to ${dest}`).toMatchObject({
          kind: 'unreachable',
          hop: 3,
          by: '10.0.3.2',
          annotation: { code },
        });
        seen.push(`${code} ${Math.round(r.durationMs)} ms${r.rateLimits.length ? ' (rate limit noted)' : ''}`);
      }
    }
    console.log(`[trace] back-to-back: ${seen.join(', ')}`);
  });

  it('resolves names when asked, and streams hops', async () => {
    const run = traceroute('web.lab', { runner: lab().runner('client'), platform: 'linux', resolveNames: true });
    const seen: number[] = [];
    for await (const h of run) seen.push(h.ttl);
    const r = await run.result;
    expect(seen).toEqual([1, 2, 3, 4]);
    expect(r.hops[3]!.responders[0]).toMatchObject({ address: '10.0.4.2', name: 'web.lab' });
  });

  it('the CLI prints aligned hops and the stop reason in words', async () => {
    const r = await lab().cli('client', ['trace', '10.0.5.1']);
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toMatch(/^\s*3\s+10\.0\.3\.2\s+.*!H/m);
    expect(r.stdout).toContain('host unreachable (!H) at hop 3, said by 10.0.3.2');
    const ok = await lab().cli('client', ['trace', 'web.lab', '--json']);
    expect(ok.exitCode).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({
      pathLength: 4,
      stop: { kind: 'reached' },
      hopComparison: { match: true },
    });
    const stream = await lab().cli('client', ['trace', '10.0.4.2', '--stream', '--no-ping']);
    expect(
      stream.stdout
        .trim()
        .split('\n')
        .map((l) => (JSON.parse(l) as { type: string }).type),
    ).toEqual(['hop', 'hop', 'hop', 'hop', 'result']);
  });
});

describeLab('traceroute past a silent router', { scenario: 'silent' }, (lab) => {
  it('shows r2 as a silent hop without ending the trace', async () => {
    const r = await traceroute(LAB_ADDR.server, { runner: lab().runner('client'), platform: 'linux', waitMs: 1000 })
      .result;
    expect(r.hops.map((h) => h.responders[0]?.address ?? '*')).toEqual(['10.0.1.1', '*', '10.0.3.2', '10.0.4.2']);
    expect(r.hops[1]!.silent).toBe(true);
    expect(r.stop).toMatchObject({ kind: 'reached', hop: 4 });
  });
});

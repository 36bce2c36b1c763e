import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { FakeCommandRunner, parseRecordedRun } from '@netcheck/core';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_MODULES } from './modules.js';
import { createExporter, type Exporter } from './server.js';

// Real ping output from the lab (iputils 20221126), served by a fake runner: the server's logic without the network.
const recorded = parseRecordedRun(
  readFileSync(new URL('../../ping/fixtures/linux/hostname.txt', import.meta.url), 'utf8'),
);

let exporter: Exporter | undefined;
afterEach(async () => {
  await exporter?.close();
  exporter = undefined;
});

async function start(runner: FakeCommandRunner, concurrency = 64) {
  exporter = createExporter({ modules: DEFAULT_MODULES, runner, concurrency });
  await new Promise<void>((r) => exporter!.server.listen(0, '127.0.0.1', r));
  const { port } = exporter.server.address() as AddressInfo;
  return (path: string, timeoutSeconds?: string) =>
    fetch(`http://127.0.0.1:${port}${path}`, {
      headers: timeoutSeconds ? { 'x-prometheus-scrape-timeout-seconds': timeoutSeconds } : {},
    });
}

describe('createExporter', () => {
  it('answers /probe with the icmp metrics, each with HELP and TYPE', async () => {
    const runner = new FakeCommandRunner([{ match: 'ping', stdout: recorded.stdout, exitCode: 0 }]);
    const get = await start(runner);
    const r = await get('/probe?target=10.0.4.2&module=icmp', '5');
    const text = await r.text();
    expect(r.status).toBe(200);
    expect(text).toContain(
      '# HELP probe_success Whether the probe succeeded\n# TYPE probe_success gauge\nprobe_success 1\n',
    );
    expect(text).toMatch(/netcheck_icmp_rtt_avg_seconds 0\.0307/);
    expect(text).toMatch(/netcheck_probe_deadline_seconds 4\.5\n/);
    expect(text).toMatch(/probe_icmp_reply_hop_limit 61\n/);
  });

  it('refuses a bad target with 400 and the reason, and spawns nothing', async () => {
    const runner = new FakeCommandRunner([{ match: 'ping', stdout: recorded.stdout, exitCode: 0 }]);
    const get = await start(runner);
    for (const q of [
      'target=-c1&module=icmp',
      'target=a%0Ab&module=icmp',
      'target=10.0.4.2&module=nope',
      'target=10.0.4.2&module=tcp',
    ]) {
      const r = await get(`/probe?${q}`);
      expect(r.status, q).toBe(400);
      expect((await r.text()).length).toBeGreaterThan(10);
    }
    expect(runner.calls).toHaveLength(0);
    expect(await (await get('/metrics')).text()).toMatch(/netcheck_exporter_requests_rejected_total 4/);
  });

  it('ends a slow probe at its deadline (its process killed), without delaying a fast one', async () => {
    const slow = (spec: { args: readonly string[] }) => spec.args.includes('10.0.4.9');
    const runner = new FakeCommandRunner([
      {
        match: (spec) => spec.command === 'ping' && slow(spec),
        stdout: recorded.stdout,
        exitCode: 0,
        lineDelayMs: 5000,
      },
      { match: 'ping', stdout: recorded.stdout, exitCode: 0 },
    ]);
    const get = await start(runner);
    const t0 = performance.now();
    const slowProbe = get('/probe?target=10.0.4.9&module=icmp', '1.5').then(async (r) => ({
      ms: performance.now() - t0,
      text: await r.text(),
    }));
    const fast = await get('/probe?target=10.0.4.2&module=icmp', '5');
    const fastMs = performance.now() - t0;
    expect(await fast.text()).toContain('probe_success 1');
    expect(fastMs).toBeLessThan(500);
    const s = await slowProbe;
    expect(s.ms).toBeGreaterThan(900);
    expect(s.ms).toBeLessThan(1500); // answered before Prometheus' own timeout
    expect(s.text).toContain('probe_success 0');
    expect(runner.running).toBe(0);
  });

  it('ends a probe at its deadline even when a garbage collection runs meanwhile (issue 17)', async () => {
    // Node 20 holds the sources of AbortSignal.any() weakly: a deadline made with AbortSignal.timeout() was
    // collected by a GC and never fired, and the probe ran to its own end (9.2 s for a 4 s deadline in the lab).
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const runner = new FakeCommandRunner([{ match: 'ping', stdout: recorded.stdout, exitCode: 0, lineDelayMs: 3000 }]);
    const get = await start(runner);
    const t0 = performance.now();
    const answer = get('/probe?target=10.0.4.2&module=icmp', '1.5');
    for (const ms of [50, 150, 300]) setTimeout(gc, ms);
    const text = await (await answer).text();
    const ms = performance.now() - t0;
    expect(ms).toBeGreaterThan(900);
    expect(ms).toBeLessThan(1400); // the 1 s deadline and a margin, never the 3 s of the stuck process
    expect(text).toContain('probe_success 0');
    expect(text).toMatch(/netcheck_probe_deadline_seconds 1\n/);
    expect(runner.running).toBe(0);
  });

  it('makes probes over the concurrency limit wait for a slot, every one answered by its deadline', async () => {
    const runner = new FakeCommandRunner([{ match: 'ping', stdout: recorded.stdout, exitCode: 0, lineDelayMs: 100 }]);
    const get = await start(runner, 1);
    const t0 = performance.now();
    const texts = await Promise.all(
      [1, 2, 3, 4].map(() => get('/probe?target=10.0.4.2&module=icmp', '2').then((r) => r.text())),
    );
    expect(performance.now() - t0).toBeLessThan(1900); // all answered within the 1.5 s deadline (+ slack)
    const ok = texts.filter((t) => t.includes('probe_success 1')).length;
    expect(ok).toBeGreaterThanOrEqual(1);
    expect(ok).toBeLessThan(4);
    const metrics = await (await get('/metrics')).text();
    const count = (result: string) =>
      Number(
        new RegExp(`netcheck_exporter_probes_total\\{module="icmp",result="${result}"\\} (\\d+)`).exec(metrics)?.[1] ??
          0,
      );
    expect(count('success')).toBe(ok);
    expect(count('no-slot') + count('deadline')).toBe(4 - ok);
    expect(metrics).toMatch(/process_resident_memory_bytes \d+/);
  });
});

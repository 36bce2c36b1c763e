import { fileURLToPath } from 'node:url';
import { describeLab } from '@netcheck/netlab/vitest';
import { expect, it } from 'vitest';

// The load checks of the issue, against a real lab: scripts/load.mjs and scripts/batch-load.mjs run inside the
// client namespace (the same scripts bench/serve-load.mjs and bench/batch.mjs time) and print one JSON line each.
const LOAD = fileURLToPath(new URL('../scripts/load.mjs', import.meta.url));
const BATCH = fileURLToPath(new URL('../scripts/batch-load.mjs', import.meta.url));

describeLab('netcheck serve and batch under load', { scenario: 'standard' }, (lab) => {
  it('answers 200 concurrent /probe requests (tcp and icmp) within their deadlines, RSS bounded, no process ' +
    'left', async () => {
    const r = await lab().exec('client', process.execPath, [LOAD, '200', '10'], { timeoutMs: 60_000 });
    const res = JSON.parse(r.stdout.trim().split('\n').at(-1)!);
    console.log(
      `serve load: ${res.requests} requests in ${res.wallMs} ms, ${res.probesPerSecond} probes/s, p50 ${res.p50Ms} ` +
        `ms, max ${res.maxMs} ms, RSS ${res.idleRssMb} -> peak ${res.peakRssMb} MB`,
    );
    expect(res.answered200).toBe(200);
    expect(res.withinDeadline).toBe(200);
    expect(res.rightVerdict).toBe(200); // :80 success 1, :81 success 0, icmp success 1
    expect(res.peakRssMb).toBeLessThan(300);
    expect(res.leftoverWhileServing).toEqual([]);
    expect(res.leftoverAfterExit).toEqual([]);
  }, 90_000);

  it('runs 1,000 targets with -j 50: every line valid NDJSON, the summary matches the records, memory ' +
    'bounded', async () => {
    const r = await lab().exec('client', process.execPath, [BATCH, '1000', '50'], { timeoutMs: 280_000 });
    const res = JSON.parse(r.stdout.trim().split('\n').at(-1)!);
    console.log(
      `batch: ${res.targets} targets -j ${res.jobs} in ${res.wallMs} ms (${res.targetsPerSecond}/s), peak ` +
        `RSS ${res.peakRssMb} MB, outcomes ${JSON.stringify(res.outcomes)}`,
    );
    expect(res.records).toBe(1000);
    expect(res.validJson).toBe(1000);
    expect(res.trailing).toBe(0);
    expect(res.summaryTotal).toBe(1000);
    expect(res.summaryCounts).toEqual(res.outcomes);
    expect(res.outcomes['invalid-target']).toBe(res.expected.invalid);
    expect(res.exitCode).toBe(2); // the worst seen: the invalid lines
    expect(res.peakRssMb).toBeLessThan(600);
  }, 300_000);
});

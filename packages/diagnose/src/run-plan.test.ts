import type { Capabilities } from '@netcheck/core';
import { parseTarget } from '@netcheck/core';
import { describe, expect, it } from 'vitest';
import { makePlan } from './make-plan.js';
import type { Probes } from './probes/index.js';
import { runPlan } from './run-plan.js';
import type { DiagnosisEvent } from './types.js';

const caps: Capabilities = {
  platform: 'linux',
  tools: {} as Capabilities['tools'],
  isRoot: true,
  rawSockets: true,
  unprivilegedIcmp: false,
};
const never = () => new Promise<never>(() => {});

/** Probes that never finish and ignore the abort, as a getaddrinfo or a stuck tool does; `log` records every call. */
function stuckProbes(log: string[]): Probes {
  const stuck = (name: string) => () => (log.push(name), never());
  return {
    resolve: stuck('resolve'),
    connect: stuck('connect'),
    ping: stuck('ping'),
    tcpLoss: stuck('tcpLoss'),
    mtu: stuck('mtu'),
    http: stuck('http'),
    local: stuck('local'),
    trace: stuck('trace'),
    pathping: stuck('pathping'),
    locateMtu: stuck('locateMtu'),
  } as unknown as Probes;
}

describe('runPlan after an abort (Ctrl-C)', () => {
  it('a probe that never finishes: the step says interrupted, no later step starts, the run ends at once', async () => {
    const plan = makePlan(parseTarget('10.0.4.2:443'), caps);
    const log: string[] = [];
    const events: Array<DiagnosisEvent & { at: number }> = [];
    const ac = new AbortController();
    const t0 = performance.now();
    setTimeout(() => ac.abort(), 100);
    const results = await runPlan(
      plan,
      '10.0.4.2',
      stuckProbes(log),
      (e) => events.push({ ...e, at: performance.now() - t0 }),
      ac.signal,
    );
    const ms = performance.now() - t0;
    expect(log).toEqual(['connect']);
    expect(results.connect).toEqual({ status: 'interrupted' });
    for (const s of plan) expect(results[s.id], s.id).toEqual({ status: 'interrupted' });
    expect(events.filter((e) => e.type === 'step-start').map((e) => e.type === 'step-start' && e.step)).toEqual([
      'connect',
    ]);
    expect(events.find((e) => e.type === 'step-done')).toMatchObject({ step: 'connect', summary: 'interrupted' });
    // the connect's budget is 2 s: the run must not wait for it
    expect(ms).toBeLessThan(500);
  });

  it('a step that ends with the abort (an ECANCELED connect) is interrupted, not a network failure, and nothing follows', async () => {
    const plan = makePlan(parseTarget('10.0.4.2:443'), caps);
    const log: string[] = [];
    const ac = new AbortController();
    const probes = stuckProbes(log);
    probes.connect = (_a, p, signal) =>
      new Promise((resolve) => {
        log.push('connect');
        signal.addEventListener('abort', () =>
          resolve({
            address: '10.0.4.2',
            port: p.port,
            ok: false,
            ms: 100,
            samplesMs: [],
            code: 'ECANCELED',
            errno: 125,
            meaning: 'x',
          }),
        );
      });
    setTimeout(() => ac.abort(), 50);
    const results = await runPlan(plan, '10.0.4.2', probes, () => {}, ac.signal);
    expect(log).toEqual(['connect']);
    expect(results.connect).toEqual({ status: 'interrupted' });
    expect(results.path).toEqual({ status: 'interrupted' });
  });

  it('an abort before anything ran starts nothing', async () => {
    const plan = makePlan(parseTarget('web.lab:443'), caps);
    const log: string[] = [];
    const ac = new AbortController();
    ac.abort();
    const results = await runPlan(plan, 'web.lab', stuckProbes(log), () => {}, ac.signal);
    expect(log).toEqual([]);
    expect(results.resolve).toEqual({ status: 'interrupted' });
  });
});

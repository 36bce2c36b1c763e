import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { query } from '../src/query.js';
import type { QueryResult } from '../src/types.js';
import type { Expectation, HostileServer, Kind } from './hostile-server.js';
import { KINDS, realData, startHostileServer } from './hostile-server.js';

// Issue 13's bar, measured from outside the code: thousands of hostile DNS responses through query(), over
// UDP and TCP, from a fake server on loopback (127.0.0.1 and ::1): 0 crashes, 0 hangs, 0 spoofed answers.

const CASES = Number(process.env.NETCHECK_HOSTILE_CASES ?? 10_000);
const IN_FLIGHT = 128;
/** Per-try timeout for cases that end in a failure (kept short: thousands of them wait it out). */
const FAIL_TIMEOUT_MS = 300;
/** Per-try timeout for cases whose server answers at once (long, so that load cannot turn one into a timeout). */
const ANSWER_TIMEOUT_MS = 3000;
/** What a query may take beyond its own timeouts before it counts as a hang. */
const MARGIN_MS = 1000;

/** mulberry32: a small seeded PRNG, so that every case is the same on every run. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const caseFor = (i: number) => ({ kind: KINDS[i % KINDS.length]!, rand: seeded(0x5eed ^ Math.imul(i, 2654435761)) });

/** How case i asks: which spelling of the server, which type, how many UDP tries. */
function planCase(i: number, kind: Kind, v4: HostileServer, v6: HostileServer) {
  const spelling = i % 13 === 5 ? 'localhost' : i % 11 === 3 ? '::ffff:127.0.0.1' : i % 7 === 2 ? '::1' : '127.0.0.1';
  const server = spelling === '::1' ? v6 : v4;
  const qtype = i % 5 === 4 ? ('AAAA' as const) : ('A' as const);
  const tries = kind.transport === 'udp' && kind.expect === 'fail' && i % 17 === 0 ? 2 : 1;
  const timeoutMs = kind.expect === 'answer' || kind.expect === 'malformed' ? ANSWER_TIMEOUT_MS : FAIL_TIMEOUT_MS;
  const udpTries = kind.transport === 'tcp' ? 0 : tries;
  const tcpTries = kind.transport === 'udp' ? 0 : 1;
  // A name is resolved within one timeout too.
  const boundMs = timeoutMs * (udpTries + tcpTries + (spelling === 'localhost' ? 1 : 0)) + MARGIN_MS;
  return { spelling, port: server.port, qtype, tries, timeoutMs, boundMs, tcp: kind.transport === 'tcp' };
}

type Outcome = 'answer' | 'malformed' | 'timeout' | 'error' | 'refused' | 'unreachable' | 'aborted';

interface Tally {
  cases: number;
  crashes: number;
  hangs: number;
  spoofed: number;
  wrongOutcome: number;
  outcomes: Record<string, number>;
  rejected: number;
  slowestOverTimeoutMs: number;
  problems: string[];
  kinds: Set<string>;
}

/** Whether a result is what the case allows; a spoof is an accepted answer that is not the real one. */
function judge(
  r: QueryResult,
  expect: Expectation,
  qname: string,
  data: string,
): { spoofed: boolean; allowed: boolean; outcome: Outcome } {
  if (r.ok) {
    const a = r.response.answers;
    const real = a.length === 1 && a[0]!.data === data && a[0]!.name === `${qname}.`;
    return { spoofed: !real, allowed: expect === 'answer' || expect === 'either', outcome: 'answer' };
  }
  const outcome = r.reason;
  const allowed = expect === 'fail' || expect === 'either' || (expect === 'malformed' && outcome === 'malformed');
  return { spoofed: false, allowed, outcome };
}

let v4: HostileServer;
let v6: HostileServer;
beforeAll(async () => {
  v4 = await startHostileServer('127.0.0.1', caseFor);
  v6 = await startHostileServer('::1', caseFor);
});
afterAll(async () => {
  await v4?.close();
  await v6?.close();
});

describe('query() against a hostile DNS server on loopback', () => {
  it(`${CASES} hostile cases of ${KINDS.length} kinds: 0 crashes, 0 hangs, 0 spoofed answers accepted`, {
    timeout: 120_000,
  }, async () => {
    const t: Tally = {
      cases: 0,
      crashes: 0,
      hangs: 0,
      spoofed: 0,
      wrongOutcome: 0,
      outcomes: {},
      rejected: 0,
      slowestOverTimeoutMs: -Infinity,
      problems: [],
      kinds: new Set(),
    };
    const uncaught: unknown[] = [];
    const onUncaught = (e: unknown) => uncaught.push(e);
    process.on('uncaughtException', onUncaught);
    process.on('unhandledRejection', onUncaught);
    const t0 = performance.now();
    const runOne = async (i: number) => {
      const { kind } = caseFor(i);
      const plan = planCase(i, kind, v4, v6);
      const qname = `c${i}.hostile.test`;
      const note = (what: string) =>
        t.problems.length < 20 && t.problems.push(`case ${i} (${kind.name}, ${plan.spelling}, ${plan.qtype}): ${what}`);
      t.kinds.add(kind.name);
      const started = performance.now();
      let timer: NodeJS.Timeout | undefined;
      const hang = new Promise<'hang'>((r) => (timer = setTimeout(() => r('hang'), plan.boundMs + 2000)));
      let r: QueryResult | 'hang';
      try {
        r = await Promise.race([
          query(qname, {
            server: plan.spelling,
            port: plan.port,
            type: plan.qtype,
            tcp: plan.tcp,
            tries: plan.tries,
            timeoutMs: plan.timeoutMs,
          }),
          hang,
        ]);
      } catch (e) {
        t.crashes++;
        note(`threw ${(e as Error).stack ?? String(e)}`);
        return;
      } finally {
        clearTimeout(timer);
      }
      const tookMs = performance.now() - started;
      t.cases++;
      if (r === 'hang' || tookMs > plan.boundMs) {
        t.hangs++;
        note(`took ${Math.round(tookMs)} ms, bound ${plan.boundMs} ms`);
        if (r === 'hang') return;
      }
      t.slowestOverTimeoutMs = Math.max(t.slowestOverTimeoutMs, tookMs - (plan.boundMs - MARGIN_MS));
      const more = r.rejected.find((x) => x.from === 'more');
      t.rejected += r.rejected.length - (more ? 1 : 0) + (more ? Number.parseInt(more.why, 10) : 0);
      const j = judge(r, kind.expect, qname, realData(i, plan.qtype === 'A' ? 1 : 28));
      t.outcomes[j.outcome] = (t.outcomes[j.outcome] ?? 0) + 1;
      if (j.spoofed) {
        t.spoofed++;
        note(`accepted ${JSON.stringify(r.ok ? r.response.answers : r)}`);
      }
      if (!j.allowed) {
        t.wrongOutcome++;
        note(`expected ${kind.expect}, got ${r.ok ? 'an answer' : `${r.reason}: ${r.detail}`}`);
      }
    };
    let next = 0;
    await Promise.all(
      Array.from({ length: IN_FLIGHT }, async () => {
        while (next < CASES) await runOne(next++);
      }),
    );
    process.off('uncaughtException', onUncaught);
    process.off('unhandledRejection', onUncaught);
    const seconds = (performance.now() - t0) / 1000;
    console.log(
      [
        `[hostile-server] ${t.cases} of ${CASES} cases (${t.kinds.size} kinds, UDP and TCP, 127.0.0.1, ::1, ::ffff:127.0.0.1, localhost) in ${seconds.toFixed(1)} s`,
        `  crashes ${t.crashes}, hangs ${t.hangs}, spoofed answers accepted ${t.spoofed}, outcomes other than the case allows ${t.wrongOutcome}, uncaught ${uncaught.length}`,
        `  outcomes: ${Object.entries(t.outcomes)
          .map(([k, v]) => `${k} ${v}`)
          .join(', ')}; packets rejected ${t.rejected}`,
        `  slowest query ended ${Math.round(t.slowestOverTimeoutMs)} ms after its timeouts (margin ${MARGIN_MS} ms)`,
        ...t.problems.map((p) => `  ${p}`),
      ].join('\n'),
    );
    expect(t.problems).toEqual([]);
    expect({
      crashes: t.crashes,
      hangs: t.hangs,
      spoofed: t.spoofed,
      wrongOutcome: t.wrongOutcome,
      uncaught: uncaught.length,
    }).toEqual({ crashes: 0, hangs: 0, spoofed: 0, wrongOutcome: 0, uncaught: 0 });
    expect(t.cases).toBe(CASES);
    expect(t.kinds.size).toBe(KINDS.length);
    // The kinds that must answer did: the real answer came through every forgery.
    expect(t.outcomes.answer ?? 0).toBeGreaterThan(CASES / 3);
    expect(t.outcomes.malformed ?? 0).toBeGreaterThan(CASES / 10);
  });
});

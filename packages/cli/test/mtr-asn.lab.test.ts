import type { Lab } from '@netcheck/netlab';
import { LAB_ADDR } from '@netcheck/netlab';
import { describeLab } from '@netcheck/netlab/vitest';
import { expect, it } from 'vitest';

// The built CLI run inside the lab client, whose resolver (10.0.4.2) serves the origin zone mtr -z asks:
// tools/netlab/scenarios/standard.json has a TXT record for each address on the path, as Team Cymru's service
// answers (`64513 | 10.0.2.0/24 | ZZ | lab | 2026-01-01`), one private AS for each link (link N: AS 64511 + N).
const AS_OF_PATH = ['AS64512', 'AS64513', 'AS64514', 'AS64515'];

// One probe a hop a second, as mtr: a router answers a burst of ~6, then one a second (the kernel's rate limit).
const MTR = ['mtr', LAB_ADDR.server, '-c', '3', '-i', '1', '-n'];

/** The `netcheck mtr` table rows: hop, the host column as printed (the AS, then the address). */
const rows = (stdout: string) => [...stdout.matchAll(/^(\d+)\.\s+(AS\S+ \S+)\s/gm)].map((m) => m[2]);

/**
 * Run the CLI in the client, and how long the process lived past its own run (ms): the wall time less the
 * duration the report states (`3 rounds, 2.2 s`). The run itself varies with the routers' rate limits (a router
 * whose answers were spent by the run before gets a re-probe 2 s later); what the names cost is what comes after.
 */
async function timed(lab: () => Lab, args: string[], env = {}) {
  const t = performance.now();
  const r = await lab().cli('client', args, { env });
  const ms = performance.now() - t;
  const runMs = Number(/: \d+ rounds, ([\d.]+) s/.exec(r.stdout)?.[1]) * 1000;
  return { ...r, ms, afterRunMs: ms - runMs };
}

/** How long the names may hold the process after its run: 1 s for the last answers, then cancelled. */
const NAMES_GRACE_MS = 1000;

describeLab('netcheck mtr -z in the lab (the lab resolver serves the origin zone)', { scenario: 'standard' }, (lab) => {
  it('-r -c 3 -z: the AS of every hop in the report table and in --json', async () => {
    const r = await timed(lab, [...MTR, '-r', '-z']);
    expect(rows(r.stdout), r.stdout).toEqual(LAB_ADDR.path.map((a, i) => `${AS_OF_PATH[i]} ${a}`));
    // A rested router for the second run, as a user's first run has: every hop answers from the first round.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const j = await lab().cli('client', [...MTR, '-j', '-z']);
    const doc = JSON.parse(j.stdout) as { names: Record<string, { asn?: { asn: string; prefix: string } }> };
    expect(LAB_ADDR.path.map((a) => doc.names[a]?.asn)).toEqual(
      LAB_ADDR.path.map((_, i) => ({
        asn: AS_OF_PATH[i],
        prefix: `10.0.${i + 1}.0/24`,
        country: 'ZZ',
        registry: 'lab',
      })),
    );
  });

  it('-6 -z: the same AS from the origin6 zone (nibbles reversed)', async () => {
    const r = await lab().cli('client', ['mtr', LAB_ADDR.v6.server, '-6', '-r', '-c', '2', '-i', '1', '-n', '-z']);
    expect(rows(r.stdout), r.stdout).toEqual(LAB_ADDR.v6.path.map((a, i) => `${AS_OF_PATH[i]} ${a}`));
  });

  it('-z with an origin server that never answers: AS??? and the run ends at most ~1 s later, no hang', async () => {
    // 10.0.4.3 drops port 53; NETCHECK_ASN_SERVER sends the TXT questions there instead of the system's resolver.
    const dead = await timed(lab, [...MTR, '-r', '-z'], { NETCHECK_ASN_SERVER: `${LAB_ADDR.deadResolver}:53` });
    const plain = await timed(lab, [...MTR, '-r']);
    const [a, b] = [dead, plain].map((x) => `${Math.round(x.ms)} ms (${Math.round(x.afterRunMs)} after the run)`);
    console.log(`[mtr -z] origin server silent: ${a}; without -z: ${b}`);
    expect(rows(dead.stdout)).toEqual(LAB_ADDR.path.map((x) => `AS??? ${x}`));
    expect(dead.afterRunMs).toBeLessThan(plain.afterRunMs + NAMES_GRACE_MS + 500);
  });
});

describeLab('netcheck mtr -z behind a dead first resolver', { scenario: 'dead-resolver' }, (lab) => {
  it('the AS of every hop from the second resolver, in about the time of a run without -z', async () => {
    // resolv.conf: 10.0.4.3 (drops port 53), then 10.0.4.2; the answer comes from the second after ~2 s.
    // mtr 0.95 -r -c 3 -z on this path took 28 s (each TXT query waits glibc's 5 s for the dead server).
    const r = await timed(lab, [...MTR, '-r', '-z']);
    const plain = await timed(lab, [...MTR, '-r']);
    const [a, b] = [r, plain].map((x) => `${Math.round(x.ms)} ms (${Math.round(x.afterRunMs)} after the run)`);
    console.log(`[mtr -z] dead first resolver: ${a}; without -z: ${b}`);
    expect(rows(r.stdout), r.stdout).toEqual(LAB_ADDR.path.map((x, i) => `${AS_OF_PATH[i]} ${x}`));
    expect(r.afterRunMs).toBeLessThan(plain.afterRunMs + NAMES_GRACE_MS + 500);
  });
});

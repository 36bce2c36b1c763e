import { setTimeout as sleep } from 'node:timers/promises';
import { LAB_ADDR } from '@netcheck/netlab';
import { describeLab } from '@netcheck/netlab/vitest';
import { expect, it } from 'vitest';

// Watching a target: the same diagnosis every 5 s for a minute, on the kernel's ICMP rate limits. r3 answers
// !H / !X through a per-source bucket that each run's ping and trace spend; every run must still name r3.
const RUNS = 12;
const EVERY_MS = 5000;

describeLab(
  'netcheck <target> every 5 s for a minute, routers on kernel rate limits',
  { scenario: 'standard' },
  (lab) => {
    /** One diagnosis inside the client namespace through the public API only. */
    const diagnoseOnce = async (target: string) => {
      const code = [
        "import { diagnose } from '@netcheck/diagnose';",
        `const r = await diagnose(${JSON.stringify(target)});`,
        'console.log(JSON.stringify({ category: r.category, headline: r.headline }));',
      ].join('\n');
      const r = await lab().nodeScript('client', code, { timeoutMs: 60_000 });
      const last = r.stdout.trim().split('\n').at(-1) ?? '';
      try {
        return JSON.parse(last) as { category: string; headline: string };
      } catch {
        throw new Error(
          `diagnose printed no report (exit ${r.exitCode}): ${r.stdout.slice(-300)} ${r.stderr.slice(-300)}`,
        );
      }
    };

    const watch = async (target: string) => {
      const seen: string[] = [];
      for (let i = 0; i < RUNS; i++) {
        const start = performance.now();
        const report = await diagnoseOnce(target);
        const ms = performance.now() - start;
        seen.push(`${i + 1}: ${report.category} in ${(ms / 1000).toFixed(1)} s`);
        expect(report.category, `run ${i + 1}: ${report.headline}`).toBe('unreachable');
        expect(report.headline, `run ${i + 1}`).toContain('10.0.3.2');
        if (i < RUNS - 1) await sleep(Math.max(0, EVERY_MS - ms));
      }
      console.log(`[ratelimit] ${target}: ${seen.join(', ')}`);
    };

    it(
      `${LAB_ADDR.unreachable} (!H): ${RUNS} runs ${EVERY_MS / 1000} s apart all name 10.0.3.2`,
      () => watch(LAB_ADDR.unreachable),
      240_000,
    );
    it(
      `${LAB_ADDR.prohibited} (!X): ${RUNS} runs ${EVERY_MS / 1000} s apart all name 10.0.3.2`,
      () => watch(LAB_ADDR.prohibited),
      240_000,
    );
  },
);

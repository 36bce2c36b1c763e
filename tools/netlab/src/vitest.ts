import { afterAll, beforeAll, describe, it } from 'vitest';
import { labAvailability } from './availability.js';
import type { Lab } from './lab.js';
import { startLab } from './lab.js';

/** Options for a block of lab tests. */
export interface DescribeLabOptions {
  /** Scenario name (tools/netlab/scenarios/<name>.json). */
  scenario: string;
}

/**
 * A describe block whose tests run against a real lab: built in beforeAll,
 * removed in afterAll. Where no lab can be built (not root, tools missing),
 * the block is skipped and says why ("skipped: needs root (...)"), unless
 * NETCHECK_REQUIRE_LAB=1 (CI), where it fails with the same reason instead.
 */
export function describeLab(title: string, options: DescribeLabOptions, body: (lab: () => Lab) => void): void {
  const availability = labAvailability();
  const required = process.env.NETCHECK_REQUIRE_LAB === '1';
  if (!availability.ok && !required) {
    const why = `skipped: needs root (${availability.reason})`;
    console.warn(`[netlab] ${title} — ${why}`);
    describe.skipIf(true)(`${title} — ${why}`, () =>
      body(() => {
        throw new Error(why);
      }),
    );
    return;
  }
  describe(`${title} [lab: ${options.scenario}]`, () => {
    let lab: Lab | undefined;
    if (!availability.ok) {
      it('can build the lab (NETCHECK_REQUIRE_LAB=1)', () => {
        throw new Error(`lab tests must run here (NETCHECK_REQUIRE_LAB=1) but cannot: ${availability.reason}`);
      });
      return;
    }
    beforeAll(async () => {
      lab = await startLab(options.scenario);
    });
    afterAll(async () => {
      await lab?.down();
    });
    body(() => {
      if (!lab) throw new Error('the lab is not up (beforeAll failed: see the first error)');
      return lab;
    });
  });
}

import type { Capabilities } from '@netcheck/core';
import { parseTarget } from '@netcheck/core';
import { describe, expect, it } from 'vitest';
import { makePlan } from './make-plan.js';

const user: Capabilities = {
  platform: 'linux',
  tools: {} as Capabilities['tools'],
  isRoot: false,
  rawSockets: false,
  unprivilegedIcmp: false,
};
const pingParams = (caps: Capabilities) => makePlan(parseTarget('10.0.4.2'), caps).find((s) => s.id === 'ping')!;

describe('makePlan: the echoes follow what the installed ping allows this user', () => {
  it.each<[string, Capabilities, { count: number; intervalMs: number }, number]>([
    ['root', { ...user, isRoot: true, rawSockets: true, pingMinIntervalMs: 0 }, { count: 60, intervalMs: 10 }, 3000],
    [
      'a user of iputils since 2021 (2 ms allowed)',
      { ...user, pingMinIntervalMs: 2 },
      { count: 60, intervalMs: 10 },
      3000,
    ],
    ['a user of an older iputils (200 ms)', { ...user, pingMinIntervalMs: 200 }, { count: 10, intervalMs: 200 }, 4000],
    ['a user, ping not asked', user, { count: 10, intervalMs: 200 }, 4000],
    [
      'CAP_NET_RAW on an older iputils: the uid decides, not the capability',
      { ...user, rawSockets: true, pingMinIntervalMs: 200 },
      { count: 10, intervalMs: 200 },
      4000,
    ],
  ])('%s', (_n, caps, params, budgetMs) => {
    expect(pingParams(caps)).toMatchObject({ params, budgetMs });
  });
});

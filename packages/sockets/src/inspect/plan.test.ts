import { describe, expect, it } from 'vitest';
import type { InspectPlan } from './plan.js';
import {
  buildInspectPlan,
  buildTableSources,
  decideIdleScan,
  decideListenerLimits,
  decideRememberOwned,
} from './plan.js';

describe('buildTableSources', () => {
  it.each([
    ['linux', undefined, ['proc', 'ss', 'netstat']],
    ['linux', 'auto', ['proc', 'ss', 'netstat']],
    ['linux', 'proc', ['proc']],
    ['linux', 'ss', ['ss']],
    ['linux', 'netstat', ['netstat']],
    ['darwin', 'auto', ['netstat']],
    ['darwin', 'proc', ['netstat']],
    ['win32', 'netstat', ['netstat']],
    ['win32', 'ss', []],
  ] as const)('%s, source %s: %j', (platform, source, want) => {
    expect(buildTableSources(platform, source)).toEqual(want);
  });
});

describe('buildInspectPlan', () => {
  it('Linux defaults', () => {
    expect(buildInspectPlan({}, 'linux')).toEqual({
      platform: 'linux',
      procRoot: '/proc',
      sources: ['proc', 'ss', 'netstat'],
      readKernel: true,
      countsOnly: false,
      deltaMs: 0,
      idleScanMax: 5000,
      listenerLimits: 'auto',
      processes: 'auto',
      processScanMaxSockets: 20_000,
      keepSockets: 0,
      top: 10,
      assumedEphemeralRange: undefined,
      ownersFromLsof: false,
    } satisfies InspectPlan);
  });

  it('macOS: netstat, the IANA range assumed, owners from lsof unless counts or processes none', () => {
    const p = buildInspectPlan({ source: 'auto' }, 'darwin');
    expect(p).toMatchObject({ sources: ['netstat'], readKernel: false, assumedEphemeralRange: [49152, 65535] });
    expect(p.ownersFromLsof).toBe(true);
    expect(buildInspectPlan({ countsOnly: true }, 'darwin').ownersFromLsof).toBe(false);
    expect(buildInspectPlan({ processes: 'none' }, 'darwin').ownersFromLsof).toBe(false);
  });
});

const linux = buildInspectPlan({}, 'linux');

describe('decideListenerLimits', () => {
  it.each([
    ['small /proc table', linux, { kind: 'proc', total: 100, anyQueueWaiting: false }, true],
    ['big table, queues empty', linux, { kind: 'proc', total: 50_000, anyQueueWaiting: false }, false],
    ['big table, a queue waiting', linux, { kind: 'proc', total: 50_000, anyQueueWaiting: true }, true],
    ['ss gives limits itself', linux, { kind: 'ss', total: 10, anyQueueWaiting: true }, false],
    ['always', { ...linux, listenerLimits: 'always' }, { kind: 'proc', total: 50_000, anyQueueWaiting: false }, true],
    ['never', { ...linux, listenerLimits: 'never' }, { kind: 'proc', total: 1, anyQueueWaiting: true }, false],
    ['counts only', { ...linux, countsOnly: true }, { kind: 'proc', total: 1, anyQueueWaiting: true }, false],
  ] as const)('%s', (_name, plan: InspectPlan, table, want) => {
    expect(decideListenerLimits(plan, table)).toBe(want);
  });
});

describe('decideIdleScan', () => {
  it.each([
    [linux, 10, true],
    [linux, 5000, true],
    [linux, 5001, false],
    [linux, undefined, false],
    [{ ...linux, idleScanMax: 0 }, 1, false],
    [{ ...linux, countsOnly: true }, 1, false],
    [buildInspectPlan({}, 'darwin'), 1, false],
  ] as const)('CurrEstab %s', (plan: InspectPlan, currEstab, want) => {
    expect(decideIdleScan(plan, currEstab)).toBe(want);
  });
});

describe('decideRememberOwned', () => {
  it.each([
    ['states only', linux, true, false, 10, 0],
    ['processes none', { ...linux, processes: 'none' }, false, false, 10, 0],
    ['a process filter found the owners', linux, false, true, 1_000_000, Number.MAX_SAFE_INTEGER],
    ['processes all', { ...linux, processes: 'all' }, false, false, 1_000_000, Number.MAX_SAFE_INTEGER],
    ['auto, small', linux, false, false, 100, 20_000],
    ['auto, sockstat says too many', linux, false, false, 20_001, 1],
    ['auto, sockstat unknown', linux, false, false, undefined, 20_000],
  ] as const)('%s', (_name, plan: InspectPlan, statesOnly, ownersKnown, inUse, want) => {
    expect(decideRememberOwned(plan, statesOnly, ownersKnown, inUse)).toBe(want);
  });
});

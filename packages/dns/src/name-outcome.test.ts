import { describe, expect, it } from 'vitest';
import type { NameResolverView } from './name-facts.js';
import { NAME_SOURCES, deriveNameOutcome } from './name-outcome.js';

const view = (server: string, a: string, aaaa: string) =>
  ({
    server,
    a: { explanation: { status: a } },
    aaaa: { explanation: { status: aaaa } },
  }) as unknown as NameResolverView;

const base = {
  name: 'web.lab',
  candidates: ['web.lab', 'web.lab.lab'],
  resolvers: [view('10.0.4.2', 'answer', 'answer')],
  system: { state: 'answered' as const, addresses: [{ address: 'fd0c:4::2', family: 6 as const }], durationMs: 31.6 },
  hosts: [],
  addresses: { v4: ['10.0.4.2'], v6: ['fd0c:4::2'], source: 'system' as const },
  tryFirst: { address: 'fd0c:4::2', family: 6 as const, why: 'getaddrinfo lists it first' },
  exists: 'yes' as const,
  verdict: { status: 'answer', text: 'web.lab A: 10.0.4.2', nextStep: undefined },
};

describe('deriveNameOutcome: what a resolution comes to, as core finding', () => {
  it('resolves: the addresses and the one applications try first (info), each source as evidence', () => {
    expect(deriveNameOutcome(base as never)).toEqual({
      id: 'ok',
      severity: 'info',
      source: NAME_SOURCES,
      title: 'web.lab resolves: 10.0.4.2, fd0c:4::2; applications try fd0c:4::2 first (getaddrinfo lists it first)',
      evidence: ['10.0.4.2: A answer, AAAA answer', 'getaddrinfo: fd0c:4::2 in 32 ms'],
      nextSteps: [],
    });
  });
  it('NXDOMAIN everywhere: critical, with the candidates tried and the next step', () => {
    const f = deriveNameOutcome({
      ...base,
      resolvers: [view('10.0.4.2', 'nxdomain', 'nxdomain')],
      system: { state: 'failed', code: 'ENOTFOUND', durationMs: 3 },
      addresses: { v4: [], v6: [], source: 'none' },
      tryFirst: undefined,
      exists: 'no',
      verdict: { status: 'nxdomain', text: 'web.lab does not exist', nextStep: 'check the spelling' },
    } as never);
    expect(f).toMatchObject({ id: 'nxdomain', severity: 'critical', title: 'web.lab does not exist (NXDOMAIN)' });
    expect(f.evidence).toContain('search candidates tried: web.lab, web.lab.lab');
    expect(f.nextSteps).toEqual(['netcheck dns web.lab --all-resolvers', 'check the spelling']);
  });
  it('no address from anywhere, the name not known to be missing: critical "does not resolve"', () => {
    const f = deriveNameOutcome({
      ...base,
      resolvers: [view('10.0.4.3', 'timeout', 'timeout')],
      addresses: { v4: [], v6: [], source: 'none' },
      tryFirst: undefined,
      exists: 'unknown',
      verdict: { status: 'timeout', text: 'no resolver answered', nextStep: undefined },
    } as never);
    expect(f).toMatchObject({
      id: 'failure',
      severity: 'critical',
      title: 'web.lab does not resolve: no resolver answered',
    });
    expect(f.evidence).toContain('10.0.4.3: A timeout, AAAA timeout');
  });
});

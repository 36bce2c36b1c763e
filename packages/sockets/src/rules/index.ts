import type { AcceptQueueFullOptions } from './accept-queue-full.js';
import { ACCEPT_QUEUE_FULL_DEFAULTS, acceptQueueFull } from './accept-queue-full.js';
import type { CloseWaitLeakOptions } from './close-wait-leak.js';
import { CLOSE_WAIT_LEAK_DEFAULTS, closeWaitLeak } from './close-wait-leak.js';
import type { EphemeralPortExhaustionOptions } from './ephemeral-port-exhaustion.js';
import { EPHEMERAL_PORT_EXHAUSTION_DEFAULTS, ephemeralPortExhaustion } from './ephemeral-port-exhaustion.js';
import type { HalfClosedPileupOptions } from './half-closed-pileup.js';
import { HALF_CLOSED_PILEUP_DEFAULTS, halfClosedPileup } from './half-closed-pileup.js';
import type { IdleWithoutKeepaliveOptions } from './idle-without-keepalive.js';
import { IDLE_WITHOUT_KEEPALIVE_DEFAULTS, idleWithoutKeepalive } from './idle-without-keepalive.js';
import type { SynRecvPressureOptions } from './syn-recv-pressure.js';
import { SYN_RECV_PRESSURE_DEFAULTS, synRecvPressure } from './syn-recv-pressure.js';
import type { SynSentStuckOptions } from './syn-sent-stuck.js';
import { SYN_SENT_STUCK_DEFAULTS, synSentStuck } from './syn-sent-stuck.js';
import type { Severity, SocketFacts, SocketFinding } from './types.js';

/** Thresholds of every rule, by rule name. */
export interface SocketRuleOptions {
  'syn-recv-pressure': SynRecvPressureOptions;
  'close-wait-leak': CloseWaitLeakOptions;
  'ephemeral-port-exhaustion': EphemeralPortExhaustionOptions;
  'syn-sent-stuck': SynSentStuckOptions;
  'half-closed-pileup': HalfClosedPileupOptions;
  'idle-without-keepalive': IdleWithoutKeepaliveOptions;
  'accept-queue-full': AcceptQueueFullOptions;
}

/** Any subset of the thresholds; the rest take their defaults. */
export type SocketRuleOverrides = { [K in keyof SocketRuleOptions]?: Partial<SocketRuleOptions[K]> };

/** The documented default thresholds (see each rule's file). */
export const SOCKET_RULE_DEFAULTS: SocketRuleOptions = {
  'syn-recv-pressure': SYN_RECV_PRESSURE_DEFAULTS,
  'close-wait-leak': CLOSE_WAIT_LEAK_DEFAULTS,
  'ephemeral-port-exhaustion': EPHEMERAL_PORT_EXHAUSTION_DEFAULTS,
  'syn-sent-stuck': SYN_SENT_STUCK_DEFAULTS,
  'half-closed-pileup': HALF_CLOSED_PILEUP_DEFAULTS,
  'idle-without-keepalive': IDLE_WITHOUT_KEEPALIVE_DEFAULTS,
  'accept-queue-full': ACCEPT_QUEUE_FULL_DEFAULTS,
};

/** Names of the rules, in the order their findings are listed. */
export const SOCKET_RULES = Object.keys(SOCKET_RULE_DEFAULTS) as (keyof SocketRuleOptions)[];

/** Defaults with the overrides laid over them. */
export function makeRuleOptions(overrides: SocketRuleOverrides = {}): SocketRuleOptions {
  const out = { ...SOCKET_RULE_DEFAULTS } as Record<string, unknown>;
  for (const name of SOCKET_RULES) out[name] = { ...SOCKET_RULE_DEFAULTS[name], ...(overrides[name] ?? {}) };
  return out as unknown as SocketRuleOptions;
}

const SEVERITY_RANK: Record<Severity, number> = { critical: 0, warning: 1, info: 2 };

/** Run every rule over the facts; findings most severe first (rule order within a severity). */
export function deriveSocketFindings(facts: SocketFacts, overrides: SocketRuleOverrides = {}): SocketFinding[] {
  const o = makeRuleOptions(overrides);
  const findings = [
    ...synRecvPressure(facts, o['syn-recv-pressure']),
    ...acceptQueueFull(facts, o['accept-queue-full']),
    ...closeWaitLeak(facts, o['close-wait-leak']),
    ...ephemeralPortExhaustion(facts, o['ephemeral-port-exhaustion']),
    ...synSentStuck(facts, o['syn-sent-stuck']),
    ...halfClosedPileup(facts, o['half-closed-pileup']),
    ...idleWithoutKeepalive(facts, o['idle-without-keepalive']),
  ];
  return findings.map((f, i) => ({ f, i })).sort((a, b) => SEVERITY_RANK[a.f.severity] - SEVERITY_RANK[b.f.severity] || a.i - b.i).map((x) => x.f);
}

export { acceptQueueFull, closeWaitLeak, ephemeralPortExhaustion, halfClosedPileup, idleWithoutKeepalive, synRecvPressure, synSentStuck };
export type {
  AcceptQueueFullOptions,
  CloseWaitLeakOptions,
  EphemeralPortExhaustionOptions,
  HalfClosedPileupOptions,
  IdleWithoutKeepaliveOptions,
  SynRecvPressureOptions,
  SynSentStuckOptions,
};

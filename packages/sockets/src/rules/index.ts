import { sortFindings } from '@netcheck/core';
import { acceptQueueFull } from './accept-queue-full.js';
import { closeWaitLeak } from './close-wait-leak.js';
import { ephemeralPortExhaustion } from './ephemeral-port-exhaustion.js';
import { halfClosedPileup } from './half-closed-pileup.js';
import { idleWithoutKeepalive } from './idle-without-keepalive.js';
import { synRecvPressure } from './syn-recv-pressure.js';
import { synSentStuck } from './syn-sent-stuck.js';
import type { SocketFacts, SocketFinding, SocketFindingId, SocketRule } from './types.js';

/** Every rule, in the order their findings are listed within a severity. */
export const SOCKET_RULE_LIST = [
  synRecvPressure,
  acceptQueueFull,
  closeWaitLeak,
  ephemeralPortExhaustion,
  synSentStuck,
  halfClosedPileup,
  idleWithoutKeepalive,
] as const;

type AnyRule = (typeof SOCKET_RULE_LIST)[number];

/** Thresholds of every rule, by rule id (derived from the rules' defaults). */
export type SocketRuleOptions = { [R in AnyRule as R['id']]: R['defaults'] };

/** Any subset of the thresholds; the rest take their defaults. */
export type SocketRuleOverrides = { [K in keyof SocketRuleOptions]?: Partial<SocketRuleOptions[K]> };

/** The documented default thresholds (see each rule's file). */
export const SOCKET_RULE_DEFAULTS = Object.fromEntries(
  SOCKET_RULE_LIST.map((r) => [r.id, r.defaults]),
) as unknown as SocketRuleOptions;

/** Ids of the rules, in the order their findings are listed. */
export const SOCKET_RULES: readonly AnyRule['id'][] = SOCKET_RULE_LIST.map((r) => r.id);

/** Defaults with the overrides laid over them. */
export function makeRuleOptions(overrides: SocketRuleOverrides = {}): SocketRuleOptions {
  const entries = SOCKET_RULE_LIST.map((r) => [r.id, { ...r.defaults, ...overrides[r.id] }]);
  return Object.fromEntries(entries) as unknown as SocketRuleOptions;
}

/** Run every rule over the facts; findings most severe first (rule order within a severity). */
export function deriveSocketFindings(facts: SocketFacts, overrides: SocketRuleOverrides = {}): SocketFinding[] {
  const options: Readonly<Record<SocketFindingId, unknown>> = makeRuleOptions(overrides);
  // one rule's thresholds are only ever given to that rule
  const rules: readonly SocketRule<SocketFindingId, unknown>[] = SOCKET_RULE_LIST;
  return sortFindings(rules.flatMap((rule) => rule.derive(facts, options[rule.id])));
}

import { sortFindings } from '@netcheck/core';
import type { Finding, FindingId, Step, StepResults } from '../types.js';
import { dnsFindings } from './dns.js';
import { localFindings } from './local.js';
import { mtuFindings } from './mtu.js';
import { pathFindings } from './path.js';
import { reachabilityFindings } from './reachability.js';
import { serviceFindings } from './service.js';
import { stepFindings } from './steps.js';

/**
 * The report's findings from everything the rules made (pure): the tools' own findings as they made them, the
 * diagnosis' probe findings and its cross-tool findings, less each tool finding a cross-tool finding explains
 * (the cross-tool one carries its title in its evidence); most severe first, stable within a severity.
 */
export function combineFindings(made: readonly Finding[]): Finding[] {
  const explained = new Set<FindingId>(made.flatMap((f) => f.explains ?? []));
  return sortFindings(made.filter((f) => f.explains !== undefined || !explained.has(f.id)));
}

/** Every rule over the step results (in order: steps, dns, service, mtu, path, reachability, local), combined. */
export function deriveFindings(plan: readonly Step[], r: StepResults, host: string): Finding[] {
  return combineFindings([
    ...stepFindings(plan, r),
    ...dnsFindings(r),
    ...serviceFindings(r, host),
    ...mtuFindings(r, host),
    ...pathFindings(r),
    ...reachabilityFindings(r, host),
    ...localFindings(r),
  ]);
}

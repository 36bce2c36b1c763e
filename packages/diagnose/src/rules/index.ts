import { sortFindings } from '@netcheck/core';
import type { Finding, Step, StepResults } from '../types.js';
import { dnsFindings } from './dns.js';
import { localFindings } from './local.js';
import { mtuFindings } from './mtu.js';
import { pathFindings } from './path.js';
import { reachabilityFindings } from './reachability.js';
import { serviceFindings } from './service.js';
import { stepFindings } from './steps.js';

/** Every rule over the step results, most severe first (stable within a severity: steps, dns, service, mtu, path, reachability, local). */
export function deriveFindings(plan: readonly Step[], r: StepResults, host: string): Finding[] {
  const all = [
    ...stepFindings(plan, r),
    ...dnsFindings(r, host),
    ...serviceFindings(r, host),
    ...mtuFindings(r, host),
    ...pathFindings(r, host),
    ...reachabilityFindings(r, host),
    ...localFindings(r),
  ];
  return sortFindings(all);
}

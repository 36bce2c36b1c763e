import type { Finding, StepResults } from '../types.js';
import { dnsFindings } from './dns.js';
import { localFindings } from './local.js';
import { pathFindings } from './path.js';
import { reachabilityFindings } from './reachability.js';
import { serviceFindings } from './service.js';

const ORDER = { critical: 0, warning: 1, info: 2 } as const;

/** Every rule over the step results, most severe first (stable within a severity: dns, service, path, reachability, local). */
export function deriveFindings(r: StepResults, host: string): Finding[] {
  const all = [...dnsFindings(r, host), ...serviceFindings(r, host), ...pathFindings(r, host), ...reachabilityFindings(r, host), ...localFindings(r)];
  return all.sort((a, b) => ORDER[a.severity] - ORDER[b.severity]);
}

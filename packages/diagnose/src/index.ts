export type { DefaultRoute, InterfaceState } from './local/parse-system.js';
export { parseDefaultRoutes, parseNameservers, parseInterfaceState, parseFirstSearchDomain } from './local/parse-system.js';
export type { LocalReport, ResolverCheck, LocalDeps } from './local/check-local.js';
export { checkLocal } from './local/check-local.js';
export type { LocalFinding } from './local/derive-local.js';
export { deriveLocalFindings } from './local/derive-local.js';

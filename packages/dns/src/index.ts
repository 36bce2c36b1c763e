export type { DnsRecord, DnsFlags, DnsResponse, QueryResult, RejectedPacket } from './types.js';
export type { ResolvConf, HostsEntry } from './resolv-conf.js';
export { parseResolvConf, buildSearchCandidates, parseHostsFile, lookupHosts } from './resolv-conf.js';
export { buildReverseName } from './reverse-name.js';
export { parseRecordType, KNOWN_TYPES } from './record-types.js';
export type { QuerySpec, Expected, Validation } from './packet.js';
export { buildQuery, validateResponse, renderRecordData } from './packet.js';
export type { DnsTransport, TransportOutcome, AcceptMessage } from './transport.js';
export type { ServerResolver } from './server-address.js';
export { socketTransport } from './transport.js';
export type { QueryOptions, CnameStep } from './query.js';
export { query, followCnameChain } from './query.js';
export { selectShortAnswers } from './select-short.js';
export type { Explanation } from './explain.js';
export { explainResult } from './explain.js';
export type { ResolverFinding } from './compare.js';
export { compareResolvers } from './compare.js';
export type { LookupOptions, LookupReport, ResolverView } from './lookup.js';
export { lookup } from './lookup.js';
export { deriveLookupSeverity, exitCodeForLookup } from './exit-code.js';
export type { SystemLookup, SystemAddress, SystemResolver } from './system-lookup.js';
export type { SystemWaitEstimate } from './estimate-system-wait.js';
export { estimateSystemWait } from './estimate-system-wait.js';
export type { NameFacts, NameFinding, NameFindingKind, NameAddresses, NameResolverView } from './name-facts.js';
export { SLOW_SYSTEM_LOOKUP_MS } from './name-facts.js';
export type { TryFirst } from './derive-resolution.js';
export {
  deriveAddresses,
  deriveExists,
  deriveNameFindings,
  deriveNameVerdict,
  deriveTryFirst,
} from './derive-resolution.js';
export type { ResolveNameOptions, NameResolution } from './resolve-name.js';
export { resolveName } from './resolve-name.js';
export type { NameOutcomeId } from './name-outcome.js';
export { deriveNameOutcome } from './name-outcome.js';

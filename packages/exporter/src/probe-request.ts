import { NetcheckError, parseTarget, type Target } from '@netcheck/core';
import type { ModuleConfig, ModuleSet } from './modules.js';

/** A `/probe` request that passed validation: nothing has run yet. */
export interface ProbeRequest {
  target: Target;
  moduleName: string;
  module: ModuleConfig;
}

/** A request refused before anything runs: HTTP 400 with this reason. */
export interface ProbeRejection {
  status: 400;
  reason: string;
}

/**
 * Validate `/probe?target=T&module=M` exactly as the CLI validates its targets (core's parseTarget), plus what the
 * module needs: tcp needs a port (blackbox_exporter's `host:port`), icmp and path a bare host. Pure.
 */
export function buildProbeRequest(params: URLSearchParams, modules: ModuleSet): ProbeRequest | ProbeRejection {
  const targets = params.getAll('target');
  if (targets.length !== 1) return { status: 400, reason: 'target parameter is missing (or given twice)' };
  const moduleName = params.get('module') ?? 'icmp';
  const module = Object.hasOwn(modules, moduleName) ? modules[moduleName] : undefined;
  if (!module)
    return {
      status: 400,
      reason: `unknown module "${moduleName.slice(0, 64)}" (known: ${Object.keys(modules).join(', ')})`,
    };
  let target: Target;
  try {
    target = parseTarget(targets[0]!);
  } catch (error) {
    if (!(error instanceof NetcheckError)) throw error;
    return { status: 400, reason: [error.message, error.hint].filter(Boolean).join('; ') };
  }
  const hostOnly = module.prober === 'icmp' || module.prober === 'path' || module.prober === 'dns';
  if (hostOnly && (target.port !== undefined || target.scheme !== undefined))
    return { status: 400, reason: `module "${moduleName}" (${module.prober}) takes a host, not "${target.input}"` };
  if (module.prober === 'tcp' && target.port === undefined)
    return {
      status: 400,
      reason: `module "${moduleName}" (tcp) needs a port: host:port, [v6]:port or a URL (got "${target.input}")`,
    };
  return { target, moduleName, module };
}

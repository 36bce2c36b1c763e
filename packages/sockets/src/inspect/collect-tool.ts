import type { CommandRunner, ProbeFailure } from '@netcheck/core';
import { makeSocketAggregator, rowFromSocket } from '../aggregate.js';
import { queryLsof, queryNetstatTable, querySsTable } from '../run-tools.js';
import type { ToolTable } from '../run-tools.js';
import type { TcpSocket } from '../types.js';
import type { CollectInput, CollectOutcome, TableSource } from './collected.js';
import type { InspectPlan } from './plan.js';

/** I/O handles the tool collectors use. */
export interface ToolIo {
  runner: CommandRunner;
  signal: AbortSignal | undefined;
}

/** Read the table with `ss -tan` or `netstat` (the Linux fallbacks; netstat and lsof elsewhere). */
export async function collectFromTool(
  kind: 'ss' | 'netstat',
  plan: InspectPlan,
  input: CollectInput,
  io: ToolIo,
): Promise<CollectOutcome> {
  const withProcesses = !input.statesOnly && plan.processes !== 'none';
  const r: ToolTable<{ sockets: TcpSocket[]; warnings: string[] }> =
    kind === 'ss'
      ? await querySsTable(io.runner, withProcesses, io.signal)
      : await queryNetstatTable(io.runner, plan.platform, withProcesses, io.signal);
  if (!r.ok) {
    const failure: ProbeFailure = { ok: false, reason: r.reason, detail: r.detail, hint: r.hint };
    return { ok: false, failed: { kind, failure, summary: `${r.command.join(' ')}: ${r.detail}` } };
  }
  const source: TableSource = { kind, what: r.command.join(' '), durationMs: r.durationMs };
  const warnings = [...r.warnings];
  if (plan.ownersFromLsof && withProcesses) {
    const l = await queryLsof(io.runner, plan.platform, undefined, io.signal);
    if (l.ok) attachLsofOwners(r.sockets, l.sockets);
    else warnings.push(`processes not attributed: ${l.command.join(' ')}: ${l.detail}`);
  }
  const agg = makeSocketAggregator({
    ephemeralRange: input.ephemeralRange,
    filter: input.filter,
    keepSockets: plan.keepSockets,
  });
  // listeners first, so their ports are known before the connections on them are grouped
  const ordered = [...r.sockets.filter((s) => s.state === 'LISTEN'), ...r.sockets.filter((s) => s.state !== 'LISTEN')];
  for (const s of ordered) agg.add(rowFromSocket(s), s);
  const table = agg.result();
  const note =
    table.attribution === 'none' && withProcesses ? `${source.what} named no processes (not root?)` : undefined;
  return {
    ok: true,
    collected: { table, source, warnings, aggregator: undefined, ownerMap: undefined, attributionNote: note },
  };
}

/** macOS: give netstat's sockets the owners lsof lists for the same endpoints and state. */
function attachLsofOwners(sockets: TcpSocket[], fromLsof: readonly TcpSocket[]): void {
  const key = (s: TcpSocket) => `${s.localAddress}|${s.localPort}|${s.remoteAddress}|${s.remotePort}|${s.state}`;
  const owners = new Map(fromLsof.map((s) => [key(s), s.owners]));
  for (const s of sockets) if (s.owners.length === 0) s.owners = [...(owners.get(key(s)) ?? [])];
}

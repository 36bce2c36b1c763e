import type { ProbeFailure } from '@netcheck/core';
import type { CompiledFilter, SocketAggregator, SocketTable } from '../aggregate.js';
import type { SocketOwner } from '../types.js';
import type { TableSourceKind } from './plan.js';

/** Where the socket table was read. */
export interface TableSource {
  kind: TableSourceKind;
  /** The files read or the command run. */
  what: string;
  durationMs: number;
}

/** What every collector is given: the compiled filter and what the loop learnt before reading the table. */
export interface CollectInput {
  filter: CompiledFilter | undefined;
  ephemeralRange: [number, number] | undefined;
  /** Counts only: no attribution, no memory of inodes. */
  statesOnly: boolean;
  /** Owners of the sockets of the processes a process filter names (found in /proc/<pid>/fd). */
  filterOwners: Map<number, SocketOwner[]> | undefined;
}

/** A table one collector read. */
export interface CollectedTable {
  table: SocketTable;
  source: TableSource;
  warnings: string[];
  /** The /proc aggregator, kept to attribute the sockets findings are about afterwards. */
  aggregator: SocketAggregator | undefined;
  /** inode -> owners, when processes were looked up in /proc/<pid>/fd. */
  ownerMap: ReadonlyMap<number, SocketOwner[]> | undefined;
  /** Why processes were not (all) attributed. */
  attributionNote: string | undefined;
}

/** A source that could not be read: the failure, and how to say it in a list of attempts. */
export interface FailedRead {
  kind: TableSourceKind;
  failure: ProbeFailure;
  /** "ss -tanpH: ss not found" */
  summary: string;
}

/** The outcome of one collector. */
export type CollectOutcome = { ok: true; collected: CollectedTable } | { ok: false; failed: FailedRead };

/**
 * The failure when no source could be read (pure).
 * 1 - /proc alone was asked for: its own failure (permission-denied, with how to check it);
 * 2 - otherwise every attempt is listed, with the reason and hint of the last tool that failed.
 */
export function buildTableFailure(failed: readonly FailedRead[]): ProbeFailure {
  const only = failed.length === 1 ? failed[0] : undefined;
  if (only?.kind === 'proc') return only.failure;
  const lastTool = failed.filter((f) => f.kind !== 'proc').at(-1)?.failure;
  return {
    ok: false,
    reason: lastTool?.reason ?? 'tool-error',
    detail: `no TCP table could be read: ${failed.map((f) => f.summary).join('; ')}`,
    hint: lastTool?.hint,
  };
}

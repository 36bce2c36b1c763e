import { nonZeroStates, STATE_COUNT, STATE_INDEX } from '../tcp-state.js';
import type { SocketOwner } from '../types.js';
import { bump, sumStates } from './groups.js';
import type { OwnerCoverage, ProcessShare, ProcessSummary } from './types.js';

const LISTEN = STATE_INDEX.LISTEN;
const WATCHED = new Set([STATE_INDEX.CLOSE_WAIT, STATE_INDEX.SYN_SENT, STATE_INDEX.FIN_WAIT_2]);

interface ProcessTally {
  name: string | undefined;
  counts: Float64Array;
  listening: Set<number>;
}

/** Who holds the sockets: owners named by the rows, or found later for remembered inodes. */
export interface OwnerLedger {
  /** A row that names its owners: credit them now (attribution is then 'all'). */
  creditNamed(groupId: number, state: number, port: number, owners: readonly SocketOwner[]): void;
  /** A row with an inode and no owner: remember where it was counted, to credit its owners later. */
  remember(inode: number, groupId: number, state: number): void;
  ownedInodes(): ReadonlySet<number> | undefined;
  watchedInodes(): ReadonlySet<number>;
  readonly ownedOverflow: boolean;
  /** Credit the owners found in /proc/<pid>/fd to the remembered sockets. */
  attach(owners: ReadonlyMap<number, readonly SocketOwner[]>, portOf: (groupId: number) => number): void;
  shares(groupId: number): ProcessShare[];
  /** Per process, most sockets first; `undefined` unless every socket with an owner was attributed. */
  processes(): ProcessSummary[] | undefined;
  readonly coverage: OwnerCoverage;
}

/**
 * Remembering sockets for attribution costs a map entry each.
 * 1 - up to `rememberOwned` sockets with an inode; past it the memory is dropped (`ownedOverflow`);
 * 2 - up to `rememberWatched` CLOSE_WAIT, SYN_SENT and FIN_WAIT_2 sockets, whose processes findings name;
 * 3 - an inode is packed with its group and state (group * 16 + state).
 */
export function makeOwnerLedger(rememberOwned: number, rememberWatched: number): OwnerLedger {
  let owned: Map<number, number> | undefined = rememberOwned > 0 ? new Map() : undefined;
  let ownedOverflow = false;
  const watched = new Map<number, number>();
  // group id -> pid -> per-state counts; pid -> process totals
  const groupOwners = new Map<number, Map<number, { name: string | undefined; counts: Float64Array }>>();
  const processes = new Map<number, ProcessTally>();
  let coverage: OwnerCoverage = 'none';

  const credit = (groupId: number, state: number, owner: SocketOwner) => {
    let byPid = groupOwners.get(groupId);
    if (!byPid) groupOwners.set(groupId, (byPid = new Map()));
    let g = byPid.get(owner.pid);
    if (!g) byPid.set(owner.pid, (g = { name: owner.name, counts: new Float64Array(STATE_COUNT) }));
    bump(g.counts, state);
    g.name ??= owner.name;
  };
  const creditProcess = (state: number, port: number, owner: SocketOwner) => {
    let p = processes.get(owner.pid);
    if (!p)
      processes.set(owner.pid, (p = { name: owner.name, counts: new Float64Array(STATE_COUNT), listening: new Set() }));
    bump(p.counts, state);
    p.name ??= owner.name;
    if (state === LISTEN) p.listening.add(port);
  };

  return {
    creditNamed(groupId, state, port, owners) {
      coverage = 'all';
      for (const o of owners) {
        credit(groupId, state, o);
        creditProcess(state, port, o);
      }
    },
    remember(inode, groupId, state) {
      const packed = groupId * 16 + state;
      if (owned) {
        if (owned.size < rememberOwned) owned.set(inode, packed);
        else {
          owned = undefined;
          ownedOverflow = true;
        }
      }
      if (WATCHED.has(state) && watched.size < rememberWatched) watched.set(inode, packed);
    },
    ownedInodes: () => (owned ? new Set(owned.keys()) : undefined),
    watchedInodes: () => new Set(watched.keys()),
    get ownedOverflow() {
      return ownedOverflow;
    },
    attach(owners, portOf) {
      for (const [inode, packed] of owned ?? watched) {
        const who = owners.get(inode);
        if (!who) continue;
        const groupId = Math.floor(packed / 16);
        const state = packed % 16;
        for (const o of who) {
          credit(groupId, state, o);
          if (owned) creditProcess(state, portOf(groupId), o);
        }
      }
      coverage = owned ? 'all' : 'watched';
    },
    shares: (groupId) =>
      [...(groupOwners.get(groupId) ?? new Map<number, { name: string | undefined; counts: Float64Array }>())]
        .map(([pid, g]) => ({ pid, name: g.name, total: sumStates(g.counts), states: nonZeroStates(g.counts) }))
        .sort((a, b) => b.total - a.total || a.pid - b.pid),
    processes: () => (coverage === 'all' ? summariseProcesses(processes) : undefined),
    get coverage() {
      return coverage;
    },
  };
}

function summariseProcesses(processes: ReadonlyMap<number, ProcessTally>): ProcessSummary[] {
  return [...processes]
    .map(([pid, p]) => ({
      pid,
      name: p.name,
      total: sumStates(p.counts),
      states: nonZeroStates(p.counts),
      listening: [...p.listening].sort((a, b) => a - b),
    }))
    .sort((a, b) => b.total - a.total || a.pid - b.pid);
}

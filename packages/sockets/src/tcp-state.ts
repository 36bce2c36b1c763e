/**
 * The TCP states netcheck counts, in the order reports list them (the life of
 * a connection: opening, open, closing). Every tool spells them differently;
 * `parseTcpState` reads all the spellings.
 */
export const TCP_STATES = [
  'LISTEN',
  'SYN_SENT',
  'SYN_RECV',
  'ESTABLISHED',
  'FIN_WAIT_1',
  'FIN_WAIT_2',
  'CLOSE_WAIT',
  'CLOSING',
  'LAST_ACK',
  'TIME_WAIT',
  'CLOSED',
] as const;

/** A TCP state, in netcheck's spelling. */
export type TcpState = (typeof TCP_STATES)[number];

/** A count per TCP state; every state is present (0 when none was seen). */
export type StateCounts = Record<TcpState, number>;

/** Number of states, the length of every per-state counting array. */
export const STATE_COUNT = TCP_STATES.length;

/** Index of each state in TCP_STATES (the slot in counting arrays). */
export const STATE_INDEX: Readonly<Record<TcpState, number>> = Object.fromEntries(
  TCP_STATES.map((s, i) => [s, i]),
) as Record<TcpState, number>;

/**
 * Kernel state number (the `st` column of /proc/net/tcp, include/net/tcp_states.h)
 * to an index in TCP_STATES; -1 for numbers the kernel does not print there.
 * 12 (TCP_NEW_SYN_RECV) is a request socket, i.e. SYN_RECV; 13 (TCP_BOUND_INACTIVE) is a
 * bound socket that never listened or connected, i.e. CLOSED.
 */
export const PROC_STATE_TO_INDEX: readonly number[] = (() => {
  const byCode: Record<number, TcpState> = {
    1: 'ESTABLISHED',
    2: 'SYN_SENT',
    3: 'SYN_RECV',
    4: 'FIN_WAIT_1',
    5: 'FIN_WAIT_2',
    6: 'TIME_WAIT',
    7: 'CLOSED',
    8: 'CLOSE_WAIT',
    9: 'LAST_ACK',
    10: 'LISTEN',
    11: 'CLOSING',
    12: 'SYN_RECV',
    13: 'CLOSED',
  };
  const table: number[] = new Array(256).fill(-1);
  for (const [code, state] of Object.entries(byCode)) table[Number(code)] = STATE_INDEX[state];
  return table;
})();

// Spellings of ss (ESTAB, SYN-RECV, UNCONN), net-tools netstat (FIN_WAIT1), macOS netstat
// (SYN_RCVD, FIN_WAIT_1), Windows netstat (LISTENING, SYN_RECEIVED, DELETE_TCB), lsof (FIN_WAIT1, SYN_RECV).
const ALIASES: Readonly<Record<string, TcpState>> = {
  LISTEN: 'LISTEN',
  LISTENING: 'LISTEN',
  SYN_SENT: 'SYN_SENT',
  SYN_RECV: 'SYN_RECV',
  SYN_RECEIVED: 'SYN_RECV',
  SYN_RCVD: 'SYN_RECV',
  ESTAB: 'ESTABLISHED',
  ESTABLISHED: 'ESTABLISHED',
  FIN_WAIT_1: 'FIN_WAIT_1',
  FIN_WAIT1: 'FIN_WAIT_1',
  FIN_WAIT_2: 'FIN_WAIT_2',
  FIN_WAIT2: 'FIN_WAIT_2',
  CLOSE_WAIT: 'CLOSE_WAIT',
  CLOSING: 'CLOSING',
  LAST_ACK: 'LAST_ACK',
  TIME_WAIT: 'TIME_WAIT',
  CLOSED: 'CLOSED',
  CLOSE: 'CLOSED',
  UNCONN: 'CLOSED',
  DELETE_TCB: 'CLOSED',
  BOUND: 'CLOSED',
  IDLE: 'CLOSED',
};

/**
 * Read a state name as any of the tools print it ("ESTAB", "SYN-RECV", "FIN_WAIT1",
 * "SYN_RECEIVED", "LISTENING", "close-wait"...), case and '-'/'_' insensitive;
 * `undefined` for anything else.
 */
export function parseTcpState(text: string): TcpState | undefined {
  return ALIASES[text.trim().toUpperCase().replace(/-/g, '_')];
}

/** A StateCounts with every state at 0. */
export function makeStateCounts(): StateCounts {
  return Object.fromEntries(TCP_STATES.map((s) => [s, 0])) as StateCounts;
}

/** Turn a counting array (indexed like TCP_STATES) into a StateCounts. */
export function toStateCounts(counts: ArrayLike<number>): StateCounts {
  const out = makeStateCounts();
  TCP_STATES.forEach((state, i) => {
    out[state] = counts[i] ?? 0;
  });
  return out;
}

/** Only the states with a non-zero count, in TCP_STATES order (compact for per-port and per-peer tables). */
export function nonZeroStates(counts: ArrayLike<number>): Partial<StateCounts> {
  const out: Partial<StateCounts> = {};
  TCP_STATES.forEach((state, i) => {
    const n = counts[i] ?? 0;
    if (n > 0) out[state] = n;
  });
  return out;
}

/** How ss names a state in its filters (`ss -tan state close-wait`). */
export function ssStateName(state: TcpState): string {
  if (state === 'LISTEN') return 'listening';
  return state.toLowerCase().replace(/_/g, '-');
}

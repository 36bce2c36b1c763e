import { clip } from '@netcheck/core';

/**
 * The kernel TCP counters netcheck reads, and the section of /proc/net/netstat
 * ('TcpExt') or /proc/net/snmp ('Tcp') each lives in. All are counters since boot
 * (or since the network namespace was made) except CurrEstab, a gauge.
 */
export const TCP_COUNTERS = {
  /** Connections dropped because the accept queue was full (the final ACK or the SYN was ignored). */
  ListenOverflows: 'TcpExt',
  /** All drops at a listener (includes ListenOverflows). */
  ListenDrops: 'TcpExt',
  /** SYN cookies sent: the SYN queue was full (or tcp_syncookies=2). */
  SyncookiesSent: 'TcpExt',
  /** Valid cookies received back. */
  SyncookiesRecv: 'TcpExt',
  /** Invalid cookies received. */
  SyncookiesFailed: 'TcpExt',
  /** SYNs dropped because the SYN queue was full and cookies were off. */
  TCPReqQFullDrop: 'TcpExt',
  /** Retransmission timer expiries. */
  TCPTimeouts: 'TcpExt',
  /** Connections given up after too many retransmissions or keepalive probes. */
  TCPAbortOnTimeout: 'TcpExt',
  RetransSegs: 'Tcp',
  ActiveOpens: 'Tcp',
  PassiveOpens: 'Tcp',
  /** Connection attempts that failed (SYN_SENT/SYN_RECV to CLOSED, or SYN_RECV to LISTEN). */
  AttemptFails: 'Tcp',
  /** ESTABLISHED/CLOSE_WAIT connections reset. */
  EstabResets: 'Tcp',
  /** Gauge: ESTABLISHED + CLOSE_WAIT connections now. */
  CurrEstab: 'Tcp',
  OutRsts: 'Tcp',
  InErrs: 'Tcp',
  InSegs: 'Tcp',
  OutSegs: 'Tcp',
} as const;

/** Name of a counter netcheck reads. */
export type TcpCounterName = keyof typeof TCP_COUNTERS;

/** Counter values; a counter this kernel does not have is absent (never 0). */
export type TcpCounters = Partial<Record<TcpCounterName, number>>;

/**
 * Parse the "Section: name name...\nSection: value value..." pairs of
 * /proc/net/netstat and /proc/net/snmp into section -> name -> value.
 * A header line without its value line, or with a different number of fields, is a warning.
 */
export function parseProcNetSnmp(text: string): {
  sections: Record<string, Record<string, number>>;
  warnings: string[];
} {
  const sections: Record<string, Record<string, number>> = {};
  const warnings: string[] = [];
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const [, section = '', namesText] = /^(\w+):\s+(.*)$/.exec(line) ?? [];
    if (namesText === undefined) {
      warnings.push(`not a counter line: ${clip(line, 120)}`);
      continue;
    }
    const names = namesText.trim().split(/\s+/);
    if (names.every((n) => /^-?\d+$/.test(n))) {
      warnings.push(`values without a header: ${clip(line, 120)}`);
      continue;
    }
    const [, nextSection, valuesText] = /^(\w+):\s+(.*)$/.exec(lines[i + 1] ?? '') ?? [];
    if (valuesText === undefined || nextSection !== section) {
      warnings.push(`header without values: ${clip(line, 120)}`);
      continue;
    }
    const values = valuesText.trim().split(/\s+/);
    if (values.length !== names.length) warnings.push(`${section}: ${names.length} names but ${values.length} values`);
    const counts = (sections[section] ??= {});
    names.forEach((n, k) => {
      const v = Number(values[k]);
      if (values[k] !== undefined && Number.isFinite(v)) counts[n] = v;
    });
    i++;
  }
  return { sections, warnings };
}

/** Pick netcheck's TCP counters out of parsed /proc/net/netstat and /proc/net/snmp sections. */
export function pickTcpCounters(...parsed: Record<string, Record<string, number>>[]): TcpCounters {
  const out: TcpCounters = {};
  for (const [name, section] of Object.entries(TCP_COUNTERS) as [TcpCounterName, string][]) {
    for (const p of parsed) {
      const v = p[section]?.[name];
      if (v !== undefined) out[name] = v;
    }
  }
  return out;
}

/** /proc/net/sockstat's TCP line and socket total. */
export interface Sockstat {
  /** All sockets of every kind in use ("sockets: used"). */
  socketsUsed: number | undefined;
  /** TCP sockets in use, excluding TIME_WAIT ("inuse"). */
  tcpInUse: number | undefined;
  /** Sockets no process holds any more, still closing ("orphan"). */
  tcpOrphans: number | undefined;
  /** TIME_WAIT sockets ("tw"). */
  tcpTimeWait: number | undefined;
  /** Allocated TCP sockets ("alloc"). */
  tcpAllocated: number | undefined;
  /** TCP buffer memory in pages ("mem"). */
  tcpMemoryPages: number | undefined;
}

/** Parse /proc/net/sockstat ("TCP: inuse 28 orphan 3 tw 5 alloc 37 mem 0"). Missing fields are `undefined`. */
export function parseSockstat(text: string): Sockstat {
  const used = /^sockets:\s+used\s+(\d+)/m.exec(text);
  const tcp = /^TCP:\s+(.*)$/m.exec(text);
  const field = (name: string) => {
    const m = tcp?.[1] !== undefined ? new RegExp(`\\b${name}\\s+(\\d+)`).exec(tcp[1]) : null;
    return m ? Number(m[1]) : undefined;
  };
  return {
    socketsUsed: used ? Number(used[1]) : undefined,
    tcpInUse: field('inuse'),
    tcpOrphans: field('orphan'),
    tcpTimeWait: field('tw'),
    tcpAllocated: field('alloc'),
    tcpMemoryPages: field('mem'),
  };
}

/** How one counter moved between two samples. */
export interface CounterDelta {
  before: number;
  after: number;
  /** after - before; `undefined` when the counter went backwards (namespace re-made, wrapped). */
  delta: number | undefined;
  /** delta per second of the interval; `undefined` with delta. */
  perSecond: number | undefined;
}

/** Counter movements between two samples taken `intervalMs` apart. */
export interface CounterDeltas {
  intervalMs: number;
  counters: Partial<Record<TcpCounterName, CounterDelta>>;
}

/**
 * Compare two counter samples; counters missing from either are left out. CurrEstab (a gauge) is compared the
 * same way.
 */
export function deriveCounterDeltas(before: TcpCounters, after: TcpCounters, intervalMs: number): CounterDeltas {
  const counters: Partial<Record<TcpCounterName, CounterDelta>> = {};
  for (const name of Object.keys(TCP_COUNTERS) as TcpCounterName[]) {
    const a = before[name];
    const b = after[name];
    if (a === undefined || b === undefined) continue;
    const delta = b >= a || name === 'CurrEstab' ? b - a : undefined;
    counters[name] = {
      before: a,
      after: b,
      delta,
      perSecond: delta === undefined || intervalMs <= 0 ? undefined : (delta * 1000) / intervalMs,
    };
  }
  return { intervalMs, counters };
}

/** Whether a counter rose between the samples; `undefined` when it was not measured twice. */
export function counterRose(deltas: CounterDeltas | undefined, name: TcpCounterName): boolean | undefined {
  const d = deltas?.counters[name];
  if (!d || d.delta === undefined) return undefined;
  return d.delta > 0;
}

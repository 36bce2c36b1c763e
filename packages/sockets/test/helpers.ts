import { readFileSync } from 'node:fs';
import type { SocketTable } from '../src/aggregate.js';
import { makeSocketAggregator, rowFromSocket } from '../src/aggregate.js';
import { parseTcpState } from '../src/tcp-state.js';
import type { SocketOwner, TcpSocket } from '../src/types.js';
import { splitHostPort } from '../src/address.js';

/** A fixture's tool output: the file without its "# " header and trailer lines. */
export function fixture(name: string): string {
  const text = readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8');
  return text
    .split('\n')
    .filter((l) => !l.startsWith('# '))
    .join('\n');
}

/** The header line of a fixture that starts with `key:` (command, tool, where). */
export function fixtureHeader(name: string, key: string): string | undefined {
  const text = readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8');
  return text
    .split('\n')
    .find((l) => l.startsWith(`# ${key}:`))
    ?.slice(key.length + 3)
    .trim();
}

/**
 * Build sockets from compact scenario lines, for rule tables:
 *   "ESTABLISHED 10.0.0.1:80 10.0.0.9:40001 x12 pid=812/nginx timer=keepalive q=0/128"
 * `xN` repeats the socket N times with the remote (or, for a local port in the ephemeral
 * range, the local) port counting up; `q=len/limit` is a listener's queue.
 */
export function socketsFrom(lines: readonly string[]): TcpSocket[] {
  const out: TcpSocket[] = [];
  for (const line of lines) {
    const t = line.trim().split(/\s+/);
    const state = parseTcpState(t[0]!)!;
    if (!state) throw new Error(`bad state in "${line}"`);
    const local = splitHostPort(t[1]!)!;
    const hasRemote = t[2] !== undefined && !/^(x\d+$|pid=|timer=|q=)/.test(t[2]);
    const remote = splitHostPort(hasRemote ? t[2]! : '*:*')!;
    let times = 1;
    const owners: SocketOwner[] = [];
    let timer: TcpSocket['timer'];
    let recvQ: number | undefined = 0;
    let sendQ: number | undefined = 0;
    for (const opt of t.slice(hasRemote ? 3 : 2)) {
      if (/^x\d+$/.test(opt)) times = Number(opt.slice(1));
      else if (opt.startsWith('pid=')) {
        const [pid, name] = opt.slice(4).split('/');
        owners.push({ pid: Number(pid), name });
      } else if (opt.startsWith('timer=')) timer = opt.slice(6) as TcpSocket['timer'];
      else if (opt.startsWith('q='))
        [recvQ, sendQ] = opt
          .slice(2)
          .split('/')
          .map((x) => (x === '?' ? undefined : Number(x)));
      else throw new Error(`bad option ${opt} in "${line}"`);
    }
    const bumpLocal = state !== 'LISTEN' && (local.port ?? 0) >= 32768 && (local.port ?? 0) <= 60999;
    for (let i = 0; i < times; i++) {
      out.push({
        state,
        family: local.address.includes(':') ? 6 : 4,
        localAddress: local.address,
        localPort: (local.port ?? 0) + (bumpLocal ? i : 0),
        remoteAddress: remote.address,
        remotePort: (remote.port ?? 0) + (!bumpLocal && state !== 'LISTEN' ? i : 0),
        recvQ,
        sendQ,
        inode: undefined,
        uid: undefined,
        timer,
        owners,
      });
    }
  }
  return out;
}

/** Aggregate scenario sockets (listeners first, like /proc) with the default Linux ephemeral range. */
export function tableFrom(lines: readonly string[], range: [number, number] = [32768, 60999]): SocketTable {
  const sockets = socketsFrom(lines);
  const agg = makeSocketAggregator({ ephemeralRange: range });
  for (const s of [...sockets.filter((s) => s.state === 'LISTEN'), ...sockets.filter((s) => s.state !== 'LISTEN')])
    agg.add(rowFromSocket(s), s);
  return agg.result();
}

import type { SocketFacts } from '../src/rules/types.js';
import type { TcpSysctls } from '../src/sysctls.js';
import type { CounterDeltas } from '../src/kernel-counters.js';

/** The sysctls of a fresh namespace on the recording machine (fixtures/linux/sysctls.txt). */
export const DEFAULT_SYSCTLS: TcpSysctls = {
  tcpSyncookies: 1,
  tcpMaxSynBacklog: 2048,
  somaxconn: 4096,
  tcpTwReuse: 2,
  tcpFinTimeoutS: 60,
  ipLocalPortRange: [32768, 60999],
  tcpMaxTwBuckets: 131072,
  tcpKeepaliveTimeS: 7200,
  tcpKeepaliveIntvlS: 75,
  tcpKeepaliveProbes: 9,
};

/** Facts for a rule from scenario lines (see socketsFrom), one sample unless `deltas` are given. */
export function factsFrom(lines: readonly string[], extra: Partial<SocketFacts> = {}): SocketFacts {
  const sysctls = extra.sysctls ?? DEFAULT_SYSCTLS;
  return {
    table: tableFrom(lines, sysctls.ipLocalPortRange ?? [32768, 60999]),
    source: '/proc/net/tcp',
    counters: undefined,
    deltas: undefined,
    stateDeltas: undefined,
    idle: undefined,
    ...extra,
    sysctls,
  };
}

/** Counter deltas over `intervalMs` where the named counters rose by the given amounts (others flat). */
export function deltasOf(
  rises: Partial<Record<keyof CounterDeltas['counters'], number>>,
  intervalMs = 2000,
): CounterDeltas {
  const names = [
    'SyncookiesSent',
    'ListenOverflows',
    'ListenDrops',
    'TCPReqQFullDrop',
    'RetransSegs',
    'ActiveOpens',
  ] as const;
  const counters: CounterDeltas['counters'] = {};
  for (const n of names) {
    const d = rises[n] ?? 0;
    counters[n] = { before: 100, after: 100 + d, delta: d, perSecond: (d * 1000) / intervalMs };
  }
  return { intervalMs, counters };
}

import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A procfs-shaped directory for inspectSockets tests: net/ files from fixtures, the
 * audited sysctls, and processes whose fd/ holds "socket:[inode]" symlinks.
 */
export function makeFakeProc(opts: {
  net?: Partial<Record<'tcp' | 'tcp6' | 'netstat' | 'snmp' | 'sockstat', string>>;
  sysctls?: Record<string, string>;
  processes?: { pid: number; comm: string; inodes: number[] }[];
}): string {
  const root = mkdtempSync(join(tmpdir(), 'ncsockets-proc-'));
  mkdirSync(join(root, 'net'));
  for (const [name, text] of Object.entries(opts.net ?? {})) writeFileSync(join(root, 'net', name), text);
  const sysctls = opts.sysctls ?? {
    'net.ipv4.tcp_syncookies': '1',
    'net.ipv4.tcp_max_syn_backlog': '2048',
    'net.core.somaxconn': '4096',
    'net.ipv4.tcp_tw_reuse': '2',
    'net.ipv4.tcp_fin_timeout': '60',
    'net.ipv4.ip_local_port_range': '32768\t60999',
    'net.ipv4.tcp_max_tw_buckets': '131072',
    'net.ipv4.tcp_keepalive_time': '7200',
    'net.ipv4.tcp_keepalive_intvl': '75',
    'net.ipv4.tcp_keepalive_probes': '9',
  };
  for (const [name, value] of Object.entries(sysctls)) {
    const parts = name.split('.');
    mkdirSync(join(root, 'sys', ...parts.slice(0, -1)), { recursive: true });
    writeFileSync(join(root, 'sys', ...parts), `${value}\n`);
  }
  mkdirSync(join(root, 'self', 'ns'), { recursive: true });
  symlinkSync('net:[4026531840]', join(root, 'self', 'ns', 'net'));
  for (const p of opts.processes ?? []) {
    const dir = join(root, String(p.pid));
    mkdirSync(join(dir, 'fd'), { recursive: true });
    mkdirSync(join(dir, 'ns'));
    symlinkSync('net:[4026531840]', join(dir, 'ns', 'net'));
    writeFileSync(join(dir, 'comm'), `${p.comm}\n`);
    symlinkSync('/dev/null', join(dir, 'fd', '0'));
    for (const [i, inode] of p.inodes.entries()) symlinkSync(`socket:[${inode}]`, join(dir, 'fd', String(i + 3)));
  }
  return root;
}

import type { Platform, ProbeFailure } from '@netcheck/core';
import type { PingLine, ReportedStats, UnreachableCode } from './types.js';

const IP = String.raw`[0-9a-fA-F:.]+(?:%\w+)?`;

// The address class includes ':' for IPv6, so "From 10.0.1.1: icmp_seq" captures the colon; drop it (but keep "::").
const addr = (a: string): string => (a.endsWith(':') && !a.endsWith('::') ? a.slice(0, -1) : a);

const num = (s: string | undefined): number | undefined => (s === undefined ? undefined : Number(s));

function unreachableCode(text: string): UnreachableCode | undefined {
  const t = text.toLowerCase();
  if (/time to live exceeded|ttl expired/.test(t)) return undefined;
  if (t.includes('host unreachable') || t.includes('host prohibited') || t.includes('address unreachable'))
    return 'host';
  if (
    t.includes('net unreachable') ||
    t.includes('network unreachable') ||
    t.includes('net prohibited') ||
    t.includes('no route')
  )
    return 'net';
  if (t.includes('port unreachable')) return 'port';
  if (t.includes('protocol unreachable')) return 'protocol';
  if (
    t.includes('packet filtered') ||
    t.includes('communication prohibited') ||
    t.includes('administratively prohibited')
  )
    return 'filtered';
  if (t.includes('frag needed') || t.includes('fragmentation needed')) return 'fragmentation-needed';
  if (t.includes('source route failed')) return 'source-route-failed';
  if (t.includes('unreachable')) return 'other';
  return undefined;
}

function failure(reason: ProbeFailure['reason'], detail: string, hint?: string): PingLine {
  return { kind: 'failure', failure: { ok: false, reason, detail, ...(hint ? { hint } : {}) } };
}

/** Errors ping prints instead of probing, the same words across iputils, busybox and BSD. */
function parseToolError(line: string): PingLine | undefined {
  if (
    /Name or service not known|Temporary failure in name resolution|unknown host|cannot resolve|bad address|could not find host|No address associated/i.test(
      line,
    )
  )
    return failure('unknown-host', line.trim(), 'check the spelling, then the resolver: netcheck dns <name>');
  if (/Network is unreachable|No route to host|Cannot assign requested address|General failure/i.test(line))
    return failure(
      'unreachable',
      line.trim(),
      'this machine has no route to that address: check `ip route` and the default gateway',
    );
  if (/Operation not permitted|Permission denied|must be root|socket: Permission|missing cap_net_raw/i.test(line))
    return failure(
      'permission-denied',
      line.trim(),
      'ping needs raw sockets: run as root, `setcap cap_net_raw+ep $(command -v ping)`, or allow unprivileged ICMP ' +
        '(sysctl net.ipv4.ping_group_range="0 2147483647")',
    );
  return undefined;
}

/**
 * iputils' header line, first that matches:
 * 1 - IPv6 with a name: "PING name(name (addr)) 56 data bytes";
 * 2 - IPv4: "PING name (addr) 56(84) bytes of data.", with -I "PING a (a) from s lo: 56(84) bytes of data.";
 * 3 - IPv6: "PING ::1(::1) 56 data bytes", with -I "PING ::1(::1) from ::1 lo: 56 data bytes".
 */
function parseLinuxHeader(l: string): PingLine | undefined {
  const m =
    new RegExp(String.raw`^PING (\S+)\(\S+ \((${IP})\)\) (\d+) data bytes`).exec(l) ??
    new RegExp(String.raw`^PING (\S+) \((${IP})\)\s*(\d+)?`).exec(l) ??
    new RegExp(String.raw`^PING (\S+)\((${IP})\) (?:from \S+ \S+: )?(\d+) data bytes`).exec(l);
  const [, target, address, payload] = m ?? [];
  if (target === undefined || address === undefined) return undefined;
  return { kind: 'event', event: { type: 'start', target, address, payloadBytes: num(payload) } };
}

function parseLinux(line: string): PingLine {
  const l = line.replace(/^\[\d+\.\d+\]\s*/, ''); // -D timestamps
  let m: RegExpExecArray | null;
  const header = parseLinuxHeader(l);
  if (header) return header;
  if (
    (m = new RegExp(
      String.raw`^(\d+) bytes from (?:\S+ \()?(${IP})\)?: icmp_seq=(\d+)(?: ttl=(\d+))?(?: time=([\d.]+) ms)?(.*)$`,
    ).exec(l))
  ) {
    return {
      kind: 'event',
      event: {
        type: 'reply',
        seq: Number(m[3]),
        from: m[2]!,
        bytes: Number(m[1]),
        ttl: num(m[4]),
        rttMs: num(m[5]),
        duplicate: /\(DUP!\)/.test(m[6] ?? ''),
        outOfOrder: false,
        late: false,
      },
    };
  }
  if ((m = /^no answer yet for icmp_seq=(\d+)/.exec(l)))
    return { kind: 'event', event: { type: 'timeout', seq: Number(m[1]) } };
  if ((m = new RegExp(String.raw`^From (?:\S+ \()?(${IP})\)?:? icmp_seq=(\d+) (.+)$`).exec(l))) {
    const [, fromRaw, seqText, text] = m as unknown as [string, string, string, string];
    const from = addr(fromRaw);
    const seq = Number(seqText);
    if (/Time to live exceeded|Time exceeded: Hop limit/i.test(text))
      return { kind: 'event', event: { type: 'ttl-exceeded', seq, from } };
    if (/Redirect/i.test(text))
      return {
        kind: 'event',
        event: { type: 'redirect', seq, from, gateway: /New nexthop: (\S+?)\)?$/.exec(text)?.[1] },
      };
    const code = unreachableCode(text);
    if (code) return { kind: 'event', event: { type: 'unreachable', seq, from, code, text: text.trim() } };
  }
  if (
    (m =
      /^(\d+) packets transmitted, (\d+) (?:packets )?received(?:, \+(\d+) duplicates)?(?:, \+(\d+) errors)?(?:, \+\d+ duplicates)?, ([\d.]+)% packet loss/.exec(
        l,
      ))
  ) {
    const stats: ReportedStats = { transmitted: Number(m[1]), received: Number(m[2]), lossPct: Number(m[5]) };
    if (m[4]) stats.errors = Number(m[4]);
    return { kind: 'stats', stats };
  }
  if (
    (m =
      /^(?:rtt|round-trip) min\/avg\/max(?:\/(?:mdev|stddev))? = ([\d.]+)\/([\d.]+)\/([\d.]+)(?:\/([\d.]+))? ms/.exec(
        l,
      ))
  )
    return {
      kind: 'stats',
      stats: {
        minMs: Number(m[1]),
        avgMs: Number(m[2]),
        maxMs: Number(m[3]),
        ...(m[4] ? { mdevMs: Number(m[4]) } : {}),
      },
    };
  // iputils notes that are not results: the ping socket type it tried, and a broadcast warning.
  if (
    /^--- .* ping statistics ---$/.test(l) ||
    l.trim() === '' ||
    /^pipe \d+$/.test(l.trim()) ||
    /^ping: socktype: /.test(l) ||
    /^WARNING: pinging broadcast address/.test(l)
  )
    return { kind: 'ignored' };
  return parseToolError(l) ?? { kind: 'unrecognised', line };
}

/**
 * A reply line of busybox and BSD/macOS ping, whose patterns capture alike: bytes, sender, sequence, TTL (or hop
 * limit), time in ms, and the rest of the line (where a "DUP!" says duplicate).
 */
function replyFromMatch(m: RegExpExecArray): PingLine {
  return {
    kind: 'event',
    event: {
      type: 'reply',
      seq: Number(m[3]),
      from: m[2] ?? '',
      bytes: Number(m[1]),
      ttl: Number(m[4]),
      rttMs: Number(m[5]),
      duplicate: /DUP/.test(m[6] ?? ''),
      outOfOrder: false,
      late: false,
    },
  };
}

// busybox: "64 bytes from 127.0.0.1: seq=0 ttl=64 time=0.059 ms"; counts from 0.
function parseBusybox(line: string): PingLine {
  let m: RegExpExecArray | null;
  if ((m = new RegExp(String.raw`^PING (\S+) \((${IP})\): (\d+) data bytes`).exec(line)))
    return { kind: 'event', event: { type: 'start', target: m[1]!, address: m[2]!, payloadBytes: Number(m[3]) } };
  if ((m = new RegExp(String.raw`^(\d+) bytes from (${IP}): seq=(\d+) ttl=(\d+) time=([\d.]+) ms(.*)$`).exec(line)))
    return replyFromMatch(m);
  if ((m = /^(\d+) packets transmitted, (\d+) packets received(?:, (\d+) duplicates)?, (\d+)% packet loss/.exec(line)))
    return { kind: 'stats', stats: { transmitted: Number(m[1]), received: Number(m[2]), lossPct: Number(m[4]) } };
  if ((m = /^round-trip min\/avg\/max = ([\d.]+)\/([\d.]+)\/([\d.]+) ms/.exec(line)))
    return { kind: 'stats', stats: { minMs: Number(m[1]), avgMs: Number(m[2]), maxMs: Number(m[3]) } };
  if (/^--- .* ping statistics ---$/.test(line) || line.trim() === '') return { kind: 'ignored' };
  return parseToolError(line) ?? { kind: 'unrecognised', line };
}

// macOS/BSD: "64 bytes from 1.1.1.1: icmp_seq=0 ttl=57 time=12.3 ms", "Request timeout for icmp_seq 1",
// "92 bytes from 10.0.0.1: Time to live exceeded" followed by an IP header dump.
function parseDarwin(line: string, lastSeq: number): PingLine {
  let m: RegExpExecArray | null;
  if ((m = new RegExp(String.raw`^PING (\S+) \((${IP})\): (\d+) data bytes`).exec(line)))
    return { kind: 'event', event: { type: 'start', target: m[1]!, address: m[2]!, payloadBytes: Number(m[3]) } };
  // ping6 (and ping with an IPv6 target since macOS 13 / FreeBSD 14): "PING6(56=40+8+8 bytes) src --> dst".
  if ((m = new RegExp(String.raw`^PING6\(\d+=\d+\+\d+\+(\d+) bytes\) \S+ --> (${IP})`).exec(line)))
    return { kind: 'event', event: { type: 'start', target: m[2] ?? '', address: m[2], payloadBytes: Number(m[1]) } };
  // IPv4 "from ADDR: ... ttl=", IPv6 "from ADDR, ... hlim="; a named sender is "NAME (ADDR)".
  const reply = String.raw`^(\d+) bytes from (?:\S+ \()?(${IP})\)?[:,] icmp_seq=(\d+) (?:ttl|hlim)=(\d+) time=([\d.]+) ms(.*)$`;
  if ((m = new RegExp(reply).exec(line))) return replyFromMatch(m);
  if ((m = /^Request timeout for icmp_seq (\d+)/.exec(line)))
    return { kind: 'event', event: { type: 'timeout', seq: Number(m[1]) } };
  if ((m = new RegExp(String.raw`^\d+ bytes from (?:\S+ \()?(${IP})\)?[:,] (.+)$`).exec(line))) {
    const [, from, text] = m as unknown as [string, string, string];
    if (/Time to live exceeded/i.test(text))
      return { kind: 'event', event: { type: 'ttl-exceeded', seq: lastSeq + 1, from } };
    if (/Redirect/i.test(text))
      return {
        kind: 'event',
        event: { type: 'redirect', seq: lastSeq + 1, from, gateway: /New addr: (\S+)/.exec(text)?.[1] },
      };
    const code = unreachableCode(text);
    if (code) return { kind: 'event', event: { type: 'unreachable', seq: lastSeq + 1, from, code, text: text.trim() } };
  }
  if (/^Vr HL TOS|^ \d \s+\d|^\s*[0-9a-f]{4}\s+[0-9a-f]{4}/.test(line)) return { kind: 'ignored' }; // IP header dump after an ICMP error
  if (
    (m = /^(\d+) packets transmitted, (\d+) packets received,(?: \+(\d+) duplicates,)? ([\d.]+)% packet loss/.exec(
      line,
    ))
  )
    return { kind: 'stats', stats: { transmitted: Number(m[1]), received: Number(m[2]), lossPct: Number(m[4]) } };
  if ((m = /^round-trip min\/avg\/max\/(?:stddev|std-dev) = ([\d.]+)\/([\d.]+)\/([\d.]+)\/([\d.]+) ms/.exec(line)))
    return {
      kind: 'stats',
      stats: { minMs: Number(m[1]), avgMs: Number(m[2]), maxMs: Number(m[3]), mdevMs: Number(m[4]) },
    };
  if (/^--- .* ping6? statistics ---$/.test(line) || line.trim() === '') return { kind: 'ignored' };
  return parseToolError(line) ?? { kind: 'unrecognised', line };
}

// Windows: no sequence numbers; each reply line is the next probe.
function parseWindows(line: string, lastSeq: number): PingLine {
  const l = line.trim();
  let m: RegExpExecArray | null;
  if ((m = new RegExp(String.raw`^Pinging (\S+)(?: \[(${IP})\])? with (\d+) bytes of data`).exec(l)))
    return {
      kind: 'event',
      event: { type: 'start', target: m[1]!, address: m[2] ?? m[1], payloadBytes: Number(m[3]) },
    };
  // "time<1ms" is below the tool's resolution: recorded as half a millisecond, not 0 and not 1.
  if ((m = new RegExp(String.raw`^Reply from (${IP}): bytes=(\d+) time(=|<)(\d+)ms TTL=(\d+)`).exec(l)))
    return {
      kind: 'event',
      event: {
        type: 'reply',
        seq: lastSeq + 1,
        from: m[1]!,
        bytes: Number(m[2]),
        ttl: Number(m[5]),
        rttMs: m[3] === '<' ? Number(m[4]) / 2 : Number(m[4]),
        duplicate: false,
        outOfOrder: false,
        late: false,
      },
    };
  if (/^Request timed out\.?$/.test(l)) return { kind: 'event', event: { type: 'timeout', seq: lastSeq + 1 } };
  if ((m = new RegExp(String.raw`^Reply from (${IP}): (.+?)\.?$`).exec(l))) {
    const [, from, text] = m as unknown as [string, string, string];
    if (/TTL expired/i.test(text)) return { kind: 'event', event: { type: 'ttl-exceeded', seq: lastSeq + 1, from } };
    const code = unreachableCode(text);
    if (code) return { kind: 'event', event: { type: 'unreachable', seq: lastSeq + 1, from, code, text } };
  }
  if ((m = /^Packets: Sent = (\d+), Received = (\d+), Lost = (\d+) \((\d+)% loss\)/.exec(l)))
    return { kind: 'stats', stats: { transmitted: Number(m[1]), received: Number(m[2]), lossPct: Number(m[4]) } };
  if ((m = /^Minimum = (\d+)ms, Maximum = (\d+)ms, Average = (\d+)ms/.exec(l)))
    return { kind: 'stats', stats: { minMs: Number(m[1]), maxMs: Number(m[2]), avgMs: Number(m[3]) } };
  if (/^Ping statistics for|^Approximate round trip times/.test(l) || l === '') return { kind: 'ignored' };
  if (/^Ping request could not find host/.test(l))
    return failure('unknown-host', l, 'check the spelling, then the resolver: netcheck dns <name>');
  if (/^PING: transmit failed/.test(l))
    return failure('unreachable', l, 'check the route and the default gateway: route print');
  return parseToolError(l) ?? { kind: 'unrecognised', line };
}

/**
 * Parse one line of ping output. Pure and incremental, so it can run on a
 * live stream. `lastSeq` is the last probe number seen, for platforms whose
 * error or timeout lines carry none (macOS errors, Windows everything).
 * Lines it does not know come back as 'unrecognised', never an exception.
 */
export function parsePingLine(line: string, platform: Platform | 'busybox', lastSeq = 0): PingLine {
  switch (platform) {
    case 'linux':
      return parseLinux(line);
    case 'busybox':
      return parseBusybox(line);
    case 'darwin':
      return parseDarwin(line, lastSeq);
    case 'win32':
      return parseWindows(line, lastSeq);
  }
}

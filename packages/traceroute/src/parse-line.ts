import type { ProbeFailure } from '@netcheck/core';
import { decodeAnnotation } from './annotations.js';
import { makeHop } from './hop.js';
import type { Annotation, MplsLabel, Probe, TraceLine, TraceTool } from './types.js';

const IPV4 = /^\d{1,3}(?:\.\d{1,3}){3}$/;
const IPV6 = /^[0-9a-fA-F:]*:[0-9a-fA-F:.]*(?:%\w+)?$/;
const isIp = (s: string) => IPV4.test(s) || IPV6.test(s);

function failure(reason: ProbeFailure['reason'], detail: string, hint?: string): TraceLine {
  return { kind: 'failure', failure: { ok: false, reason, detail, ...(hint ? { hint } : {}) } };
}

/** Errors the tools print instead of tracing. */
function parseToolError(line: string): TraceLine | undefined {
  const l = line.trim();
  const unknown = /Name or service not known|Temporary failure in name resolution|unknown host|cannot resolve/i;
  if (unknown.test(l) || /Unable to resolve|No address associated/i.test(l))
    return failure('unknown-host', l, 'check the spelling, then the resolver: netcheck dns <name>');
  if (/Cannot handle "host" cmdline arg/.test(l)) return { kind: 'ignored' };
  if (/enough privileges|Operation not permitted|Permission denied|must be root/i.test(l))
    return failure(
      'permission-denied',
      l,
      'this probe method needs raw sockets: run as root, use UDP (-U, the default) or tracepath, ' +
        'or grant the capability: setcap cap_net_raw+ep $(command -v traceroute)',
    );
  if (/Network is unreachable|No route to host/i.test(l))
    return failure(
      'unreachable',
      l,
      'this machine has no route to that address: check `ip route` and the default gateway',
    );
  return undefined;
}

/** "<MPLS:L=24001,E=0,S=1,T=1>" (Linux -e) or "MPLS Label=24001 CoS=0 TTL=1 S=1" (BSD). */
function parseMpls(text: string): MplsLabel | undefined {
  const linux = /^<MPLS:L=(\d+)(?:,E=(\d+))?(?:,S=(\d+))?(?:,T=(\d+))?>$/.exec(text);
  if (linux) {
    const label: MplsLabel = { label: Number(linux[1]) };
    if (linux[2] !== undefined) label.exp = Number(linux[2]);
    if (linux[3] !== undefined) label.bottomOfStack = linux[3] === '1';
    if (linux[4] !== undefined) label.ttl = Number(linux[4]);
    return label;
  }
  const bsd = /MPLS Label=(\d+)(?: CoS=(\d+))?(?: TTL=(\d+))?(?: S=(\d+))?/.exec(text);
  if (bsd) {
    const label: MplsLabel = { label: Number(bsd[1]) };
    if (bsd[2] !== undefined) label.exp = Number(bsd[2]);
    if (bsd[3] !== undefined) label.ttl = Number(bsd[3]);
    if (bsd[4] !== undefined) label.bottomOfStack = bsd[4] === '1';
    return label;
  }
  return undefined;
}

const TTL_ONE: Annotation = {
  code: '!',
  kind: 'other',
  meaning: 'the reply came with a TTL of 1 or less (often a router answering with the TTL of the probe it got)',
  terminal: false,
};

/**
 * One line of Linux (traceroute 2.x) or BSD/macOS traceroute output. A hop line
 * is the TTL then, in any mix: "*" (a probe timed out), an address or
 * "name (address)" (who answers the probes that follow), "<MPLS:...>", "12.3 ms"
 * (one probe) and "!X" annotations (on the probe before). Pure.
 */
export function parseTracerouteLine(line: string): TraceLine {
  // BSD traceroute6 names its source: "traceroute6 to NAME (ADDR) from SRC, 64 hops max".
  const header = /^traceroute6? to (\S+) \(([^)]+)\)(?: from \S+)?, (\d+) hops max/.exec(line);
  if (header) return { kind: 'header', target: header[1] ?? '', address: header[2], maxHops: Number(header[3]) };
  // A run stopped with Ctrl-C leaves the terminal's "^C" after the probes already printed ("8  * *^C").
  const m = /^\s*(\d+)\s+(.*?)(?:\^C)?$/.exec(line);
  if (m) {
    const ttl = Number(m[1]);
    const tokens = (m[2] ?? '').trim().split(/\s+/);
    const probes: Probe[] = [];
    const mpls: MplsLabel[] = [];
    let address: string | undefined;
    let name: string | undefined;
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i] ?? '';
      const next = tokens[i + 1] ?? '';
      const inParens = next.startsWith('(') && next.endsWith(')') ? next.slice(1, -1) : undefined;
      if (/^\[(?:AS[\d/.]+|\*)\]$/.test(t)) continue; // traceroute -A's AS tag: not who answered
      if (t === '!') {
        // BSD: the reply's TTL was <= 1; a note on the probe, not an unreachable.
        const last = probes.at(-1);
        if (!last) return { kind: 'unrecognised', line };
        last.annotation = TTL_ONE;
        continue;
      }
      if (t === '*') probes.push({ address: undefined, name: undefined, rttMs: undefined, annotation: undefined });
      else if (/^[\d.]+$/.test(t) && next === 'ms') {
        probes.push({ address, name, rttMs: Number(t), annotation: undefined });
        i++;
      } else if (t.startsWith('!')) {
        const a = decodeAnnotation(t);
        const last = probes.at(-1);
        if (!a || !last) return { kind: 'unrecognised', line };
        last.annotation = a;
      } else if (t.startsWith('<MPLS:')) {
        const l = parseMpls(t);
        if (!l) return { kind: 'unrecognised', line };
        mpls.push(l);
      } else if (inParens !== undefined && isIp(inParens)) {
        name = t;
        address = inParens;
        i++;
      } else if (isIp(t)) {
        address = t;
        name = undefined;
      } else return { kind: 'unrecognised', line };
    }
    if (probes.length === 0) return { kind: 'unrecognised', line };
    return { kind: 'hop', hop: makeHop(ttl, probes, mpls) };
  }
  if (/^\s+MPLS Label=/.test(line)) {
    const l = parseMpls(line.trim());
    return l ? { kind: 'mpls', labels: [l] } : { kind: 'unrecognised', line };
  }
  if (line.trim() === '') return { kind: 'ignored' };
  return parseToolError(line) ?? { kind: 'unrecognised', line };
}

/**
 * One line of iputils tracepath: " 3:  10.0.3.2   20.893ms !H", " 4:  no reply",
 * " 4:  10.0.4.2   31.123ms reached", "     Resume: pmtu 1500 hops 4 back 4".
 * A TTL may appear on several lines (one per probe). Pure.
 */
// " 3:  10.0.3.2   20.893ms !H", " 4:  web.lab (10.0.4.2)  31.1ms reached", " 2:  10.0.2.2  1.2ms asymm 3"
const TRACEPATH_HOP = new RegExp(
  String.raw`^\s*(\d+):\s+(?:(\S+) \(([^)]+)\)|(\S+))\s+([\d.]+)ms` +
    String.raw`(?:\s+(!\S+))?(?:\s+(reached))?(?:\s+asymm\s+\d+)?(?:\s+pmtu \d+)?\s*$`,
);

export function parseTracepathLine(line: string): TraceLine {
  let m: RegExpExecArray | null;
  if (/^\s*\d+\?:\s+\[LOCALHOST\]/.test(line) || /^\s+Too many hops/.test(line) || line.trim() === '')
    return { kind: 'ignored' };
  if (/^\s+Resume:/.test(line)) return { kind: 'end' };
  if ((m = /^\s*(\d+):\s+no reply\s*$/.exec(line))) {
    const lost = { address: undefined, name: undefined, rttMs: undefined, annotation: undefined };
    return { kind: 'hop', hop: makeHop(Number(m[1]), [lost]) };
  }
  if ((m = TRACEPATH_HOP.exec(line))) {
    // Without -n tracepath prints the name alone ("1:  host.example  4.063ms"): the name stands for the address.
    const address = m[3] ?? m[4];
    if (address === undefined || (m[3] !== undefined && !isIp(address))) return { kind: 'unrecognised', line };
    const name = m[3] ? m[2] : isIp(address) ? undefined : address;
    const annotation = m[6] ? decodeAnnotation(m[6]) : undefined;
    const hop = makeHop(Number(m[1]), [{ address, name, rttMs: Number(m[5]), annotation }]);
    return m[7] ? { kind: 'hop', hop, reached: true } : { kind: 'hop', hop };
  }
  if (/^\s*(\d+):\s+send failed/.test(line))
    return failure('unreachable', line.trim(), 'this machine has no route to that address: check `ip route`');
  return parseToolError(line) ?? { kind: 'unrecognised', line };
}

/**
 * One line of Windows tracert: "  2    10 ms     9 ms    11 ms  198.51.100.1",
 * "  3     *        *        *     Request timed out.", "<1 ms",
 * "  3  198.51.100.1  reports: Destination host unreachable." Pure.
 */
export function parseTracertLine(line: string): TraceLine {
  let m: RegExpExecArray | null;
  const l = line.trim();
  if ((m = /^Tracing route to (\S+)(?: \[([^\]]+)\])?(?: over a maximum of (\d+) hops)?/.exec(l))) {
    const target = m[1] ?? '';
    const address = m[2] ?? (isIp(target) ? target : undefined);
    return { kind: 'header', target, address, maxHops: m[3] ? Number(m[3]) : undefined };
  }
  if (/^over a maximum of \d+ hops:?$/.test(l) || l === '') return { kind: 'ignored' };
  if (/^Trace complete\.?$/.test(l)) return { kind: 'end' };
  if ((m = /^(\d+)\s+(\S+)\s+reports: (.+?)\.?$/.exec(l))) {
    const text = (m[3] ?? '').toLowerCase();
    const net = text.includes('net unreachable') || text.includes('network unreachable');
    const code = text.includes('host unreachable') ? '!H' : net ? '!N' : text.includes('prohibited') ? '!X' : '!P';
    const probe = { address: m[2], name: undefined, rttMs: undefined, annotation: decodeAnnotation(code) };
    return { kind: 'hop', hop: makeHop(Number(m[1]), [probe]) };
  }
  if ((m = /^(\d+)\s+((?:(?:<?\d+ ms|\*)\s+){3})(.+)$/.exec(l))) {
    const rtts = (m[2] ?? '')
      .trim()
      .split(/\s+(?=<?\d+ ms|\*)/)
      .map((x) => x.trim());
    const rest = (m[3] ?? '').trim();
    const named = /^(\S+) \[([^\]]+)\]$/.exec(rest);
    const address = named ? named[2] : isIp(rest) ? rest : undefined;
    const name = named ? named[1] : undefined;
    const probes: Probe[] = rtts.map((r) => {
      const v = /^(<)?(\d+) ms$/.exec(r);
      if (!v) return { address: undefined, name: undefined, rttMs: undefined, annotation: undefined };
      // "<1 ms" is below tracert's resolution: half a millisecond, not 0
      return { address, name, rttMs: v[1] ? Number(v[2]) / 2 : Number(v[2]), annotation: undefined };
    });
    return { kind: 'hop', hop: makeHop(Number(m[1]), probes) };
  }
  return parseToolError(line) ?? { kind: 'unrecognised', line };
}

/** The line parser for a tool's output. */
export function lineParserFor(tool: TraceTool): (line: string) => TraceLine {
  return tool === 'tracepath' ? parseTracepathLine : tool === 'tracert' ? parseTracertLine : parseTracerouteLine;
}

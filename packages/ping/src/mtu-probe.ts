import type { ProbeFailure } from '@netcheck/core';
import { makePingAccumulator, summarisePing } from './accumulate.js';

/** Bytes of IP and ICMP header in front of ping's payload: 20 + 8 for IPv4, 40 + 8 for IPv6. */
export const MTU_HEADER_BYTES = { 4: 28, 6: 48 } as const;

/** A router that refused a size: "Frag needed and DF set (mtu = N)" (IPv4) or "Packet too big: mtu=N" (IPv6). */
export interface MtuTooBig {
  /** The router's address, as ping printed it. */
  from: string;
  /** The MTU of the link the packet could not enter, as the router named it, bytes. */
  mtuBytes: number;
}

/** What DF pings of one total packet size saw. */
export interface MtuProbe {
  /** Total IP packet size probed (IP header + ICMP header + payload: what an MTU limits), bytes. */
  packetBytes: number;
  /** Probes ping sent; 0 when it could not probe. */
  sent: number;
  /** Probes answered by an echo reply (duplicates not counted). */
  received: number;
  /** Routers that said the packet is too big for their next link, each once, in order. */
  tooBig: MtuTooBig[];
  /**
   * This machine refused to send the size ("local error: message too long, mtu=N"): its own link, its route, or a
   * path MTU it cached from an earlier report is N bytes. `undefined` when it sent every probe.
   */
  localMtuBytes: number | undefined;
  /** Other ICMP errors that came back for this size (unreachable, filtered...). */
  errors: number;
  /** ping could not probe at all (missing, not permitted, no route...). */
  failure: ProbeFailure | undefined;
  /** Output lines that were not understood. */
  warnings: string[];
}

/** The DF ping of one size: the arguments to hand to the runner (Linux iputils). */
export interface MtuProbeArgs {
  command: 'ping';
  args: string[];
}

/**
 * Arguments for DF pings of one total packet size with iputils ping (pure):
 * `-M do` forbids fragmentation (locally too), `-s` is the packet size less the headers ({@link MTU_HEADER_BYTES}),
 * `-c` probes `intervalMs` apart (`-i`, 2 ms is the least a user may ask), `-W` the wait for the last reply;
 * ping exits as soon as every reply is in. `-n`: no reverse lookups. The address comes last, after `--`.
 */
export function buildMtuProbeArgs(
  address: string,
  packetBytes: number,
  o: { family: 4 | 6; probes: number; intervalMs: number; timeoutMs: number },
): MtuProbeArgs {
  const payloadBytes = packetBytes - MTU_HEADER_BYTES[o.family];
  const seconds = (ms: number) => String(Math.round(ms) / 1000);
  return {
    command: 'ping',
    args: [
      '-n',
      `-${o.family}`,
      '-M',
      'do',
      '-s',
      String(payloadBytes),
      '-c',
      String(o.probes),
      '-i',
      seconds(o.intervalMs),
      '-W',
      seconds(o.timeoutMs),
      '--',
      address,
    ],
  };
}

const IP = String.raw`[0-9a-fA-F:.]+(?:%\w+)?`;
const TOO_BIG = new RegExp(
  String.raw`^From (?:\S+ \()?(${IP}?)\)?:? icmp_seq=\d+ ` +
    String.raw`(?:Frag needed and DF set \(mtu = (\d+)\)|Packet too big: mtu=(\d+))`,
);
// iputils 20221126: "mtu=1280" for IPv4, "mtu: 1280" for IPv6.
const LOCAL_TOO_LONG = /^ping: local error: message too long, mtu[=:] ?(\d+)/;

/**
 * Read the output of one DF ping run (stdout and stderr lines, Linux iputils; pure). The lines only a DF probe
 * produces are read here: a router's "Frag needed and DF set (mtu = N)" / "Packet too big: mtu=N", and this
 * machine's "local error: message too long, mtu=N"; every other line goes to ping's own parser.
 */
export function parseMtuProbeOutput(packetBytes: number, lines: readonly string[]): MtuProbe {
  const acc = makePingAccumulator('linux');
  const tooBig: MtuTooBig[] = [];
  const seen = new Set<string>();
  let localMtuBytes: number | undefined;
  for (const raw of lines) {
    const line = raw.replace(/\r$/, '');
    const big = TOO_BIG.exec(line);
    if (big) {
      const from = big[1]!.replace(/:$/, '');
      const mtuBytes = Number(big[2] ?? big[3]);
      if (!seen.has(`${from} ${mtuBytes}`)) tooBig.push({ from, mtuBytes });
      seen.add(`${from} ${mtuBytes}`);
      continue;
    }
    const local = LOCAL_TOO_LONG.exec(line);
    if (local) {
      const mtu = Number(local[1]);
      localMtuBytes = localMtuBytes === undefined ? mtu : Math.min(localMtuBytes, mtu);
      continue;
    }
    acc.add(line);
  }
  const parse = acc.result();
  const summary = summarisePing(parse);
  return {
    packetBytes,
    sent: summary.sent,
    received: summary.received,
    tooBig,
    localMtuBytes,
    errors: summary.errors,
    failure: parse.failure,
    warnings: parse.warnings,
  };
}

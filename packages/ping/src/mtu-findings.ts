import type { Finding } from '@netcheck/core';
import type { MtuDropLocation, MtuHopProbe, PathMtu } from './derive-path-mtu.js';
import type { MtuProbe } from './mtu-probe.js';
import { MTU_HEADER_BYTES } from './mtu-probe.js';

/** What DF probes can conclude about a path's MTU. */
export type MtuFindingId = 'mtu-ok' | 'mtu-reported' | 'mtu-blackhole';

/** The source every path MTU finding cites. */
export const MTU_SOURCE = 'ping -M do (DF probes)';

const probeLine = (p: MtuProbe) => {
  const tooBig = p.tooBig.map((t) => `${t.from} (mtu ${t.mtuBytes})`).join(', ');
  return `${p.packetBytes}-byte DF probes: ${p.received} of ${p.sent} answered${
    tooBig ? `, "too big" from ${tooBig}` : ''
  }`;
};

const hopLine = (h: MtuHopProbe) =>
  `hop ${h.hop} ${h.address}: ${h.big.packetBytes} B ${h.big.received}/${h.big.sent}, ` +
  `${h.small.packetBytes} B ${h.small.received}/${h.small.sent}`;

/**
 * The path MTU's findings in core's shape (pure), from the sizes and, when it was located, where big packets stop:
 * 1 - every size answered → `mtu-ok` (info);
 * 2 - a router or this machine's route said "fragmentation needed" / "packet too big" → `mtu-reported` (info):
 *     PMTU discovery works;
 * 3 - every size up to N answered and every larger one vanished with no "too big" → `mtu-blackhole` (critical),
 *     placed after the hop `drop` names (from locateMtuDrop), with the two fixes and the ping pair that shows it;
 * anything else (no answer at all, a probe that could not run) makes no finding: the step says what it lacks.
 */
export function derivePathMtuFindings(
  r: { address: string; family: 4 | 6; pathMtu: PathMtu; probes: readonly MtuProbe[] },
  drop?: MtuDropLocation,
): Finding<MtuFindingId>[] {
  const v = r.pathMtu;
  const evidence = r.probes.map(probeLine);
  const base = { source: MTU_SOURCE, evidence, nextSteps: [] };
  const target = r.address;
  if (v.kind === 'full')
    return [{ ...base, id: 'mtu-ok', severity: 'info', title: `${v.mtuBytes}-byte packets reach ${target}` }];
  if (v.kind === 'reported') {
    const by = v.by.kind === 'router' ? `said by ${v.by.address}` : "this machine's route or cache";
    const title = `the path MTU to ${target} is ${v.mtuBytes} bytes (${by}): PMTU discovery works`;
    return [{ ...base, id: 'mtu-reported', severity: 'info', title }];
  }
  if (v.kind !== 'blackhole') return [];
  const where = drop ? ` after hop ${drop.afterHop}${drop.address ? ` (${drop.address})` : ''}` : '';
  const on = drop?.address
    ? `the router at ${drop.address} and anything after it`
    : 'the routers and firewalls on the way';
  const header = MTU_HEADER_BYTES[r.family];
  return [
    {
      id: 'mtu-blackhole',
      severity: 'critical',
      source: MTU_SOURCE,
      title:
        `packets over ${v.largestOkBytes} bytes to ${target} vanish${where} and no "fragmentation needed" comes ` +
        'back: a path MTU blackhole',
      evidence: [...evidence, ...(drop ? drop.hops.map(hopLine) : [])],
      nextSteps: [
        `allow ICMP "fragmentation needed" (type 3 code 4) and ICMPv6 "packet too big" on ${on}`,
        `or clamp TCP MSS where the ${v.largestOkBytes}-byte link starts: ` +
          'nft add rule inet filter forward tcp flags syn tcp option maxseg size set rt mtu',
        `ping -M do -s ${v.largestOkBytes - header} ${target} (fits) against -s ${v.smallestLostBytes - header} ` +
          `(vanishes)`,
      ],
    },
  ];
}

import type { MtuProbe } from './mtu-probe.js';

/** Who named a path MTU: a router on the way (PMTU discovery works), or this machine's own route or cache. */
export type MtuReporter = { kind: 'router'; address: string } | { kind: 'local' };

/**
 * What DF probes of several sizes say about the path MTU:
 * - `full`: every size was answered; the path MTU is at least `mtuBytes`, the largest size probed;
 * - `reported`: a router said "fragmentation needed" / "packet too big" (PMTU discovery works), or this machine
 *   refused the larger sizes itself (its link, route or cached path MTU), and everything it did send was answered;
 * - `blackhole`: every size up to `largestOkBytes` was answered and every probe of every size from
 *   `smallestLostBytes` up vanished, with no "fragmentation needed" from anyone: a PMTU black hole;
 * - `inconclusive`: the answers do not form that clean step (random loss is not a black hole), or ping could not
 *   probe; `why` says which;
 * - `no-reply`: no size was answered at all (ping filtered, or the host down): nothing is known about the MTU.
 */
export type PathMtu =
  | { kind: 'full'; mtuBytes: number }
  | { kind: 'reported'; mtuBytes: number; by: MtuReporter }
  | { kind: 'blackhole'; largestOkBytes: number; smallestLostBytes: number }
  | { kind: 'inconclusive'; why: string }
  | { kind: 'no-reply' };

/** Above this chance that the sizes over a step lost every probe by plain random loss, a step is not a black hole. */
export const RANDOM_STEP_CHANCE = 0.01;

const answered = (p: MtuProbe) => p.received > 0;
const refusedLocally = (p: MtuProbe) => p.localMtuBytes !== undefined && p.localMtuBytes < p.packetBytes;
const counts = (p: MtuProbe) => `${p.packetBytes} B ${p.received}/${p.sent}`;

/**
 * The path MTU from DF probes of several sizes (pure). Rules, in order:
 * 1 - sizes ping could not probe (a failure, nothing sent) are left out; none left: inconclusive, with the failure;
 * 2 - a router's "fragmentation needed" / "packet too big" decides: `reported`, the smallest MTU named, by it;
 * 3 - sizes this machine refused to send ("message too long, mtu=N") are left out of what follows: they cap it;
 * 4 - no size left answered at all: `no-reply` (a cap from rule 3 alone is no answer from the path);
 * 5 - every size left answered: `reported` by 'local' at the cap when rule 3 left sizes out, else `full`;
 * 6 - a clean step (every size up to N answered at least once, every probe of every larger size lost) is a
 *     `blackhole`, unless the loss seen below the step could explain it: with f the share of probes lost up to N
 *     and L the probes sent above it, f^L ≥ {@link RANDOM_STEP_CHANCE} is `inconclusive`;
 * 7 - anything else (a larger size answered above a lost one, some probes of a larger size answered) is
 *     `inconclusive`: loss that does not follow size is a lossy path, not an MTU.
 */
export function derivePathMtu(probes: readonly MtuProbe[]): PathMtu {
  const ran = probes.filter((p) => p.sent > 0);
  if (ran.length === 0) {
    const failure = probes.find((p) => p.failure)?.failure;
    return { kind: 'inconclusive', why: failure ? `ping could not probe: ${failure.detail}` : 'no size was probed' };
  }
  const tooBig = ran.flatMap((p) => p.tooBig).sort((a, b) => a.mtuBytes - b.mtuBytes)[0];
  if (tooBig) return { kind: 'reported', mtuBytes: tooBig.mtuBytes, by: { kind: 'router', address: tooBig.from } };
  const capBytes = Math.min(...ran.filter(refusedLocally).map((p) => p.localMtuBytes!));
  const tested = ran.filter((p) => !refusedLocally(p)).sort((a, b) => a.packetBytes - b.packetBytes);
  if (!tested.some(answered)) {
    if (tested.length === 0) return { kind: 'reported', mtuBytes: capBytes, by: { kind: 'local' } };
    return { kind: 'no-reply' };
  }
  if (tested.every(answered)) {
    if (Number.isFinite(capBytes)) return { kind: 'reported', mtuBytes: capBytes, by: { kind: 'local' } };
    return { kind: 'full', mtuBytes: tested[tested.length - 1]!.packetBytes };
  }
  const firstLost = tested.findIndex((p) => !answered(p));
  const below = tested.slice(0, firstLost);
  const above = tested.slice(firstLost);
  const cleanStep = firstLost > 0 && above.every((p) => p.received === 0);
  if (!cleanStep) {
    const why =
      firstLost === 0 ? 'the smallest size was lost while larger ones were answered' : 'loss does not follow size';
    return { kind: 'inconclusive', why: `${why}: ${tested.map(counts).join(', ')}` };
  }
  const sentBelow = below.reduce((n, p) => n + p.sent, 0);
  const lostBelow = below.reduce((n, p) => n + p.sent - p.received, 0);
  const sentAbove = above.reduce((n, p) => n + p.sent, 0);
  const chance = (lostBelow / sentBelow) ** sentAbove;
  if (chance >= RANDOM_STEP_CHANCE) {
    return {
      kind: 'inconclusive',
      why:
        `sizes over ${below[below.length - 1]!.packetBytes} B lost every probe, but the smaller ones lost ` +
        `${lostBelow} of ${sentBelow} too: random loss could do that (${tested.map(counts).join(', ')})`,
    };
  }
  return {
    kind: 'blackhole',
    largestOkBytes: below[below.length - 1]!.packetBytes,
    smallestLostBytes: above[0]!.packetBytes,
  };
}

/** One hop's answers to a big and a small DF ping (see {@link deriveMtuDrop}). */
export interface MtuHopProbe {
  /** 1-based position on the path. */
  hop: number;
  address: string;
  /** DF pings of the size that vanished. */
  big: MtuProbe;
  /** DF pings of a small size: does the hop answer ping at all. */
  small: MtuProbe;
}

/** Where big packets stop: after hop `afterHop`, before hop `beforeHop` (the links between them). */
export interface MtuDropLocation {
  /** The last hop that big packets reach and that answers them; 0 when no hop before `beforeHop` did. */
  afterHop: number;
  /** Its address; `undefined` when `afterHop` is 0 (the drop lies between this machine and `beforeHop`). */
  address: string | undefined;
  /** The first hop that answers small DF pings but not big ones. */
  beforeHop: number;
  beforeAddress: string;
  /** Packet size that stops, bytes. */
  packetBytes: number;
  /** Every hop's answers, the evidence. */
  hops: MtuHopProbe[];
}

/**
 * After which hop packets of the vanishing size stop (pure). Rules:
 * 1 - a hop that answers neither size says nothing (a router may not answer ping, or rate-limit it);
 * 2 - a hop that answers the big size: big packets reach it;
 * 3 - the first hop that answers the small size but not the big one: big packets stop before it;
 * 4 - the drop lies after the last hop before it that answered the big size (hop 0: this machine);
 * 5 - a later hop answering the big size again contradicts that (route change, load balancing): `undefined`;
 *     so is a path where every hop that answers at all answers the big size.
 */
export function deriveMtuDrop(hops: readonly MtuHopProbe[], packetBytes: number): MtuDropLocation | undefined {
  const ordered = [...hops].sort((a, b) => a.hop - b.hop);
  const before = ordered.find((h) => answered(h.small) && !answered(h.big));
  if (!before) return undefined;
  if (ordered.some((h) => h.hop > before.hop && answered(h.big))) return undefined;
  const after = ordered.filter((h) => h.hop < before.hop && answered(h.big)).pop();
  return {
    afterHop: after?.hop ?? 0,
    address: after?.address,
    beforeHop: before.hop,
    beforeAddress: before.address,
    packetBytes,
    hops: ordered,
  };
}

import { describe, expect, it } from 'vitest';
import { aggregateRounds } from './aggregate.js';
import { attributeHops } from './attribute.js';
import { attributeWithRouterPings } from './direct.js';
import { renderHopVerdict } from './render-verdict.js';
import type { HopStats, HopVerdict, ProbeOutcome } from './types.js';

/** The verdict's words, or '' when there is no verdict. */
const text = (v: HopVerdict | undefined) => (v ? renderHopVerdict(v) : '');

/**
 * Compact hop lines: "addr rttMs lost/sent", or "addrA|addrB ..." for two responders taking turns,
 * or "addrA>addrB@k" for a path change after round k; "* sent" for a hop that never answers.
 */
function probes(lines: string[]): ProbeOutcome[] {
  const out: ProbeOutcome[] = [];
  lines.forEach((line, i) => {
    const ttl = i + 1;
    const [who, rtt, ratio] = line.split(' ') as [string, string, string?];
    if (who === '*') {
      for (let r = 1; r <= Number(rtt); r++) out.push({ round: r, ttl, responder: undefined, rttMs: undefined });
      return;
    }
    const [lostN, sentN] = (ratio ?? '0/30').split('/').map(Number) as [number, number];
    const spread = (k: number) => Math.floor(((k + 0.5) * sentN) / Math.max(1, lostN)) + 1;
    const lostRounds = new Set(Array.from({ length: lostN }, (_, k) => spread(k)));
    for (let r = 1; r <= sentN; r++) {
      let responder = who;
      if (who.includes('|')) responder = who.split('|')[(r + 1) % 2]!;
      const change = /^(.+)>(.+)@(\d+)$/.exec(who);
      if (change) responder = r <= Number(change[3]) ? change[1]! : change[2]!;
      const lost = { round: r, ttl, responder: undefined, rttMs: undefined };
      out.push(lostRounds.has(r) ? lost : { round: r, ttl, responder, rttMs: Number(rtt) + (r % 3) * 0.1 });
    }
  });
  return out;
}

describe('aggregateRounds', () => {
  it('computes mtr columns per hop', () => {
    const [h] = aggregateRounds(probes(['10.0.1.1 5 3/30']));
    expect(h).toMatchObject({ ttl: 1, sent: 30, received: 27, lossPct: 10, bestMs: 5, worstMs: 5.2 });
    expect(h!.lossCi95!.lowPct).toBeCloseTo(3.46, 1);
    expect(h!.responders).toEqual([expect.objectContaining({ address: '10.0.1.1', received: 27, sharePct: 100 })]);
    expect(h!.jitterMs).toBeGreaterThan(0);
  });
  it('keeps ECMP responders apart and does not count the switch as loss', () => {
    const [h] = aggregateRounds(probes(['10.0.9.1|10.0.9.2 5 0/30']));
    expect(h!.lossPct).toBe(0);
    expect(h!.responders.map((r) => [r.address, r.received])).toEqual([
      ['10.0.9.1', 15],
      ['10.0.9.2', 15],
    ]);
  });
  it('a path change mid-run shows both responders, no loss', () => {
    const [h] = aggregateRounds(probes(['10.0.9.1>10.0.9.7@10 5 0/30']));
    expect(h!.responders.map((r) => [r.address, r.received])).toEqual([
      ['10.0.9.7', 20],
      ['10.0.9.1', 10],
    ]);
    expect(h!.lossPct).toBe(0);
  });
  it('missing RTTs are undefined, never 0', () => {
    const [h] = aggregateRounds(probes(['* 10']));
    expect(h).toMatchObject({ received: 0, lossPct: 100, avgMs: undefined, bestMs: undefined, lastMs: undefined });
  });
});

const attribute = (lines: string[]) => attributeHops(aggregateRounds(probes(lines)));
const kinds = (lines: string[]) => attribute(lines).verdicts.map((v) => v.kind);

describe('attributeHops: scenario table', () => {
  it.each<[string, string[], string[], number | undefined]>([
    [
      'clean path',
      ['10.0.1.1 0.1 0/30', '10.0.2.2 10 0/30', '10.0.3.2 20 0/30', '10.0.4.2 30 0/30'],
      ['clean', 'clean', 'clean', 'destination'],
      undefined,
    ],
    [
      'lossy link mid-path (10 rounds of 10 probes, the default)',
      ['10.0.1.1 0.1 0/100', '10.0.2.2 10 0/100', '10.0.3.2 20 10/100', '10.0.4.2 30 10/100'],
      ['clean', 'clean', 'link-loss', 'destination'],
      3,
    ],
    [
      'lossy last link',
      ['10.0.1.1 0.1 0/100', '10.0.2.2 10 0/100', '10.0.3.2 20 0/100', '10.0.4.2 30 10/100'],
      ['clean', 'clean', 'clean', 'link-loss'],
      4,
    ],
    [
      'rate-limited router',
      ['10.0.1.1 0.1 14/30', '10.0.2.2 10 0/30', '10.0.3.2 20 0/30', '10.0.4.2 30 0/30'],
      ['node-loss', 'clean', 'clean', 'destination'],
      undefined,
    ],
    [
      'silent router',
      ['10.0.1.1 0.1 0/30', '* 30', '10.0.3.2 20 0/30', '10.0.4.2 30 0/30'],
      ['clean', 'silent', 'clean', 'destination'],
      undefined,
    ],
    [
      'rate-limited router before a lossy link',
      ['10.0.1.1 0.1 47/100', '10.0.2.2 10 0/100', '10.0.3.2 20 10/100', '10.0.4.2 30 10/100'],
      ['node-loss', 'clean', 'link-loss', 'destination'],
      3,
    ],
    [
      'ECMP at one hop',
      ['10.0.1.1 0.1 0/30', '10.0.9.1|10.0.9.2 10 0/30', '10.0.3.2 20 0/30'],
      ['clean', 'clean', 'destination'],
      undefined,
    ],
    [
      'path change mid-run',
      ['10.0.1.1 0.1 0/30', '10.0.9.1>10.0.9.7@10 10 0/30', '10.0.3.2 20 0/30'],
      ['clean', 'clean', 'destination'],
      undefined,
    ],
    [
      'latency step on a link',
      ['10.0.1.1 0.1 0/30', '10.0.2.2 10 0/30', '10.0.3.2 90 0/30', '10.0.4.2 100 0/30'],
      ['clean', 'clean', 'link-latency', 'destination'],
      3,
    ],
    [
      'latency spike at one hop',
      ['10.0.1.1 0.1 0/30', '10.0.2.2 80 0/30', '10.0.3.2 20 0/30', '10.0.4.2 30 0/30'],
      ['clean', 'node-latency', 'clean', 'destination'],
      undefined,
    ],
    [
      'one lossy link, uneven samples behind it (9 and 12 of 100, as in the lab)',
      ['10.0.1.1 0.1 95/100', '10.0.2.2 10 0/100', '10.0.3.2 20 9/100', '10.0.4.2 30 12/100'],
      ['node-loss', 'clean', 'link-loss', 'destination'],
      3,
    ],
    [
      'two lossy links (20 rounds: a second link needs more evidence than the first)',
      ['10.0.1.1 0.1 0/200', '10.0.2.2 10 20/200', '10.0.3.2 20 20/200', '10.0.4.2 30 66/200'],
      ['clean', 'link-loss', 'clean', 'link-loss'],
      2,
    ],
    [
      'nothing answers from hop 3 on: the destination drops the probes or is down, no 100% link loss',
      ['10.0.1.1 0.1 0/30', '10.0.2.2 10 0/30', '10.0.3.2 20 30/30'],
      ['clean', 'clean', 'no-answer'],
      3,
    ],
  ])('%s', (_name, lines, expected, troubleTtl) => {
    const a = attribute(lines);
    expect(a.verdicts.map((v) => v.kind)).toEqual(expected);
    expect(a.trouble?.ttl).toBe(troubleTtl);
    if (troubleTtl === undefined) expect(a.summary).toMatch(/^the path is clean/);
  });

  it('a destination that drops echo behind routers limited at one probe a round: no link loss from it', () => {
    // Recorded in the lab (icmp-filtered, `netcheck mtr -r -c 10`): the routers' TTL answers limited, the server
    // never answering echo. It read "forwarding loss starts on the link 10.0.3.2 -> hop 4: 80% (72-100%)".
    const hs = aggregateRounds(probes(['10.0.1.1 0.1 2/10', '10.0.2.2 10 2/10', '10.0.3.2 20 2/10', '* 10']));
    expect(attributeHops(hs).verdicts.at(-1)).toEqual({
      ttl: 4,
      kind: 'no-answer',
      after: { ttl: 3, address: '10.0.3.2' },
    });
    // the routers' pings all answered: their TTL probes' loss is their limit, and what is left is the silent end
    const pinged = [1, 2, 3].map((ttl) => ({
      ttl,
      address: hs[ttl - 1]!.responders[0]!.address,
      sent: 10,
      received: 10,
    }));
    const a = attributeWithRouterPings(hs, pinged);
    expect(a.trouble?.kind).toBe('no-answer');
    expect(a.summary).toBe(
      'trouble begins at hop 4: nothing answers from hop 4 on (the last answer came from 10.0.3.2 at hop 3): the ' +
        'destination drops these probes (ICMP echo filtered?) or is down; TCP to a port it serves can tell; hop 1, ' +
        'hop 2, hop 3 limit their ICMP errors (direct pings answered), not blamed',
    );
  });

  it('names the lossy link in words with its interval', () => {
    const a = attribute(['10.0.1.1 0.1 0/100', '10.0.2.2 10 0/100', '10.0.3.2 20 10/100', '10.0.4.2 30 10/100']);
    expect(text(a.trouble)).toBe(
      'forwarding loss starts on the link 10.0.2.2 → 10.0.3.2: 10% (6.6–15%), carried on to every later hop',
    );
    expect(a.trouble).toMatchObject({ kind: 'link-loss', linkLossPct: 10 });
    expect(a.trouble?.kind === 'link-loss' && a.trouble.linkLossCi95.lowPct).toBeLessThan(10);
  });

  it('never blames a rate-limiting router, and says so', () => {
    const a = attribute(['10.0.1.1 0.1 14/30', '10.0.2.2 10 0/30', '10.0.3.2 20 0/30', '10.0.4.2 30 0/30']);
    // its loss is significant on its own, but the plainest evidence is the destination's: none of its probes lost
    expect(text(a.verdicts[0])).toBe(
      '10.0.1.1: 47% unanswered here, but 10.0.4.2 lost none of 30 probes that crossed it: ' +
        'its own ICMP handling (rate limiting), not a problem for traffic through it',
    );
    expect(a.summary).toBe(
      'the path is clean: no forwarding loss and no latency step; ' +
        '0 of 30 probes to 10.0.4.2 lost: its loss is under 10% (95%); ' +
        'hop 1 shows loss or delay of its own only, not blamed',
    );
  });

  it('a rate-limiting router before a lossy link is compared with the last hop, whose probes all crossed it', () => {
    // hops 1 and 2 limit their answers; 10 of 100 lost on the link into hop 3 carry on to the destination
    const a = attribute(['10.0.1.1 0.1 60/100', '10.0.2.2 10 55/100', '10.0.3.2 20 10/100', '10.0.4.2 30 11/100']);
    expect(a.trouble).toMatchObject({ ttl: 3, kind: 'link-loss' });
    expect(text(a.verdicts[0])).toBe(
      '10.0.1.1 rate-limits or deprioritises ICMP: 60% unanswered here but 11% at 10.0.4.2, whose probes all ' +
        'crossed it; not a problem for traffic through it',
    );
    // a destination that answers less than the router (it limits too) leaves the pooled figure as the comparison
    const b = attribute(['10.0.1.1 0.1 40/100', '10.0.2.2 10 5/100', '10.0.3.2 20 5/100', '10.0.4.2 30 60/100']);
    expect(b.verdicts[0]).toMatchObject({ kind: 'node-loss', cause: { why: 'icmp-limit', endLossPct: 60 } });
    expect(text(b.verdicts[0])).toMatch(
      /^10\.0\.1\.1 rate-limits .*: 40% unanswered here but \d+% at the hops after it; /,
    );
  });

  it('a clean path says how much loss its probes leave possible: 26% after 0 of 10, 8% after 1 of 60', () => {
    const ten = attribute(['10.0.1.1 0.1 0/10', '10.0.2.2 10 0/10', '10.0.4.2 30 0/10']);
    expect(ten.endProbes).toMatchObject({ ttl: 3, address: '10.0.4.2', sent: 10, lost: 0 });
    expect(ten.endProbes?.lossUpperPct).toBeCloseTo(25.89, 2); // 1 - 0.05^(1/10)
    expect(ten.summary).toBe(
      'the path is clean: no forwarding loss and no latency step; ' +
        '0 of 10 probes to 10.0.4.2 lost: its loss is under 26% (95%)',
    );
    const sixty = attribute(['10.0.1.1 0.1 0/60', '10.0.4.2 30 1/60']);
    expect(sixty.unplacedLoss).toBeUndefined(); // 1 of 60 is within chance of none
    expect(sixty.summary).toMatch(/; 1 of 60 probes to 10\.0\.4\.2 lost: its loss is under 8% \(95%\)$/);
  });

  it('2 of 30 lost at the last two hops is real loss but too thin to place (z 2.03, below 2.39 for three candidate links at 5%): not called clean', () => {
    const a = attribute(['10.0.1.1 0.1 0/30', '10.0.2.2 10 0/30', '10.0.3.2 20 2/30', '10.0.4.2 30 2/30']);
    expect(a.verdicts.map((v) => v.kind)).toEqual(['clean', 'clean', 'clean', 'destination']);
    expect(a.trouble).toBeUndefined();
    expect(a.unplacedLoss).toMatchObject({ ttl: 4, sent: 30 });
    expect(a.summary).toBe(
      '6.7% of 30 probes (1.8–21%) to 10.0.4.2 were lost, too few to say which link loses them: run more rounds',
    );
  });

  it('when two links explain the losses about equally well, both are named (a CI run of the lossy lab: 4 and 15 of 100 behind one link)', () => {
    const a = attribute(['10.0.1.1 0.1 95/100', '10.0.2.2 10 0/100', '10.0.3.2 20 4/100', '10.0.4.2 30 15/100']);
    expect(a.verdicts.map((v) => v.kind)).toEqual(['node-loss', 'clean', 'clean', 'link-loss']);
    expect(a.trouble).toMatchObject({ ttl: 4, alternativeTtls: [3] });
    expect(text(a.trouble)).toMatch(
      /^forwarding loss starts on the link 10\.0\.3\.2 → 10\.0\.4\.2: .* \(or on the link 10\.0\.2\.2 → 10\.0\.3\.2: the rounds so far cannot tell which\)$/,
    );
    // Three times the rounds with the same shares make it clear: two lossy links, each named without doubt.
    const more = attribute(['10.0.1.1 0.1 285/300', '10.0.2.2 10 0/300', '10.0.3.2 20 12/300', '10.0.4.2 30 45/300']);
    const alternatives = more.verdicts.map((v) => [v.kind, v.kind === 'link-loss' ? v.alternativeTtls : undefined]);
    expect(alternatives).toEqual([
      ['node-loss', undefined],
      ['clean', undefined],
      ['link-loss', []],
      ['link-loss', []],
    ]);
  });

  it('a clear link has no alternatives', () => {
    expect(
      attribute(['10.0.1.1 0.1 0/100', '10.0.2.2 10 0/100', '10.0.3.2 20 10/100', '10.0.4.2 30 10/100']).trouble,
    ).toMatchObject({ ttl: 3, alternativeTtls: [] });
  });

  it('one probe lost in 100 at the destination is below the 2% floor: clean', () => {
    const a = attribute(['10.0.1.1 0.1 0/100', '10.0.2.2 10 0/100', '10.0.3.2 20 0/100', '10.0.4.2 30 1/100']);
    expect(a.unplacedLoss).toBeUndefined();
    expect(a.summary).toMatch(/^the path is clean/);
  });

  it('the hops behind one lossy link losing a little more by chance is not a second lossy link', () => {
    // As in a CI run of the lossy lab: 20 rounds, loss on r2 → r3 only; the server lost 8 points more than r3.
    const a = attribute(['10.0.1.1 0.1 150/200', '10.0.2.2 10 0/200', '10.0.3.2 20 22/200', '10.0.4.2 30 38/200']);
    expect(a.verdicts.map((v) => v.kind)).toEqual(['node-loss', 'clean', 'link-loss', 'destination']);
  });

  it("loss that does not carry on to a destination that lost nothing is no link: the routers' own (end-clean)", () => {
    // Recorded in the lab (standard, routers on kernel rate limits): `mtr -r -c 3 -i 1` run right after another
    // run, each router's bucket spent, so the first round's TTL-expired answers never came; the echo replies did.
    const spent = ['10.0.1.1 0.1 1/3', '10.0.2.2 10 1/3', '10.0.3.2 20 1/3', '10.0.4.2 30 0/3'];
    const a = attribute(spent);
    expect(a.verdicts.map((v) => v.kind)).toEqual(['node-loss', 'node-loss', 'node-loss', 'destination']);
    expect(a.trouble).toBeUndefined();
    expect(a.unplacedLoss).toBeUndefined();
    expect(text(a.verdicts[0])).toBe(
      '10.0.1.1: 33% unanswered here, but 10.0.4.2 lost none of 3 probes that crossed it: its own ICMP handling ' +
        '(rate limiting), not a problem for traffic through it',
    );
    // Many rounds: the same, whatever the intervals of the hops before say.
    const long = ['10.0.1.1 0.1 0/300', '10.0.2.2 10 60/300', '10.0.3.2 20 60/300', '10.0.4.2 30 0/300'];
    expect(kinds(long)).toEqual(['clean', 'node-loss', 'node-loss', 'destination']);
    // Any loss at the end keeps the statistics: the lossy link is still found.
    const lossy = ['10.0.1.1 0.1 0/300', '10.0.2.2 10 30/300', '10.0.3.2 20 30/300', '10.0.4.2 30 31/300'];
    expect(kinds(lossy)).toEqual(['clean', 'link-loss', 'clean', 'destination']);
  });

  it('loss from the first link: the figure is the one its interval describes (every hop from it, pooled)', () => {
    const a = attribute(['10.0.1.1 0.1 7/30', '10.0.2.2 10 3/30', '10.0.3.2 20 2/30', '10.0.4.2 30 3/30']);
    const t = a.trouble;
    expect(t).toMatchObject({ ttl: 1, kind: 'link-loss' });
    if (t?.kind !== 'link-loss') return;
    expect(t.linkLossPct).toBeCloseTo((15 / 120) * 100, 5);
    expect(t.linkLossPct).toBeGreaterThanOrEqual(t.linkLossCi95.lowPct);
    expect(t.linkLossPct).toBeLessThanOrEqual(t.linkLossCi95.highPct);
  });

  it('a second lossy link: the figure beside the interval is the pooled loss it describes, then the rise', () => {
    // 10% lost from hop 2 on, 30% from hop 4 on: two links, the second a rise of 20 points
    const a = attribute(['10.0.1.1 0.1 0/300', '10.0.2.2 10 30/300', '10.0.3.2 20 30/300', '10.0.4.2 30 90/300']);
    expect(a.verdicts.map((v) => v.kind)).toEqual(['clean', 'link-loss', 'clean', 'link-loss']);
    const second = a.verdicts[3];
    if (second?.kind !== 'link-loss') throw new Error('hop 4 is no link-loss verdict');
    expect(second).toMatchObject({ linkLossPct: 20, pooledLossPct: 30 });
    expect(second.linkLossCi95.lowPct).toBeLessThan(30);
    expect(second.linkLossCi95.highPct).toBeGreaterThan(30);
    expect(text(second)).toBe(
      'forwarding loss starts on the link 10.0.3.2 → 10.0.4.2: 30% from there on (25–35%), 20 points more than ' +
        'before it, carried on to every later hop',
    );
    // the first link: nothing lost before it, the figure is both
    expect(text(a.verdicts[1])).toMatch(/^forwarding loss starts on the link 10\.0\.1\.1 → 10\.0\.2\.2: 10% \(/);
  });

  it('a latency step is named only when it clears 50 ms beyond what jitter can move a median by', () => {
    // The jitter lab (20 ms +/- 15 ms each way on r2 -> r3): a ~40 ms step whose medians over a few jittery answers
    // read 50-56 ms in some runs and 45 in others, so back-to-back runs flipped between a step and a clean path.
    const hop = (ttl: number, p50Ms: number, stdevMs: number, received: number) =>
      ({
        ttl,
        responders: [{ address: `10.0.${ttl}.2`, received, sharePct: 100 }],
        sent: received,
        received,
        lossPct: 0,
        p50Ms,
        stdevMs,
      }) as unknown as HopStats;
    const jittery = [hop(1, 0.1, 0.1, 10), hop(2, 11, 0.5, 10), hop(3, 64, 13, 10), hop(4, 66, 13, 100)];
    expect(attributeHops(jittery).trouble).toBeUndefined();
    // the same rise measured tightly is a step
    const steady = [hop(1, 0.1, 0.1, 10), hop(2, 11, 0.5, 10), hop(3, 64, 1, 10), hop(4, 66, 1, 100)];
    expect(attributeHops(steady).trouble).toMatchObject({ kind: 'link-latency', ttl: 3 });
    // and a large step stands through the jitter
    const large = [hop(1, 0.1, 0.1, 10), hop(2, 11, 0.5, 10), hop(3, 91, 13, 10), hop(4, 93, 13, 100)];
    expect(attributeHops(large).trouble).toMatchObject({ kind: 'link-latency', ttl: 3 });
  });

  it('small noise is not a link', () => {
    expect(kinds(['10.0.1.1 0.1 0/30', '10.0.2.2 10 1/30', '10.0.3.2 20 0/30', '10.0.4.2 30 0/30'])).toEqual([
      'clean',
      'clean',
      'clean',
      'destination',
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import { aggregateRounds } from './aggregate.js';
import { attributeHops } from './attribute.js';
import { attributeWithRouterPings } from './direct.js';
import { renderHopVerdict } from './render-verdict.js';
import type { ProbeOutcome } from './types.js';

/** `lost` of `sent` TTL probes at each hop (addresses 10.0.<ttl>.x as in the lab), the lost ones spread out. */
function hops(spec: [string, number, number][]) {
  const probes: ProbeOutcome[] = [];
  spec.forEach(([address, lost, sent], i) => {
    for (let r = 1; r <= sent; r++) {
      const gone = Math.floor((r * lost) / sent) > Math.floor(((r - 1) * lost) / sent);
      const responder = gone ? undefined : address;
      probes.push({ round: r, ttl: i + 1, responder, rttMs: gone ? undefined : 10 * (i + 1) });
    }
  });
  return aggregateRounds(probes);
}

// A lab run (lossy, every router on the kernel's rate limit): 95 of 100 TTL probes unanswered at each router,
// 6 of 100 echoes lost end to end; the routers pinged directly: 0, 0 and 7 of 100 lost.
const lab = hops([
  ['10.0.1.1', 95, 100],
  ['10.0.2.2', 95, 100],
  ['10.0.3.2', 95, 100],
  ['10.0.4.2', 6, 100],
]);
const pings = [
  { ttl: 1, address: '10.0.1.1', sent: 100, received: 100 },
  { ttl: 2, address: '10.0.2.2', sent: 100, received: 100 },
  { ttl: 3, address: '10.0.3.2', sent: 100, received: 93 },
];

describe('attributeWithRouterPings', () => {
  it('TTL probes alone cannot place the loss when every router limits: it lands on the last link', () => {
    expect(attributeHops(lab).trouble).toMatchObject({ ttl: 4, kind: 'link-loss' });
  });
  it('with the routers pinged directly the loss starts on r2 → r3, and r1, r2 are only rate-limiting', () => {
    const a = attributeWithRouterPings(lab, pings);
    expect(a.verdicts.map((v) => v.kind)).toEqual(['node-loss', 'node-loss', 'link-loss', 'destination']);
    const words = a.trouble && renderHopVerdict(a.trouble);
    expect(words).toMatch(/^forwarding loss starts on the link 10\.0\.2\.2 → 10\.0\.3\.2: /);
    expect(a.summary).toMatch(/; hop 1, hop 2 limit their ICMP errors \(direct pings answered\), not blamed$/);
  });
  it('one probe a round, every router limited, the first read as loss from the first link: its pings clear it', () => {
    // Recorded in the lab (lossy, `netcheck mtr -r -c 10`): 7 of 10 TTL probes unanswered at each router, 1 of 10
    // echoes lost at the server; pinged directly r1 and r2 lost none, r3 2 of 10. The TTL probes alone put the loss
    // on this machine -> 10.0.1.1 ("70%"), which the pings clear.
    const fast = hops([
      ['10.0.1.1', 7, 10],
      ['10.0.2.2', 7, 10],
      ['10.0.3.2', 7, 10],
      ['10.0.4.2', 1, 10],
    ]);
    expect(attributeHops(fast).trouble).toMatchObject({ ttl: 1, kind: 'link-loss' });
    const few = [
      { ttl: 1, address: '10.0.1.1', sent: 10, received: 10 },
      { ttl: 2, address: '10.0.2.2', sent: 10, received: 10 },
      { ttl: 3, address: '10.0.3.2', sent: 10, received: 8 },
    ];
    const a = attributeWithRouterPings(fast, few);
    expect(a.trouble?.ttl).not.toBe(1);
    expect(a.verdicts[0]).toMatchObject({ kind: 'node-loss', cause: { why: 'pings-answered', pingLossPct: 0 } });
    expect(renderHopVerdict(a.verdicts[0]!)).toBe(
      '10.0.1.1 limits its TTL answers: 70% unanswered here, but its direct pings lost 0% of 10; not a problem for ' +
        'traffic through it',
    );
    // Ten probes a hop cannot place 1 of 10 at the server after r3's 2 of 10: loss named, not yet placed.
    expect(a.verdicts.map((v) => v.kind)).toEqual(['node-loss', 'node-loss', 'node-loss', 'destination']);
    expect(a.trouble).toBeUndefined();
    expect(a.unplacedLoss).toMatchObject({ ttl: 4, lossPct: 10 });
    expect(a.summary).toMatch(/too few to say which link loses them: run more rounds/);
  });

  it('a clean path stays clean, with the rate-limiting routers noted', () => {
    const clean = hops([
      ['10.0.1.1', 95, 100],
      ['10.0.2.2', 95, 100],
      ['10.0.3.2', 95, 100],
      ['10.0.4.2', 0, 100],
    ]);
    const a = attributeWithRouterPings(
      clean,
      pings.map((p) => ({ ...p, received: p.sent })),
    );
    expect(a.trouble).toBeUndefined();
    expect(a.verdicts.map((v) => v.kind)).toEqual(['node-loss', 'node-loss', 'node-loss', 'destination']);
    expect(a.summary).toMatch(/^the path is clean.*hop 1, hop 2, hop 3 limit their ICMP errors/);
  });
  it('a loss placed after a router whose direct pings happened to lose less stays in doubt with its link in', () => {
    // CI once, with the path step's rounds cut at their budget: 5 of 50 lost at the server, r3's 50 pings all back
    // (as 1 time in 200 at 10%): the loss went to r3 -> server alone, although 0 of 50 does not clear r3 at 99%.
    const lucky = hops([
      ['10.0.1.1', 48, 50],
      ['10.0.2.2', 48, 50],
      ['10.0.3.2', 47, 50],
      ['10.0.4.2', 5, 50],
    ]);
    const few = pings.map((p) => ({ ...p, sent: 50, received: 50 }));
    const a = attributeWithRouterPings(lucky, few);
    expect(a.trouble && renderHopVerdict(a.trouble)).toMatch(
      /\(or on the link 10\.0\.2\.2 → 10\.0\.3\.2: the rounds so far cannot tell which\)$/,
    );
    // a hundred clean pings against 10 of 100 lost behind r3 do clear it: the loss stays on the link after it, alone
    const behind = hops([
      ['10.0.1.1', 95, 100],
      ['10.0.2.2', 95, 100],
      ['10.0.3.2', 95, 100],
      ['10.0.4.2', 10, 100],
    ]);
    const b = attributeWithRouterPings(
      behind,
      pings.map((p) => ({ ...p, received: p.sent })),
    );
    expect(b.trouble).toMatchObject({ kind: 'link-loss', link: { to: '10.0.4.2' }, alternativeTtls: [] });
  });
  it('a loss placed after a rate-limiting router that was never pinged stays in doubt with the link into it', () => {
    // CI: r3's answers were spent when the path was discovered, so only r1 and r2 were pinged.
    const unpinged = hops([
      ['10.0.1.1', 47, 50],
      ['10.0.2.2', 47, 50],
      ['10.0.3.2', 46, 50],
      ['10.0.4.2', 4, 50],
    ]);
    const a = attributeWithRouterPings(
      unpinged,
      pings.filter((p) => p.ttl < 3).map((p) => ({ ...p, sent: 50, received: 50 })),
    );
    expect(a.trouble && renderHopVerdict(a.trouble)).toMatch(
      /10\.0\.3\.2 → 10\.0\.4\.2: .*\(or on the link 10\.0\.2\.2 → 10\.0\.3\.2: the rounds so far cannot tell which\)$/,
    );
  });
  it('no pings: the TTL probes decide', () => {
    expect(attributeWithRouterPings(lab, [])).toEqual(attributeHops(lab));
  });
});

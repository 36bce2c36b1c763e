import type { ProbeOutcome } from '@netcheck/pathping';
import { escapeHtml as e } from './escape.js';

/** Per hop and round: the share of probes lost and the median RTT. */
export interface RoundSeries {
  ttl: number;
  lossPct: Array<number | undefined>;
  rttMs: Array<number | undefined>;
}

/** Per-hop series over the rounds (pure): each round's loss share and median RTT at each TTL. */
export function buildRoundSeries(probes: readonly ProbeOutcome[]): RoundSeries[] {
  const rounds = [...new Set(probes.map((p) => p.round))].sort((a, b) => a - b);
  const ttls = [...new Set(probes.map((p) => p.ttl))].sort((a, b) => a - b);
  return ttls.map((ttl) => {
    const lossPct: Array<number | undefined> = [];
    const rttMs: Array<number | undefined> = [];
    for (const r of rounds) {
      const ps = probes.filter((p) => p.ttl === ttl && p.round === r);
      const lost = ps.filter((p) => p.responder === undefined).length;
      const rtts = ps.flatMap((p) => (p.rttMs === undefined ? [] : [p.rttMs])).sort((a, b) => a - b);
      lossPct.push(ps.length ? (lost / ps.length) * 100 : undefined);
      rttMs.push(rtts.length ? rtts[Math.floor((rtts.length - 1) / 2)] : undefined);
    }
    return { ttl, lossPct, rttMs };
  });
}

const PALETTE = ['#2563eb', '#16a34a', '#dc2626', '#9333ea', '#ea580c', '#0891b2', '#4d7c0f', '#be185d'];

/**
 * One line chart in plain SVG (pure): a polyline per hop over the rounds, gaps where a round had no figure,
 * the axis' top value and a legend. No library: a few hundred points do not need one.
 */
export function renderLineChart(
  series: readonly RoundSeries[],
  pick: 'lossPct' | 'rttMs',
  title: string,
  unit: string,
): string {
  const W = 360;
  const H = 160;
  const pad = { l: 36, r: 8, t: 20, b: 22 };
  const n = Math.max(1, ...series.map((s) => s[pick].length));
  const values = series.flatMap((s) => s[pick].filter((v): v is number => v !== undefined));
  const top = pick === 'lossPct' ? 100 : Math.max(1, ...values) * 1.1;
  const x = (i: number) => pad.l + (n === 1 ? 0 : (i / (n - 1)) * (W - pad.l - pad.r));
  const yv = (v: number) => pad.t + (1 - v / top) * (H - pad.t - pad.b);
  const lines = series.map((s, k) => {
    const segs: string[][] = [[]];
    s[pick].forEach((v, i) => {
      if (v === undefined) segs.push([]);
      else segs.at(-1)!.push(`${x(i).toFixed(1)},${yv(v).toFixed(1)}`);
    });
    const colour = PALETTE[k % PALETTE.length];
    return segs
      .filter((p) => p.length)
      .map((p) =>
        p.length === 1
          ? `<circle cx="${p[0]!.split(',')[0]}" cy="${p[0]!.split(',')[1]}" r="1.5" fill="${colour}"/>`
          : `<polyline fill="none" stroke="${colour}" stroke-width="1.2" points="${p.join(' ')}"/>`,
      )
      .join('');
  });
  const legend = series.map((s, k) => `<tspan fill="${PALETTE[k % PALETTE.length]}">■ hop ${s.ttl} </tspan>`).join('');
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" class="chart" data-chart="${pick}" viewBox="0 0 ${W} ${H + 16}" ` +
    `width="100%" style="max-width:560px">` +
    `<text x="${pad.l}" y="12" class="chart-title">${e(title)}</text>` +
    `<line x1="${pad.l}" y1="${pad.t}" x2="${pad.l}" y2="${H - pad.b}" stroke="#9ca3af"/>` +
    `<line x1="${pad.l}" y1="${H - pad.b}" x2="${W - pad.r}" y2="${H - pad.b}" stroke="#9ca3af"/>` +
    `<text x="${pad.l - 4}" y="${pad.t + 4}" text-anchor="end" class="tick">${Math.round(top)}</text>` +
    `<text x="${pad.l - 4}" y="${H - pad.b}" text-anchor="end" class="tick">0</text>` +
    `<text x="${W - pad.r}" y="${H - 6}" text-anchor="end" class="tick">round ${n} (${e(unit)})</text>` +
    lines.join('') +
    `<text x="${pad.l}" y="${H + 12}" class="tick">${legend}</text></svg>`
  );
}

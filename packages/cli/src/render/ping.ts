import type { PingEvent, PingReport } from '@netcheck/ping';
import { derivePingSeverity, renderHopEstimate } from '@netcheck/ping';
import { fmtMs, fmtPct } from '../options.js';
import type { Style } from '../style.js';
import { severityColour } from './marks.js';

/** One live line per event, like ping's own; `undefined` for an event that prints nothing. */
export function renderPingEvent(e: PingEvent, style: Style): string | undefined {
  switch (e.type) {
    case 'start':
      return `PING ${e.target}${e.address && e.address !== e.target ? ` (${e.address})` : ''}`;
    case 'reply': {
      const flags = [e.duplicate && 'DUP', e.outOfOrder && 'out of order', e.late && 'late'].filter(Boolean).join(', ');
      const note = flags ? ` ${style.yellow(`(${flags})`)}` : '';
      return `${e.bytes} bytes from ${e.from}: seq=${e.seq} ttl=${e.ttl ?? '?'} time=${fmtMs(e.rttMs)} ms${note}`;
    }
    case 'timeout':
      return style.yellow(`seq=${e.seq} no reply yet`);
    case 'unreachable':
      return style.red(`From ${e.from ?? '?'}: seq=${e.seq} ${e.text}`);
    case 'ttl-exceeded':
      return style.yellow(`From ${e.from ?? '?'}: seq=${e.seq} Time to live exceeded`);
    case 'redirect':
      return style.yellow(`From ${e.from ?? '?'}: seq=${e.seq} Redirect${e.gateway ? ` to ${e.gateway}` : ''}`);
  }
}

/** The closing block: counts with the loss interval, RTT figures, the hop estimate and the verdict. */
export function renderPingSummary(r: PingReport, style: Style): string[] {
  const s = r.summary;
  const lines = [`--- ${r.target} ping statistics${r.aborted ? ' (stopped early)' : ''} ---`];
  if (s.sent > 0) {
    const ci = s.lossCi95 ? ` (95% CI ${fmtPct(s.lossCi95.lowPct)}–${fmtPct(s.lossCi95.highPct)}%)` : '';
    const extra = `${s.duplicates ? `, +${s.duplicates} duplicates` : ''}${s.errors ? `, ${s.errors} errors` : ''}`;
    lines.push(`${s.sent} sent, ${s.received} received${extra}, ${fmtPct(s.lossPct)}% loss${ci}`);
  }
  if (s.avgMs !== undefined) {
    const rtt = [s.minMs, s.avgMs, s.maxMs, s.mdevMs].map(fmtMs).join('/');
    const spread = `jitter ${fmtMs(s.jitterMs)} ms, p50 ${fmtMs(s.p50Ms)} ms, p95 ${fmtMs(s.p95Ms)} ms`;
    lines.push(`rtt min/avg/max/mdev = ${rtt} ms, ${spread}`);
  }
  if (r.hops) lines.push(renderHopEstimate(r.hops));
  lines.push(severityColour(derivePingSeverity(r.verdict), style)(`${r.verdict.kind}: ${r.verdict.text}`));
  if (r.failure?.hint) lines.push(`  ${r.failure.hint}`);
  for (const w of r.warnings) lines.push(style.dim(`warning: unrecognised output: ${w}`));
  return lines;
}

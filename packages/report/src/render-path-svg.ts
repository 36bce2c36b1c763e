import { escapeHtml as e } from './escape.js';
import type { HopMark, PathView } from './path-view.js';

const ROW_PX = 64;
const COLOURS: Record<HopMark | 'host', string> = {
  host: '#4b5563',
  clean: '#15803d',
  destination: '#15803d',
  blamed: '#b91c1c',
  unreachable: '#b45309',
  'not-a-problem': '#6b7280',
  'no-data': '#9ca3af',
};
const NOTE: Record<HopMark, string> = {
  clean: '',
  destination: 'destination',
  blamed: '',
  unreachable: 'says unreachable: the verdict',
  'not-a-problem': 'not a problem: its own ICMP',
  'no-data': 'no answer',
};

/**
 * The path as an SVG diagram (pure), top to bottom so it reads on a phone as on a desk: this machine, one
 * `<g data-hop="TTL" data-verdict="KIND">` per hop (address, name, what it means), the target. The link into a
 * blamed hop is drawn red and carries `data-link` and `data-verdict`; rate-limiting and silent routers are grey
 * and say "not a problem"; an unreachable or prohibited hop is amber.
 */
export function renderPathSvg(path: PathView, target: string): string {
  const rows = path.hops.length + 1;
  const last = path.hops.at(-1);
  const reached = last !== undefined && (last.address === target || last.mark === 'destination');
  const height = (reached ? rows : rows + 1) * ROW_PX;
  const parts: string[] = [];
  const y = (i: number) => 24 + i * ROW_PX;
  parts.push(`<g data-node="this-machine"><circle cx="24" cy="${y(0)}" r="9" fill="${COLOURS.host}"/>`);
  parts.push(`<text x="44" y="${y(0) + 5}" class="addr">this machine</text></g>`);
  path.hops.forEach((h, i) => {
    const cy = y(i + 1);
    const blamed = h.mark === 'blamed';
    const linkColour = blamed ? COLOURS.blamed : '#d1d5db';
    parts.push(
      `<line data-link="${h.ttl}"${blamed ? ` data-verdict="${e(h.kind)}"` : ''} x1="24" y1="${y(i) + 10}" x2="24" y2="${cy - 10}" ` +
        `stroke="${linkColour}" stroke-width="${blamed ? 6 : 3}"${h.mark === 'not-a-problem' && h.kind === 'silent' ? ' stroke-dasharray="4 4"' : ''}/>`,
    );
    if (blamed) {
      parts.push(
        `<text x="44" y="${cy - ROW_PX / 2 + 5}" class="blame">▲ ${e(
          h.kind === 'link-loss' ? 'forwarding loss starts on this link' : 'latency step on this link',
        )}</text>`,
      );
    }
    const title = h.address ? `${h.address}${h.name ? ` (${h.name})` : ''}` : '* (no answer)';
    const note = blamed ? '' : h.kind === 'silent' ? 'silent router: not a problem' : NOTE[h.mark];
    const figures = [
      h.lossPct !== undefined ? `${h.lossPct.toFixed(h.lossPct < 10 ? 1 : 0)}% unanswered` : '',
      h.p50Ms !== undefined ? `${h.p50Ms.toFixed(1)} ms` : '',
    ]
      .filter(Boolean)
      .join(', ');
    parts.push(
      `<g data-hop="${h.ttl}" data-verdict="${e(h.kind)}" data-mark="${h.mark}" tabindex="0"><title>${e(h.text || title)}</title>` +
        `<circle cx="24" cy="${cy}" r="9" fill="${COLOURS[h.mark]}"${h.mark === 'unreachable' ? ' stroke="#78350f" stroke-width="3"' : ''}/>` +
        `<text x="44" y="${cy - 2}" class="addr">${h.ttl}. ${e(title)}</text>` +
        `<text x="44" y="${cy + 15}" class="note">${e([figures, note].filter(Boolean).join(' · '))}</text></g>`,
    );
  });
  if (!reached) {
    const cy = y(rows) - 8;
    parts.push(
      `<line x1="24" y1="${y(rows - 1) + 10}" x2="24" y2="${cy - 10}" stroke="#d1d5db" stroke-width="3" ` +
        `stroke-dasharray="2 6"/>`,
    );
    parts.push(
      `<g data-node="target"><rect x="15" y="${cy - 9}" width="18" height="18" fill="${COLOURS.host}"/><text x="44" ` +
        `y="${cy + 5}" class="addr">${e(target)} (target)</text></g>`,
    );
  }
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" class="path" role="img" aria-label="the path to ${e(target)}" ` +
    `viewBox="0 0 360 ${height}" width="100%" preserveAspectRatio="xMinYMin meet" ` +
    `style="max-width:520px">${parts.join('')}</svg>`
  );
}

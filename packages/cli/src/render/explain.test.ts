import { readFileSync } from 'node:fs';
import { explainPaste, parsePaste } from '@netcheck/report';
import { describe, expect, it } from 'vitest';
import { makeStyle } from '../style.js';
import { renderExplanation } from './explain.js';

const plain = makeStyle({ color: false });
const read = (p: string) => readFileSync(new URL(`../../../report/fixtures/${p}`, import.meta.url), 'utf8');

describe('renderExplanation', () => {
  it('a traceroute paste ending in !H: the hop says unreachable, the limits what traceroute cannot show', () => {
    const lines = renderExplanation(explainPaste(parsePaste(read('traceroute/unreachable-n.txt'))!), plain);
    expect(lines.find((l) => l.startsWith('3.'))).toMatch(/SAYS UNREACHABLE !H/);
    expect(lines).toContain('hop 3 (10.0.3.2) says !H: the destination is unreachable or prohibited there');
    expect(lines.join('\n')).toContain('never where loss begins');
  });
  it('Windows pathping (documented format): the rate-limiting router is shown, not blamed', () => {
    const lines = renderExplanation(explainPaste(parsePaste(read('pathping-win32/ratelimit-documented.txt'))!), plain);
    expect(lines.find((l) => l.startsWith('2.'))).toContain('rate-limits ICMP (not a problem)');
    expect(lines.join('\n')).toContain('nobody to blame');
  });
});

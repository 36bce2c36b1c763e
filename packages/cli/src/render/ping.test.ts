import { readFileSync } from 'node:fs';
import type { PingReport } from '@netcheck/ping';
import { describe, expect, it } from 'vitest';
import { makeStyle } from '../style.js';
import { renderPingEvent, renderPingSummary } from './ping.js';

/** A report recorded in the lab (see test/fixtures/README.md). */
const fixture = <T>(name: string): T =>
  JSON.parse(readFileSync(new URL(`../../test/fixtures/${name}`, import.meta.url), 'utf8')) as T;
const plain = makeStyle({ color: false });
const colour = makeStyle({ color: true });

describe('ping renderer, on `netcheck ping web.lab -c 4 -i 0.2 --json` in the standard lab', () => {
  const report = fixture<PingReport>('ping-web-lab.json');

  it('prints a line per event, then the statistics, the hop estimate and the verdict', () => {
    const events = report.events.map((e) => renderPingEvent(e, plain)).filter((l) => l !== undefined);
    expect([...events, '', ...renderPingSummary(report, plain)]).toEqual([
      'PING web.lab (fd0c:4::2)',
      '64 bytes from fd0c:4::2: seq=1 ttl=61 time=30.90 ms',
      '64 bytes from fd0c:4::2: seq=2 ttl=61 time=33.80 ms',
      '64 bytes from fd0c:4::2: seq=3 ttl=61 time=33.90 ms',
      '64 bytes from fd0c:4::2: seq=4 ttl=61 time=37.40 ms',
      '',
      '--- web.lab ping statistics ---',
      '4 sent, 4 received, 0% loss (95% CI 0–49%)',
      'rtt min/avg/max/mdev = 30.90/34.00/37.40/2.303 ms, jitter 2.167 ms, p50 33.85 ms, p95 36.88 ms',
      '≈3 hops away (initial TTL 64, likely Linux/Unix)',
      'healthy: every probe to web.lab was answered',
    ]);
  });

  it('colours the verdict by its severity: healthy green, loss yellow, no reply red', () => {
    const healthy = '\u001b[32mhealthy: every probe to web.lab was answered\u001b[39m';
    expect(renderPingSummary(report, colour).at(-1)).toBe(healthy);
    const lossy = { ...report, verdict: { kind: 'loss' as const, text: '25% lost' } };
    expect(renderPingSummary(lossy, colour).at(-1)).toBe('\u001b[33mloss: 25% lost\u001b[39m');
    const silent = { ...report, verdict: { kind: 'no-reply' as const, text: 'no reply' } };
    expect(renderPingSummary(silent, colour).at(-1)).toBe('\u001b[31mno-reply: no reply\u001b[39m');
  });
});

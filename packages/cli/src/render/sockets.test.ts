import { readFileSync } from 'node:fs';
import type { SocketReport, SocketSample } from '@netcheck/sockets';
import { deriveTrends } from '@netcheck/sockets';
import { describe, expect, it } from 'vitest';
import { makeStyle } from '../style.js';
import {
  renderFinding,
  renderSocketCounts,
  renderSocketFailure,
  renderSocketReport,
  renderStateTable,
  renderTrends,
  renderWatchSample,
} from './sockets.js';

/** Reports recorded from real runs (see fixtures/README.md). */
const recorded = (name: string): SocketReport =>
  JSON.parse(readFileSync(new URL(`fixtures/${name}`, import.meta.url), 'utf8')) as SocketReport;

const plain = makeStyle({ color: false });
const coloured = makeStyle({ color: true });
const findings = recorded('sockets-lab-findings.json');

describe('renderSocketReport on a recorded report', () => {
  const lines = renderSocketReport(findings, plain);
  const text = lines.join('\n');

  it('heads with the total and where the table was read', () => {
    expect(lines[0]).toMatch(/^TCP sockets: 61 {3}read \/proc\/net\/tcp, \/proc\/net\/tcp6 in \d+ ms$/);
  });

  it('the state table carries the change between the two samples', () => {
    expect(lines[2]).toMatch(/^ {2}STATE +COUNT +CHANGE$/);
    expect(lines).toContainEqual(expect.stringMatching(/^ {2}SYN_SENT +13/));
    expect(lines).toContainEqual(expect.stringMatching(/^ {2}total +61/));
  });

  it('every section the report has data for, in order', () => {
    const sections = [
      'Top local ports',
      'Top destinations (outgoing connections)',
      'Top peers',
      'Top processes',
      'Listeners (accept queue: waiting / limit)',
      'Kernel counters',
      'Sysctl audit',
      'Findings',
    ];
    const at = sections.map((s) => lines.indexOf(s));
    expect(at.every((i) => i > 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
  });

  it('breakdowns name states and processes', () => {
    expect(text).toMatch(/ {2}42645 \(listening\) +6 +LISTEN 1, CLOSE_WAIT 5 +allstates \(\d+\)/);
    expect(text).toMatch(/ {2}127\.0\.0\.1:9 +10 +SYN_SENT 10 +10 +dialer \(\d+\), allstates \(\d+\)/);
    expect(text).toMatch(/ {2}127\.0\.0\.1:46417 +3 \/ 2 +0 +slowsrv \(\d+\)/);
  });

  it('counters that moved between the samples, with their rate', () => {
    expect(lines).toContain('  moved in 1.0 s:');
    expect(lines).toContainEqual(expect.stringMatching(/^ {4}ListenOverflows +\+3 {2}\(3\.0\/s, now 6\)$/));
  });

  it('findings: severity and title, explanation, evidence lines with their sources, commands', () => {
    const at = lines.indexOf('Findings');
    expect(lines[at + 1]).toBe('  CRITICAL  accept queue of 127.0.0.1:46417 is full (3/2) — slowsrv (pid 23550)');
    expect(text).toContain('evidence: accept queue length of 127.0.0.1:46417 = 3 (ss -ltn (Recv-Q) / /proc/net/tcp');
    expect(text).toContain("       ss -ltn '( sport = :46417 )'");
    expect(text).toContain('  WARNING  10 connection attempts to 127.0.0.1:9 get no answer (dialer, pid 23551)');
    // one blank line between findings, none after the last
    expect(
      lines[lines.indexOf('  WARNING  10 connection attempts to 127.0.0.1:9 get no answer (dialer, pid 23551)') - 1],
    ).toBe('');
    expect(lines.at(-1)).toBe('       traceroute -n -T -p 9 127.0.0.1');
  });

  it('no line of a finding is wider than 100 columns', () => {
    for (const f of findings.findings) {
      for (const l of renderFinding(f, plain).filter((x) => !x.startsWith('  CRITICAL') && !x.startsWith('  WARNING')))
        expect(l.length).toBeLessThanOrEqual(100);
    }
  });

  it('colour only changes how it looks', () => {
    const strip = (s: string) => s.replace(/\u001b\[[0-9;]*m/g, '');
    expect(renderSocketReport(findings, coloured).map(strip)).toEqual(lines);
  });

  it('--list adds the sockets kept, like ss', () => {
    const withSockets: SocketReport = {
      ...findings,
      sockets: [
        {
          state: 'SYN_SENT',
          family: 4,
          localAddress: '127.0.0.1',
          localPort: 40000,
          remoteAddress: '127.0.0.1',
          remotePort: 9,
          recvQ: 0,
          sendQ: 1,
          inode: 1,
          uid: 0,
          timer: 'retransmit',
          owners: [{ pid: 23551, name: 'dialer' }],
        },
      ],
    };
    const listed = renderSocketReport(withSockets, plain, { list: true });
    expect(listed).toContain('Sockets (1 of 61)');
    expect(listed).toContainEqual(
      expect.stringMatching(/^ {2}SYN_SENT +0 +1 +127\.0\.0\.1:40000 +127\.0\.0\.1:9 +dialer \(23551\)$/),
    );
    expect(renderSocketReport(withSockets, plain)).not.toContain('Sockets (1 of 61)');
  });
});

describe('the sysctl audit', () => {
  // the section's rows, found in the plain lines (a coloured title is bold)
  const audit = (report: SocketReport, style = plain) => {
    const at = renderSocketReport(report, plain);
    return renderSocketReport(report, style).slice(at.indexOf('Sysctl audit') + 1, at.indexOf('Findings') - 1);
  };

  it('says each setting as before: fine is ok, a problem of severity info a note, a warning warn', () => {
    const rows = audit(findings);
    expect(rows).toHaveLength(10);
    expect(rows[0]).toMatch(/^ {2}ok {4}net\.ipv4\.tcp_syncookies = 1 {17}SYN cookies are sent only when/);
    expect(rows).toContainEqual(expect.stringMatching(/^ {2}note {2}net\.ipv4\.tcp_keepalive_time = 7200 +on sockets/));
    const warned: SocketReport = {
      ...findings,
      audit: [{ sysctl: 'net.core.somaxconn', value: '128', state: 'problem', severity: 'warning', text: 'capped' }],
    };
    expect(audit(warned)).toEqual(['  warn  net.core.somaxconn = 128  capped']);
  });

  it('a setting not checked reads "unknown", dim; a note is yellow and a warning red', () => {
    expect(
      audit(recorded('sockets-no-table.json')).every((l) => /^ {2}unknown {2}net\.\S+ = \? +could not/.test(l)),
    ).toBe(true);
    const mixed: SocketReport = {
      ...findings,
      audit: [
        { sysctl: 'a', value: '1', state: 'fine', severity: 'info', text: 'x' },
        { sysctl: 'b', value: '2', state: 'problem', severity: 'info', text: 'x' },
        { sysctl: 'c', value: '3', state: 'problem', severity: 'warning', text: 'x' },
        { sysctl: 'd', value: undefined, state: 'not-checked', severity: 'info', text: 'x' },
      ],
    };
    const rows = audit(mixed, coloured);
    expect(rows[0]).toMatch(/^ {2}ok +a = 1 {2}x$/);
    expect(rows[1]).toContain(coloured.yellow('note'));
    expect(rows[2]).toContain(coloured.red('warn'));
    expect(rows[3]).toContain(coloured.dim('unknown'));
  });
});

describe('other recorded outcomes', () => {
  it('--counts: total and states only', () => {
    const lines = renderSocketCounts(recorded('sockets-counts.json'));
    expect(lines[0]).toBe('TCP sockets: 61');
    expect(lines[1]).toMatch(/^ {2}STATE +COUNT$/);
    expect(lines).toHaveLength(1 + renderStateTable(recorded('sockets-counts.json')).length);
  });

  it('no table: what failed and the fix', () => {
    expect(renderSocketFailure(recorded('sockets-no-table.json'), plain)).toEqual([
      'error: no TCP table could be read: /proc/net/tcp could not be read; ss -tanpH: ss is not installed; ' +
        'netstat -natp: netstat is not installed',
      '  install it: apt-get install net-tools',
    ]);
  });
});

describe('--watch', () => {
  const sample = (index: number, closeWait: number, delta?: number): SocketSample =>
    ({
      index,
      at: `2026-11-29T14:15:0${index}.000Z`,
      total: 10 + closeWait,
      states: { ...findings.states, CLOSE_WAIT: closeWait },
      stateDeltas: delta === undefined ? undefined : { ...zero(), CLOSE_WAIT: delta },
      counterDeltas: delta === undefined ? undefined : { ActiveOpens: delta, InSegs: 99 },
    }) as SocketSample;
  const zero = () => Object.fromEntries(Object.keys(findings.states).map((k) => [k, 0])) as SocketReport['states'];

  it('a header every 20 samples, then one line per sample with the changes and the counters that moved', () => {
    const first = renderWatchSample(sample(0, 185), plain, true);
    expect(first[0]).toMatch(/^TIME {5} {4}TOTAL +LISTEN +SYN_S .* TIME_W {2}COUNTERS MOVED$/);
    const next = renderWatchSample(sample(1, 195, 10), plain, false);
    expect(next).toHaveLength(1);
    expect(next[0]).toMatch(/^14:15:01 +205\+10 .* 195\+10 .* {2}ActiveOpens\+10$/);
  });

  it('trends: too few samples, or what grew', () => {
    expect(renderTrends(undefined, plain)).toEqual([
      'fewer than 3 samples: too few to tell steady growth from a burst',
    ]);
  });
});

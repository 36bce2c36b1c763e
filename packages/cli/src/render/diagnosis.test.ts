import { readFileSync } from 'node:fs';
import type { DiagnosisEvent, DiagnosisReport } from '@netcheck/diagnose';
import { describe, expect, it } from 'vitest';
import { makeStyle } from '../style.js';
import { renderDiagnosis, renderStepLine } from './diagnosis.js';

/** A report recorded in the lab (see test/fixtures/README.md). */
const fixture = <T>(name: string): T =>
  JSON.parse(readFileSync(new URL(`../../test/fixtures/${name}`, import.meta.url), 'utf8')) as T;
const plain = makeStyle({ color: false });
const colour = makeStyle({ color: true });

describe('diagnosis renderer, on `netcheck web.lab:81` in the standard lab (port 81 refuses)', () => {
  it('one line per finished step, marked by its fact (--stream recording)', () => {
    const url = new URL('../../test/fixtures/diagnosis-web-lab-81.ndjson', import.meta.url);
    const events = readFileSync(url, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as DiagnosisEvent);
    const plan = events.find((e) => e.type === 'plan')!.plan;
    const title = (step: string) => plan.find((s) => s.id === step)!.title;
    const done = events.filter((e) => e.type === 'step-done');
    const lines = done.map((e) => renderStepLine({ ...e, title: title(e.step) }, plain));
    expect(lines).toEqual([
      '✓ resolve web.lab              web.lab: fd0c:4::2, 10.0.4.2 (getaddrinfo in 39 ms) (44 ms)',
      '✗ connect to port 81           ECONNREFUSED: the host answered with a reset: ' +
        'nothing listens on that port (35 ms)',
      '✓ local sockets toward it      0 TIME_WAIT, 0 SYN_SENT, 0 ESTABLISHED toward it (11 ms)',
      '✓ path MTU                     packets of 1500 bytes pass (DF) (175 ms)',
      '✓ ping web.lab                 0 of 60 lost: loss below 5% (95%), rtt 30.9 ms (956 ms)',
    ]);
  });

  it('each fact state has its own mark', () => {
    const step = { title: 'ping web.lab', summary: 'seen', ms: 12.4 };
    const marks = (['fine', 'problem', 'inconclusive', 'not-checked'] as const).map(
      (state) => renderStepLine({ ...step, state }, colour).split(' ')[0],
    );
    expect(marks).toEqual([
      '\u001b[32m✓\u001b[39m',
      '\u001b[31m✗\u001b[39m',
      '\u001b[33m?\u001b[39m',
      '\u001b[2m-\u001b[22m',
    ]);
  });

  it('the headline, then each finding with its evidence and next steps (--json recording)', () => {
    const report = fixture<DiagnosisReport>('diagnosis-web-lab-81.json');
    expect(renderDiagnosis(report, plain)).toEqual([
      '',
      'web.lab resolves and answers ping, but nothing listens on port 81: connection refused by fd0c:4::2',
      '',
      'FAIL  nothing listens on port 81: connection refused by fd0c:4::2',
      '        TCP connect to fd0c:4::2:81: ECONNREFUSED (errno 111) after 35 ms',
      '        ping RTT 31.9 ms',
      '        meaning: the host answered with a reset: nothing listens on that port',
      '        next: check the service on web.lab (ss -ltnp on the server)',
      '        next: netcheck web.lab:<the right port>',
      'ok    web.lab resolves: 10.0.4.2, fd0c:4::2; applications try fd0c:4::2 first (getaddrinfo lists it first)',
      '        10.0.4.2: A answer, AAAA answer',
      '        getaddrinfo: fd0c:4::2, 10.0.4.2 in 38 ms',
      'ok    1500-byte packets reach web.lab',
      '        1280-byte DF probes: 3 of 3 answered',
      '        1400-byte DF probes: 3 of 3 answered',
      '        1420-byte DF probes: 3 of 3 answered',
      '        1480-byte DF probes: 3 of 3 answered',
      '        1492-byte DF probes: 3 of 3 answered',
      '        1500-byte DF probes: 3 of 3 answered',
      'ok    web.lab answers ping: 0 of 60 lost: loss below 5% (95%)',
      '        60 echoes sent, 60 answered',
      '        rtt min/avg/max 29.9/31.9/34.4 ms, jitter 1.1 ms',
      '        ≈3 hops away (initial TTL 64, likely Linux/Unix)',
      '',
      '(1.1 s; --json for the full report)',
    ]);
    expect(renderDiagnosis(report, colour)[1]).toBe(`\u001b[31m\u001b[1m${report.headline}\u001b[22m\u001b[39m`);
  });
});

import { readFileSync } from 'node:fs';
import type { LookupReport } from '@netcheck/dns';
import { describe, expect, it } from 'vitest';
import { makeStyle } from '../style.js';
import { renderBatchRecord, renderLookup, renderShort } from './dns.js';

/** A report recorded in the lab (see test/fixtures/README.md). */
const fixture = <T>(name: string): T =>
  JSON.parse(readFileSync(new URL(`../../test/fixtures/${name}`, import.meta.url), 'utf8')) as T;
const plain = makeStyle({ color: false });
const colour = makeStyle({ color: true });

describe('dns renderer, on `netcheck dns web.lab --json` in the standard lab', () => {
  const report = fixture<LookupReport>('dns-web-lab.json');

  it('prints dig-like sections, the system view and the verdict', () => {
    expect(renderLookup(report, plain)).toEqual([
      '; netcheck dns web.lab A   (search list: web.lab, web.lab.lab)',
      '',
      ';; SERVER: 10.0.4.2#53 (UDP), 44 ms',
      ';; ->>HEADER<<- status: NOERROR, id: 8203',
      ';; flags: qr aa rd ra; QUERY: 1, ANSWER: 1, AUTHORITY: 0, ADDITIONAL: 0',
      '',
      ';; QUESTION SECTION:',
      ';web.lab.                IN  A',
      '',
      ';; ANSWER SECTION:',
      'web.lab.                     0  IN  A      10.0.4.2',
      ';; system resolver (getaddrinfo): 10.0.4.2',
      '',
      'answer: web.lab A: 10.0.4.2',
    ]);
  });

  it('--short: the answer data only', () => {
    expect(renderShort(report)).toEqual(['10.0.4.2']);
  });

  it('--short: records of other names a server put in the answer are left out; the CNAME chain stays', () => {
    const v = report.resolvers[0]!;
    if (!v.result.ok) throw new Error('fixture: the first resolver answered');
    const response = {
      ...v.result.response,
      question: { name: 'www.lab', type: 'A' },
      answers: [
        { name: 'www.lab.', type: 'CNAME', ttl: 0, data: 'web.lab.' },
        { name: 'web.lab.', type: 'A', ttl: 0, data: '10.0.4.2' },
        { name: 'evil.lab.', type: 'A', ttl: 0, data: '192.0.2.66' },
      ],
    };
    const forged = { ...report, resolvers: [{ ...v, result: { ...v.result, response } }] };
    expect(renderShort(forged)).toEqual(['web.lab.', '10.0.4.2']);
  });

  it('--batch: one record with the answering server', () => {
    expect(renderBatchRecord('web', report)).toEqual({
      name: 'web',
      type: 'A',
      status: 'answer',
      answers: ['10.0.4.2'],
      server: '10.0.4.2',
      rttMs: 44.4,
      text: 'web.lab A: 10.0.4.2',
    });
  });

  it('colours findings by severity and the verdict by whether it answered', () => {
    const findings: LookupReport['findings'] = [
      { kind: 'slow', severity: 'warning', servers: ['10.0.4.3'], text: 'slow' },
      { kind: 'nxdomain-rewriting', severity: 'critical', servers: ['10.0.4.4'], text: 'lies' },
    ];
    const lines = renderLookup({ ...report, findings }, colour);
    expect(lines.slice(-3)).toEqual([
      '\u001b[33mwarning: slow\u001b[39m',
      '\u001b[31mcritical: lies\u001b[39m',
      '\u001b[32manswer: web.lab A: 10.0.4.2\u001b[39m',
    ]);
  });
});

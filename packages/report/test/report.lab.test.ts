import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LAB_ADDR } from '@netcheck/netlab';
import { describeLab } from '@netcheck/netlab/vitest';
import { expect, it } from 'vitest';
import type { ReportDocument } from '../src/document.js';
import { findChanges } from '../src/find-changes.js';
import { writeLastHealthy } from '../src/state-store.js';

const state = mkdtempSync(join(tmpdir(), 'netcheck-state-'));
const reports: Record<string, ReportDocument> = {};

/** `netcheck report <server> --out DIR` run by the built CLI inside the lab's client; the report.json it wrote. */
async function runReport(lab: () => import('@netcheck/netlab').Lab, name: string, extra: string[] = []) {
  const out = mkdtempSync(join(tmpdir(), `netcheck-report-${name}-`));
  const r = await lab().cli('client', ['report', LAB_ADDR.server, '--out', out, ...extra], {
    env: { XDG_STATE_HOME: state },
    timeoutMs: 120_000,
  });
  const doc = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as ReportDocument;
  return { r, doc, out };
}

describeLab('netcheck report on the lossy path', { scenario: 'lossy' }, (lab) => {
  it('compares with the last healthy report of the target when it finds a problem', async () => {
    // The kept baseline: a healthy report of 10.0.4.2 recorded in the `silent` scenario (r2 never answered).
    const dir = mkdtempSync(join(tmpdir(), 'netcheck-state-lossy-'));
    const baseline = JSON.parse(
      readFileSync(new URL('../fixtures/reports/silent.json', import.meta.url), 'utf8'),
    ) as ReportDocument;
    await writeLastHealthy(join(dir, 'netcheck'), baseline);
    const out = mkdtempSync(join(tmpdir(), 'netcheck-report-lossy-'));
    const r = await lab().cli('client', ['report', LAB_ADDR.server, '--out', out], {
      env: { XDG_STATE_HOME: dir },
      timeoutMs: 120_000,
    });
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toContain(`what changed since the last healthy report (${baseline.meta.startedAt}):`);
    expect(r.stdout).toContain('  - new hop 2: 10.0.2.2 was not on the path before');
    expect(r.stdout).toContain('  - forwarding loss on the link 10.0.2.2 → 10.0.3.2, not there before');
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(html).toContain('data-change="link-loss"');
  });

  it('writes report.json, .md and .html; the path blames the link r2 -> r3 (10.0.2.2 -> 10.0.3.2)', async () => {
    const { r, doc, out } = await runReport(lab, 'lossy', ['--no-state']);
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toContain('kept nothing (--no-state)');
    const blamed = doc.path!.hops.filter((h) => h.mark === 'blamed');
    expect(blamed.map((h) => h.address)).toEqual(['10.0.3.2']);
    expect(doc.meta.commands[0]).toBe(`netcheck ${LAB_ADDR.server} --deep --json`);
    expect(Date.parse(doc.meta.endedAt)).toBeGreaterThanOrEqual(Date.parse(doc.meta.startedAt));
    const md = readFileSync(join(out, 'report.md'), 'utf8');
    expect(md).toContain('## Reproduce');
    expect(md).toMatch(/\| 3 \| 10\.0\.3\.2 \|.*blamed/);
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(html).toContain('data-link="3" data-verdict="link-loss"');
  });
});

// The lab's routers are fixed (LAB_NODES), so "a router added to the path" is r2 coming into view: in `silent`
// it never answers (the path shows *), in `jitter` it answers, and its link to r3 is 20 ms ± 15 ms each way
// instead of 5 ms: the latency step. Two reports of one target, as a user would have them before and after.
describeLab('the change finder, before: r2 silent', { scenario: 'silent' }, (lab) => {
  it('records the before report (kept as the last healthy one when healthy)', async () => {
    const { r, doc } = await runReport(lab, 'silent');
    reports.before = doc;
    expect(doc.path!.hops.find((h) => h.ttl === 2)!.address).toBeUndefined();
    if (doc.category === 'healthy') expect(r.stdout).toContain('kept as the last healthy report');
  });
});

describeLab('the change finder, after: r2 answers, r2 -> r3 slower', { scenario: 'jitter' }, (lab) => {
  it('names the new hop 10.0.2.2 and the link 10.0.2.2 -> 10.0.3.2 whose delay stepped up', async () => {
    const { r, doc } = await runReport(lab, 'jitter');
    expect(reports.before, 'the before report (previous block)').toBeDefined();
    // The CLI compares with the kept healthy report when this run finds a problem.
    if (reports.before!.category === 'healthy' && doc.category !== 'healthy') {
      expect(r.stdout).toContain('what changed since the last healthy report');
      expect(r.stdout).toContain('new hop 2: 10.0.2.2 was not on the path before');
      expect(doc.changes!.list.map((c) => c.kind)).toContain('latency-step');
    }
    const changes = findChanges(reports.before!, doc);
    expect(changes).toContainEqual(expect.objectContaining({ kind: 'new-hop', ttl: 2, address: '10.0.2.2' }));
    const step = changes.find((c) => c.kind === 'latency-step');
    expect(step).toMatchObject({ kind: 'latency-step', ttl: 3, from: '10.0.2.2', to: '10.0.3.2' });
    expect(changes.some((c) => c.kind === 'latency-step' && c.to !== '10.0.3.2')).toBe(false);
  });
});

describeLab('netcheck report of a name: the resolver comparison', { scenario: 'disagree' }, (lab) => {
  it('lists both resolvers; the liar 10.0.4.4 gives web.lab another address; report.md has the table', async () => {
    const out = mkdtempSync(join(tmpdir(), 'netcheck-report-disagree-'));
    const r = await lab().cli('client', ['report', 'web.lab', '--out', out, '--no-state'], { timeoutMs: 120_000 });
    expect(r.stderr).toContain('netcheck report web.lab');
    const doc = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as ReportDocument;
    expect(doc.resolvers.map((x) => x.server)).toEqual(['10.0.4.2', '10.0.4.4']);
    expect(doc.resolvers[0]!.a).toContain('10.0.4.2');
    expect(doc.resolvers[1]!.a).toContain('10.0.4.66');
    expect(readFileSync(join(out, 'report.md'), 'utf8')).toContain('| resolver | A | AAAA |');
    expect(doc.meta.commands).toContain('dig web.lab A');
  });
});

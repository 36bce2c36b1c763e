import { execFileSync } from 'node:child_process';
import { normalQuantile, wilsonIntervalPct } from '@netcheck/core';
import { LAB_ADDR } from '@netcheck/netlab';
import { describeLab } from '@netcheck/netlab/vitest';
import { expect, it } from 'vitest';
import { ping } from '../src/index.js';

function pingProcesses(marker: string): string {
  try {
    return execFileSync('pgrep', ['-af', marker]).toString().trim();
  } catch {
    return '';
  }
}

describeLab('ping across the lab', { scenario: 'standard' }, (lab) => {
  it('the hop estimate to the server is exactly the number of routers (3)', async () => {
    const r = await ping(LAB_ADDR.server, {
      runner: lab().runner('client'),
      platform: 'linux',
      count: 5,
      intervalMs: 200,
    }).result;
    expect(r.verdict.kind).toBe('healthy');
    expect(r.hops).toMatchObject({ initialTtl: 64, hops: 3, confidence: 'high' });
    expect(r.summary.avgMs!).toBeGreaterThan(25);
  });

  it('an unreachable route yields Destination Host Unreachable from r3 (10.0.3.2)', async () => {
    const run = ping(LAB_ADDR.unreachable, {
      runner: lab().runner('client'),
      platform: 'linux',
      count: 3,
      intervalMs: 200,
      timeoutMs: 1000,
    });
    const events = [];
    for await (const e of run) events.push(e);
    const r = await run.result;
    expect(events.find((e) => e.type === 'unreachable')).toMatchObject({
      from: '10.0.3.2',
      code: 'host',
      text: 'Destination Host Unreachable',
    });
    expect(r.verdict).toEqual({
      kind: 'unreachable',
      text: '10.0.3.2 says 10.0.5.1 is unreachable: Destination Host Unreachable',
    });
  });

  it('a silent blackhole yields 100% loss and a clear verdict', async () => {
    const r = await ping(LAB_ADDR.blackhole, {
      runner: lab().runner('client'),
      platform: 'linux',
      count: 3,
      intervalMs: 200,
      timeoutMs: 500,
    }).result;
    expect(r.summary).toMatchObject({ sent: 3, received: 0, lossPct: 100 });
    expect(r.verdict.kind).toBe('no-reply');
    expect(r.verdict.text).toContain('no reply from 10.0.5.3 to any of 3 probes');
    expect(r.hops).toBeUndefined();
  });

  it('an unknown host is a failure with a hint', async () => {
    const r = await ping('nosuch.lab', { runner: lab().runner('client'), platform: 'linux', count: 1 }).result;
    expect(r.failure).toMatchObject({ reason: 'unknown-host' });
    expect(r.verdict.kind).toBe('failed');
  });

  it('an abort mid-run kills ping, returns the partial summary and leaves no ping behind', async () => {
    const ac = new AbortController();
    const run = ping(LAB_ADDR.server, {
      runner: lab().runner('client'),
      platform: 'linux',
      count: 100,
      intervalMs: 200,
      sizeBytes: 1234,
      signal: ac.signal,
    });
    let replies = 0;
    for await (const e of run) if (e.type === 'reply' && ++replies === 3) ac.abort();
    const r = await run.result;
    expect(r.aborted).toBe(true);
    expect(r.summary.received).toBeGreaterThanOrEqual(3);
    expect(r.summary.sent).toBeLessThan(10);
    await new Promise((res) => setTimeout(res, 200));
    expect(pingProcesses('-s 1234')).toBe('');
  });

  it('a deadline ends the whole call and leaves no ping behind', async () => {
    const t0 = performance.now();
    const r = await ping(LAB_ADDR.blackhole, {
      runner: lab().runner('client'),
      platform: 'linux',
      count: 1000,
      intervalMs: 200,
      deadlineMs: 1000,
      sizeBytes: 1235,
    }).result;
    expect(performance.now() - t0).toBeLessThan(4000);
    expect(r.summary.received).toBe(0);
    expect(pingProcesses('-s 1235')).toBe('');
  });

  it('the CLI prints replies, the summary and "≈3 hops away (initial TTL 64, likely Linux/Unix)"', async () => {
    const r = await lab().cli('client', ['ping', 'web.lab', '-c', '3', '-i', '0.2']);
    expect(r.exitCode).toBe(0);
    // The client is dual-stack: glibc's default address order puts IPv6 (ULA too) before IPv4, as on a real
    // dual-stack machine, so ping goes to web.lab's AAAA.
    expect(r.stdout).toMatch(/^PING web\.lab \(fd0c:4::2\)$/m);
    expect(r.stdout).toMatch(/64 bytes from fd0c:4::2: seq=1 ttl=61 time=\d/);
    expect(r.stdout).toContain('3 sent, 3 received, 0% loss (95% CI 0–56%)');
    expect(r.stdout).toContain('≈3 hops away (initial TTL 64, likely Linux/Unix)');
    const json = await lab().cli('client', ['ping', '10.0.5.1', '-c', '2', '-i', '0.2', '-W', '0.5', '--json']);
    expect(json.exitCode).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({
      target: '10.0.5.1',
      verdict: { kind: 'unreachable' },
      summary: { sent: 2, received: 0 },
    });
    const stream = await lab().cli('client', ['ping', '10.0.4.2', '-c', '2', '-i', '0.2', '--stream']);
    const lines = stream.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { type: string });
    expect(lines.map((l) => l.type)).toEqual(['event', 'event', 'event', 'result']);
  });
});

describeLab('ping over the lossy link', { scenario: 'lossy' }, (lab) => {
  it('the measured loss interval is the Wilson interval of the counts, which contain the link loss (10%)', async () => {
    const r = await ping(LAB_ADDR.server, {
      runner: lab().runner('client'),
      platform: 'linux',
      count: 150,
      intervalMs: 10,
      timeoutMs: 1000,
    }).result;
    const ci = r.summary.lossCi95!;
    console.log(
      `[ping] lossy link: ${r.summary.sent - r.summary.received}/${r.summary.sent} lost ` +
        `= ${r.summary.lossPct!.toFixed(1)}% (95% CI ${ci.lowPct.toFixed(1)}–${ci.highPct.toFixed(1)}%)`,
    );
    expect(r.verdict.kind).toBe('loss');
    const lost = r.summary.sent - r.summary.received;
    expect(ci).toEqual(wilsonIntervalPct(lost, r.summary.sent));
    // A 95% interval misses the true rate one run in twenty by definition: the test holds the same counts to
    // a 99.9% interval (one run in a thousand) so CI does not fail on chance.
    const wide = wilsonIntervalPct(lost, r.summary.sent, normalQuantile(1 - 0.001 / 2))!;
    expect(wide.lowPct).toBeLessThanOrEqual(10);
    expect(wide.highPct).toBeGreaterThanOrEqual(10);
  });
});

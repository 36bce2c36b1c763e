import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { main } from '../main.js';
import { captureIo } from '../test-io.js';

const fixture = (p: string) => fileURLToPath(new URL(`../../../report/fixtures/${p}`, import.meta.url));

describe('netcheck explain', () => {
  it('names the lossy link of a recorded mtr --report paste, exit 1', async () => {
    const io = captureIo();
    const code = await main(['explain', fixture('mtr/lossy-report-c100.txt')], { io });
    expect(code).toBe(1);
    expect(io.stdout).toContain('netcheck explain: mtr --report output to 10.0.4.2, 4 hops');
    expect(io.stdout).toMatch(/3\. +10\.0\.3\.2 .*LOSS STARTS HERE/);
    expect(io.stdout).toContain('10.0.2.2 → 10.0.3.2');
    expect(io.stdout).toContain('what this data cannot show:');
  });
  it('blames nobody on a recorded rate-limited path, exit 0', async () => {
    const io = captureIo();
    expect(await main(['explain', fixture('mtr/ratelimited-json-c100.json')], { io })).toBe(0);
    expect(io.stdout).toContain('nobody to blame');
    expect(io.stdout).not.toContain('LOSS STARTS HERE');
  });
  it('--json gives the explanation as data', async () => {
    const io = captureIo();
    await main(['explain', fixture('trippy/lossy-documented.json'), '--json'], { io });
    const x = JSON.parse(io.stdout) as { format: string; attribution: { trouble: { ttl: number } } };
    expect(x.format).toBe('trippy-json');
    expect(x.attribution.trouble.ttl).toBe(3);
  });
  it('an unreadable file or an unknown format is a usage error (exit 2) that says what to do', async () => {
    const io = captureIo();
    expect(await main(['explain', '/nonexistent/paste.txt'], { io })).toBe(2);
    expect(io.stderr).toContain('cannot read /nonexistent/paste.txt: ENOENT');
    const io2 = captureIo();
    expect(await main(['explain', fixture('mtr/lossy-report-c100.txt'), '--format', 'nmap'], { io: io2 })).toBe(2);
    expect(io2.stderr).toContain('use one of: mtr-report');
  });
});

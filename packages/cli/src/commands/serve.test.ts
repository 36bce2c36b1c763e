import { FakeCommandRunner } from '@netcheck/core';
import { describe, expect, it } from 'vitest';
import { main } from '../main.js';
import { parseListen } from '../render/serve.js';
import { captureIo } from '../test-io.js';

describe('netcheck serve', () => {
  it('serves /probe and /metrics until Ctrl-C, refusing a bad target with 400 and spawning nothing', async () => {
    const io = captureIo();
    const runner = new FakeCommandRunner([]);
    const ac = new AbortController();
    const done = main(['serve', '--listen', '127.0.0.1:0'], { io, runner, signal: ac.signal });
    let port: string | undefined;
    for (let i = 0; i < 500 && !port; i++) {
      await new Promise((r) => setTimeout(r, 20));
      port = /listening on http:\/\/127\.0\.0\.1:(\d+) \(modules: icmp, tcp, dns, path, diagnose\)/.exec(
        io.stderr,
      )?.[1];
    }
    expect(port, io.stderr).toBeDefined();
    const bad = await fetch(`http://127.0.0.1:${port}/probe?target=${encodeURIComponent('$(reboot)')}&module=icmp`);
    expect(bad.status).toBe(400);
    expect(await bad.text()).toMatch(/invalid target/);
    const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    expect(metrics).toMatch(/netcheck_exporter_requests_rejected_total 1/);
    expect(runner.calls).toHaveLength(0);
    ac.abort();
    expect(await done).toBe(0);
  });

  it('says what is wrong with --listen and --config (exit 2)', async () => {
    for (const args of [
      ['--listen', 'nope'],
      ['--listen', '127.0.0.1:70000'],
      ['--config', '/nonexistent/netcheck.json'],
    ]) {
      const io = captureIo();
      expect(await main(['serve', ...args], { io, runner: new FakeCommandRunner([]) })).toBe(2);
      expect(io.stderr).toMatch(/--listen takes host:port|cannot read the module file/);
    }
  });
});

describe('parseListen', () => {
  it.each([
    ['127.0.0.1:9469', { host: '127.0.0.1', port: 9469 }],
    ['[::1]:9469', { host: '::1', port: 9469 }],
    [':9469', { host: '0.0.0.0', port: 9469 }],
    ['localhost:1', { host: 'localhost', port: 1 }],
  ])('%s', (text, want) => expect(parseListen(text)).toEqual(want));
  it.each(['9469', '127.0.0.1', '127.0.0.1:0x10', 'a b:1', '[::1:9469', '127.0.0.1:99999'])('refuses %s', (text) =>
    expect(() => parseListen(text)).toThrow(/--listen takes/),
  );
});

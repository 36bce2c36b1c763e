import { FakeCommandRunner } from '@netcheck/core';
import { describe, expect, it } from 'vitest';
import { makePauseGate } from './pause-gate.js';

const echo = () => new FakeCommandRunner([{ match: 'traceroute', stdout: ' 1  127.0.0.1  0.050 ms\n' }]);

describe('makePauseGate', () => {
  it('runs commands at once when not paused', async () => {
    const fake = echo();
    const g = makePauseGate(fake);
    const r = await g.runner.start({ command: 'traceroute', args: [] }).result;
    expect(r.stdout).toMatch(/127\.0\.0\.1/);
  });

  it('holds a command started while paused until resume, then runs it', async () => {
    const fake = echo();
    const g = makePauseGate(fake);
    g.pause();
    expect(g.paused).toBe(true);
    const running = g.runner.start({ command: 'traceroute', args: [] });
    await new Promise((r) => setTimeout(r, 20));
    expect(fake.calls).toHaveLength(0);
    g.resume();
    const lines: string[] = [];
    for await (const l of running) lines.push(l);
    expect(fake.calls).toHaveLength(1);
    expect(lines.join('\n')).toMatch(/127\.0\.0\.1/);
    expect((await running.result).failure).toBeUndefined();
  });

  it('a held command killed or aborted ends as aborted and never spawns', async () => {
    const fake = echo();
    const g = makePauseGate(fake);
    g.pause();
    const killed = g.runner.start({ command: 'traceroute', args: [] });
    killed.kill();
    const ac = new AbortController();
    const signalled = g.runner.start({ command: 'traceroute', args: [], signal: ac.signal });
    ac.abort();
    expect((await killed.result).failure?.reason).toBe('aborted');
    expect((await signalled.result).failure?.reason).toBe('aborted');
    g.resume();
    await new Promise((r) => setTimeout(r, 20));
    expect(fake.calls).toHaveLength(0);
  });
});

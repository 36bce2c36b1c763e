import { describe, expect, it } from 'vitest';
import { runCommand, withNetns } from './command-runner.js';
import { buildTiedCommand, createExecaRunner } from './execa-runner.js';
import { FakeCommandRunner } from './fake-runner.js';

const runner = createExecaRunner();

describe('execa runner (real processes)', () => {
  it('streams stdout lines as they are printed and returns the whole output', async () => {
    const running = runner.start({ command: 'sh', args: ['-c', 'echo one; sleep 0.2; echo two'] });
    const seen: Array<[string, number]> = [];
    const t0 = performance.now();
    for await (const line of running) seen.push([line, performance.now() - t0]);
    const r = await running.result;
    expect(seen.map(([l]) => l)).toEqual(['one', 'two']);
    // the first line arrived before the process finished sleeping
    expect(seen[0]![1]).toBeLessThan(seen[1]![1] - 100);
    expect(r).toMatchObject({ exitCode: 0, stdout: 'one\ntwo\n', failure: undefined });
  });

  it('forces the C locale', async () => {
    const r = await runCommand(runner, { command: 'sh', args: ['-c', 'echo $LC_ALL $LANG'], env: {} });
    expect(r.stdout.trim()).toBe('C C');
  });

  it('never uses a shell: metacharacters reach the program literally', async () => {
    const r = await runCommand(runner, { command: 'echo', args: ['$(id)', ';', 'ls'] });
    expect(r.stdout).toBe('$(id) ; ls\n');
  });

  it('reports a missing tool as data', async () => {
    const r = await runCommand(runner, { command: 'netcheck-no-such-tool', args: [] });
    expect(r.failure).toEqual({ reason: 'tool-missing', detail: 'netcheck-no-such-tool not found on PATH' });
    expect(r.exitCode).toBeUndefined();
  });

  it('keeps a non-zero exit as a normal end, with stderr', async () => {
    const r = await runCommand(runner, { command: 'sh', args: ['-c', 'echo oops >&2; exit 1'] });
    expect(r).toMatchObject({ exitCode: 1, stderr: 'oops\n', failure: undefined });
  });

  it('kills on timeout and on abort, leaving no process behind', async () => {
    const timed = await runCommand(runner, { command: 'sleep', args: ['30'], timeoutMs: 200 });
    expect(timed.failure?.reason).toBe('timeout');
    expect(timed.durationMs).toBeLessThan(5000);

    const ac = new AbortController();
    const running = runner.start({ command: 'sh', args: ['-c', 'echo started; exec sleep 30'], signal: ac.signal });
    const lines: string[] = [];
    for await (const line of running) {
      lines.push(line);
      ac.abort();
    }
    const r = await running.result;
    expect(lines).toEqual(['started']);
    expect(r.failure?.reason).toBe('aborted');
    expect(r.stdout).toBe('started\n');
  });

  it('an aborted command has exited by the time its result resolves, even one slow to die', async () => {
    const ac = new AbortController();
    // A shell that takes 300 ms to exit on SIGTERM: the result waits for it to be gone.
    const running = runner.start({
      command: 'sh',
      args: ['-c', 'trap "sleep 0.3; exit 1" TERM; echo $$; while :; do sleep 0.05; done'],
      signal: ac.signal,
    });
    let pid = 0;
    for await (const line of running) {
      pid = Number(line);
      ac.abort();
    }
    const r = await running.result;
    expect(r.failure?.reason).toBe('aborted');
    expect(pid).toBeGreaterThan(0);
    expect(() => process.kill(pid, 0)).toThrow(/ESRCH/);
  });

  it('kill() stops the process and marks it aborted', async () => {
    const running = runner.start({ command: 'sleep', args: ['30'] });
    setTimeout(() => running.kill(), 100);
    const r = await running.result;
    expect(r.failure?.reason).toBe('aborted');
    expect(r.signal).toBe('SIGTERM');
  });
});

describe('FakeCommandRunner', () => {
  it('answers with the scripted output and records calls', async () => {
    const fake = new FakeCommandRunner([{ match: 'ping', stdout: 'a\nb\n', exitCode: 1 }]);
    const r = await runCommand(fake, { command: 'ping', args: ['-c', '1', 'x'] });
    expect(r).toMatchObject({ stdout: 'a\nb\n', exitCode: 1 });
    expect(fake.calls[0]!.args).toEqual(['-c', '1', 'x']);
    const missing = await runCommand(fake, { command: 'traceroute', args: [] });
    expect(missing.failure?.reason).toBe('tool-missing');
  });

  it('honours abort between lines', async () => {
    const fake = new FakeCommandRunner([{ match: 'ping', stdout: '1\n2\n3\n4\n', lineDelayMs: 30 }]);
    const ac = new AbortController();
    const running = fake.start({ command: 'ping', args: [], signal: ac.signal });
    const got: string[] = [];
    for await (const line of running) {
      got.push(line);
      if (got.length === 2) ac.abort();
    }
    const r = await running.result;
    expect(got).toEqual(['1', '2']);
    expect(r.failure?.reason).toBe('aborted');
    expect(fake.running).toBe(0);
  });
});

describe('withNetns', () => {
  it('prefixes ip netns exec and maps its exec failure to tool-missing', async () => {
    const fake = new FakeCommandRunner([
      {
        match: (s) => s.command === 'ip' && s.args[3] === 'nosuch',
        exitCode: 255,
        stderr: 'exec of "nosuch" failed: No such file or directory\n',
      },
      { match: 'ip', stdout: 'PING\n' },
    ]);
    const ns = withNetns(fake, 'lab-client');
    const ok = await runCommand(ns, { command: 'ping', args: ['-c1', '10.0.4.2'] });
    expect(fake.calls[0]).toMatchObject({
      command: 'ip',
      args: ['netns', 'exec', 'lab-client', 'ping', '-c1', '10.0.4.2'],
    });
    expect(ok).toMatchObject({ command: 'ping', stdout: 'PING\n', failure: undefined });
    const missing = await runCommand(ns, { command: 'nosuch', args: [] });
    expect(missing.failure).toEqual({ reason: 'tool-missing', detail: 'nosuch not found in namespace lab-client' });
  });
});

describe('tying children to netcheck (pure)', () => {
  const spec = { command: 'ping', args: ['-c', '1', '127.0.0.1'] };
  it('root: the kernel kills the tool when netcheck dies (setpriv --pdeathsig KILL execs it in place)', () => {
    expect(buildTiedCommand(spec, { setpriv: '/usr/bin/setpriv', isRoot: true })).toEqual({
      command: '/usr/bin/setpriv',
      args: ['--pdeathsig', 'KILL', '--', 'ping', '-c', '1', '127.0.0.1'],
      supervised: false,
    });
  });
  it('an ordinary user: a supervising sh keeps the signal a privileged ping would drop, and kills the tool', () => {
    const tied = buildTiedCommand(spec, { setpriv: '/usr/bin/setpriv', isRoot: false });
    expect(tied.supervised).toBe(true);
    expect(tied.args.slice(0, 5)).toEqual(['--pdeathsig', 'TERM', '--', 'sh', '-c']);
    expect(tied.args.slice(6)).toEqual(['sh', 'ping', '-c', '1', '127.0.0.1']);
    // with text for stdin the tool must own stdin: exec'd in place
    expect(buildTiedCommand({ ...spec, input: 'x' }, { setpriv: '/usr/bin/setpriv', isRoot: false }).supervised).toBe(
      false,
    );
  });
  it('without setpriv: the tool itself (execa cleanup only)', () => {
    expect(buildTiedCommand(spec, { setpriv: undefined, isRoot: false })).toEqual({
      ...spec,
      args: [...spec.args],
      supervised: false,
    });
  });
});

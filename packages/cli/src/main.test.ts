import { FakeCommandRunner } from '@netcheck/core';
import { describe, expect, it } from 'vitest';
import { COMMANDS, subcommandOf } from './commands/index.js';
import { buildProgram, main } from './main.js';
import { renderTable, shouldUseColor, makeStyle } from './style.js';
import { editDistance, findMistypedCommand, suggestWord } from './suggest.js';
import { captureIo } from './test-io.js';

async function run(args: string[]) {
  const io = captureIo();
  const runner = new FakeCommandRunner([]);
  const code = await main(args, { io, runner });
  return { code, out: io.stdout, err: io.stderr, runner };
}

describe('netcheck CLI shell', () => {
  it('--help lists every registered command and the exit codes', async () => {
    const { code, out } = await run(['--help']);
    expect(code).toBe(0);
    expect(out).toContain('Usage: netcheck');
    expect(out).toContain('Exit codes:');
    const io = captureIo();
    const program = await buildProgram({
      io,
      runner: new FakeCommandRunner([]),
      signal: new AbortController().signal,
      exitCode: 0,
    });
    for (const cmd of program.commands) expect(out).toContain(cmd.name());
  });

  it('every subcommand has --help with examples', async () => {
    const io = captureIo();
    const program = await buildProgram({
      io,
      runner: new FakeCommandRunner([]),
      signal: new AbortController().signal,
      exitCode: 0,
    });
    for (const cmd of program.commands) {
      const r = await run([cmd.name(), '--help']);
      expect(r.code, cmd.name()).toBe(0);
      expect(r.out, cmd.name()).toMatch(/Examples?:/);
    }
  });

  it('loads only the command that runs; a target loads only the diagnosis; the help loads every command', async () => {
    expect(subcommandOf(['sockets', '--counts'])?.name).toBe('sockets');
    expect(subcommandOf(['--no-color', 'ss'])?.name).toBe('sockets');
    expect(subcommandOf(['traceroute', 'x'])?.name).toBe('trace');
    for (const args of [[], ['--help'], ['10.0.4.2'], ['-p', '80', 'ping'], ['check', 'ping'], ['pnig']])
      expect(subcommandOf(args), args.join(' ')).toBeUndefined();
    const io = captureIo();
    const ctx = { io, runner: new FakeCommandRunner([]), signal: new AbortController().signal, exitCode: 0 };
    expect((await buildProgram(ctx, ['dns', 'x'])).commands.map((c) => c.name())).toEqual(['dns']);
    expect((await buildProgram(ctx, ['x'])).commands.map((c) => c.name())).toEqual(['check']);
    expect((await buildProgram(ctx, ['-p', '80', 'web.lab'])).commands.map((c) => c.name())).toEqual(['check']);
    const every = [...COMMANDS.map((c) => c.name), 'check'];
    expect((await buildProgram(ctx, ['--help'])).commands.map((c) => c.name())).toEqual(every);
    expect((await buildProgram(ctx, [])).commands.map((c) => c.name())).toEqual(every);
    const r = await run(['--no-color', 'dns', '--help']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('Usage: netcheck dns');
  });

  it('--version prints the package version', async () => {
    const { code, out } = await run(['--version']);
    expect(code).toBe(0);
    expect(out.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('an unknown option is a usage error (exit 2) with a pointer to --help', async () => {
    const { code, err } = await run(['--bogus']);
    expect(code).toBe(2);
    expect(err).toContain("unknown option '--bogus'");
    expect(err).toContain('netcheck --help');
  });

  it('a mistyped command is a usage error with a suggestion, and nothing is spawned', async () => {
    const io = captureIo();
    const program = await buildProgram({
      io,
      runner: new FakeCommandRunner([]),
      signal: new AbortController().signal,
      exitCode: 0,
    });
    const names = program.commands.map((c) => c.name());
    for (const name of names.filter((n) => n.length >= 4)) {
      const typo = name.slice(0, -2) + name.at(-1) + name.at(-2); // swap the last two letters
      const r = await run([typo, 'x']);
      expect(r.code, typo).toBe(2);
      expect(r.err).toContain(`did you mean '${name}'`);
      expect(r.runner.calls).toEqual([]);
    }
  });
});

describe('hostile and mistyped input', () => {
  it.each([[['']], [['--', '']], [['check', '']], [['--json', '']]])(
    'an empty target %j is a usage error, not the check of this machine',
    async (args) => {
      const r = await run(args);
      expect(r.code).toBe(2);
      expect(r.err).toContain('it is empty');
      expect(r.out).not.toContain('checking this machine');
      expect(r.runner.calls).toEqual([]);
    },
  );

  it.each(['dsn', 'mrt', 'pnig', 'trcae', 'pign', 'socket', 'sokcets', 'chekc', 'Ping'])(
    '%s is a mistyped command (exit 2, a suggestion), nothing runs',
    async (word) => {
      const r = await run([word]);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(/did you mean '(dns|mtr|ping|trace|sockets|check)'/);
      expect(r.err).toContain(`netcheck ${word}.`);
      expect(r.runner.calls).toEqual([]);
    },
  );

  it('a trailing dot, "--" or check makes a word a host; names that are not near a command are hosts', () => {
    const names = ['ping', 'trace', 'traceroute', 'mtr', 'pathping', 'dns', 'nslookup', 'sockets', 'ss', 'check'];
    expect(findMistypedCommand(['dsn'], names)).toBe('dns');
    expect(findMistypedCommand(['--json', 'dsn'], names)).toBe('dns');
    expect(findMistypedCommand(['dsn.'], names)).toBeUndefined();
    expect(findMistypedCommand(['--', 'dsn'], names)).toBeUndefined();
    expect(findMistypedCommand(['check', 'dsn'], names)).toBeUndefined();
    expect(findMistypedCommand(['dsn:53'], names)).toBeUndefined();
    for (const host of ['web', 'db', 'nas', 'router', 'gateway', 'printer', 'localhost', 'example']) {
      expect(findMistypedCommand([host], names), host).toBeUndefined();
    }
  });

  it('`netcheck help` prints the help; `netcheck help ping` the help of ping', async () => {
    const r = await run(['help']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('Usage: netcheck');
    expect(r.runner.calls).toEqual([]);
    const p = await run(['help', 'ping']);
    expect(p.code).toBe(0);
    expect(p.out).toContain('Usage: netcheck ping');
  });

  it.each([
    [['a\u001b[31mRED']],
    [['ping', 'a\u001b]0;pwned\u0007']],
    [['check', 'x\u009b31m']],
    [['--bogus\u001b[2J']],
    [['dns', 'a\u001b[31m']],
  ])('input echoed in an error shows its control characters escaped: %j', async (args) => {
    const r = await run(args);
    expect(r.code).toBe(2);
    // eslint-disable-next-line no-control-regex
    expect(r.err).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
    expect(r.err).toMatch(/\\x(1b|9b)/);
  });
});

describe('option scoping', () => {
  it("a subcommand's --json is its own, not the root's", async () => {
    const io = captureIo();
    const runner = new FakeCommandRunner([
      {
        match: 'ping',
        stdout:
          'PING 10.0.4.2 (10.0.4.2) 56(84) bytes of data.\n64 bytes from 10.0.4.2: icmp_seq=1 ttl=61 time=30.1 ms\n',
      },
    ]);
    const code = await main(['ping', '10.0.4.2', '-c', '1', '--json'], { io, runner });
    expect(code).toBe(0);
    expect(JSON.parse(io.stdout)).toMatchObject({ target: '10.0.4.2', summary: { sent: 1, received: 1 } });
  });
});

describe('output helpers', () => {
  it('colour only on a TTY without NO_COLOR', () => {
    expect(shouldUseColor(true, {})).toBe(true);
    expect(shouldUseColor(false, {})).toBe(false);
    expect(shouldUseColor(true, { NO_COLOR: '1' })).toBe(false);
    expect(shouldUseColor(true, { TERM: 'dumb' })).toBe(false);
    expect(shouldUseColor(false, { FORCE_COLOR: '1' })).toBe(true);
    expect(shouldUseColor(false, { FORCE_COLOR: '0' })).toBe(false);
    expect(shouldUseColor(false, { FORCE_COLOR: '' })).toBe(false);
    expect(makeStyle({ color: false }).red('x')).toBe('x');
    expect(makeStyle({ color: true }).red('x')).toBe('\u001b[31mx\u001b[39m');
  });

  it('aligns columns, right-aligning numbers, ignoring colour codes', () => {
    const lines = renderTable(
      [
        ['Host', 'Loss%'],
        ['\u001b[31m10.0.1.1\u001b[39m', '0.0'],
        ['10.0.2.2', '12.5'],
      ],
      [1],
    );
    expect(lines).toEqual(['Host      Loss%', '\u001b[31m10.0.1.1\u001b[39m    0.0', '10.0.2.2   12.5']);
  });

  it('suggests close words only', () => {
    expect(editDistance('pnig', 'ping')).toBe(1); // one transposition
    expect(editDistance('dsn', 'dns')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(suggestWord('pnig', ['ping', 'trace', 'dns'])).toBe('ping');
    expect(suggestWord('tarce', ['ping', 'trace', 'dns'])).toBe('trace');
    expect(suggestWord('example', ['ping', 'trace', 'dns'])).toBeUndefined();
    expect(suggestWord('db', ['ping', 'trace', 'dns'])).toBeUndefined();
  });
});

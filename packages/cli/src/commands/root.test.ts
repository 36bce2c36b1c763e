import { exitCodeFor, FakeCommandRunner } from '@netcheck/core';
import { describe, expect, it } from 'vitest';
import type { LocalReport } from '@netcheck/diagnose';
import { deriveLocalFindings } from '@netcheck/diagnose';
import { main } from '../main.js';
import { captureIo } from '../test-io.js';

async function help(args: string[]): Promise<string> {
  const io = captureIo();
  expect(await main(args, { io, runner: new FakeCommandRunner([]) })).toBe(0);
  return io.stdout;
}

/** The options a help text lists, as [flags, description], without the ones every command has. */
const options = (text: string) =>
  text
    .split('\n')
    .filter((l) => /^ {2}-/.test(l) && !/--(help|version|no-color)/.test(l))
    .map((l) => l.trim().split(/\s{2,}/));

describe('the root command', () => {
  it('`netcheck <target>` and `netcheck check <target>` take the same options, declared once', async () => {
    const root = options(await help(['--help']));
    expect(root.map(([flags]) => flags)).toEqual([
      '-p, --port <port>',
      '--deep',
      '--json',
      '--stream',
      '--every <duration>',
    ]);
    expect(options(await help(['check', '--help']))).toEqual(root);
  });

  it(
    "the local check's exit code: 1 for a warning or critical check, 0 for fine ones or a check that could not " +
      'run',
    () => {
      const skipped = (why: string) => ({ status: 'skipped' as const, why });
      const unreadable: LocalReport = {
        interfaces: skipped('cannot read /sys/class/net'),
        gateway: skipped('cannot read /proc/net/route'),
        resolvers: skipped('no nameserver in /etc/resolv.conf'),
        sockets: skipped('cannot read the socket table'),
      };
      expect(exitCodeFor({ findings: deriveLocalFindings(unreadable) })).toBe(0);
      const dead = { address: '10.0.4.3', zone: 'lab', answered: false, outcome: 'ETIMEOUT', rttMs: undefined };
      const alive = { ...dead, address: '10.0.4.2', answered: true, outcome: 'NODATA', rttMs: 5 };
      expect(exitCodeFor({ findings: deriveLocalFindings({ ...unreadable, resolvers: [dead, alive] }) })).toBe(1);
      expect(exitCodeFor({ findings: deriveLocalFindings({ ...unreadable, resolvers: [dead] }) })).toBe(1);
    },
  );
});

describe('--every on ping and the diagnosis', () => {
  const PING_OUT = [
    'PING 127.0.0.1 (127.0.0.1) 56(84) bytes of data.',
    '64 bytes from 127.0.0.1: icmp_seq=1 ttl=64 time=0.040 ms',
    '',
    '--- 127.0.0.1 ping statistics ---',
    '1 packets transmitted, 1 received, 0% packet loss, time 0ms',
    'rtt min/avg/max/mdev = 0.040/0.040/0.040/0.000 ms',
    '',
  ].join('\n');

  it('ping --every repeats until interrupted: a timestamped NDJSON record a run off a terminal, exit 130', async () => {
    const io = captureIo();
    const ac = new AbortController();
    const runner = new FakeCommandRunner([{ match: 'ping', stdout: PING_OUT }]);
    setTimeout(() => ac.abort(), 1500);
    const code = await main(['ping', '127.0.0.1', '-c', '1', '--every', '1s'], { io, runner, signal: ac.signal });
    const records = io.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { run: number; exitCode: number });
    expect(records.map((r) => [r.run, r.exitCode])).toEqual([
      [1, 0],
      [2, 0],
    ]);
    expect(code).toBe(130);
  });

  it('refuses --every with --stream, and a duration under 1 s', async () => {
    const io = captureIo();
    expect(await main(['web.lab', '--every', '5s', '--stream'], { io, runner: new FakeCommandRunner([]) })).toBe(2);
    expect(await main(['ping', 'web.lab', '--every', '10ms'], { io, runner: new FakeCommandRunner([]) })).toBe(2);
    expect(io.stderr).toMatch(/--every takes a duration from 1s to 24h/);
  });
});

import { FakeCommandRunner } from '@netcheck/core';
import { describe, expect, it } from 'vitest';
import { main } from '../main.js';
import { captureIo } from '../test-io.js';

const denied = {
  match: 'traceroute',
  stderr: 'You do not have enough privileges to use this traceroute method.\nsocket: Operation not permitted\n',
  exitCode: 1,
};

describe('netcheck trace', () => {
  it('-T as an ordinary user: refused (exit 3) with the fix, never a UDP trace under a TCP header', async () => {
    const runner = new FakeCommandRunner([denied]);
    const io = captureIo();
    const code = await main(['trace', 'web.lab', '-T', '-p', '82', '--no-ping'], { io, runner });
    expect(code).toBe(3);
    const all = io.stdout + io.stderr;
    expect(all).toMatch(/may not send TCP probes/);
    expect(all).toMatch(/setcap cap_net_raw\+ep/);
    expect(all).not.toMatch(/tracepath|reached/);
    expect(runner.calls.map((c) => c.command)).toEqual(['traceroute']);
  });

  it.each([
    [['-I', '-T'], /'-I, --icmp' cannot be used with option '-T, --tcp'/],
    [['-I', '-U'], /'-I, --icmp' cannot be used with option '-U, --udp'/],
    [['-U', '-T'], /'-U, --udp' cannot be used with option '-T, --tcp'/],
    [['-4', '-6'], /'-4' cannot be used with option '-6'/],
    [['--json', '--stream'], /'--json' cannot be used with option '--stream'/],
  ])('%j: usage error (exit 2) naming both options', async (args, message) => {
    const runner = new FakeCommandRunner([]);
    const io = captureIo();
    expect(await main(['trace', 'web.lab', ...args], { io, runner })).toBe(2);
    expect(io.stderr).toMatch(message);
    expect(runner.calls).toHaveLength(0);
  });
});

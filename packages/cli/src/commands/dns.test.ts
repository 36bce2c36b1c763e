import { FakeCommandRunner } from '@netcheck/core';
import { describe, expect, it } from 'vitest';
import { main } from '../main.js';
import { captureIo } from '../test-io.js';

async function run(args: string[]) {
  const io = captureIo();
  const code = await main(args, { io, runner: new FakeCommandRunner([]) });
  return { code, out: io.stdout, err: io.stderr };
}

describe('netcheck dns: dig habits at the command line (nothing is sent: each ends in a usage error first)', () => {
  it('+trace says what netcheck does instead, exit 2', async () => {
    const r = await run(['dns', 'MX', 'lab', '+trace']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('+trace is not supported');
    expect(r.err).toContain('dig +trace NAME');
  });

  it('--no-color after the subcommand is accepted (the error is about the real problem)', async () => {
    const r = await run(['dns', 'web.lab', '+bogus', '--no-color']);
    expect(r.code).toBe(2);
    expect(r.err).not.toContain('unknown option');
    expect(r.err).toContain('dig option +bogus is not supported');
  });

  it('-p is the server port, range-checked', async () => {
    const r = await run(['dns', 'web.lab', '-p', '70000']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/port must be from 1 to 65535/);
  });

  it('an unknown type among several is named; +short with --json is a usage error', async () => {
    expect((await run(['dns', 'web.lab', 'A', 'TYPE70000'])).err).toContain('unknown record type "TYPE70000"');
    const r = await run(['dns', 'web.lab', '+short', '--json']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('+short cannot be used with --json');
  });
});

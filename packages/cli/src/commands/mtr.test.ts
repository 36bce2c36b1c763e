import { createSocket } from 'node:dgram';
import type { AddressInfo } from 'node:net';
import dnsPacket from 'dns-packet';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../main.js';
import { captureIo } from '../test-io.js';
import { buildMtrPathpingOptions } from './mtr.js';

type Opts = Parameters<typeof buildMtrPathpingOptions>[0];
const base = { maxTtl: 30, maxUnknown: 5, dns: true } as Opts;

describe("mtr's letters keep mtr's meanings", () => {
  it('-c 10 is 10 probes a hop (Snt 10): 10 rounds of one', () => {
    expect(buildMtrPathpingOptions({ ...base, reportCycles: 10 }, false)).toMatchObject({
      count: 10,
      probesPerRound: 1,
    });
  });
  it('--rounds 10 is 10 rounds of --probes', () => {
    expect(buildMtrPathpingOptions({ ...base, rounds: 10 }, false)).toMatchObject({ count: 10, probesPerRound: 10 });
  });
  it('the live view with neither runs until q; a report until the verdicts settle', () => {
    expect(buildMtrPathpingOptions(base, true).count).toBe(10_000);
    expect(buildMtrPathpingOptions(base, false).count).toBeUndefined();
  });
  // The live view alone goes at mtr's pace, one probe per hop a round, a round a second: within a router's ICMP
  // rate limit (~1 answer a second after a burst). -c, --rounds and reports keep the fast pace bench/mtr.mjs times.
  it.each([
    ['live view', {}, true, { count: 10_000, intervalMs: 1000, probesPerRound: 1 }],
    ['live view -i 0.25', { interval: 0.25 }, true, { count: 10_000, intervalMs: 250, probesPerRound: 1 }],
    ['live view --probes 5', { probes: 5 }, true, { count: 10_000, intervalMs: 1000, probesPerRound: 5 }],
    ['live view -c 10', { reportCycles: 10 }, true, { count: 10, intervalMs: 250, probesPerRound: 1 }],
    ['live view --rounds 5', { rounds: 5 }, true, { count: 5, intervalMs: 250, probesPerRound: 10 }],
    ['-r', {}, false, { count: undefined, intervalMs: 250, probesPerRound: 10 }],
    ['-r -c 10', { reportCycles: 10 }, false, { count: 10, intervalMs: 250, probesPerRound: 1 }],
    ['-r -c 10 -i 1', { reportCycles: 10, interval: 1 }, false, { count: 10, intervalMs: 1000, probesPerRound: 1 }],
    ['-r --rounds 3 --probes 2', { rounds: 3, probes: 2 }, false, { count: 3, intervalMs: 250, probesPerRound: 2 }],
  ] as const)('%s: %j', (_, opts, live, want) => {
    const o = buildMtrPathpingOptions({ ...base, ...opts }, live);
    expect({ count: o.count, intervalMs: o.intervalMs, probesPerRound: o.probesPerRound }).toEqual(want);
  });
  it('-U: the unknown hops after which probing stops (mtr -U), 5 by default as mtr', async () => {
    expect(buildMtrPathpingOptions({ ...base, maxUnknown: 2 }, false)).toMatchObject({ maxUnknown: 2 });
    const io = captureIo();
    await main(['mtr', '--help'], { io });
    expect(io.stdout).toMatch(/-U, --max-unknown <count>\s+stop probing further hops .*\(default: 5\)/s);
  });
  it('-u UDP, -T TCP with -P its port, -4 / -6 the family', () => {
    expect(buildMtrPathpingOptions({ ...base, udp: true }, false)).toMatchObject({ method: 'udp' });
    const tcp = buildMtrPathpingOptions({ ...base, tcp: true, port: 443, '6': true }, false);
    expect(tcp).toMatchObject({ method: 'tcp', port: 443, family: 6 });
  });
});

describe('mtr options on the command line', () => {
  it.each([
    [['-u', '-T'], /'-u, --udp' cannot be used with option '-T, --tcp'/],
    [['-4', '-6'], /'-4' cannot be used with option '-6'/],
    [['-j', '--stream'], /--json' cannot be used with option '--stream'/],
    [['-c', '3', '--rounds', '3'], /--report-cycles <count>' cannot be used with option '--rounds <n>'/],
    [['-n', '-b'], /cannot be used with/],
    [['-U', '-1'], /max unknown must be from 0 to 64 \(got -1\)/],
    [['--max-unknown', 'two'], /max unknown must be a number \(got "two"\)/],
  ])('%j: usage error (exit 2) naming both', async (args, message) => {
    const io = captureIo();
    expect(await main(['mtr', '127.0.0.1', ...args], { io })).toBe(2);
    expect(io.stderr).toMatch(message);
  });

  it('`mtr -6 ::1` takes -6 as an option, not a second argument', async () => {
    const io = captureIo();
    const ac = new AbortController();
    ac.abort();
    await main(['mtr', '-6', '::1', '-r', '-n'], { io, signal: ac.signal });
    expect(io.stderr).not.toMatch(/too many arguments|unknown option/);
  });
});

describe('netcheck mtr on loopback (real traceroute)', () => {
  const run = async (args: string[]) => {
    const io = captureIo();
    const code = await main(['mtr', '127.0.0.1', ...args], { io });
    return { code, out: io.stdout, err: io.stderr };
  };

  it('-r -c 3: Snt 3 (mtr counts probes a hop), Start: and HOST: first', async () => {
    const r = await run(['-r', '-c', '3', '-n']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^Start: \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d{4}\nHOST: \S+\n/);
    expect(r.out).toMatch(/^\s*1\.\s+127\.0\.0\.1\s+0\.0%\s+3\s/m);
  }, 20_000);

  it('names by default (from /etc/hosts through getnameinfo), -n numbers, -b both', async () => {
    expect((await run(['-r', '-c', '1'])).out).toMatch(/^\s*1\.\s+localhost\s/m);
    expect((await run(['-r', '-c', '1', '-b'])).out).toMatch(/^\s*1\.\s+localhost \(127\.0\.0\.1\)\s/m);
  }, 20_000);

  it('-j: a version, start and end, the source host, numbers rounded, Snt as -c says', async () => {
    const r = await run(['-j', '-c', '2', '-n']);
    const doc = JSON.parse(r.out) as Record<string, unknown> & { hops: { sent: number }[] };
    expect(doc).toMatchObject({ version: 1, source: expect.any(String) });
    expect(Date.parse(String(doc.endedAt))).toBeGreaterThanOrEqual(Date.parse(String(doc.startedAt)));
    expect(doc.hops[0]?.sent).toBe(2);
    expect(r.out).not.toMatch(/\d\.\d{4,}/);
  }, 20_000);

  it('--stream: a round event a round, then the result; numbers rounded', async () => {
    const r = await run(['--stream', '-c', '2', '-n']);
    const types = r.out
      .trim()
      .split('\n')
      .map((l) => (JSON.parse(l) as { type: string }).type);
    expect(types).toEqual(['round', 'round', 'result']);
    expect(r.out).not.toMatch(/\d\.\d{4,}/);
  }, 20_000);

  it('-C: CSV with mtr header', async () => {
    const r = await run(['-C', '-c', '1', '-n']);
    expect(r.out.split('\n')[0]).toMatch(/^Mtr_Version,Start_Time,Status,Host,Hop,Ip,Loss%,Snt,/);
    expect(r.out.split('\n')[1]).toMatch(/^netcheck,\d+,OK,127\.0\.0\.1,1,127\.0\.0\.1,0\.00,1,/);
  }, 20_000);
});

describe('mtr -z: the origin AS of each hop (a DNS server on loopback serving the TXT zone)', () => {
  let server: ReturnType<typeof createSocket>;
  let port = 0;
  beforeAll(async () => {
    server = createSocket('udp4');
    server.on('message', (msg, rinfo) => {
      const q = dnsPacket.decode(msg);
      const name = q.questions?.[0]?.name ?? '';
      const data = name === '1.0.0.127.origin.asn.cymru.com' ? '64500 | 127.0.0.0/8 | ZZ | lab | 2026-11-29' : '';
      const answers = data ? [{ type: 'TXT' as const, name, ttl: 60, data }] : [];
      const reply = { type: 'response', id: q.id, questions: q.questions, answers } as dnsPacket.Packet;
      server.send(dnsPacket.encode(reply), rinfo.port, rinfo.address);
    });
    await new Promise<void>((r) => server.bind(0, '127.0.0.1', r));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => server.close());

  it('shows AS64500 before the hop, and the JSON names it', async () => {
    const env = { NETCHECK_ASN_SERVER: `127.0.0.1:${port}` };
    const io = captureIo({ env });
    expect(await main(['mtr', '127.0.0.1', '-z', '-n', '-r', '-c', '1'], { io })).toBe(0);
    expect(io.stdout).toMatch(/^\s*1\.\s+AS64500 127\.0\.0\.1\s/m);
    const j = captureIo({ env });
    await main(['mtr', '127.0.0.1', '-z', '-n', '-j', '-c', '1'], { io: j });
    const doc = JSON.parse(j.stdout) as { names: Record<string, { asn?: { asn: string } }> };
    expect(doc.names['127.0.0.1']?.asn?.asn).toBe('AS64500');
  }, 20_000);

  it('off by default: no AS column, no lookup', async () => {
    const io = captureIo({ env: { NETCHECK_ASN_SERVER: `127.0.0.1:${port}` } });
    await main(['mtr', '127.0.0.1', '-n', '-r', '-c', '1'], { io });
    expect(io.stdout).not.toMatch(/AS\d+|AS\?\?\?/);
  }, 20_000);
});

import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { LAB_ADDR, labAvailability, listLabIds, startLab } from '../src/index.js';
import { describeLab } from '../src/vitest.js';

/** Hops of `traceroute -n` output: [ttl, first address or '*', annotation]. */
function hops(out: string): Array<[number, string, string]> {
  return out
    .split('\n')
    .filter((l) => /^\s*\d+\s/.test(l))
    .map((l) => {
      const ttl = Number(l.trim().split(/\s+/)[0]);
      const addr = /\d+\.\d+\.\d+\.\d+/.exec(l)?.[0] ?? '*';
      const note = /(![A-Z]\S*)/.exec(l)?.[1] ?? '';
      return [ttl, addr, note];
    });
}

// A TCP connect from inside a namespace, reported as one JSON line.
const connectScript = (host: string, port: number, timeoutMs: number) => `
import net from 'node:net';
const t0 = performance.now();
const s = net.connect({ host: '${host}', port: ${port} });
const done = (outcome) => { console.log(JSON.stringify({ outcome, ms: performance.now() - t0 })); s.destroy(); process.exit(0); };
s.setTimeout(${timeoutMs}, () => done('timeout'));
s.on('connect', () => done('connected'));
s.on('error', (e) => done(e.code));
`;

describeLab('the standard lab', { scenario: 'standard' }, (lab) => {
  it('routers decrement TTL: the server answers with TTL 61 (64 - 3 routers), ~30 ms away', async () => {
    const r = await lab().exec('client', 'ping', ['-n', '-c', '5', '-i', '0.2', LAB_ADDR.server]);
    expect(r.exitCode).toBe(0);
    const ttls = [...r.stdout.matchAll(/ttl=(\d+)/g)].map((m) => Number(m[1]));
    expect(ttls).toEqual([61, 61, 61, 61, 61]);
    const avg = Number(/= [\d.]+\/([\d.]+)\//.exec(r.stdout)![1]);
    expect(avg).toBeGreaterThan(27);
    expect(avg).toBeLessThan(45);
  });

  it('traceroute walks r1, r2, r3 to the server, in order', async () => {
    const r = await lab().exec('client', 'traceroute', ['-n', '-q', '1', LAB_ADDR.server]);
    expect(hops(r.stdout).map((h) => h[1])).toEqual([...LAB_ADDR.path]);
  });

  it('the unreachable route answers !H from r3, the prohibit route !X, the blackhole silences r3 and beyond', async () => {
    const unreach = hops(
      (await lab().exec('client', 'traceroute', ['-n', '-q', '1', '-N', '1', '-m', '6', LAB_ADDR.unreachable])).stdout,
    );
    expect(unreach.at(-1)).toEqual([3, '10.0.3.2', '!H']);
    const prohib = hops(
      (await lab().exec('client', 'traceroute', ['-n', '-q', '1', '-N', '1', '-m', '6', LAB_ADDR.prohibited])).stdout,
    );
    expect(prohib.at(-1)).toEqual([3, '10.0.3.2', '!X']);
    const hole = hops(
      (
        await lab().exec('client', 'traceroute', [
          '-n',
          '-q',
          '1',
          '-N',
          '1',
          '-m',
          '5',
          '-w',
          '0.5',
          LAB_ADDR.blackhole,
        ])
      ).stdout,
    );
    // A blackhole route drops before the TTL is looked at, so r3 itself is silent: r2 is the last to answer.
    expect(hole.map((h) => h[1])).toEqual(['10.0.1.1', '10.0.2.2', '*', '*', '*']);
  });

  it('server ports: 80 accepts, 81 refuses (RST), 82 is dropped, 83 is admin-prohibited', async () => {
    const outcome = async (port: number) =>
      JSON.parse((await lab().nodeScript('client', connectScript(LAB_ADDR.server, port, 1500))).stdout) as {
        outcome: string;
        ms: number;
      };
    expect((await outcome(80)).outcome).toBe('connected');
    expect((await outcome(81)).outcome).toBe('ECONNREFUSED');
    const filtered = await outcome(82);
    expect(filtered.outcome).toBe('timeout');
    expect(filtered.ms).toBeGreaterThanOrEqual(1400);
    expect((await outcome(83)).outcome).toBe('EHOSTUNREACH');
  });

  it('dnsmasq serves A, AAAA, a CNAME chain, MX, TXT, SRV, PTR, CAA and NXDOMAIN', async () => {
    const dig = async (...args: string[]) =>
      (await lab().exec('client', 'dig', ['+short', '+time=2', ...args])).stdout.trim();
    expect(await dig('web.lab')).toBe('10.0.4.2');
    expect(await dig('web.lab', 'AAAA')).toBe('fd0c:4::2');
    expect(await dig('www.lab')).toBe('alias.lab.\nweb.lab.\n10.0.4.2');
    expect(await dig('lab', 'MX')).toBe('10 mail.lab.');
    expect(await dig('web.lab', 'TXT')).toBe('"netcheck lab web server"');
    expect(await dig('_http._tcp.lab', 'SRV')).toBe('0 10 80 web.lab.');
    expect(await dig('-x', '10.0.4.2')).toBe('web.lab.');
    expect(await dig('lab', 'CAA')).toBe('0 issue "letsencrypt.org"');
    const nx = await lab().exec('client', 'dig', ['+time=2', 'nosuch.lab']);
    expect(nx.stdout).toContain('status: NXDOMAIN');
  });

  it('big.lab is truncated over UDP without EDNS and complete over TCP', async () => {
    const udp = await lab().exec('client', 'dig', ['+noedns', '+ignore', 'big.lab', 'TXT']);
    expect(udp.stdout).toMatch(/flags: qr aa tc/);
    const tcp = await lab().exec('client', 'dig', ['+tcp', 'big.lab', 'TXT']);
    expect(tcp.stdout).toMatch(/ANSWER: 1,/);
    expect(Number(/MSG SIZE\s+rcvd: (\d+)/.exec(tcp.stdout)![1])).toBeGreaterThan(512);
  });

  it('10.0.4.3 never answers DNS; 10.0.4.4 lies and rewrites NXDOMAIN', async () => {
    const dead = await lab().exec('client', 'dig', ['+time=1', '+tries=1', `@${LAB_ADDR.deadResolver}`, 'web.lab']);
    expect(dead.stdout).toMatch(/timed out|no servers could be reached/);
    const liar = async (name: string) =>
      (await lab().exec('client', 'dig', ['+short', `@${LAB_ADDR.liarResolver}`, name])).stdout.trim();
    expect(await liar('web.lab')).toBe('10.0.4.66');
    expect(await liar('nosuch.lab')).toBe('10.0.4.99');
  });

  it('the client has the scenario resolv.conf and hosts file', async () => {
    expect((await lab().exec('client', 'cat', ['/etc/resolv.conf'])).stdout).toBe('nameserver 10.0.4.2\nsearch lab\n');
    expect((await lab().exec('client', 'getent', ['hosts', 'override.lab'])).stdout).toMatch(
      /^10\.0\.4\.77\s+override\.lab/,
    );
  });

  it('a second lab runs beside it, isolated, and down removes everything it made', async () => {
    const other = await startLab('standard');
    try {
      const r = await other.exec('client', 'ping', ['-n', '-c', '1', LAB_ADDR.server]);
      expect(r.exitCode).toBe(0);
      expect(other.nsName('client')).not.toBe(lab().nsName('client'));
    } finally {
      await other.down();
    }
    expect(await listLabIds()).not.toContain(other.id);
    expect(execFileSync('ip', ['netns', 'list']).toString()).not.toContain(other.nsName('client'));
    expect(existsSync(`/etc/netns/${other.nsName('client')}`)).toBe(false);
    expect(existsSync(`/run/netcheck-lab/${other.id}`)).toBe(false);
    const strays = (() => {
      try {
        return execFileSync('pgrep', ['-f', `--lab ${other.id} `]).toString();
      } catch {
        return '';
      }
    })();
    expect(strays).toBe('');
    // the first lab still works
    expect((await lab().exec('client', 'ping', ['-n', '-c', '1', LAB_ADDR.server])).exitCode).toBe(0);
  });
});

function countMatches(text: string, re: RegExp): number {
  return [...text.matchAll(re)].length;
}

describeLab('the lossy link', { scenario: 'lossy' }, (lab) => {
  it('loses about 10% of packets crossing r2 -> r3 over 200 packets', async () => {
    const r = await lab().exec('client', 'ping', ['-n', '-q', '-c', '200', '-i', '0.005', '-W', '1', LAB_ADDR.server]);
    const m = /(\d+) packets transmitted, (\d+) received/.exec(r.stdout)!;
    const lost = Number(m[1]) - Number(m[2]);
    console.log(`[netlab] lossy link: ${lost}/200 lost (${(lost / 2).toFixed(1)}%)`);
    // Binomial(200, 0.1): mean 20, sd 4.2; 8..34 is about ±3 sd.
    expect(lost).toBeGreaterThanOrEqual(8);
    expect(lost).toBeLessThanOrEqual(34);
  });

  it('loses nothing before the lossy link', async () => {
    const r = await lab().exec('client', 'ping', ['-n', '-q', '-c', '100', '-i', '0.005', '-W', '1', '10.0.2.2']);
    expect(r.stdout).toContain('100 received');
  });
});

describeLab('the rate-limited router', { scenario: 'ratelimited' }, (lab) => {
  it('r1 answers only a burst of fast TTL-limited probes; r2 answers them all', async () => {
    const probe = async (ttl: number) => {
      const r = await lab().exec('client', 'ping', [
        '-n',
        '-c',
        '30',
        '-i',
        '0.01',
        '-W',
        '1',
        '-t',
        String(ttl),
        LAB_ADDR.server,
      ]);
      return countMatches(r.stdout, /Time to live exceeded/g);
    };
    const r1 = await probe(1);
    const r2 = await probe(2);
    console.log(`[netlab] time-exceeded answers to 30 probes: r1 ${r1}, r2 ${r2}`);
    expect(r1).toBeLessThan(15);
    expect(r1).toBeGreaterThan(0);
    expect(r2).toBe(30);
  });
});

describeLab('the silent router', { scenario: 'silent' }, (lab) => {
  it('r2 shows as a silent hop while the trace goes on to the server', async () => {
    const r = await lab().exec('client', 'traceroute', ['-n', '-q', '1', '-N', '1', '-w', '1', LAB_ADDR.server]);
    expect(hops(r.stdout).map((h) => h[1])).toEqual(['10.0.1.1', '*', '10.0.3.2', '10.0.4.2']);
  });
});

// Read before any lab of this file is built (describeLab builds them in beforeAll).
const routeErrorCostBefore = readFileSync('/proc/sys/net/ipv4/route/error_cost', 'utf8');

it('lab availability is reported with a reason', () => {
  const a = labAvailability();
  if (!a.ok) expect(a.reason.length).toBeGreaterThan(10);
  else expect(existsSync('/dev/net/tun')).toBe(true);
});

it('the labs leave the host route error limit (!H/!X rate limit) as the kernel has it', () => {
  // The route error bucket is host-wide: the lab never changes it, so routers limit !H/!X as real ones do.
  expect(readFileSync('/proc/sys/net/ipv4/route/error_cost', 'utf8')).toBe(routeErrorCostBefore);
  expect(existsSync('/run/netcheck-lab/route-error-cost.saved')).toBe(false);
});

/** Hops of `traceroute -n` output over IPv6: [ttl, first address or '*', annotation]. */
function hops6(out: string): Array<[number, string, string]> {
  return out
    .split('\n')
    .filter((l) => /^\s*\d+\s/.test(l))
    .map((l) => {
      const [ttl, ...rest] = l.trim().split(/\s+/);
      const addr = rest.find((w) => /^[0-9a-f]*:[0-9a-f:]+$/.test(w)) ?? '*';
      const note = /(![A-Z]\S*)/.exec(l)?.[1] ?? '';
      return [Number(ttl), addr, note];
    });
}

interface HttpOutcome {
  outcome: string;
  status?: number;
  contentLength?: number;
  bodyBytes: number;
  ms: number;
}

// An HTTP GET from inside a namespace with an overall deadline, reported as one JSON line.
const httpScript = (host: string, timeoutMs: number) => `
import http from 'node:http';
const t0 = performance.now();
let status, contentLength, bodyBytes = 0;
const done = (outcome) => {
  console.log(JSON.stringify({ outcome, status, contentLength, bodyBytes, ms: performance.now() - t0 }));
  process.exit(0);
};
const req = http.get({ host: '${host}', port: 80, path: '/' }, (res) => {
  status = res.statusCode;
  contentLength = Number(res.headers['content-length']);
  res.on('data', (d) => (bodyBytes += d.length));
  res.on('end', () => done('complete'));
});
req.on('error', (e) => done(e.code));
setTimeout(() => done('timeout'), ${timeoutMs});
`;

// Echo: what is sent comes back.
const echoScript = (host: string) => `
import net from 'node:net';
const s = net.connect({ host: '${host}', port: 80 }, () => s.write('hello lab\\n'));
let got = '';
s.on('data', (d) => { got += d; if (got.includes('\\n')) { console.log(JSON.stringify({ got })); process.exit(0); } });
s.on('error', (e) => { console.log(JSON.stringify({ got: e.code })); process.exit(0); });
setTimeout(() => { console.log(JSON.stringify({ got })); process.exit(0); }, 3000);
`;

describeLab('the standard lab over IPv6', { scenario: 'standard' }, (lab) => {
  const v6 = LAB_ADDR.v6;
  const connect = async (host: string, port: number) => {
    const r = await lab().nodeScript('client', connectScript(host, port, 1500));
    return JSON.parse(r.stdout) as { outcome: string; ms: number };
  };
  const get = async (node: 'client', host: string, timeoutMs = 5000) =>
    JSON.parse((await lab().nodeScript(node, httpScript(host, timeoutMs))).stdout) as HttpOutcome;

  it('routers decrement the hop limit: the server answers ping6 with hop limit 61, ~30 ms away', async () => {
    const r = await lab().exec('client', 'ping', ['-n', '-c', '5', '-i', '0.2', v6.server]);
    expect(r.exitCode).toBe(0);
    expect([...r.stdout.matchAll(/ttl=(\d+)/g)].map((m) => Number(m[1]))).toEqual([61, 61, 61, 61, 61]);
    const avg = Number(/= [\d.]+\/([\d.]+)\//.exec(r.stdout)![1]);
    expect(avg).toBeGreaterThan(27);
    expect(avg).toBeLessThan(45);
  });

  it('traceroute -6 walks fd0c:1::1, fd0c:2::2, fd0c:3::2 to fd0c:4::2', async () => {
    const r = await lab().exec('client', 'traceroute', ['-6', '-n', '-q', '1', v6.server]);
    expect(hops6(r.stdout).map((h) => h[1])).toEqual([...v6.path]);
  });

  it('r3 answers no-route (!N) for fd0c:5::1 and !X for fd0c:5::2, and blackholes fd0c:5::3', async () => {
    const trace = async (target: string, ...more: string[]) =>
      hops6((await lab().exec('client', 'traceroute', ['-6', '-n', '-q', '1', '-N', '1', ...more, target])).stdout);
    expect((await trace(v6.unreachable, '-m', '6')).at(-1)).toEqual([3, v6.r3.r2, '!N']);
    expect((await trace(v6.prohibited, '-m', '6')).at(-1)).toEqual([3, v6.r3.r2, '!X']);
    const hole = await trace(v6.blackhole, '-m', '5', '-w', '0.5');
    expect(hole.map((h) => h[1])).toEqual([v6.r1.client, v6.r2.r1, '*', '*', '*']);
  });

  it('server ports over IPv6: 80 accepts, 81 refuses, 82 is dropped, 83 is admin-prohibited (EACCES)', async () => {
    expect((await connect(v6.server, 80)).outcome).toBe('connected');
    expect((await connect(v6.server, 81)).outcome).toBe('ECONNREFUSED');
    const filtered = await connect(v6.server, 82);
    expect(filtered.outcome).toBe('timeout');
    expect(filtered.ms).toBeGreaterThanOrEqual(1400);
    // ICMPv6 administratively prohibited is EACCES to a socket (IPv4's is EHOSTUNREACH).
    expect((await connect(v6.server, 83)).outcome).toBe('EACCES');
  });

  it('port 80 answers an HTTP GET with 200 and a 64 KiB body on both families, and echoes anything else', async () => {
    for (const host of [LAB_ADDR.server, v6.server]) {
      const r = await get('client', host);
      expect(r, host).toMatchObject({ outcome: 'complete', status: 200, contentLength: 65_536, bodyBytes: 65_536 });
    }
    const echo = JSON.parse((await lab().nodeScript('client', echoScript(v6.server))).stdout) as { got: string };
    expect(echo.got).toBe('hello lab\n');
  });

  it('v6only.lab has only an AAAA record: the main resolver answers A with no records (NOERROR)', async () => {
    expect((await lab().exec('client', 'dig', ['+short', LAB_ADDR.v6OnlyName, 'AAAA'])).stdout.trim()).toBe(v6.server);
    const a = await lab().exec('client', 'dig', [LAB_ADDR.v6OnlyName, 'A']);
    expect(a.stdout).toContain('status: NOERROR');
    expect(a.stdout).toMatch(/ANSWER: 0,/);
  });
});

describeLab('a server that drops ping', { scenario: 'icmp-filtered' }, (lab) => {
  it('ping to the server gets nothing on either family, while r3 answers and TCP 80 connects', async () => {
    for (const host of [LAB_ADDR.server, LAB_ADDR.v6.server]) {
      const r = await lab().exec('client', 'ping', ['-n', '-c', '3', '-i', '0.2', '-W', '1', host]);
      expect(r.stdout, host).toMatch(/3 packets transmitted, 0 received/);
      const tcp = await lab().nodeScript('client', connectScript(host, 80, 1500));
      expect((JSON.parse(tcp.stdout) as { outcome: string }).outcome, host).toBe('connected');
    }
    const r3 = await lab().exec('client', 'ping', ['-n', '-c', '2', '-i', '0.2', LAB_ADDR.v6.r3.r2]);
    expect(r3.stdout).toMatch(/2 received/);
  });

  it('traceroute still reaches the server (UDP probes, answered with port unreachable)', async () => {
    const r = await lab().exec('client', 'traceroute', ['-n', '-q', '1', LAB_ADDR.server]);
    expect(hops(r.stdout).map((h) => h[1])).toEqual([...LAB_ADDR.path]);
  });
});

describeLab('a resolver that answers NXDOMAIN for A when a name has only AAAA', { scenario: 'aaaa-only' }, (lab) => {
  const dig = (...args: string[]) => lab().exec('client', 'dig', ['+time=2', '+tries=1', ...args]);

  it('10.0.4.5 says v6only.lab A does not exist (UDP and TCP), yet gives its AAAA', async () => {
    expect((await dig(`@${LAB_ADDR.aaaaRewriter}`, LAB_ADDR.v6OnlyName, 'A')).stdout).toContain('status: NXDOMAIN');
    const overTcp = await dig('+tcp', `@${LAB_ADDR.aaaaRewriter}`, LAB_ADDR.v6OnlyName, 'A');
    expect(overTcp.stdout).toContain('status: NXDOMAIN');
    const aaaa = await dig('+short', `@${LAB_ADDR.aaaaRewriter}`, LAB_ADDR.v6OnlyName, 'AAAA');
    expect(aaaa.stdout.trim()).toBe('fd0c:4::2');
    // The rewrite is the proxy's own: the resolver behind it says NOERROR with no records.
    expect((await dig(`@${LAB_ADDR.server}`, LAB_ADDR.v6OnlyName, 'A')).stdout).toContain('status: NOERROR');
  });

  it('other names resolve normally through it, and real NXDOMAINs stay NXDOMAIN', async () => {
    expect((await dig('+short', `@${LAB_ADDR.aaaaRewriter}`, 'web.lab')).stdout.trim()).toBe('10.0.4.2');
    const chain = await dig('+short', '+tcp', `@${LAB_ADDR.aaaaRewriter}`, 'www.lab');
    expect(chain.stdout.trim()).toBe('alias.lab.\nweb.lab.\n10.0.4.2');
    expect((await dig(`@${LAB_ADDR.aaaaRewriter}`, 'nosuch.lab')).stdout).toContain('status: NXDOMAIN');
  });

  it("it is the client's only resolver, and getaddrinfo still finds fd0c:4::2 for v6only.lab", async () => {
    expect((await lab().exec('client', 'cat', ['/etc/resolv.conf'])).stdout).toBe('nameserver 10.0.4.5\nsearch lab\n');
    const r = await lab().exec('client', 'getent', ['ahosts', LAB_ADDR.v6OnlyName]);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/^fd0c:4::2\s+STREAM v6only\.lab$/m);
    expect(r.stdout).not.toMatch(/^\d+\.\d+\.\d+\.\d+/m);
  });
});

describeLab('a PMTU black hole between r2 and r3', { scenario: 'pmtu-blackhole' }, (lab) => {
  const ping = (host: string, size: number) =>
    lab().exec('client', 'ping', ['-n', '-M', 'do', '-c', '2', '-i', '0.2', '-W', '1', '-s', String(size), host]);

  it('a 1200-byte DF ping answers, a 1300-byte one vanishes without "Frag needed" or "Packet too big"', async () => {
    for (const host of [LAB_ADDR.server, LAB_ADDR.v6.server]) {
      expect((await ping(host, 1200)).stdout, host).toMatch(/2 packets transmitted, 2 received/);
      const big = await ping(host, 1300);
      expect(big.stdout, host).toMatch(/2 packets transmitted, 0 received/);
      expect(big.stdout + big.stderr, host).not.toMatch(/frag needed|too big|mtu/i);
    }
    const link = await lab().exec('r2', 'ip', ['-o', 'link', 'show', 'to-r3']);
    expect(link.stdout).toContain(`mtu ${LAB_ADDR.blackholeMtu} `);
  });

  it('an HTTP download gets its headers and then stalls, on both families', async () => {
    for (const host of [LAB_ADDR.server, LAB_ADDR.v6.server]) {
      const r = JSON.parse((await lab().nodeScript('client', httpScript(host, 4000))).stdout) as HttpOutcome;
      expect(r, host).toMatchObject({ outcome: 'timeout', status: 200, contentLength: 65_536 });
      expect(r.bodyBytes, host).toBeLessThan(1280);
    }
  });
});

import dgram from 'node:dgram';
import net from 'node:net';
import dnsPacket from 'dns-packet';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { query } from './query.js';

// A misbehaving DNS server on loopback: before the real answer it sends a wrong ID, the wrong
// question, a packet from another port, garbage and a cut-off packet. The client must reject
// and count all of them and still accept the right answer. big.test is answered truncated
// over UDP and fully over TCP (same port).
let udp: dgram.Socket;
let liar: dgram.Socket;
let tcp: net.Server;
let port = 0;
const answer = (q: dnsPacket.DecodedPacket, over: Partial<dnsPacket.Packet> = {}) =>
  dnsPacket.encode({
    type: 'response',
    id: q.id,
    flags: dnsPacket.RECURSION_AVAILABLE,
    questions: q.questions,
    answers: [{ type: 'A', name: q.questions[0]!.name, ttl: 5, data: '192.0.2.7' }],
    ...over,
  });

beforeAll(async () => {
  liar = dgram.createSocket('udp4');
  await new Promise<void>((r) => liar.bind(0, '127.0.0.1', () => r()));
  tcp = net.createServer((c) => {
    c.on('data', (d) => {
      const q = dnsPacket.streamDecode(d);
      const full = dnsPacket.streamEncode({
        type: 'response',
        id: q.id,
        questions: q.questions,
        answers: Array.from({ length: 40 }, (_, i) => ({
          type: 'A' as const,
          name: q.questions[0]!.name,
          ttl: 5,
          data: `192.0.2.${i + 1}`,
        })),
      });
      c.end(full);
    });
  });
  await new Promise<void>((r) => tcp.listen(0, '127.0.0.1', () => r()));
  port = (tcp.address() as net.AddressInfo).port;
  udp = dgram.createSocket('udp4');
  udp.on('message', (msg, rinfo) => {
    const q = dnsPacket.decode(msg);
    const send = (b: Buffer) => udp.send(b, rinfo.port, rinfo.address);
    const name = q.questions[0]!.name;
    if (name === 'silent.test') return;
    if (name === 'big.test') return send(answer(q, { flags: dnsPacket.TRUNCATED_RESPONSE, answers: [] }));
    if (name === 'noisy.test') {
      send(answer(q, { id: (q.id! + 1) % 65536 }));
      send(answer(q, { questions: [{ type: 'A', name: 'evil.test' }] }));
      liar.send(answer(q), rinfo.port, rinfo.address);
      send(Buffer.from('not dns at all'));
      send(answer(q).subarray(0, 15));
    }
    setTimeout(() => send(answer(q)), 20);
  });
  await new Promise<void>((r) => udp.bind(port, '127.0.0.1', () => r()));
});
afterAll(() => {
  udp.close();
  liar.close();
  tcp.close();
});

describe('query() against a misbehaving server on loopback', () => {
  it('rejects wrong IDs, wrong questions, other senders, garbage and cut-off packets, and still accepts the answer', async () => {
    const r = await query('noisy.test', { server: '127.0.0.1', port, timeoutMs: 1000 });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.response.answers).toEqual([{ name: 'noisy.test.', type: 'A', ttl: 5, data: '192.0.2.7' }]);
    const whys = r.rejected.map((x) => x.why).join('\n');
    expect(r.rejected).toHaveLength(5);
    expect(whys).toMatch(/does not match ours/);
    expect(whys).toMatch(/question evil\.test A is not ours/);
    expect(whys).toMatch(/not the server asked/);
    expect(whys).toMatch(/undecodable 14-byte packet from 127\.0\.0\.1/);
  });

  it('retries a truncated answer over TCP', async () => {
    const r = await query('big.test', { server: '127.0.0.1', port, timeoutMs: 1000 });
    expect(r).toMatchObject({ ok: true, transport: 'tcp', retriedOverTcp: true });
    if (r.ok) expect(r.response.answers).toHaveLength(40);
  });

  it('times out after the given tries, as data', async () => {
    const t0 = performance.now();
    const r = await query('silent.test', { server: '127.0.0.1', port, timeoutMs: 150, tries: 2 });
    expect(r).toMatchObject({ ok: false, reason: 'timeout', tries: 2 });
    expect(performance.now() - t0).toBeGreaterThanOrEqual(290);
  });

  it('uses a new ID and source port for every query', async () => {
    const seen = new Set<string>();
    const sock = dgram.createSocket('udp4');
    await new Promise<void>((r) => sock.bind(0, '127.0.0.1', () => r()));
    const p2 = (sock.address() as net.AddressInfo).port;
    sock.on('message', (m, ri) => {
      const q = dnsPacket.decode(m);
      seen.add(`${q.id}/${ri.port}`);
      sock.send(answer(q), ri.port, ri.address);
    });
    for (let i = 0; i < 5; i++) await query('x.test', { server: '127.0.0.1', port: p2 });
    sock.close();
    expect(seen.size).toBe(5);
  });

  it('an abort stops a query at once', async () => {
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 50);
    const r = await query('silent.test', { server: '127.0.0.1', port, timeoutMs: 5000, signal: ac.signal });
    expect(r).toMatchObject({ ok: false, reason: 'aborted' });
  });
});

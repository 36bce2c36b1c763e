import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import dnsPacket from 'dns-packet';
import { describe, expect, it } from 'vitest';
import { lookup } from './lookup.js';
import type { DnsTransport } from './transport.js';

// Counts every UDP query per server; servers in `live` answer web.lab A 10.0.4.2, the others time out at once.
function countingTransport(live: string[]) {
  const asked: string[] = [];
  const transport: DnsTransport = {
    async udp(server, port, payload, timeoutMs, accept) {
      asked.push(server);
      if (!live.includes(server)) return { ok: false, reason: 'timeout', detail: `no answer within ${timeoutMs} ms` };
      const q = dnsPacket.decode(payload);
      const name = q.questions![0]!.name;
      accept(
        dnsPacket.encode({
          type: 'response',
          id: q.id,
          questions: q.questions,
          answers: [{ type: 'A', name, ttl: 5, data: '10.0.4.2' }],
        }),
        { address: server, port },
      );
      return { ok: true };
    },
    async tcp() {
      return { ok: false, reason: 'error', detail: 'no TCP here' };
    },
  };
  return { asked, transport };
}

const dir = mkdtempSync(join(tmpdir(), 'lookup-'));
const conf = (text: string) => {
  writeFileSync(join(dir, 'resolv.conf'), text);
  return join(dir, 'resolv.conf');
};

describe('lookup in the system order (glibc res_send)', () => {
  it('asks a silent first server once per round, then the next, and stops at the first that answers', async () => {
    const { asked, transport } = countingTransport(['10.0.4.2']);
    const r = await lookup('web.lab', {
      transport,
      compareSystem: false,
      resolvConfPath: conf('nameserver 10.0.4.3\nnameserver 10.0.4.2\n'),
    });
    expect(asked).toEqual(['10.0.4.3', '10.0.4.2']);
    expect(r.resolvers.map((v) => `${v.server}:${v.result.ok ? 'ok' : v.result.reason}`)).toEqual([
      '10.0.4.3:timeout',
      '10.0.4.2:ok',
    ]);
    expect(r.verdict.status).toBe('answer');
  });

  it('with nobody answering, makes `attempts` rounds over every server', async () => {
    const { asked, transport } = countingTransport([]);
    const r = await lookup('web.lab', {
      transport,
      compareSystem: false,
      resolvConfPath: conf('nameserver a.invalid\nnameserver b.invalid\noptions attempts:3\n'),
      // the fake transport takes these names as addresses: resolving them would fail first
      resolveServer: async (n) => [n],
    });
    expect(asked).toEqual(['a.invalid', 'b.invalid', 'a.invalid', 'b.invalid', 'a.invalid', 'b.invalid']);
    expect(r.verdict.status).toBe('timeout');
  });
});

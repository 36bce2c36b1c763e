import { describe, expect, it } from 'vitest';
import { fixture } from '../test/helpers.js';
import { splitHostPort } from './address.js';
import { parseLsof } from './parse-lsof.js';
import { parseNetstat } from './parse-netstat.js';
import { parseSs } from './parse-ss.js';
import type { TcpSocket } from './types.js';

const rows = (ss: readonly TcpSocket[]) =>
  ss.map((s) => `${s.state} ${s.localAddress}:${s.localPort} ${s.remoteAddress}:${s.remotePort}`).sort();
// The recorded table: listeners on *:22 and 127.0.0.1:25, one connection from port 36106 to :25.
const table = (local: string) => [
  `ESTABLISHED ${local}:25 ${local}:36106`,
  `ESTABLISHED ${local}:36106 ${local}:25`,
  `LISTEN *:22 *:0`,
  `LISTEN ${local}:25 *:0`,
];

describe('service and host names instead of numbers (recorded here without -n)', () => {
  it('ss -ta: "0.0.0.0:ssh", "127.0.0.1:smtp"', () => {
    const p = parseSs(fixture('linux/services.ss-ta.txt'));
    expect(p.warnings).toEqual([]);
    expect(rows(p.sockets)).toEqual(table('127.0.0.1'));
  });

  it('ss -tar: "localhost:smtp"', () => {
    const p = parseSs(fixture('linux/services.ss-tar.txt'));
    expect(p.warnings).toEqual([]);
    expect(rows(p.sockets)).toEqual(table('localhost'));
  });

  it('netstat -ta: "localhost:smtp", "0.0.0.0:ssh"', () => {
    const p = parseNetstat(fixture('linux/services.netstat-ta.txt'), 'linux');
    expect(p.warnings).toEqual([]);
    expect(rows(p.sockets)).toEqual(table('localhost'));
  });

  it('lsof -iTCP: "*:ssh", "localhost:36106->localhost:smtp"', () => {
    const p = parseLsof(fixture('linux/services.lsof-iTCP.txt'));
    expect(p.warnings).toEqual([]);
    expect(rows(p.sockets)).toEqual(table('localhost'));
  });

  it('a service name netcheck does not know is a warning, never a guessed port', () => {
    expect(splitHostPort('localhost:no-such-service')).toBeUndefined();
    expect(splitHostPort('localhost:https')).toEqual({ address: 'localhost', port: 443 });
  });
});

describe('macOS / FreeBSD netstat -A (typed from the man page)', () => {
  it('the control-block column before Proto is skipped; service names read', () => {
    const p = parseNetstat(fixture('darwin/netstat-A-services.txt'), 'darwin');
    expect(p.warnings).toEqual([]);
    expect(rows(p.sockets)).toEqual([
      'ESTABLISHED localhost:25 localhost:52814',
      'ESTABLISHED localhost:52814 localhost:25',
      'LISTEN *:22 *:0',
      'LISTEN localhost:25 *:0',
    ]);
  });
});

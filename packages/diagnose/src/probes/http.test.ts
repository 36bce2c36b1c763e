import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deriveTransfer } from './derive-transfer.js';
import { probeHttp } from './http.js';

const BODY = Buffer.alloc(65536, 'x');
const seen: Array<{ host: string | undefined; path: string | undefined }> = [];
const sniSeen: string[] = [];

// A loopback server with one route per behaviour; nothing leaves this machine.
function handler(req: http.IncomingMessage, res: http.ServerResponse): void {
  seen.push({ host: req.headers.host, path: req.url });
  if (req.url === '/stall') {
    res.writeHead(200, { 'Content-Length': String(BODY.length) });
    res.flushHeaders(); // headers go, the body never does
  } else if (req.url === '/partial') {
    res.writeHead(200, { 'Content-Length': String(BODY.length) });
    res.write(BODY.subarray(0, 1000));
  } else if (req.url === '/missing') res.writeHead(404).end('not here\n');
  else if (req.url === '/moved') res.writeHead(301, { Location: 'https://web.lab/new' }).end();
  else if (req.url === '/cut') {
    res.writeHead(200, { 'Content-Length': String(BODY.length) });
    res.write(BODY.subarray(0, 500), () => res.socket?.destroy());
  } else if (req.url === '/silent') {
    // never answers
  } else res.writeHead(200, { 'Content-Length': String(BODY.length) }).end(BODY);
}

let server: http.Server;
let port: number;
let tls: { server: https.Server; port: number } | undefined;
let certDir: string | undefined;

beforeAll(async () => {
  server = http.createServer(handler);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
  try {
    certDir = mkdtempSync(join(tmpdir(), 'netcheck-http-'));
    const [key, cert] = [join(certDir, 'key.pem'), join(certDir, 'cert.pem')];
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-keyout',
        key,
        '-out',
        cert,
        '-days',
        '1',
        '-subj',
        '/CN=web.lab',
      ],
      { stdio: 'ignore' },
    );
    const options = {
      key: readFileSync(key),
      cert: readFileSync(cert),
      SNICallback: (name: string, cb: (e: Error | null) => void) => {
        sniSeen.push(name);
        cb(null); // the default context
      },
    };
    const s = https.createServer(options, handler);
    await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
    tls = { server: s, port: (s.address() as AddressInfo).port };
  } catch {
    tls = undefined; // no openssl: the TLS test says so
  }
});

afterAll(() => {
  server.closeAllConnections();
  server.close();
  tls?.server.closeAllConnections();
  tls?.server.close();
  if (certDir) rmSync(certDir, { recursive: true, force: true });
});

const url = (path: string) => new URL(`http://web.lab:${port}${path}`);

describe('probeHttp against a loopback server', () => {
  it('a whole 64 KiB body from the given address, Host from the URL (web.lab is never resolved)', async () => {
    const t = await probeHttp(url('/'), '127.0.0.1', { timeoutMs: 2000 });
    expect(t).toMatchObject({ status: 200, bytes: 65536, contentLength: 65536, complete: true, end: 'complete' });
    expect(seen.at(-1)).toEqual({ host: `web.lab:${port}`, path: '/' });
    expect(t.connectMs!).toBeLessThanOrEqual(t.headersMs!);
    expect(t.headersMs!).toBeLessThanOrEqual(t.lastByteMs!);
    expect(deriveTransfer(t)).toMatchObject({ kind: 'complete', bytes: 65536 });
  });

  it('headers then nothing: stopped after stallMs, a stall after 0 body bytes', async () => {
    const t = await probeHttp(url('/stall'), '127.0.0.1', { timeoutMs: 3000, stallMs: 300 });
    expect(t.end).toBe('stalled');
    expect(t.durationMs).toBeLessThan(1000);
    expect(deriveTransfer(t)).toMatchObject({ kind: 'stalled', phase: 'body', afterBytes: 0 });
  });

  it('some body then nothing: a stall after those bytes', async () => {
    const t = await probeHttp(url('/partial'), '127.0.0.1', { timeoutMs: 3000, stallMs: 300 });
    expect(deriveTransfer(t)).toMatchObject({ kind: 'stalled', afterBytes: 1000 });
  });

  it('no response at all: a stall before the headers', async () => {
    const t = await probeHttp(url('/silent'), '127.0.0.1', { timeoutMs: 3000, stallMs: 300 });
    expect(deriveTransfer(t)).toMatchObject({ kind: 'stalled', phase: 'headers', afterBytes: 0 });
  });

  it('404, and a redirect reported but not followed', async () => {
    expect(deriveTransfer(await probeHttp(url('/missing'), '127.0.0.1', { timeoutMs: 2000 }))).toMatchObject({
      kind: 'http-error',
      status: 404,
    });
    const moved = await probeHttp(url('/moved'), '127.0.0.1', { timeoutMs: 2000 });
    expect(deriveTransfer(moved)).toMatchObject({ kind: 'complete', status: 301, location: 'https://web.lab/new' });
    expect(seen.filter((s) => s.path === '/new')).toEqual([]);
  });

  it('maxBytes cuts the body: truncated at the limit', async () => {
    const t = await probeHttp(url('/'), '127.0.0.1', { timeoutMs: 2000, maxBytes: 4096 });
    expect(t.end).toBe('max-bytes');
    expect(deriveTransfer(t)).toMatchObject({ kind: 'truncated-at-limit' });
  });

  it('a close mid-body and a refused port are failures as data', async () => {
    expect(deriveTransfer(await probeHttp(url('/cut'), '127.0.0.1', { timeoutMs: 2000 }))).toMatchObject({
      kind: 'failed',
    });
    const closed = await probeHttp(new URL('http://web.lab:1/'), '127.0.0.1', { timeoutMs: 2000 });
    expect(deriveTransfer(closed)).toMatchObject({ kind: 'failed', code: 'ECONNREFUSED' });
  });

  it('misuse throws: not http(s), not an address', () => {
    expect(() => probeHttp(new URL('ftp://web.lab/'), '127.0.0.1', { timeoutMs: 100 })).toThrow(/not ftp:/);
    expect(() => probeHttp(url('/'), 'web.lab', { timeoutMs: 100 })).toThrow(/IP address/);
  });

  it('the signal stops it at once', async () => {
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 100);
    const t = await probeHttp(url('/silent'), '127.0.0.1', { timeoutMs: 5000, stallMs: 4000, signal: ac.signal });
    expect(t.end).toBe('aborted');
    expect(t.durationMs).toBeLessThan(1000);
  });

  it('https: TLS server name from the URL; a self-signed certificate is a failure with its code', async (ctx) => {
    if (!tls) ctx.skip();
    const t = await probeHttp(new URL(`https://web.lab:${tls!.port}/`), '127.0.0.1', { timeoutMs: 2000 });
    expect(t.connectMs).toBeDefined();
    expect(sniSeen).toEqual(['web.lab']);
    expect(deriveTransfer(t)).toMatchObject({ kind: 'failed', code: 'DEPTH_ZERO_SELF_SIGNED_CERT' });
  });
});

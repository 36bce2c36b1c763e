import type { Lab } from '@netcheck/netlab';
import { LAB_ADDR } from '@netcheck/netlab';
import { describeLab } from '@netcheck/netlab/vitest';
import { expect, it } from 'vitest';
import type { TransferVerdict } from '../src/probes/derive-transfer.js';
import type { HttpTransfer } from '../src/probes/http.js';

/**
 * probeHttp inside the client namespace (node:http opens its socket where the process runs), from the built
 * package: build diagnose first (npx tsc -b packages/diagnose).
 */
async function get(lab: () => Lab, url: string, address: string, options: string) {
  const code = [
    "import { probeHttp } from './packages/diagnose/dist/probes/http.js';",
    "import { deriveTransfer } from './packages/diagnose/dist/probes/derive-transfer.js';",
    `const t = await probeHttp(new URL(${JSON.stringify(url)}), ${JSON.stringify(address)}, ${options});`,
    'console.log(JSON.stringify({ t, v: deriveTransfer(t) }));',
  ].join('\n');
  const r = await lab().nodeScript('client', code);
  if (r.exitCode !== 0) throw new Error(`probeHttp script failed: ${r.stderr.slice(0, 400)}`);
  return JSON.parse(r.stdout) as { t: HttpTransfer; v: TransferVerdict };
}

describeLab('probeHttp over a clean path', { scenario: 'standard' }, (lab) => {
  it.each([
    ['IPv4', LAB_ADDR.server],
    ['IPv6', LAB_ADDR.v6.server],
  ])('%s: http://web.lab/ to %s completes its 64 KiB body', async (family, address) => {
    const { t, v } = await get(lab, 'http://web.lab/', address, '{ timeoutMs: 3000 }');
    expect(v).toMatchObject({ kind: 'complete', status: 200, bytes: LAB_ADDR.httpBodyBytes });
    expect(t).toMatchObject({ contentLength: 65536, complete: true, end: 'complete', port: 80 });
    // ~32 ms round trip: connect in one, headers after one more
    expect(t.connectMs!).toBeGreaterThan(25);
    expect(t.headersMs! - t.connectMs!).toBeGreaterThan(25);
    const f = (n: number | undefined) => n?.toFixed(1);
    console.log(
      `[http] ${family}: connect ${f(t.connectMs)} ms, headers ${f(t.headersMs)} ms, ` +
        `last byte ${f(t.lastByteMs)} ms, ${t.bytes} bytes`,
    );
  });
});

describeLab('probeHttp through a PMTU black hole', { scenario: 'pmtu-blackhole' }, (lab) => {
  it.each([
    ['IPv4', LAB_ADDR.server],
    ['IPv6', LAB_ADDR.v6.server],
  ])('%s: the headers arrive, then the body stalls', async (family, address) => {
    const { t, v } = await get(lab, 'http://web.lab/', address, '{ timeoutMs: 3000, stallMs: 1000 }');
    expect(t.status).toBe(200);
    expect(v).toMatchObject({ kind: 'stalled', phase: 'body' });
    expect(t.bytes).toBeLessThan(LAB_ADDR.httpBodyBytes);
    expect(t.end).toBe('stalled');
    // stopped by the stall, not by the time limit
    expect(t.durationMs).toBeLessThan(2000);
    console.log(`[http] ${family} black hole: ${v.text}; ended after ${t.durationMs.toFixed(0)} ms`);
  });
});

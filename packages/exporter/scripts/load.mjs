// Load check of `netcheck serve`, run inside the lab's client namespace (tests and bench/serve-load.mjs):
// N concurrent /probe requests (tcp to 10.0.4.2:80 and :81, icmp to 10.0.4.2), each with Prometheus' timeout header.
// Prints one JSON line: answered, within deadline, probes per second, the exporter's peak RSS, leftover processes.
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const CLI = fileURLToPath(new URL('../../cli/dist/bin.js', import.meta.url));
const N = Number(process.argv[2] ?? 200);
const TIMEOUT_S = Number(process.argv[3] ?? 10);

const serve = spawn(process.execPath, [CLI, 'serve', '--listen', '127.0.0.1:0', '-j', '64'], {
  stdio: ['ignore', 'ignore', 'pipe'],
});
const port = await new Promise((resolve, reject) => {
  let err = '';
  serve.stderr.on('data', (d) => {
    err += d;
    const m = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(err);
    if (m) resolve(m[1]);
  });
  serve.once('exit', () => reject(new Error(`serve exited: ${err}`)));
});

const rssKb = (pid, field) =>
  Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
const idleRssKb = rssKb(serve.pid, 'VmRSS');
let peakRssKb = idleRssKb;
const sampler = setInterval(() => (peakRssKb = Math.max(peakRssKb, rssKb(serve.pid, 'VmRSS'))), 25);

const kinds = [
  { q: 'target=10.0.4.2:80&module=tcp', want: 1 },
  { q: 'target=10.0.4.2:81&module=tcp', want: 0 },
  { q: 'target=10.0.4.2&module=icmp', want: 1 },
  { q: 'target=10.0.4.2:80&module=tcp', want: 1 },
];
const deadlineMs = TIMEOUT_S * 1000;
const t0 = performance.now();
const results = await Promise.all(
  Array.from({ length: N }, async (_, i) => {
    const kind = kinds[i % kinds.length];
    const started = performance.now();
    try {
      const r = await fetch(`http://127.0.0.1:${port}/probe?${kind.q}`, {
        headers: { 'x-prometheus-scrape-timeout-seconds': String(TIMEOUT_S) },
        signal: AbortSignal.timeout(deadlineMs + 5000),
      });
      const text = await r.text();
      const success = Number(/^probe_success (\d)/m.exec(text)?.[1]);
      return { ms: performance.now() - started, status: r.status, right: success === kind.want };
    } catch (e) {
      return { ms: performance.now() - started, status: 0, right: false, error: String(e) };
    }
  }),
);
const wallMs = performance.now() - t0;
clearInterval(sampler);

// Processes of this namespace the exporter started that are still alive (children of serve, or any ping here).
const myNet = readlinkSync('/proc/self/ns/net');
const children = () =>
  readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .flatMap((pid) => {
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        const comm = /\((.*)\)/.exec(stat)[1];
        const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
        const sameNet = readlinkSync(`/proc/${pid}/ns/net`) === myNet;
        return sameNet && (ppid === serve.pid || ['ping', 'traceroute', 'setpriv'].includes(comm))
          ? [`${pid} ${comm}`]
          : [];
      } catch {
        return [];
      }
    });
const leftoverWhileServing = children();
serve.kill('SIGINT');
await new Promise((r) => serve.once('exit', r));
const leftoverAfterExit = children();

const sorted = results.map((r) => r.ms).sort((a, b) => a - b);
console.log(
  JSON.stringify({
    requests: N,
    answered200: results.filter((r) => r.status === 200).length,
    rightVerdict: results.filter((r) => r.right).length,
    withinDeadline: results.filter((r) => r.status === 200 && r.ms <= deadlineMs).length,
    deadlineMs,
    maxMs: Math.round(sorted.at(-1)),
    p50Ms: Math.round(sorted[Math.floor(N / 2)]),
    wallMs: Math.round(wallMs),
    probesPerSecond: Number(((N * 1000) / wallMs).toFixed(1)),
    idleRssMb: Number((idleRssKb / 1024).toFixed(1)),
    peakRssMb: Number((peakRssKb / 1024).toFixed(1)),
    leftoverWhileServing,
    leftoverAfterExit,
    errors: results
      .filter((r) => r.error)
      .slice(0, 3)
      .map((r) => r.error),
  }),
);

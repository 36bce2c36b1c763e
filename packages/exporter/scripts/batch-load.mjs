// Load check of `netcheck batch`, run inside the lab's client namespace (tests and bench/batch.mjs): N targets
// (85% 10.0.4.2:80 healthy, 10% 10.0.4.2:81 refused, 5% invalid) through `netcheck batch - -j J`. Prints one JSON
// line: records, how many parse as JSON, outcomes counted from the records and from the summary, peak RSS, time.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const CLI = fileURLToPath(new URL('../../cli/dist/bin.js', import.meta.url));
const N = Number(process.argv[2] ?? 1000);
const J = Number(process.argv[3] ?? 50);

const targets = Array.from({ length: N }, (_, i) =>
  i % 20 === 0 ? `bad target ${i}` : i % 10 === 1 ? '10.0.4.2:81' : '10.0.4.2:80',
);
const expected = {
  invalid: targets.filter((t) => t.startsWith('bad')).length,
  refused: targets.filter((t) => t.endsWith(':81')).length,
};

const t0 = performance.now();
const child = spawn(process.execPath, [CLI, 'batch', '-', '-j', String(J)], { stdio: ['pipe', 'pipe', 'pipe'] });
child.stdin.end(`# ${N} lab targets\n${targets.join('\n')}\n`);
let peakKb = 0;
const sample = () => {
  try {
    peakKb = Math.max(
      peakKb,
      Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1] ?? 0),
    );
  } catch {}
};
const sampler = setInterval(sample, 100);
let stdout = '';
let stderr = '';
let maxLineBytes = 0;
let records = 0;
let parsed = 0;
const outcomes = {};
child.stdout.setEncoding('utf8').on('data', (d) => {
  stdout += d;
  let nl;
  while ((nl = stdout.indexOf('\n')) >= 0) {
    const line = stdout.slice(0, nl);
    stdout = stdout.slice(nl + 1);
    records++;
    maxLineBytes = Math.max(maxLineBytes, line.length);
    try {
      const r = JSON.parse(line);
      parsed++;
      const o = r.report?.category ?? r.error?.code ?? 'unknown';
      outcomes[o] = (outcomes[o] ?? 0) + 1;
    } catch {}
  }
});
child.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
const code = await new Promise((r) => child.once('exit', (c) => r(c)));
clearInterval(sampler);
const wallMs = performance.now() - t0;
const summaryCounts = Object.fromEntries(
  [...stderr.matchAll(/^ {2}([a-z-]+)\s+(\d+)\s+[\d.]+%$/gm)].map((m) => [m[1], Number(m[2])]),
);
console.log(
  JSON.stringify({
    targets: N,
    jobs: J,
    exitCode: code,
    records,
    validJson: parsed,
    trailing: stdout.length,
    outcomes,
    summaryCounts,
    summaryTotal: Number(/netcheck batch: (\d+) targets/.exec(stderr)?.[1]),
    expected,
    wallMs: Math.round(wallMs),
    targetsPerSecond: Number(((N * 1000) / wallMs).toFixed(1)),
    peakRssMb: Number((peakKb / 1024).toFixed(1)),
    maxLineKb: Number((maxLineBytes / 1024).toFixed(1)),
  }),
);

// Bench runner: `npm run bench -- <name> [--runs N]`.
// Loads bench/<name>.mjs, builds its lab scenario, runs the cases alternately
// (A B A B ...) so drift in the machine affects both alike, and prints each
// case's median, min and max wall time and the ratio of the two cases named
// in `ratio`. Results go to bench/results/<name>.json.
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { labAvailability, REPO_ROOT, startLab } from '@netcheck/netlab';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const name = args.find((a) => !a.startsWith('-'));
const available = readdirSync(here)
  .filter((f) => f.endsWith('.mjs') && f !== 'run.mjs')
  .map((f) => f.replace(/\.mjs$/, ''));
if (!name || !available.includes(name)) {
  console.error(`usage: npm run bench -- <name> [--runs N]\nbenchmarks: ${available.join(', ')}`);
  process.exit(2);
}
const runsFlag = args.indexOf('--runs');
const spec = (await import(join(here, `${name}.mjs`))).default;
const runs = runsFlag >= 0 ? Number(args[runsFlag + 1]) : (spec.runs ?? 5);
const avail = labAvailability();
if (!avail.ok) {
  console.error(`bench ${name}: cannot build the lab: ${avail.reason}`);
  process.exit(3);
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const sub = (argv) => argv.map((a) => a.replaceAll('<repo>', REPO_ROOT));

const lab = await startLab(spec.scenario ?? 'standard');
let interrupted = false;
process.on('SIGINT', () => {
  interrupted = true;
});
try {
  if (spec.prepare) await spec.prepare(lab);
  const times = Object.fromEntries(spec.cases.map((c) => [c.label, []]));
  const outputs = Object.fromEntries(spec.cases.map((c) => [c.label, '']));
  for (let i = 0; i < runs && !interrupted; i++) {
    for (const c of spec.cases) {
      const [command, ...cargs] = sub(c.command);
      const t0 = performance.now();
      const r = await lab.exec(c.node ?? 'client', command, cargs, { timeoutMs: c.timeoutMs ?? 300_000 });
      const ms = performance.now() - t0;
      if (r.failure) throw new Error(`${c.label}: ${r.failure.detail}\n${r.stderr}`);
      times[c.label].push(ms);
      outputs[c.label] = r.stdout;
    }
  }
  console.log(`bench ${name} (scenario ${spec.scenario ?? 'standard'}, ${runs} runs each, alternating)`);
  const summary = {};
  for (const c of spec.cases) {
    const t = times[c.label];
    summary[c.label] = { medianMs: median(t), minMs: Math.min(...t), maxMs: Math.max(...t), runsMs: t };
    console.log(
      `  ${c.label.padEnd(28)} median ${median(t).toFixed(0).padStart(7)} ms   min ${Math.min(...t)
        .toFixed(0)
        .padStart(7)}   max ${Math.max(...t)
        .toFixed(0)
        .padStart(7)}`,
    );
  }
  let ratio;
  if (spec.ratio) {
    const [a, b] = spec.ratio;
    ratio = summary[a].medianMs / summary[b].medianMs;
    console.log(`  ratio ${a} / ${b} = ${ratio.toFixed(3)}`);
  }
  const extra = spec.after ? await spec.after(lab, { times, outputs, summary }) : undefined;
  mkdirSync(join(here, 'results'), { recursive: true });
  writeFileSync(
    join(here, 'results', `${name}.json`),
    JSON.stringify(
      { name, scenario: spec.scenario, runs, summary, ratio, extra, when: new Date().toISOString() },
      null,
      2,
    ),
  );
} finally {
  await lab.down();
}

// Long mtr runs (issue 13): CPU seconds per 100 rounds at 100 and at 1,000 rounds of `netcheck mtr -i 0.05`
// on the standard path. Per-round work is constant (incremental per-hop statistics, bounded probe history), so
// the two figures should match; before, 1,000 rounds cost many times what 100 did. /usr/bin/time reports the
// process's user + system CPU and its peak RSS (kB) after the table.
// time's figures go to stderr: the table is thrown away and stderr becomes the case's output (a child's stdout
// here is a socket, which `time -o /dev/stdout` cannot open).
const mtr = (rounds) => [
  'bash',
  '-c',
  `/usr/bin/time -f 'cpu %U %S rss %M' node <repo>/packages/cli/dist/bin.js mtr 10.0.4.2 -c ${rounds} -i 0.05 -r 2>&1 >/dev/null`,
];
const sizes = [100, 1000];
const label = (n) => `netcheck mtr -c ${n} -i 0.05`;

export default {
  scenario: 'standard',
  runs: 1,
  cases: sizes.map((n) => ({ label: label(n), node: 'client', command: mtr(n) })),
  after(_lab, { outputs }) {
    const extra = {};
    for (const n of sizes) {
      const m = /cpu ([\d.]+) ([\d.]+) rss (\d+)/.exec(outputs[label(n)]);
      if (!m) {
        console.log(`  ${label(n)}: no CPU figure in its output:\n${outputs[label(n)]}`);
        continue;
      }
      const cpuS = Number(m[1]) + Number(m[2]);
      extra[n] = { cpuS, cpuSPer100Rounds: (cpuS * 100) / n, peakRssKb: Number(m[3]) };
      console.log(`  ${label(n)}: ${cpuS.toFixed(2)} s CPU, ${extra[n].cpuSPer100Rounds.toFixed(3)} s per 100 rounds`);
    }
    return extra;
  },
};

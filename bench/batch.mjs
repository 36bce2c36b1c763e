// Bench: `netcheck batch - -j 50` over 1,000 lab targets (85% 10.0.4.2:80, 10% 10.0.4.2:81, 5% invalid lines),
// inside the lab's client namespace; packages/exporter/scripts/batch-load.mjs checks every NDJSON line and the
// summary, and prints targets per second and the batch process' peak RSS. Run: npm run bench -- batch
export default {
  scenario: 'standard',
  runs: 1,
  cases: [
    {
      label: 'netcheck batch 1000 -j 50',
      node: 'client',
      command: ['node', '<repo>/packages/exporter/scripts/batch-load.mjs', '1000', '50'],
    },
  ],
  after(_lab, { outputs }) {
    const r = JSON.parse(outputs['netcheck batch 1000 -j 50'].trim().split('\n').at(-1));
    console.log(
      `  ${r.records} records, ${r.validJson} valid JSON, summary total ${r.summaryTotal}, exit ${r.exitCode}, ` +
        `${r.targetsPerSecond} targets/s, peak RSS ${r.peakRssMb} MB\n  outcomes ${JSON.stringify(r.outcomes)}`,
    );
    return r;
  },
};

// Bench: `netcheck serve` under 200 concurrent /probe requests (tcp to 10.0.4.2:80 and :81, icmp to 10.0.4.2; each
// with a 10 s scrape timeout header), inside the lab's client namespace. Each run starts a fresh exporter;
// packages/exporter/scripts/load.mjs prints probes per second, latency, the exporter's peak RSS and leftover processes.
// Run: npm run bench -- serve-load
export default {
  scenario: 'standard',
  runs: 3,
  cases: [
    {
      label: 'netcheck serve: 200 probes',
      node: 'client',
      command: ['node', '<repo>/packages/exporter/scripts/load.mjs', '200', '10'],
    },
  ],
  after(_lab, { outputs }) {
    const last = JSON.parse(outputs['netcheck serve: 200 probes'].trim().split('\n').at(-1));
    console.log(
      `  last run: ${last.answered200}/${last.requests} answered, ${last.withinDeadline} within the ${last.deadlineMs} ms deadline, ` +
        `${last.probesPerSecond} probes/s, p50 ${last.p50Ms} ms, max ${last.maxMs} ms, RSS ${last.idleRssMb} -> peak ${last.peakRssMb} MB, ` +
        `leftover processes ${last.leftoverWhileServing.length + last.leftoverAfterExit.length}`,
    );
    return last;
  },
};

// A blackholed destination: netcheck's early stop against traceroute with its defaults
// (30 hops, 3 probes, 5 s wait), on the same lab path, alternating.
export default {
  scenario: 'standard',
  runs: 3,
  cases: [
    {
      label: 'netcheck trace',
      node: 'client',
      command: ['node', '<repo>/packages/cli/dist/bin.js', 'trace', '10.0.5.3', '--no-ping'],
    },
    { label: 'traceroute (defaults)', node: 'client', command: ['traceroute', '-n', '10.0.5.3'] },
  ],
  ratio: ['netcheck trace', 'traceroute (defaults)'],
};

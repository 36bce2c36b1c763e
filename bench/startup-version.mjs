// Start-up as a whole process: the installed CLI's `netcheck --version` (the bundle of packages/netcheck, as
// `npm install -g` puts it) against `node -e 0`, alternating. Target: within 1.3x.
export default {
  scenario: 'standard',
  runs: 20,
  cases: [
    {
      label: 'netcheck --version',
      node: 'client',
      command: ['<repo>/packages/netcheck/dist/netcheck.js', '--version'],
    },
    { label: 'node -e 0', node: 'client', command: ['node', '-e', '0'] },
  ],
  ratio: ['netcheck --version', 'node -e 0'],
};

// `netcheck --help` as a whole process (every command is loaded to list them) against `node -e 0`.
export default {
  scenario: 'standard',
  runs: 20,
  cases: [
    { label: 'netcheck --help', node: 'client', command: ['<repo>/packages/netcheck/dist/netcheck.js', '--help'] },
    { label: 'node -e 0', node: 'client', command: ['node', '-e', '0'] },
  ],
  ratio: ['netcheck --help', 'node -e 0'],
};

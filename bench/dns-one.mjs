// One lookup as a whole process: netcheck dns against dig, same server, same name, alternating.
export default {
  scenario: 'standard',
  runs: 10,
  cases: [
    {
      label: 'netcheck dns',
      node: 'client',
      command: ['node', '<repo>/packages/cli/dist/bin.js', 'dns', 'web.lab', '@10.0.4.2', '--short'],
    },
    { label: 'dig', node: 'client', command: ['dig', '@10.0.4.2', 'web.lab', '+short'] },
  ],
  ratio: ['netcheck dns', 'dig'],
};

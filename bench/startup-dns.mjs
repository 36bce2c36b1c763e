// A one-shot DNS query as a whole process, as a user runs it: the installed CLI (the bundle of packages/netcheck)
// against dig, same server, same name, alternating. Target: within 2x of dig.
export default {
  scenario: 'standard',
  runs: 20,
  cases: [
    {
      label: 'netcheck dns +short',
      node: 'client',
      command: ['<repo>/packages/netcheck/dist/netcheck.js', 'dns', 'web.lab', '@10.0.4.2', '+short'],
    },
    { label: 'dig +short', node: 'client', command: ['dig', '@10.0.4.2', 'web.lab', '+short'] },
  ],
  ratio: ['netcheck dns +short', 'dig +short'],
};

// The verdict on a healthy target as a whole process, against doing it by hand in sequence on the
// same lab path: ping -c 4, traceroute, dig and a TCP connect (bash's /dev/tcp).
export default {
  scenario: 'standard',
  runs: 5,
  cases: [
    {
      label: 'netcheck web.lab:80',
      node: 'client',
      command: ['node', '<repo>/packages/cli/dist/bin.js', 'web.lab:80'],
    },
    {
      label: 'ping+traceroute+dig+connect',
      node: 'client',
      command: [
        'bash',
        '-c',
        'ping -c 4 web.lab >/dev/null; traceroute -n web.lab >/dev/null; dig web.lab >/dev/null; exec 3<>/dev/tcp/10.0.4.2/80; exec 3>&-',
      ],
    },
  ],
  ratio: ['netcheck web.lab:80', 'ping+traceroute+dig+connect'],
};

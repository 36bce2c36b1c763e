// What pacing costs: netcheck trace against `traceroute -n` to an !H and an !X destination behind r3 and to
// the server, on the kernel's ICMP rate limits (lab standard), run back to back as a user re-running a trace
// would. netcheck looks at silent hops again 2 s later (a Linux router answers !H/!X once per 2 s once its
// burst is spent), so it names r3 where traceroute, run alone, often shows `3 * * *` or the !H hops late.
const cli = ['node', '<repo>/packages/cli/dist/bin.js', 'trace'];
const targets = [
  ['!H', '10.0.5.1'],
  ['!X', '10.0.5.2'],
  ['server', '10.0.4.2'],
];
const cases = targets.flatMap(([what, addr]) => [
  { label: `netcheck trace ${what}`, node: 'client', command: [...cli, addr, '--no-ping'] },
  { label: `traceroute -n ${what}`, node: 'client', command: ['traceroute', '-n', addr] },
]);

export default {
  scenario: 'standard',
  runs: 3,
  cases,
  ratio: ['netcheck trace !H', 'traceroute -n !H'],
  after(_lab, { outputs, summary }) {
    const extra = {};
    for (const [what] of targets) {
      const [a, b] = [`netcheck trace ${what}`, `traceroute -n ${what}`];
      const ratio = summary[a].medianMs / summary[b].medianMs;
      extra[what] = { ratio };
      console.log(`  ratio ${a} / ${b} = ${ratio.toFixed(3)}`);
    }
    for (const c of cases) console.log(`\n--- ${c.label} (last run) ---\n${outputs[c.label].trim()}`);
    return extra;
  },
};

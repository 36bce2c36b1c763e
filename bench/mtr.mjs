// A 10-round report on the lossy path (10% loss r2 -> r3, r1 rate-limits ICMP): netcheck mtr against
// mtr -r -c 10, alternating; both tables of the last run are printed for comparison.
export default {
  scenario: 'lossy',
  runs: 3,
  cases: [
    {
      label: 'netcheck mtr -c 10',
      node: 'client',
      command: ['node', '<repo>/packages/cli/dist/bin.js', 'mtr', '10.0.4.2', '-c', '10', '--report'],
    },
    { label: 'mtr -r -c 10', node: 'client', command: ['mtr', '-r', '-n', '-c', '10', '10.0.4.2'] },
  ],
  ratio: ['netcheck mtr -c 10', 'mtr -r -c 10'],
  after(_lab, { outputs }) {
    console.log(`\n--- netcheck mtr (last run) ---\n${outputs['netcheck mtr -c 10']}`);
    console.log(`--- mtr -r -c 10 (last run) ---\n${outputs['mtr -r -c 10']}`);
    return { netcheck: outputs['netcheck mtr -c 10'], mtr: outputs['mtr -r -c 10'] };
  },
};

// 1,000 names (two thirds exist, a third are NXDOMAIN) against the lab's dnsmasq:
// netcheck dns --batch (queries in flight concurrently, bounded) against dig -f (one after another).
import { writeFileSync } from 'node:fs';

const FILE = '/tmp/netcheck-bench-names.txt';
export default {
  scenario: 'standard',
  runs: 3,
  async prepare() {
    const known = ['web.lab', 'www.lab', 'alias.lab', 'mail.lab', 'ns.lab', 'lab'];
    const names = Array.from({ length: 1000 }, (_, i) => (i % 3 === 2 ? `missing-${i}.lab` : known[i % known.length]));
    writeFileSync(FILE, `${names.join('\n')}\n`);
  },
  cases: [
    {
      label: 'netcheck dns --batch',
      node: 'client',
      command: ['node', '<repo>/packages/cli/dist/bin.js', 'dns', '--batch', FILE, '@10.0.4.2', '--no-search'],
    },
    { label: 'dig -f', node: 'client', command: ['dig', '@10.0.4.2', '+short', '-f', FILE] },
  ],
  ratio: ['netcheck dns --batch', 'dig -f'],
};

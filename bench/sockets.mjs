// Bench: `netcheck sockets` (the whole summary, as a process) against
// `ss -tan | awk '{print $1}' | sort | uniq -c` on the same table of 100,000 TCP
// sockets in the lab's server namespace. Run: npm run bench -- sockets
//
// The table: 6 helper processes each hold 7,000 loopback connections (both ends:
// 14,000 fds, under the 20,000-fd limit), 84,000 ESTABLISHED sockets, and a 7th
// process leaves 16,000 TIME_WAIT sockets (active close; they hold no fd and last
// 60 s, so they are made last). tcp_max_tw_buckets is raised and tcp_tw_reuse turned
// off in that namespace so every TIME_WAIT stays counted.
const PAIRS_PER_PROCESS = 7000;
const PROCESSES = 6;
const TIME_WAIT = 16000;

const HOLDER = String.raw`
import resource, socket, sys, time
resource.setrlimit(resource.RLIMIT_NOFILE, (20000, 20000))
pairs, tw = int(sys.argv[1]), int(sys.argv[2])
lst = socket.socket(); lst.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
lst.bind(('127.0.0.1', 0)); lst.listen(4096)
addr = lst.getsockname(); held = []
for _ in range(pairs):
    c = socket.socket(); c.connect(addr); a, _ = lst.accept(); held += [c, a]
for _ in range(tw):
    c = socket.socket(); c.connect(addr); a, _ = lst.accept(); c.close(); a.recv(1); a.close()
print('ready', len(held), flush=True)
time.sleep(3600)
`;

async function hold(lab, pairs, tw) {
  const running = lab.spawn('server', 'python3', ['-c', HOLDER, String(pairs), String(tw)]);
  for await (const line of running) {
    if (line.startsWith('ready')) {
      // keep draining the pipe in the background
      void (async () => {
        for await (const _ of running);
      })();
      return running;
    }
  }
  throw new Error(`bench sockets: a table helper exited early: ${(await running.result).stderr.slice(-300)}`);
}

async function stateCounts(lab) {
  const r = await lab.exec('server', 'sh', ['-c', "ss -tanH | awk '{print $1}' | sort | uniq -c"]);
  return Object.fromEntries(
    r.stdout
      .trim()
      .split('\n')
      .map((l) => l.trim().split(/\s+/))
      .map(([n, s]) => [s, Number(n)]),
  );
}

async function peakRssKb(lab, command) {
  const r = await lab.exec('server', '/usr/bin/time', ['-f', '%M', ...command]);
  const kb = Number(r.stderr.trim().split('\n').pop());
  return Number.isFinite(kb) ? kb : undefined;
}

const NETCHECK = ['node', '<repo>/packages/cli/dist/bin.js', 'sockets'];
const SS = ['sh', '-c', "ss -tan | awk '{print $1}' | sort | uniq -c"];

export default {
  scenario: 'standard',
  runs: 5,
  cases: [
    { label: 'netcheck sockets', node: 'server', command: NETCHECK },
    { label: 'ss|awk|sort|uniq -c', node: 'server', command: SS },
    { label: 'netcheck sockets --counts', node: 'server', command: [...NETCHECK, '--counts'] },
  ],
  ratio: ['netcheck sockets', 'ss|awk|sort|uniq -c'],
  async prepare(lab) {
    const t0 = performance.now();
    await lab.exec('server', 'sysctl', [
      '-q',
      '-w',
      'net.ipv4.tcp_max_tw_buckets=300000',
      'net.ipv4.tcp_tw_reuse=0',
      'net.ipv4.ip_local_port_range=10000 65000',
    ]);
    await Promise.all(Array.from({ length: PROCESSES }, () => hold(lab, PAIRS_PER_PROCESS, 0)));
    await hold(lab, 0, TIME_WAIT);
    const counts = await stateCounts(lab);
    const total = Object.entries(counts)
      .filter(([s]) => s !== 'State')
      .reduce((a, [, n]) => a + n, 0);
    console.log(
      `table in the server namespace: ${total} TCP sockets ${JSON.stringify(counts)} (built in ${((performance.now() - t0) / 1000).toFixed(1)} s)`,
    );
  },
  async after(lab, results) {
    const { REPO_ROOT } = await import('@netcheck/netlab');
    const sub = (argv) => argv.map((a) => a.replaceAll('<repo>', REPO_ROOT));
    const peak = {
      'netcheck sockets': await peakRssKb(lab, sub(NETCHECK)),
      'netcheck sockets --counts': await peakRssKb(lab, sub([...NETCHECK, '--counts'])),
      'ss|awk|sort|uniq -c': await peakRssKb(lab, SS),
    };
    for (const [label, kb] of Object.entries(peak))
      console.log(
        `  peak memory ${label.padEnd(28)} ${kb === undefined ? '?' : `${(kb / 1024).toFixed(1)} MB`} (max RSS of the process tree's largest process, /usr/bin/time)`,
      );
    // what the summary itself says it spent reading the table
    const json = await lab.exec('server', 'node', [`${REPO_ROOT}/packages/cli/dist/bin.js`, 'sockets', '--json']);
    const report = JSON.parse(json.stdout);
    console.log(
      `  netcheck read ${report.total} sockets from ${report.source.what} in ${Math.round(report.source.durationMs)} ms (whole library call ${Math.round(report.durationMs)} ms)`,
    );
    const counts = await stateCounts(lab);
    const agree = ['ESTAB', 'TIME-WAIT', 'LISTEN'].every(
      (s) => counts[s] === report.states[{ ESTAB: 'ESTABLISHED', 'TIME-WAIT': 'TIME_WAIT', LISTEN: 'LISTEN' }[s]],
    );
    console.log(`  counts agree with ss right after: ${agree}`);
    return {
      peakRssKb: peak,
      table: counts,
      netcheckReadMs: report.source.durationMs,
      netcheckLibraryMs: report.durationMs,
      stdoutOfCases: Object.fromEntries(Object.entries(results.outputs).map(([k, v]) => [k, v.slice(0, 400)])),
    };
  },
};

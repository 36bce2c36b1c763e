import { makePastedHop, quoteLine } from './pasted-hop.js';
import type { PastedHop, PastedPath } from './types.js';

const TRACING = /^Tracing route to (\S+)(?: \[([^\]]+)\])?/;
// "  2   10ms     3/ 100 =  3%     0/ 100 =  0%  10.0.2.2" or "... router.example [10.0.2.2]"
const STAT = /^\s*(\d+)\s+(\d+ms|---)\s+(\d+)\/\s*(\d+)\s*=\s*(\d+)%\s+(\d+)\/\s*(\d+)\s*=\s*(\d+)%\s+(.+?)\s*$/;
// the link line between two hops: "                                0/ 100 =  0%   |"
const LINK = /^\s+(\d+)\/\s*(\d+)\s*=\s*(\d+)%\s+\|\s*$/;
// the first part: "  1  10.0.1.1" / "  1  r1.example [10.0.1.1]" / "  0  DESKTOP [192.168.1.10]"
const TRACE = /^\s*(\d+)\s+(\S.*?)\s*$/;
const NOISE = [
  /^over a maximum of/i,
  /^Computing statistics/i,
  /^\s*Source to Here/i,
  /^Hop\s+RTT/i,
  /^Trace complete/i,
  /^\s*$/,
];

/** "name [addr]" or "addr", as Windows prints a node. */
function splitNode(text: string): { address: string; name: string | undefined } {
  const m = /^(\S+) \[([^\]]+)\]$/.exec(text);
  return m ? { address: m[2]!, name: m[1] } : { address: text, name: undefined };
}

/**
 * Parse Windows `pathping` text (pure). The statistics block is what counts: per hop, "Source to Here"
 * Lost/Sent (the TTL's own counts) and the one RTT Windows prints (an average); hop 0 is this machine and is
 * left out. Windows sends 100 queries per hop by default. A hop whose address is `*` or whose RTT is `---`
 * never answered. The first (traceroute) part only supplies names for hops the statistics name by address.
 */
export function parseWindowsPathping(text: string): PastedPath {
  const hops: PastedHop[] = [];
  const warnings: string[] = [];
  let target: string | undefined;
  let inStats = false;
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\r$/, '');
    if (line.startsWith('# ')) continue; // a fixture's note
    const t = TRACING.exec(line);
    if (t) {
      target = t[2] ?? t[1];
      continue;
    }
    if (/^Computing statistics/i.test(line)) inStats = true;
    if (NOISE.some((re) => re.test(line))) continue;
    if (inStats) {
      const s = STAT.exec(line);
      if (s) {
        const [, ttl, rtt, lost, sent, , , , , node] = s;
        if (ttl === '0') continue;
        const { address, name } = splitNode(node!);
        const silent = address === '*' || rtt === '---';
        const sentN = Number(sent);
        hops.push(
          makePastedHop(Number(ttl), {
            addresses: silent ? [] : [address],
            names: silent ? [] : [name],
            sent: sentN,
            received: silent ? 0 : sentN - Number(lost),
            avgMs: silent ? undefined : Number(rtt!.replace('ms', '')),
          }),
        );
        continue;
      }
      if (LINK.test(line) || /^\s*0\s+\S/.test(line)) continue;
      warnings.push(`pathping: line not understood: ${quoteLine(line)}`);
      continue;
    }
    if (TRACE.test(line)) continue; // the trace part: the statistics repeat every hop
    warnings.push(`pathping: line not understood: ${quoteLine(line)}`);
  }
  if (!inStats)
    warnings.push('pathping: no "Computing statistics" block: the paste stops before pathping measured loss');
  return { format: 'windows-pathping', target, hops, warnings };
}

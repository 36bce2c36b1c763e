import { fileURLToPath } from 'node:url';
import type { Lab, LabNode } from '@netcheck/netlab';
import { countStates } from '../src/aggregate.js';
import type { InspectSocketsOptions, SocketReport } from '../src/inspect.js';
import { parseSs } from '../src/parse-ss.js';
import type { StateCounts } from '../src/tcp-state.js';

/** The helper that holds sockets in given states (see its docstring for the modes). */
export const SCENARIO_SCRIPT = fileURLToPath(new URL('./socket-scenarios.py', import.meta.url));

/** A running scenario helper. */
export interface Scenario {
  /** Its ready line: pid, ports... */
  info: { pid: number; ports?: Record<string, number>; [k: string]: unknown };
  stop(): Promise<void>;
}

/** Start socket-scenarios.py in a lab node and wait for its ready line. */
export async function startScenario(lab: Lab, node: LabNode, args: readonly string[]): Promise<Scenario> {
  const running = lab.spawn(node, 'python3', [SCENARIO_SCRIPT, ...args]);
  const timer = setTimeout(() => running.kill(), 30_000);
  const lines = running[Symbol.asyncIterator]();
  for (;;) {
    const { value, done } = await lines.next();
    if (done) {
      clearTimeout(timer);
      const r = await running.result;
      throw new Error(`scenario ${args.join(' ')} ended before it was ready: ${r.stderr.trim().slice(-400)}`);
    }
    if (value.includes('"ready"')) {
      clearTimeout(timer);
      // keep draining so the helper never blocks on a full pipe
      void (async () => {
        for (;;) if ((await lines.next()).done) break;
      })();
      return {
        info: JSON.parse(value) as Scenario['info'],
        stop: async () => {
          running.kill();
          await running.result;
        },
      };
    }
  }
}

/** What `ss -tanH` counts in a node right now. */
export async function ssCounts(lab: Lab, node: LabNode): Promise<StateCounts> {
  const r = await lab.exec(node, 'ss', ['-tanH']);
  if (r.exitCode !== 0) throw new Error(`ss failed in ${node}: ${r.stderr}`);
  const p = parseSs(r.stdout);
  if (p.warnings.length) throw new Error(`ss output not understood: ${p.warnings.join('; ')}`);
  return countStates(p.sockets);
}

/** Run inspectSockets inside a node (the library, through node -e) and return its report. */
export async function inspectIn(lab: Lab, node: LabNode, options: InspectSocketsOptions = {}): Promise<SocketReport> {
  const code = `import { inspectSockets } from '@netcheck/sockets';
const r = await inspectSockets(${JSON.stringify(options)});
process.stdout.write(JSON.stringify(r));`;
  const r = await lab.nodeScript(node, code, { timeoutMs: 60_000 });
  if (r.exitCode !== 0 || r.failure)
    throw new Error(`inspectSockets in ${node} failed: ${r.failure?.detail ?? ''} ${r.stderr.slice(-600)}`);
  return JSON.parse(r.stdout) as SocketReport;
}

/**
 * Counts from `read` and from ss taken at the same moment: ss before and after; when the two
 * ss runs agree (nothing changed state in between) the table was still, and `read` must
 * agree with them. Retried a few times if the table moved.
 */
export async function sameMoment(
  lab: Lab,
  node: LabNode,
  read: () => Promise<StateCounts>,
): Promise<{ ours: StateCounts; ss: StateCounts }> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const before = await ssCounts(lab, node);
    const ours = await read();
    const after = await ssCounts(lab, node);
    if (JSON.stringify(before) === JSON.stringify(after)) return { ours, ss: after };
  }
  throw new Error(`the table in ${node} kept changing across 5 attempts`);
}

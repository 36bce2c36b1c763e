import { listLabIds, restoreHostSysctls, startLab, teardownLab } from './lab.js';
import { listScenarios } from './load-scenario.js';
import { labAvailability } from './availability.js';
import { LAB_NODES, type LabNode } from './scenario.js';
import { nsName } from './plan.js';
import { readFileSync, existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

const USAGE = `usage: netlab <command>
  up <scenario> [--id ID]           build the lab (idempotent: an old lab with that id is removed first)
  down [--id ID] | --all            remove a lab, or every netlab lab, with all it started
  exec [--id ID] <node> -- <cmd...> run a command inside a node (${LAB_NODES.join(', ')})
  status                            labs that exist and their scenarios
  list                              scenarios and what they build
The default id is "lab" (namespaces nclab-client, nclab-r1, ...).`;

function takeId(args: string[]): string {
  const i = args.indexOf('--id');
  if (i < 0) return 'lab';
  const id = args[i + 1];
  if (!id) throw new Error('--id needs a value');
  args.splice(i, 2);
  return id;
}

async function main(argv: string[]): Promise<number> {
  const args = [...argv];
  const cmd = args.shift();
  switch (cmd) {
    case 'up': {
      const id = takeId(args);
      const scenario = args[0];
      if (!scenario)
        throw new Error(
          `up needs a scenario: ${listScenarios()
            .map((s) => s.name)
            .join(', ')}`,
        );
      const avail = labAvailability();
      if (!avail.ok) throw new Error(`cannot build a lab here: ${avail.reason}`);
      const t0 = performance.now();
      await startLab(scenario, { id, ownedByThisProcess: false });
      console.log(`lab "${id}" up: scenario ${scenario}, ${Math.round(performance.now() - t0)} ms`);
      console.log(`namespaces: ${LAB_NODES.map((n) => nsName(id, n)).join(' ')}`);
      console.log(`try: netlab exec${id === 'lab' ? '' : ` --id ${id}`} client -- traceroute -n 10.0.4.2`);
      return 0;
    }
    case 'down': {
      // Only labs with netlab's state are removed; the host's sysctls are restored even when there is none.
      const known = await listLabIds();
      const ids = args.includes('--all') ? known : [takeId(args)].filter((id) => known.includes(id));
      for (const id of ids) await teardownLab(id);
      restoreHostSysctls();
      console.log(ids.length ? `removed: ${ids.join(', ')}` : 'no labs');
      return 0;
    }
    case 'exec': {
      const id = takeId(args);
      const node = args.shift() as LabNode | undefined;
      if (!node || !LAB_NODES.includes(node)) throw new Error(`exec needs a node: ${LAB_NODES.join(', ')}`);
      if (args[0] === '--') args.shift();
      if (!args.length) throw new Error('exec needs a command after --');
      const ns = nsName(id, node);
      const exists = spawnSync('ip', ['netns', 'exec', ns, 'true']).status === 0;
      if (!exists)
        throw new Error(
          `lab "${id}" is not up (no namespace ${ns}); run: netlab up <scenario>${id === 'lab' ? '' : ` --id ${id}`}`,
        );
      const r = spawnSync('ip', ['netns', 'exec', ns, ...args], { stdio: 'inherit' });
      return r.status ?? 1;
    }
    case 'status': {
      const ids = await listLabIds();
      if (!ids.length) console.log('no labs');
      for (const id of ids) {
        const f = `/run/netcheck-lab/${id}/scenario`;
        const scenario = existsSync(f)
          ? readFileSync(f, 'utf8').trim()
          : 'unknown (state lost: run netlab down --id ' + id + ')';
        console.log(`${id}\t${scenario}\t${LAB_NODES.map((n) => nsName(id, n)).join(' ')}`);
      }
      return 0;
    }
    case 'list': {
      for (const s of listScenarios()) console.log(`${s.name}\n  ${s.description}`);
      return 0;
    }
    case undefined:
    case '-h':
    case '--help':
      console.log(USAGE);
      return cmd === undefined ? 2 : 0;
    default:
      console.error(`netlab: unknown command "${cmd}"\n${USAGE}`);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (e: Error) => {
    console.error(`netlab: ${e.message}`);
    process.exitCode = 1;
  },
);

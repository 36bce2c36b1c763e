import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { NETLAB_DIR } from './paths.js';
import type { Scenario, ScenarioFile } from './scenario.js';
import { resolveScenario } from './scenario.js';

/** Directory of scenario files (one JSON file per scenario). */
export const SCENARIO_DIR = join(NETLAB_DIR, 'scenarios');

/** Read every scenario file. */
export function readScenarioFiles(dir = SCENARIO_DIR): Record<string, ScenarioFile> {
  const out: Record<string, ScenarioFile> = {};
  for (const f of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
    const name = f.replace(/\.json$/, '');
    try {
      out[name] = JSON.parse(readFileSync(join(dir, f), 'utf8')) as ScenarioFile;
    } catch (e) {
      throw new Error(`scenario file ${join(dir, f)} is not valid JSON: ${(e as Error).message}`);
    }
  }
  return out;
}

/** Load and resolve one scenario by name. */
export function loadScenario(name: string, dir = SCENARIO_DIR): Scenario {
  return resolveScenario(name, readScenarioFiles(dir));
}

/** Names and descriptions of every scenario. */
export function listScenarios(dir = SCENARIO_DIR): Array<{ name: string; description: string }> {
  const files = readScenarioFiles(dir);
  return Object.keys(files)
    .sort()
    .map((name) => ({ name, description: resolveScenario(name, files).description }));
}

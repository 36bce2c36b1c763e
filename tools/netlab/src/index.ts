export type {
  LabNode,
  LinkSpec,
  RouterSpec,
  ServerSpec,
  DnsServerSpec,
  DnsRewriterSpec,
  Scenario,
  ScenarioFile,
} from './scenario.js';
export { LAB_NODES, mergeScenario, resolveScenario, validateScenario } from './scenario.js';
export type { LabStep } from './plan.js';
export { buildLabPlan, buildNftRuleset, nsName, ifName, LAB_ID_PATTERN } from './plan.js';
export { loadScenario, listScenarios, readScenarioFiles, SCENARIO_DIR } from './load-scenario.js';
export type { Lab, LabExecOptions, StartLabOptions } from './lab.js';
export { startLab, attachLab, teardownLab, listLabIds } from './lab.js';
export { labAvailability, LAB_REQUIREMENTS } from './availability.js';
export { LAB_ADDR } from './addresses.js';
export { NETLAB_DIR, REPO_ROOT, CLI_BIN } from './paths.js';

import { readFile } from 'node:fs/promises';
import { NetcheckError } from '@netcheck/core';
import { validateModuleFile, type ModuleSet } from './modules.js';

/** Read and validate a module file (JSON; blackbox.yml's structure). Throws NetcheckError with what to fix. */
export async function readModuleFile(path: string): Promise<ModuleSet> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new NetcheckError('usage', `cannot read the module file ${path}: ${(error as Error).message}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new NetcheckError('usage', `module file ${path} is not valid JSON: ${(error as Error).message}`, 'write it as JSON: {"modules": {"icmp": {"prober": "icmp"}}}');
  }
  return validateModuleFile(raw);
}

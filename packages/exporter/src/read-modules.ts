import { readFile } from 'node:fs/promises';
import { NetcheckError } from '@netcheck/core';
import { parse } from 'yaml';
import { validateModuleFile, type ModuleSet } from './modules.js';

/**
 * Parse a module file's text: YAML (blackbox.yml's style) or JSON, which is YAML too. Aliases are capped so a
 * hostile file cannot expand without bound. Pure; throws NetcheckError naming the line.
 */
export function parseModuleFile(text: string, path: string): ModuleSet {
  let raw: unknown;
  try {
    raw = parse(text, { maxAliasCount: 100, uniqueKeys: true });
  } catch (error) {
    const message = (error as Error).message.split('\n')[0];
    throw new NetcheckError(
      'usage',
      `module file ${path} is not valid YAML or JSON: ${message}`,
      'for example:\nmodules:\n  icmp:\n    prober: icmp\n    timeout: 5s',
    );
  }
  return validateModuleFile(raw);
}

/** Read and validate a module file. Throws NetcheckError with what to fix. */
export async function readModuleFile(path: string): Promise<ModuleSet> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new NetcheckError(
      'usage',
      `cannot read the module file ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
  return parseModuleFile(text, path);
}

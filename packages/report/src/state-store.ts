import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ReportDocument } from './document.js';

/**
 * Where the last healthy report of each target is kept (pure): `$XDG_STATE_HOME/netcheck`, else
 * `$HOME/.local/state/netcheck` (the XDG base directory default); `undefined` when neither is set.
 */
export function deriveStateDir(env: Readonly<Record<string, string | undefined>>): string | undefined {
  if (env.XDG_STATE_HOME) return join(env.XDG_STATE_HOME, 'netcheck');
  if (env.HOME) return join(env.HOME, '.local', 'state', 'netcheck');
  return undefined;
}

/** The file of one target's last healthy report (pure): the target made safe as a file name. */
export function deriveStateFile(dir: string, target: string): string {
  const safe = target
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '_')
    .slice(0, 120);
  return join(dir, 'last-healthy', `${safe || '_'}.json`);
}

/** Read a target's last healthy report; `undefined` when there is none or it is not one of ours. */
export async function readLastHealthy(dir: string, target: string): Promise<ReportDocument | undefined> {
  try {
    const doc = JSON.parse(await readFile(deriveStateFile(dir, target), 'utf8')) as ReportDocument;
    return doc?.kind === 'netcheck-report' && doc.version === 1 ? doc : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Keep a healthy report as the target's baseline (written whole, then renamed: never half a file). Returns the path.
 */
export async function writeLastHealthy(dir: string, doc: ReportDocument): Promise<string> {
  const file = deriveStateFile(dir, doc.target);
  await mkdir(join(dir, 'last-healthy'), { recursive: true });
  await writeFile(`${file}.tmp`, `${JSON.stringify(doc)}\n`);
  await rename(`${file}.tmp`, file);
  return file;
}

import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** tools/netlab, found from this file (src/ or dist/), never a hard-coded path. */
export const NETLAB_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** The repository root (tools/netlab/../..). */
export const REPO_ROOT = resolve(NETLAB_DIR, '..', '..');
/** The built netcheck CLI that `lab.cli()` runs. */
export const CLI_BIN = resolve(REPO_ROOT, 'packages', 'cli', 'dist', 'bin.js');
/** Where a lab records what it started, so `down` can undo it even after a crash. */
export const STATE_ROOT = '/run/netcheck-lab';

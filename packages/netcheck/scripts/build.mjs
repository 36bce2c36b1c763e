// Build the publishable `netcheck` package: one bundled ESM file (the CLI with every @netcheck/* package and
// its third-party dependencies) and a man page generated from the command definitions.
// Input: the built packages/cli (nx builds it first: `netcheck` devDepends on @netcheck/cli).
import { chmodSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { renderManPage } from './man.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, '..', 'cli');
const dist = join(root, 'dist');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

rmSync(dist, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });

const result = await build({
  entryPoints: [join(root, 'src', 'entry.js')],
  define: { NETCHECK_VERSION: JSON.stringify(pkg.version) },
  outfile: join(dist, 'netcheck.js'),
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20.19',
  // Smaller is faster to start: V8 parses the whole file before the first line runs.
  minify: true,
  // Bundled MIT/ISC notices stay with the code that needs them.
  legalComments: 'eof',
  // dns-packet and its dependencies are CommonJS: their require() of node builtins needs a real require.
  banner: { js: "import { createRequire as __netcheckRequire } from 'node:module';\nconst require = __netcheckRequire(import.meta.url);" },
  metafile: true,
  logLevel: 'warning',
});
const out = join(dist, 'netcheck.js');
// npm links bins executable on install; in this checkout node_modules/.bin/netcheck points here, so keep it so.
chmodSync(out, 0o755);

// The man page from the same command definitions the CLI parses with (every command registered).
const { buildProgram } = await import(join(cli, 'dist', 'index.js'));
const noRunner = { run: () => Promise.reject(new Error('not for running')) };
const io = { out: () => {}, err: () => {}, isTTY: false, color: false, env: {} };
const program = await buildProgram({ io, runner: noRunner, signal: new AbortController().signal, exitCode: 0 });
writeFileSync(join(dist, 'netcheck.1'), renderManPage(program, { version: pkg.version }));

const inputs = Object.keys(result.metafile.inputs).length;
const bytes = Object.values(result.metafile.outputs).reduce((n, o) => n + o.bytes, 0);
console.log(`netcheck: bundled ${inputs} modules into dist/netcheck.js (${(bytes / 1024).toFixed(0)} KiB), man page dist/netcheck.1`);

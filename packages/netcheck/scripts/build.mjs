// Build the publishable `netcheck` package: the CLI bundled by esbuild with every @netcheck/* package and its
// third-party dependencies (the bin, dist/netcheck.js, and the chunks it loads when a command needs them; no
// dependency is left to install), and a man page generated from the command definitions.
// Why chunks: V8 parses a whole file before its first line runs, and parsing the ~530 KiB single-file bundle cost
// ~40 ms of every start (netcheck --version 1.69x node -e 0; split, 1.13x). Each command is a chunk loaded by its
// import(), as in the unbundled CLI. Chunks sit beside the bin: the CLI reads ../package.json from its module URL.
// Why CommonJS: esbuild splits only ES modules, but Node 20 starts an ES module graph through its async ESM loader
// (fs/promises, readline, per-module jobs and ticks): measured, `netcheck --version` took 5 ms and a one-shot
// `netcheck dns` 10 ms longer as ES modules than the same chunks through require(). So the chunks esbuild splits
// from the CLI's bin are each rewritten to CommonJS (imports become require(), a chunk's import() a require() in a
// promise), dist/ is a CommonJS package ("type": "commonjs" in package.json), and dist/netcheck.js, built apart
// from src/entry.js, runs the bin's chunk through a loader that compiles with V8's code cache (src/load-chunk.mjs).
// The chunks are written in packs, fewer files than chunks (scripts/plan-packs.mjs): those of every start in one.
// Input: the built packages/cli (nx builds it first: `netcheck` devDepends on @netcheck/cli).
import { chmodSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, transform } from 'esbuild';
import { renderManPage } from './man.mjs';
import { buildPackPlan, renderPack } from './plan-packs.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, '..', 'cli');
const dist = join(root, 'dist');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
/** A chunk this small is copied into the pack of each command that needs it rather than read as a file of its own. */
const SMALL_CHUNK_BYTES = 8 * 1024;

/**
 * CLI modules read their version from package.json by a URL relative to their own file ('../package.json' from
 * dist/main.js, '../../package.json' from dist/commands/report.js). Bundled, every module sits in dist/ beside
 * the bin, so each such URL is pointed at '../package.json': the netcheck package's own, which npm installs.
 */
const packageJsonUrls = {
  name: 'package-json-urls',
  setup(b) {
    b.onLoad({ filter: /[\\/]packages[\\/][^\\/]+[\\/]dist[\\/].*\.js$/ }, async (args) => {
      const text = await readFile(args.path, 'utf8');
      const relative = /new URL\((['"])(?:\.\.\/)+package\.json\1, import\.meta\.url\)/g;
      const contents = text.replace(relative, "new URL('../package.json', import.meta.url)");
      return { contents, loader: 'js' };
    });
  },
};

/**
 * commander requires node:child_process when it loads, for the executable subcommands netcheck never defines (its
 * only use is spawn, in _executeSubCommand); loading it costs a one-shot `netcheck dns` ~0.3-2 ms (process_wrap,
 * spawn_sync, internal/child_process). commander gets a stand-in that requires the module on first use.
 */
const LAZY_CHILD_PROCESS = `let real;
const load = () => (real ??= require('node:child_process'));
module.exports = new Proxy({}, { get: (_, key) => load()[key], has: (_, key) => key in load() });`;
const lazyChildProcessForCommander = {
  name: 'lazy-child-process-for-commander',
  setup(b) {
    b.onResolve({ filter: /^(node:)?child_process$/ }, (args) =>
      /[\\/]node_modules[\\/]commander[\\/]/.test(args.importer)
        ? { path: 'lazy-child-process', namespace: 'netcheck-lazy' }
        : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'netcheck-lazy' }, () => ({ contents: LAZY_CHILD_PROCESS, loader: 'js' }));
  },
};

rmSync(dist, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });

const cliBin = join(cli, 'dist', 'bin.js');
const result = await build({
  entryPoints: { bin: cliBin },
  absWorkingDir: root,
  outdir: dist,
  write: false,
  splitting: true,
  // The bin's name carries a hash of its content too: a cached compilation is never taken for another version.
  entryNames: '[name]-[hash]',
  chunkNames: '[name]-[hash]',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20.19',
  // Smaller is faster to start: V8 parses the whole file before the first line runs.
  minify: true,
  // Bundled MIT/ISC notices stay with the code that needs them.
  legalComments: 'eof',
  plugins: [packageJsonUrls, lazyChildProcessForCommander],
  metafile: true,
  logLevel: 'warning',
});

/**
 * One ES module chunk as CommonJS: its static imports become require() and its import() of another chunk a
 * require() in a promise (dynamic import marked unsupported); import.meta.url (the package.json URLs above) is the
 * chunk's own file URL. A CommonJS module of the bundle (dns-packet) then requires node's builtins with the real
 * require.
 */
async function toCommonJs(code) {
  const url = code.includes('import.meta.url');
  const out = await transform(code, {
    format: 'cjs',
    platform: 'node',
    target: 'node20.19',
    supported: { 'dynamic-import': false },
    define: url ? { 'import.meta.url': '__netcheckFileUrl' } : {},
    banner: url ? "const __netcheckFileUrl = require('node:url').pathToFileURL(__filename).href;" : '',
    minify: true,
    legalComments: 'eof',
    // an import.meta left over would be an empty object in CommonJS: a build error, not a broken bin
    logOverride: { 'empty-import-meta': 'error' },
    logLevel: 'warning',
  });
  // The loader's require is require(id) alone, of a chunk or a builtin: a chunk asking more would fail at run time.
  const more = /\brequire\.(resolve|cache|main|extensions)\b|\bmodule\.(parent|paths|children)\b/.exec(out.code);
  if (more) throw new Error(`netcheck build: a chunk uses ${more[0]}, which src/load-chunk.mjs does not provide`);
  return out.code;
}

// (every chunk an import() loads is an entry point too, in esbuild's metafile)
const binChunk = Object.entries(result.metafile.outputs).find(
  ([, o]) => resolve(root, o.entryPoint ?? '') === cliBin,
)[0];
const chunks = new Map();
const code = new Map();
for (const file of result.outputFiles) {
  const name = basename(file.path);
  const { imports } = result.metafile.outputs[relative(root, file.path)];
  const chunkImports = (kind) => imports.filter((i) => i.kind === kind && !i.external).map((i) => basename(i.path));
  // The bin's `#!` line would be a syntax error in a pack.
  code.set(name, await toCommonJs(file.text.replace(/^#!.*\n/, '')));
  const [imported, loaded] = [chunkImports('import-statement'), chunkImports('dynamic-import')];
  chunks.set(name, { bytes: code.get(name).length, imports: imported, dynamicImports: loaded });
}
const packs = buildPackPlan(chunks, basename(binChunk), SMALL_CHUNK_BYTES);
for (const [file, members] of packs) {
  writeFileSync(
    join(dist, file),
    renderPack(members, (name) => code.get(name)),
  );
}

// The bin: --version, then the loader of the chunks, which runs the CLI's bin chunk.
const out = join(dist, 'netcheck.js');
await build({
  entryPoints: [join(root, 'src', 'entry.js')],
  define: { NETCHECK_VERSION: JSON.stringify(pkg.version), NETCHECK_BIN: JSON.stringify(basename(binChunk)) },
  outfile: out,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20.19',
  minify: true,
  logLevel: 'warning',
});
// npm links bins executable on install; in this checkout node_modules/.bin/netcheck points here, so keep it so.
chmodSync(out, 0o755);

// The man page from the same command definitions the CLI parses with (every command registered).
const { buildProgram } = await import(join(cli, 'dist', 'index.js'));
const noRunner = { run: () => Promise.reject(new Error('not for running')) };
const io = { out: () => {}, err: () => {}, isTTY: false, color: false, env: {} };
const program = await buildProgram({ io, runner: noRunner, signal: new AbortController().signal, exitCode: 0 });
writeFileSync(join(dist, 'netcheck.1'), renderManPage(program, { version: pkg.version }));

const inputs = Object.keys(result.metafile.inputs).length;
const kib = ([...packs.keys()].reduce((n, f) => n + readFileSync(join(dist, f)).length, 0) / 1024).toFixed(0);
const written = `${chunks.size} chunks in ${packs.size} packs (${kib} KiB)`;
console.log(`netcheck: bundled ${inputs} modules into dist/netcheck.js and ${written}`);
console.log('netcheck: man page dist/netcheck.1');

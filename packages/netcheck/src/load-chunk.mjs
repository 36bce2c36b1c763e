// The bundle's chunks, run as CommonJS modules, from packs (files of one or more chunks: scripts/plan-packs.mjs)
// compiled with V8's code cache (the bytecode a previous run compiled), as Node 22's module.enableCompileCache()
// does for every module and Node 20 cannot. Compiling the chunks of a one-shot `netcheck dns` and the functions it
// calls was ~10 ms of its ~105 ms.
// Why it never runs stale code:
// 1 - an entry is used only if the pack file still has the size and mtime it had when the entry was written (its
//     name carries a hash of its content besides), and V8 takes it only if it was made by the same V8 with the same
//     flags for a source of the same length; otherwise the pack compiles from source, as with no cache;
// 2 - entries are written at exit, for the packs whose entry was missing or refused, to a temporary file renamed
//     into place: a reader never sees half of one;
// 3 - the cache is only a speed-up: any failure to read or write it is ignored;
// 4 - an entry is bytecode this process will run, so it is read only from a directory and a file owned by the user
//     running it and writable by no one else (a root run under sudo with a user's HOME or a shared XDG_CACHE_HOME
//     never takes bytecode another user could have written); elsewhere the packs compile from source;
// 5 - entries not written for 30 days go when others are written (rebuilds and upgrades leave old packs' entries).
// An entry holds what its run compiled: after a first `netcheck --help`, the dns packs' entries held the options but
// not the lookup, which every dns run then compiled (~4 ms). So the next REFRESHES runs that take an entry write it
// again at exit, with what they compiled besides (what came from the entry counts as compiled); then it stays.

import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import { Script } from 'node:vm';

/** Bytes before V8's data in an entry: the pack file's size and mtime (ms), and how often it was written again. */
const HEADER_BYTES = 24;

/** How many runs that take an entry write it again with what they compiled besides. */
const REFRESHES = 3;

/**
 * The directory of compiled chunks for this Node version and architecture; `undefined` when
 * NODE_DISABLE_COMPILE_CACHE is set (Node 22's switch for its own cache) or there is no home to put it in. Pure.
 * 1 - $XDG_CACHE_HOME/netcheck (when absolute), else %LOCALAPPDATA%\netcheck on Windows, else ~/.cache/netcheck;
 * 2 - then compile-cache/node-<version>-<arch>: entries of another Node are never even read.
 */
export function buildCacheDir(env, platform, runtime) {
  if (env.NODE_DISABLE_COMPILE_CACHE) return undefined;
  const xdg = env.XDG_CACHE_HOME && isAbsolute(env.XDG_CACHE_HOME) ? env.XDG_CACHE_HOME : undefined;
  const home = platform === 'win32' ? env.USERPROFILE : env.HOME;
  const base = xdg ?? (platform === 'win32' ? env.LOCALAPPDATA : home && join(home, '.cache'));
  if (!base) return undefined;
  return join(base, 'netcheck', 'compile-cache', `node-${runtime.version}-${runtime.arch}`);
}

/**
 * Whether a file or directory of the cache can hold bytecode this process runs (rule 4): owned by this process's
 * user and writable by no group or other. Where there are no user ids (Windows), the user's profile directory stands.
 * Pure over `st` and `euid`.
 */
export function isOwnOnly(st, euid) {
  if (euid === undefined) return true;
  return st.uid === euid && (st.mode & 0o022) === 0;
}

const euid = typeof process.geteuid === 'function' ? process.geteuid() : undefined;

/**
 * The entry at `file` when it was made from the pack as it is now (`stat`) and only its owner could have written it:
 * V8's data and how often it was written again; else `undefined`.
 */
function readEntry(file, stat) {
  let data;
  try {
    if (!isOwnOnly(statSync(dirname(file)), euid) || !isOwnOnly(statSync(file), euid)) return undefined;
    data = readFileSync(file);
  } catch {
    return undefined;
  }
  if (data.length <= HEADER_BYTES) return undefined;
  if (data.readDoubleLE(0) !== stat.size || data.readDoubleLE(8) !== stat.mtimeMs) return undefined;
  return { cachedData: data.subarray(HEADER_BYTES), refreshes: data.readDoubleLE(16) };
}

/** Write one entry: the pack's size and mtime, its refreshes, then V8's data for everything compiled in it so far. */
function writeEntry({ entryFile: file, stat, refreshes, script }) {
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    if (!isOwnOnly(statSync(dirname(file)), euid)) return;
    const header = Buffer.alloc(HEADER_BYTES);
    header.writeDoubleLE(stat.size, 0);
    header.writeDoubleLE(stat.mtimeMs, 8);
    header.writeDoubleLE(refreshes, 16);
    writeFileSync(tmp, Buffer.concat([header, script.createCachedData()]), { mode: 0o600 });
    renameSync(tmp, file);
  } catch {
    try {
      rmSync(tmp, { force: true });
    } catch {
      // nothing more to undo
    }
  }
}

/** Entries not written for this long are removed when others are written: rebuilds and upgrades leave old ones. */
const STALE_MS = 30 * 24 * 3600 * 1000;

/** Remove the entries of `dir` last written more than STALE_MS before `nowMs` (an entry still in use comes back). */
function pruneEntries(dir, nowMs) {
  try {
    for (const name of readdirSync(dir)) {
      const file = join(dir, name);
      if (name.endsWith('.cache') && nowMs - statSync(file).mtimeMs > STALE_MS) rmSync(file, { force: true });
    }
  } catch {
    // only a clean-up
  }
}

/**
 * A loader of the chunks in `dir`: `load(name)` runs a chunk once and returns its exports; inside it, `require('./x')`
 * is another chunk and anything else goes to `requireOther` (node's builtins). A chunk not yet read is read with the
 * pack of its name, which defines the chunks it holds (the first pack read that holds a chunk defines it). With a
 * `cacheDir`, packs compile with the entries found there, and `saveCache()` writes those that were missing or refused,
 * or are to be refreshed.
 */
export function makeChunkLoader(dir, cacheDir, requireOther) {
  const definitions = new Map();
  const modules = new Map();
  const unsaved = [];
  const requireChunk = (id) => (id.startsWith('./') ? load(id.slice(2)) : requireOther(id));

  function readPack(name) {
    const filename = join(dir, name);
    const source = readFileSync(filename, 'utf8');
    const stat = cacheDir ? statSync(filename) : undefined;
    const entryFile = cacheDir ? join(cacheDir, `${name}.cache`) : undefined;
    const entry = stat ? readEntry(entryFile, stat) : undefined;
    const script = new Script(source, { filename, cachedData: entry?.cachedData });
    const refused = entry === undefined || script.cachedDataRejected;
    if (stat && (refused || entry.refreshes < REFRESHES)) {
      unsaved.push({ entryFile, stat, refreshes: refused ? 0 : entry.refreshes + 1, script });
    }
    for (const [chunk, define] of Object.entries(script.runInThisContext())) {
      if (!definitions.has(chunk)) definitions.set(chunk, define);
    }
    if (!definitions.has(name)) throw new Error(`netcheck: ${filename} does not hold the chunk ${name}`);
  }

  function load(name) {
    const known = modules.get(name);
    if (known) return known.exports;
    if (!definitions.has(name)) readPack(name);
    const module = { exports: {} };
    modules.set(name, module);
    definitions.get(name).call(module.exports, module.exports, requireChunk, module, join(dir, name), dir);
    return module.exports;
  }

  function saveCache() {
    if (!unsaved.length) return;
    try {
      mkdirSync(cacheDir, { recursive: true, mode: 0o700 });
    } catch {
      return;
    }
    for (const entry of unsaved.splice(0)) writeEntry(entry);
    pruneEntries(cacheDir, Date.now());
  }

  return { load, saveCache };
}

import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
// @ts-expect-error: plain JavaScript bundled into the bin, no types
import { renderPack } from '../scripts/plan-packs.mjs';
// @ts-expect-error: plain JavaScript bundled into the bin, no types
import { buildCacheDir, isOwnOnly, makeChunkLoader } from '../src/load-chunk.mjs';

const runtime = { version: 'v20.20.2', arch: 'x64' };
const require = createRequire(import.meta.url);
const loaderFile = fileURLToPath(new URL('../src/load-chunk.mjs', import.meta.url));

describe('buildCacheDir', () => {
  it.each([
    [{ HOME: '/home/u' }, 'linux', '/home/u/.cache/netcheck/compile-cache/node-v20.20.2-x64'],
    [{ HOME: '/home/u', XDG_CACHE_HOME: '/var/c' }, 'linux', '/var/c/netcheck/compile-cache/node-v20.20.2-x64'],
    // the XDG spec: a relative path is invalid and ignored
    [{ HOME: '/home/u', XDG_CACHE_HOME: 'c' }, 'linux', '/home/u/.cache/netcheck/compile-cache/node-v20.20.2-x64'],
    [{ HOME: '/Users/u' }, 'darwin', '/Users/u/.cache/netcheck/compile-cache/node-v20.20.2-x64'],
    [{ HOME: '/home/u', NODE_DISABLE_COMPILE_CACHE: '1' }, 'linux', undefined],
    [{}, 'linux', undefined],
  ])('%j on %s -> %s', (env, platform, want) => {
    expect(buildCacheDir(env, platform, runtime)).toBe(want);
  });

  it('is under %LOCALAPPDATA% on Windows', () => {
    const dir = buildCacheDir({ LOCALAPPDATA: 'C:\\Users\\u\\AppData\\Local' }, 'win32', runtime);
    expect(dir).toMatch(/AppData.Local.netcheck.compile-cache.node-v20\.20\.2-x64$/);
  });
});

/**
 * Load chunk `name` of `chunks` in a fresh node, as the bin does, and save the cache: V8 takes a code cache only for
 * a source it has not compiled yet in the process, so a second load in this one would prove nothing.
 */
function runInNode(chunks: string, cache: string | undefined, name = 'a.js', call = 'value'): string {
  const script = [
    `import { makeChunkLoader } from ${JSON.stringify(pathToFileURL(loaderFile).href)};`,
    "import { createRequire } from 'node:module';",
    `const [dir, cache] = ${JSON.stringify([chunks, cache])};`,
    'const loader = makeChunkLoader(dir, cache, createRequire(import.meta.url));',
    `const out = loader.load(${JSON.stringify(name)})[${JSON.stringify(call)}]();`,
    'loader.saveCache();',
    'process.stdout.write(out);',
  ].join('\n');
  return execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
}

describe('isOwnOnly', () => {
  it("holds for what this process's user owns and no one else can write; anything goes without user ids", () => {
    expect(isOwnOnly({ uid: 1000, mode: 0o40700 }, 1000)).toBe(true);
    expect(isOwnOnly({ uid: 1000, mode: 0o100644 }, 1000)).toBe(true);
    expect(isOwnOnly({ uid: 1000, mode: 0o40770 }, 1000)).toBe(false);
    expect(isOwnOnly({ uid: 1000, mode: 0o100602 }, 1000)).toBe(false);
    // root running with a user's HOME (sudo): the user's files are not root's
    expect(isOwnOnly({ uid: 1000, mode: 0o40700 }, 0)).toBe(false);
    expect(isOwnOnly({ uid: 1000, mode: 0o40777 }, undefined)).toBe(true);
  });
});

describe('makeChunkLoader', () => {
  let tmp = '';
  let chunks = '';
  let cache = '';
  /** Write the pack `file` of `members` (chunk name -> CommonJS code), as scripts/plan-packs.mjs renders one. */
  const writePack = (file: string, members: Record<string, string>) =>
    writeFileSync(
      join(chunks, file),
      renderPack(Object.keys(members), (name: string) => members[name]),
    );
  beforeEach(() => {
    tmp = mkdtempSync(join(tmpdir(), 'netcheck-chunks-'));
    chunks = join(tmp, 'dist');
    cache = join(tmp, 'cache');
    mkdirSync(chunks);
    // a.js and b.js require each other, as chunks can; a.js also requires a builtin, and b.js c.js, a file of its own
    writePack('a.js', {
      'a.js': [
        'const b = require("./b.js");',
        'const { sep } = require("node:path");',
        'exports.value = () => "a" + sep + b.value();',
        'exports.where = () => __filename;',
      ].join('\n'),
      'b.js': 'const a = require("./a.js");\nexports.value = () => "b" + require("./c.js").value;\nexports.a = a;',
    });
    writePack('c.js', { 'c.js': 'exports.value = "c";' });
    // another pack with a copy of b.js: the first pack read defines it
    writePack('d.js', {
      'd.js': 'exports.value = () => require("./b.js").value();',
      'b.js': 'exports.value = () => "copy";',
    });
    writePack('throws.js', {
      'throws.js': 'exports.fail = () => {\n  throw new Error("from line 2 of the chunk");\n};',
    });
    writePack('wrong.js', { 'other.js': 'exports.value = 1;' });
    writePack('e.js', {
      'e.js': 'exports.value = () => "e";\nexports.more = () => [1, 2, 3].map((x) => String(x * 2)).join("-");',
    });
  });
  afterEach(() => rmSync(tmp, { recursive: true, force: true }));

  const entry = (name = 'a.js') => readFileSync(join(cache, `${name}.cache`));

  it('runs a chunk once, as CommonJS: its requires of other chunks and of builtins, cycles included', () => {
    const loader = makeChunkLoader(chunks, undefined, require);
    const a = loader.load('a.js');
    expect(a.value()).toBe('a/bc');
    expect(a.where()).toBe(join(chunks, 'a.js'));
    expect(loader.load('a.js')).toBe(a);
    expect(loader.load('b.js').a).toBe(a);
  });

  it('defines a chunk from the first pack read that holds it: a copy in a later pack never runs', () => {
    const loader = makeChunkLoader(chunks, undefined, require);
    loader.load('a.js');
    expect(loader.load('d.js').value()).toBe('bc');
  });

  it('says which file lacks a chunk it was read for', () => {
    const loader = makeChunkLoader(chunks, undefined, require);
    expect(() => loader.load('wrong.js')).toThrow(`${join(chunks, 'wrong.js')} does not hold the chunk wrong.js`);
  });

  it('keeps line numbers: a stack trace points at the line of the pack that threw', () => {
    const loader = makeChunkLoader(chunks, undefined, require);
    const error = (() => {
      try {
        loader.load('throws.js').fail();
      } catch (e) {
        return e as Error;
      }
    })();
    const line = readFileSync(join(chunks, 'throws.js'), 'utf8')
      .split('\n')
      .indexOf('  throw new Error("from line 2 of the chunk");');
    expect(error?.stack).toContain(`${join(chunks, 'throws.js')}:${line + 1}:`);
  });

  /** How often the entry was written again since its first run (our header: size, mtime, refreshes). */
  const refreshes = (name = 'a.js') => entry(name).readDoubleLE(16);

  it('writes an entry per pack read; the next runs that take it write it again, three times, then it stays', () => {
    expect(runInNode(chunks, cache)).toBe('a/bc');
    expect(readdirSync(cache).sort()).toEqual(['a.js.cache', 'c.js.cache']);
    expect(refreshes()).toBe(0);
    for (const n of [1, 2, 3]) {
      expect(runInNode(chunks, cache)).toBe('a/bc');
      // taken: a refused entry would start again from 0
      expect(refreshes()).toBe(n);
    }
    const last = entry();
    const written = statSync(join(cache, 'a.js.cache')).mtimeMs;
    expect(runInNode(chunks, cache)).toBe('a/bc');
    expect(entry()).toEqual(last);
    expect(statSync(join(cache, 'a.js.cache')).mtimeMs).toBe(written);
  });

  it('adds to an entry what a later run compiled besides (a first run that did not call everything)', () => {
    runInNode(chunks, cache, 'e.js', 'value');
    const first = entry('e.js').length;
    expect(runInNode(chunks, cache, 'e.js', 'more')).toBe('2-4-6');
    expect(refreshes('e.js')).toBe(1);
    expect(entry('e.js').length).toBeGreaterThan(first);
  });

  it('never runs the code of an entry made for another version of the pack, even of the same length', () => {
    runInNode(chunks, cache);
    // same length, other content, as a rebuilt or patched file (V8 itself checks only the length)
    const file = join(chunks, 'c.js');
    writeFileSync(file, readFileSync(file, 'utf8').replace('"c"', '"C"'));
    utimesSync(file, new Date(), new Date(Date.now() + 5000));
    expect(runInNode(chunks, cache)).toBe('a/bC');
    expect(runInNode(chunks, cache)).toBe('a/bC');
  });

  it('runs from source when an entry is garbage or cut short, and replaces it', () => {
    runInNode(chunks, cache);
    const good = entry();
    // V8's own header (magic number, version, source and flag hashes) after ours: what a replaced entry starts with
    const v8Header = (data: Buffer) => data.subarray(24, 40);
    const garbage = Buffer.concat([good.subarray(0, 24), Buffer.alloc(good.length - 24, 7)]);
    writeFileSync(join(cache, 'a.js.cache'), garbage);
    expect(runInNode(chunks, cache)).toBe('a/bc');
    expect(v8Header(entry())).toEqual(v8Header(good));
    expect(refreshes()).toBe(0);
    writeFileSync(join(cache, 'a.js.cache'), good.subarray(0, 48));
    expect(runInNode(chunks, cache)).toBe('a/bc');
    expect(entry().length).toBeGreaterThan(48);
    expect(v8Header(entry())).toEqual(v8Header(good));
    expect(refreshes()).toBe(0);
  });

  it('takes no entry another user could have written: a directory or file writable by others, or not its own', () => {
    runInNode(chunks, cache);
    const before = entry();
    // the directory writable by others: the entry is neither taken (taking it counts a refresh) nor written
    chmodSync(cache, 0o777);
    expect(runInNode(chunks, cache)).toBe('a/bc');
    expect(refreshes()).toBe(0);
    expect(entry()).toEqual(before);
    // the directory the user's own again, the entry writable by others: not taken, written anew, the user's only
    chmodSync(cache, 0o700);
    chmodSync(join(cache, 'a.js.cache'), 0o666);
    expect(runInNode(chunks, cache)).toBe('a/bc');
    expect(refreshes()).toBe(0);
    expect(statSync(join(cache, 'a.js.cache')).mode & 0o077).toBe(0);
    // then taken
    expect(runInNode(chunks, cache)).toBe('a/bc');
    expect(refreshes()).toBe(1);
  });

  it('removes entries not written for 30 days when it writes others (rebuilds leave old packs behind)', () => {
    runInNode(chunks, cache);
    const old = join(cache, 'gone-ABCDEFGH.js.cache');
    writeFileSync(old, 'an entry of a pack an older build had');
    const recent = join(cache, 'recent-ABCDEFGH.js.cache');
    writeFileSync(recent, 'an entry written last week');
    const day = 24 * 3600 * 1000;
    utimesSync(old, new Date(Date.now() - 31 * day), new Date(Date.now() - 31 * day));
    utimesSync(recent, new Date(Date.now() - 7 * day), new Date(Date.now() - 7 * day));
    expect(runInNode(chunks, cache, 'e.js', 'value')).toBe('e');
    expect(readdirSync(cache).sort()).toEqual(['a.js.cache', 'c.js.cache', 'e.js.cache', 'recent-ABCDEFGH.js.cache']);
  });

  it('runs without a cache when it cannot be written, or with none', () => {
    writeFileSync(cache, 'a file where the directory would be');
    expect(runInNode(chunks, cache)).toBe('a/bc');
    expect(runInNode(chunks, cache)).toBe('a/bc');
    expect(runInNode(chunks, undefined)).toBe('a/bc');
  });
});

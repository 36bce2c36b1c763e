import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs build script, no types
import { buildPackPlan, renderPack } from '../scripts/plan-packs.mjs';

/** A chunk graph: name -> [bytes, static imports, import() targets]. */
type Graph = Record<string, [number, string[], string[]?]>;
const chunksOf = (graph: Graph) =>
  new Map(
    Object.entries(graph).map(([name, [bytes, imports, dynamicImports = []]]) => [
      name,
      { bytes, imports, dynamicImports },
    ]),
  );

// bin -> main -> core at every start; dns and ping are commands (import()); dnspkg is large and shared by dns and
// check; tiny1 is shared by dns and ping; tiny3 is reached from dns only through dnspkg
const graph: Graph = {
  bin: [100, ['main', 'core']],
  main: [50, ['core'], ['dns', 'ping', 'check']],
  core: [500, []],
  dns: [300, ['dnspkg', 'tiny1']],
  ping: [200, ['core', 'tiny1', 'tiny2']],
  check: [200, ['dnspkg']],
  dnspkg: [1000, ['tiny3', 'core']],
  tiny1: [20, []],
  tiny2: [30, []],
  tiny3: [40, []],
};

describe('buildPackPlan', () => {
  const plan = buildPackPlan(chunksOf(graph), 'bin', 100) as Map<string, string[]>;

  it('puts what runs at every start into the bin pack, and no small chunk into a file of its own', () => {
    expect(Object.fromEntries(plan)).toEqual({
      bin: ['bin', 'main', 'core'],
      dns: ['dns', 'tiny3', 'tiny1'],
      ping: ['ping', 'tiny1', 'tiny2'],
      check: ['check', 'tiny3'],
      dnspkg: ['dnspkg'],
    });
  });

  it('holds every chunk a running chunk requires, whichever command led there', () => {
    // walk every command from the start as the loader does: a chunk is defined by the packs read so far
    for (const command of ['dns', 'ping', 'check']) {
      const defined = new Set<string>(plan.get('bin'));
      const read = (file: string) => {
        for (const c of plan.get(file) ?? []) defined.add(c);
      };
      const run = (name: string, seen = new Set<string>()): void => {
        if (seen.has(name)) return;
        seen.add(name);
        if (!defined.has(name)) {
          expect(plan.has(name), `${command}: ${name} is neither defined nor a file`).toBe(true);
          read(name);
        }
        for (const dep of graph[name]?.[1] ?? []) run(dep, seen);
      };
      run(command);
    }
  });
});

describe('renderPack', () => {
  it('is an object of CommonJS module functions by chunk name', () => {
    const text = renderPack(['a.js', 'b.js'], (name: string) => `exports.name = ${JSON.stringify(name)};`) as string;
    const pack = new Function(`return ${text}`)() as Record<string, (e: object) => void>;
    expect(Object.keys(pack)).toEqual(['a.js', 'b.js']);
    const exports: { name?: string } = {};
    pack['b.js']?.(exports);
    expect(exports.name).toBe('b.js');
  });
});

// Which chunks of the bundle go into which file of dist/. A file is a pack: one or more chunks as one script, read
// and compiled (from V8's code cache) in one go, each chunk still run once, when first required (src/load-chunk.mjs).
// Why: every file the bin opens costs its reads and a compilation on every start, ~0.3 ms each; esbuild splits the
// CLI into ~35 chunks, a one-shot `netcheck dns` needed 11 of them, of which 6 at every start.
// Pure: (chunks, bin, smallBytes) -> Map of file name -> the chunks it holds, the chunk named like the file first.

/** Every chunk `name` needs before it can run: itself and what it imports statically, directly or not. */
function closure(chunks, name, seen = new Set()) {
  if (seen.has(name)) return seen;
  seen.add(name);
  for (const dep of chunks.get(name).imports) closure(chunks, dep, seen);
  return seen;
}

/**
 * The packs of dist/, from esbuild's chunks (`chunks`: name -> { bytes, imports, dynamicImports }, chunk names only).
 * 1 - `bin`'s pack holds every chunk in its closure: all of them run at every start;
 * 2 - a chunk an import() loads (a command...) has a pack with the small chunks (at most `smallBytes`) of its
 *     closure that the bin's pack does not hold; a small chunk several commands share is copied into each pack
 *     (the first pack read defines it, a copy is never run), so that no such chunk is ever a file of its own;
 * 3 - any other chunk outside the bin's pack (a larger one that several commands share) is a file of its own.
 * Every chunk a running chunk requires is then held by the bin's pack, by the pack that loaded the command it
 * belongs to (1, 2), or by its own file (3).
 */
export function buildPackPlan(chunks, bin, smallBytes) {
  const atStart = closure(chunks, bin);
  const loaded = new Set([...chunks.values()].flatMap((c) => c.dynamicImports));
  const plan = new Map([[bin, [...atStart]]]);
  for (const name of chunks.keys()) {
    if (atStart.has(name)) continue;
    if (loaded.has(name)) {
      const small = [...closure(chunks, name)].filter(
        (c) => c !== name && !atStart.has(c) && chunks.get(c).bytes <= smallBytes,
      );
      plan.set(name, [name, ...small]);
    } else if (chunks.get(name).bytes > smallBytes) plan.set(name, [name]);
  }
  return plan;
}

/** A pack's text: an object of CommonJS module functions by chunk name, which the loader evaluates. Pure. */
export function renderPack(members, codeOf) {
  const modules = members.map(
    (name) =>
      `${JSON.stringify(name)}: function (exports, require, module, __filename, __dirname) {\n${codeOf(name)}\n},`,
  );
  return `({\n${modules.join('\n')}\n})\n`;
}

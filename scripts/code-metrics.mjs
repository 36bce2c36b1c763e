// The code's shape, measured (issue 12's bounds), over every package's and the lab's src/ (tests included in the
// line-length count, not in the others): lines over 120 characters, functions over 80 lines, non-null assertions
// per 100 lines, names exported by each package's index. `--check` exits 1 when a bound is crossed, so `npm test`
// keeps them; without it the figures are only printed.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const root = fileURLToPath(new URL('..', import.meta.url));
const BOUNDS = { longLinePct: 1, longFunctions: 3, nonNullPer100: 1.2, exportsPerPackage: 60 };
const packageDirs = [
  ...readdirSync(join(root, 'packages')).map((p) => join(root, 'packages', p)),
  join(root, 'tools', 'netlab'),
].filter((d) => statSync(join(d, 'src'), { throwIfNoEntry: false })?.isDirectory());

const walk = (dir) =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? walk(join(dir, e.name))
      : e.name.endsWith('.ts') && !e.name.endsWith('.d.ts')
        ? [join(dir, e.name)]
        : [],
  );

let lines = 0;
let longLines = 0;
let sourceLines = 0;
let nonNull = 0;
const longFunctions = [];
const exportsByPackage = [];
for (const dir of packageDirs) {
  for (const file of walk(join(dir, 'src'))) {
    const text = readFileSync(file, 'utf8');
    const fileLines = text.split('\n');
    lines += fileLines.length;
    longLines += fileLines.filter((l) => l.length > 120).length;
    if (/\.(test|fuzz\.test)\.ts$/.test(file)) continue;
    sourceLines += fileLines.length;
    const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
    const visit = (node) => {
      if (node.kind === ts.SyntaxKind.NonNullExpression) nonNull++;
      if (ts.isFunctionLike(node) && 'body' in node && node.body) {
        const start = sf.getLineAndCharacterOfPosition(node.getStart()).line;
        const end = sf.getLineAndCharacterOfPosition(node.getEnd()).line;
        if (end - start + 1 > 80) longFunctions.push(`${relative(root, file)}:${start + 1} (${end - start + 1} lines)`);
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }
  const index = join(dir, 'src', 'index.ts');
  if (!statSync(index, { throwIfNoEntry: false })) continue; // a bin-only package has no library API
  const text = readFileSync(index, 'utf8');
  const names = new Set();
  for (const m of text.matchAll(/export\s+(?:type\s+)?\{([^}]*)\}/g))
    for (const n of m[1].split(',')) {
      const name = n
        .trim()
        .split(/\s+as\s+/)
        .pop()
        ?.replace(/^type\s+/, '');
      if (name) names.add(name);
    }
  for (const m of text.matchAll(/export\s+(?:async\s+)?(?:function|const|class|interface|type)\s+(\w+)/g))
    names.add(m[1]);
  exportsByPackage.push([relative(root, dir), names.size]);
}

const longLinePct = (longLines / lines) * 100;
const nonNullPer100 = (nonNull / sourceLines) * 100;
const crossed = [];
if (longLinePct >= BOUNDS.longLinePct)
  crossed.push(`lines over 120 characters: ${longLinePct.toFixed(2)}% (bound < ${BOUNDS.longLinePct}%)`);
if (longFunctions.length > BOUNDS.longFunctions)
  crossed.push(`functions over 80 lines: ${longFunctions.length} (bound ${BOUNDS.longFunctions})`);
if (nonNullPer100 > BOUNDS.nonNullPer100)
  crossed.push(`non-null ! per 100 source lines: ${nonNullPer100.toFixed(2)} (bound ${BOUNDS.nonNullPer100})`);
for (const [p, n] of exportsByPackage)
  if (n > BOUNDS.exportsPerPackage) crossed.push(`${p} exports ${n} names (bound ${BOUNDS.exportsPerPackage})`);

console.log(
  `code metrics: ${longLines} of ${lines} lines over 120 characters (${longLinePct.toFixed(2)}%); ` +
    `${longFunctions.length} functions over 80 lines; ${nonNull} non-null ! in ${sourceLines} source lines ` +
    `(${nonNullPer100.toFixed(2)} per 100); exports: ${exportsByPackage.map(([p, n]) => `${p.split('/').pop()} ${n}`).join(', ')}`,
);
for (const f of longFunctions) console.log(`  long function: ${f}`);
if (crossed.length) {
  console.log(`code metrics over their bounds:\n  ${crossed.join('\n  ')}`);
  if (process.argv.includes('--check')) process.exit(1);
}

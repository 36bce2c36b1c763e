// Sum every package's vitest JSON report into one closing line,
// "tests: N passed, N failed, N skipped", and fail when no test ran at all.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const roots = ['packages', 'tools'].flatMap((d) => (existsSync(d) ? readdirSync(d).map((p) => join(d, p)) : []));
let passed = 0,
  failed = 0,
  skipped = 0;
const skippedNames = [];
for (const root of roots) {
  const file = join(root, '.test-results', 'results.json');
  if (!existsSync(join(root, 'package.json'))) continue;
  if (!existsSync(file)) {
    console.log(`no test results: ${root}`);
    continue;
  }
  const report = JSON.parse(readFileSync(file, 'utf8'));
  if (report.numTotalTests === 0) console.log(`no tests: ${root}`);
  passed += report.numPassedTests;
  failed += report.numFailedTests;
  skipped += report.numPendingTests + report.numTodoTests;
  for (const suite of report.testResults ?? [])
    for (const t of suite.assertionResults ?? [])
      if (t.status === 'pending' || t.status === 'skipped') skippedNames.push(`${root}: ${t.fullName}`);
}
for (const name of skippedNames.slice(0, 20)) console.log(`skipped: ${name}`);
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
if (passed + failed === 0) {
  console.error('no test ran');
  process.exit(1);
}
process.exit(failed > 0 ? 1 : 0);

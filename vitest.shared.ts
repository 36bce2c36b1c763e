import { defineConfig } from 'vitest/config';

/**
 * One vitest configuration for every package: unit tests beside the code
 * (src/**\/*.test.ts) and end-to-end lab tests under test/. Lab tests build
 * network namespaces, which takes seconds, hence the generous hook timeout.
 */
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 180_000,
    // The JSON report feeds scripts/summarise-tests.mjs, which prints the one closing line CI reads.
    reporters: ['default', 'json'],
    outputFile: { json: '.test-results/results.json' },
    // Lab tests inside one package share CPU with the lab's own processes;
    // keep files sequential so timing-sensitive tests are not starved.
    fileParallelism: false,
    // A package still being built may have no tests yet; scripts/summarise-tests.mjs names it instead of failing here.
    passWithNoTests: true,
  },
});

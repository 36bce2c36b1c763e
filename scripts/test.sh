#!/usr/bin/env bash
# The test command a new user runs (`npm test`), and the one CI runs.
# As root it installs what the lab needs first; without root, lab tests report
# "skipped: needs root" unless NETCHECK_REQUIRE_LAB=1 (set by CI), which turns that into a failure.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export NX_DAEMON=false NX_NO_CLOUD=true NX_TUI=false
rm -f packages/*/.test-results/results.json tools/*/.test-results/results.json
status=0
# The formatter and linter (Biome: format, then lint errors; warnings are printed, not fatal) and the code's
# shape (scripts/code-metrics.mjs: long lines, long functions, non-null !, exports per package) come first:
# a failure is reported, and the tests still run.
npx biome ci --diagnostic-level=error . || { echo "test: biome found formatting or lint errors (npx biome check --write . fixes most)" >&2; status=1; }
node scripts/code-metrics.mjs --check || status=1
npx nx run-many -t test --outputStyle=stream "$@" || status=$?
node scripts/summarise-tests.mjs || status=$((status == 0 ? 1 : status))
exit $status

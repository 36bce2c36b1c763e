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
npx nx run-many -t test --outputStyle=stream "$@" || status=$?
node scripts/summarise-tests.mjs || status=$((status == 0 ? 1 : status))
exit $status

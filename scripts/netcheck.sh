#!/usr/bin/env bash
# `npm start [-- args]`: set up this checkout if needed (tools, npm ci, build), then run netcheck.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec node packages/cli/dist/bin.js "$@"

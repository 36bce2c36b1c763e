#!/usr/bin/env bash
# `npm run bench -- <name>`: set up (tools, npm ci, build), then time netcheck against the system tool in the lab.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec node bench/run.mjs "$@"

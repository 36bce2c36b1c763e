#!/usr/bin/env bash
# Make this checkout ready to run and test netcheck, from the project's own files:
#  - as root with apt-get: install the system tools netcheck wraps and the lab needs, when missing;
#  - npm ci from the committed lockfile when node_modules is missing or older than the lockfile;
#  - build every package (nx, cached).
set -euo pipefail
cd "$(dirname "$0")/.."

# command -> Debian package
declare -A NEED=(
  [ping]=iputils-ping [tracepath]=iputils-tracepath [traceroute]=traceroute [nft]=nftables
  [dnsmasq]=dnsmasq-base [mtr]=mtr-tiny [dig]=dnsutils [ss]=iproute2 [ip]=iproute2
  [netstat]=net-tools [lsof]=lsof [python3]=python3
  [prometheus]=prometheus
  [chromium]=chromium
)
missing=()
for cmd in "${!NEED[@]}"; do
  PATH="$PATH:/usr/sbin:/sbin" command -v "$cmd" >/dev/null 2>&1 || missing+=("${NEED[$cmd]}")
done
if [ ${#missing[@]} -gt 0 ]; then
  pkgs=$(printf '%s\n' "${missing[@]}" | sort -u | tr '\n' ' ')
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "setup: installing $pkgs" >&2
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $pkgs >/dev/null
  else
    echo "setup: missing system packages: $pkgs (install them as root: apt-get install $pkgs); lab tests will be skipped" >&2
  fi
fi

if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "setup: npm ci" >&2
  npm ci --no-audit --no-fund --loglevel=error >/dev/null
fi

export NX_DAEMON=false NX_NO_CLOUD=true NX_TUI=false
npx nx run-many -t build --outputStyle=static >/dev/null 2>/tmp/netcheck-build.err || { cat /tmp/netcheck-build.err >&2; npx nx run-many -t build --outputStyle=static; }

# `npx netcheck` runs node_modules/.bin/netcheck -> packages/netcheck/dist/netcheck.js (the bundled CLI, built above).
# npm ci links a workspace bin only when its file exists, and a rebuild may write it without its x bit: check that
# the link works (-x, not -e), mend the mode, and link again when needed. The `netcheck` workspace package itself
# keeps npx from ever fetching a package of that name from the registry.
bin=packages/netcheck/dist/netcheck.js
[ -x "$bin" ] || chmod +x "$bin"
[ -x node_modules/.bin/netcheck ] || npm rebuild --ignore-scripts --no-audit --no-fund --loglevel=error >/dev/null
[ -x node_modules/.bin/netcheck ] || { echo "setup: node_modules/.bin/netcheck is missing or not executable after npm rebuild" >&2; exit 1; }

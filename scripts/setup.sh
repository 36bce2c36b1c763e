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

# npm ci links workspace bins only when their files exist, and the CLI's is built above: link them now.
[ -e node_modules/.bin/netcheck ] || npm rebuild --ignore-scripts --no-audit --no-fund --loglevel=error >/dev/null

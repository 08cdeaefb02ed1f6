#!/usr/bin/env bash
# deps.sh - install the Debian packages lianxin needs to build, test and
# benchmark, when they are missing.  Uses apt-get as root, sudo otherwise.
set -euo pipefail

packages=(
	build-essential pkg-config clang
	libmicrohttpd-dev libjansson-dev libsodium-dev libsqlite3-dev libpq-dev
	libxlsxwriter-dev libzip-dev libexpat1-dev libssl-dev
	libcmocka-dev libcurl4-openssl-dev
	postgresql
	nodejs npm chromium fonts-noto-cjk
	nginx-light wrk sqlite3 time jq curl
)

missing=()
for p in "${packages[@]}"; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
		missing+=("$p")
	fi
done
# a node from elsewhere (nvm, nodesource) is as good as Debian's
if command -v node >/dev/null && command -v npm >/dev/null; then
	filtered=()
	for p in "${missing[@]}"; do [[ $p == nodejs || $p == npm ]] || filtered+=("$p"); done
	missing=("${filtered[@]+"${filtered[@]}"}")
fi
[ ${#missing[@]} -eq 0 ] && exit 0

echo "deps: installing ${missing[*]}"
if [ "$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -q
$sudo apt-get install -y -q --no-install-recommends "${missing[@]}"

#!/usr/bin/env bash
# bench-lighthouse.sh - Lighthouse 12.2.3 (npm, bench/lighthouse) with Debian's Chromium, mobile settings
# (Lighthouse's default: a mid-range phone, simulated slow 4G and a 4x slower CPU), on the public request
# form and a grid worker's phone home, served by lianxin from web/dist on a fresh database with the demo
# county's divisions. Prints performance and accessibility per page; exits 1 when one is under 90.
# The scores follow the machine's load (the CPU is measured and scaled): run it on a quiet machine.
# usage: bench-lighthouse.sh path/to/lianxin
set -euo pipefail
binary=$(realpath "${1:?usage: bench-lighthouse.sh path/to/lianxin}")
root=$(cd "$(dirname "$0")/.." && pwd)
dir=$(mktemp -d /tmp/lianxin-lighthouse.XXXXXX)
pid=
cleanup() {
	[ -n "$pid" ] && kill "$pid" 2>/dev/null || true
	wait 2>/dev/null || true
	rm -rf "$dir"
}
trap cleanup EXIT
[ -f "$root/web/dist/index.html" ] || { echo "bench-lighthouse: build the web UI first (make web)" >&2; exit 1; }
(cd "$root/bench/lighthouse" && { [ -d node_modules/lighthouse ] || npm ci --no-audit --no-fund >/dev/null; })
"$binary" --db "sqlite:$dir/lh.db" import divisions "$root"/data/divisions/469030/*.csv >/dev/null
echo "Light-House-2026" | "$binary" --db "sqlite:$dir/lh.db" user add --username lhgrid --role grid \
	--division 469030100001 --password-stdin >/dev/null 2>&1
"$binary" --db "sqlite:$dir/lh.db" --listen 127.0.0.1:0 --web-root "$root/web/dist" \
	--admin-password-file "$dir/admin-password" serve >"$dir/out.log" 2>"$dir/server.log" &
pid=$!
for _ in $(seq 100); do
	grep -q 'serving http' "$dir/out.log" 2>/dev/null && break
	sleep 0.1
done
url=$(grep -o 'http://127.0.0.1:[0-9]*' "$dir/out.log" | head -n 1)
[ -n "$url" ] || { echo "bench-lighthouse: the server did not start" >&2; cat "$dir/server.log" >&2; exit 1; }
cd "$root/bench/lighthouse"
CHROME_PATH=${CHROME_PATH:-/usr/bin/chromium} node run.mjs "$url" lhgrid Light-House-2026

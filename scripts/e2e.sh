#!/usr/bin/env bash
# e2e.sh - start lianxin on a fresh database with the built UI and run the
# browser test (tests/e2e/run.mjs, every step) against it with Debian's Chromium.
# A handler reading a query parameter its route does not declare stops the server (strict query).
set -euo pipefail
binary=${1:?usage: e2e.sh path/to/lianxin}
root=$(cd "$(dirname "$0")/.." && pwd)
dir=$(mktemp -d /tmp/lianxin-e2e.XXXXXX)
# the five seed counties' division tree (the six-digit folders; not the province folder 53), so the
# tree and org pages have data
"$binary" --db "sqlite:$dir/e2e.db" import divisions "$root"/data/divisions/[0-9][0-9][0-9][0-9][0-9][0-9]/*.csv >/dev/null
LIANXIN_TEST_STRICT_QUERY=1 "$binary" --db "sqlite:$dir/e2e.db" --listen 127.0.0.1:0 --web-root "$root/web/dist" \
	--admin-password-file "$dir/admin-password" serve \
	>"$dir/out.log" 2>"$dir/server.log" &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$dir"' EXIT
for _ in $(seq 100); do
	grep -q 'serving http' "$dir/out.log" 2>/dev/null && break
	sleep 0.1
done
url=$(grep -o 'http://127.0.0.1:[0-9]*' "$dir/out.log" | head -n 1)
# standard output is a file, so the first administrator's password is in the file the server names
pwfile=$(grep -o 'its password is in [^ ]*' "$dir/out.log" | cut -d' ' -f5)
password=$([ -n "$pwfile" ] && cat "$pwfile" || true)
if [ -z "$url" ] || [ -z "$password" ]; then
	echo "e2e: the server did not start" >&2
	cat "$dir/server.log" >&2
	exit 1
fi
cd "$root/tests/e2e"
LIANXIN_URL=$url LIANXIN_E2E_DB=$dir/e2e.db LIANXIN_ADMIN_PASSWORD=$password LIANXIN_SCREENSHOT_DIR=build node run.mjs

#!/usr/bin/env bash
# bench-warmup.sh - the dashboards' warm-up on a big database (docs/performance.md "Branch warmup"):
# the memo emptied, the server started under `chrt -f 10` with the warm-up at BENCH_WARMUP (default
# county; off: the server before it, whose first read computes), then
#   - while the pass runs, one village's /stats a second (wall and the server's CPU a read), and 40
#     more after it, p50/p99/max;
#   - the pass's log lines (each level warm, seconds from the pass's start, the thread's CPU);
#   - the first user read of the province (BENCH_PROVINCE, default 53), a city and a county;
#   - BENCH_DAYS=1: the test clock moved 1 day, then 7 (a new day, a new week), each pass's lines.
# usage: bench-warmup.sh path/to/lianxin COPY.db   (a COPY: the memo is emptied; its key file beside it)
# The province-wide user `nodes` (password Bench-Pass-2026, as scripts/bench-nodes.sh makes it) is
# created when missing. Printed figures only; nothing here is a pass/fail test.
set -euo pipefail
binary=$(realpath "${1:?usage: bench-warmup.sh path/to/lianxin COPY.db}")
db=$(realpath "${2:?usage: bench-warmup.sh path/to/lianxin COPY.db}")
warm=${BENCH_WARMUP:-county}
province=${BENCH_PROVINCE:-53}
dir=$(mktemp -d /tmp/lianxin-bench-warmup.XXXXXX)
spid=
cleanup() {
	[ -n "$spid" ] && kill "$spid" 2>/dev/null || true
	wait 2>/dev/null || true
	rm -rf "$dir"
}
trap cleanup EXIT

sqlite3 "$db" "DELETE FROM stats_memo"
"$binary" --db "sqlite:$db" user add --username nodes --role county --division "$province" --password-stdin \
	<<<"Bench-Pass-2026" >/dev/null 2>&1 || true
echo 0 >"$dir/clock"
t0=$(date +%s.%N)
LIANXIN_TEST_CLOCK_FILE=$dir/clock chrt -f 10 "$binary" --db "sqlite:$db" --listen 127.0.0.1:0 \
	--rate-limit-per-minute 1000000 --access-log 0 --debug-log 1 --request-sweep-seconds 86400 \
	--stats-warmup "$warm" serve >"$dir/serve.out" 2>"$dir/serve.log" &
spid=$!
for _ in $(seq 1200); do grep -q 'serving http' "$dir/serve.out" 2>/dev/null && break; sleep 0.1; done
base=$(grep -o 'http://127.0.0.1:[0-9]*' "$dir/serve.out" | head -n 1) ||
	{ echo "bench-warmup: the server did not start" >&2; exit 1; }
echo "serving $(echo "$(date +%s.%N) - $t0" | bc) s after the start; load $(cut -d' ' -f1-3 /proc/loadavg)"
login() {
	curl -s -X POST "$base/api/v1/auth/login" -H 'Content-Type: application/json' \
		-d '{"username":"nodes","password":"Bench-Pass-2026"}' | sed -n 's/.*"token":"\([0-9a-f]*\)".*/\1/p'
}
token=$(login)
[ -n "$token" ] || { echo "bench-warmup: login failed" >&2; exit 1; }
cpu() { awk -v hz="$(getconf CLK_TCK)" '{ print ($14 + $15) * 1000 / hz }' "/proc/$spid/stat"; }
# one read of /stats?division=$1: "wall_ms cpu_ms status"
get() {
	local c0 r
	c0=$(cpu)
	r=$(curl -s -o "$dir/body.json" -w '%{http_code} %{time_total}' -H "Authorization: Bearer $token" \
		"$base/api/v1/stats?division=$1&period=$(date -u -d '+8 hours' +%Y)")
	echo "$r $c0 $(cpu)" | awk '{ printf "%.1f %.0f %s\n", $2 * 1000, $4 - $3, $1 }'
}
pct() {
	sort -n | awk -v what="$1" '{ v[NR] = $1 } END { if (NR) printf "%s: n=%d p50 %.1f ms, p99 %.1f ms, max %.1f ms\n",
		what, NR, v[int((NR + 1) / 2)], v[int(NR * 0.99 + 0.999)], v[NR] }'
}
passes() { grep -c 'the country (1) warm' "$dir/serve.log" || true; }
village=$(sqlite3 "$db" "SELECT code FROM divisions WHERE length(code) = 12 AND code >= '$province' ORDER BY code LIMIT 1")
if [ "$warm" != off ]; then
	while [ "$(passes)" -lt 1 ] && kill -0 "$spid" 2>/dev/null; do
		get "$village" >>"$dir/during"
		sleep 1
	done
	echo "the pass ended $(echo "$(date +%s.%N) - $t0" | bc) s after the start; the server's CPU $(cpu) ms"
	for _ in $(seq 40); do get "$village" >>"$dir/after"; sleep 0.5; done
	cut -d' ' -f1 "$dir/during" | pct "village $village during the pass"
	cut -d' ' -f1 "$dir/after" | pct "village $village after the pass"
	grep 'stats warm-up' "$dir/serve.log" | sed 's/^[^ ]* INFO //'
fi
city=$(sqlite3 "$db" "SELECT code FROM divisions WHERE length(code) = 4 AND code >= '$province' ORDER BY code LIMIT 1")
county=$(sqlite3 "$db" "SELECT code FROM divisions WHERE length(code) = 6 AND code >= '$province' ORDER BY code LIMIT 1")
for c in "$province" "$province" "$city" "$county"; do echo "GET /stats?division=$c: $(get "$c") (wall ms, CPU ms, status)"; done
grep -E "DEBUG stats $province [0-9]" "$dir/serve.log" | head -n 1 | sed 's/^[^ ]* DEBUG //'
if [ "${BENCH_DAYS:-0}" = 1 ] && [ "$warm" != off ]; then
	for days in 1 7; do
		n=$(passes)
		echo $((days * 86400)) >"$dir/clock"
		while [ "$(passes)" -le "$n" ] && kill -0 "$spid" 2>/dev/null; do sleep 0.5; done
		echo "the clock moved $days days on:"
		grep 'stats warm-up' "$dir/serve.log" | tail -n 5 | sed 's/^[^ ]* INFO //'
	done
fi

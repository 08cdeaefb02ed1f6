#!/usr/bin/env bash
# bench-scale.sh - the demo county at scale (lianxin demo --scale N, default 3: about 100,000
# households) on SQLite: generation time and size; GET /api/v1/stats of the county, of each
# township and of each village, warm (read before) and cold (the first read after a write that
# clears the node memo of compliance and coverage); the big exports (members and households as
# XLSX and CSV): seconds, the server's CPU seconds and µs of CPU per row, bytes, the server's
# peak resident memory before and after each, the load average, the critical path (the XLSX
# writer thread's CPU and the request thread's after it: the wall time on an idle machine), and
# what 1,000,000 members to XLSX would take at the measured CPU per row.
# Printed figures only; nothing here is a pass/fail test.
# usage: bench-scale.sh path/to/lianxin      BENCH_SCALE=3 BENCH_SAMPLES=10
#   BENCH_DB=path.db: a database generated before (lianxin demo --county 469030 --scale N, its
#   .key beside it) instead of a new one; BENCH_PARTS=exports: the exports only (default "stats exports")
#   BENCH_EXPORTS="members/xlsx ...": which exports (default members and households, CSV and XLSX);
#   BENCH_EXPORT_DIR=dir: keep each export there as <list>.<format> (to compare two builds' files)
#   BENCH_NICE=-20: run the server in its own session at that niceness, the session's too (the
#   kernel's autogroups weigh sessions, not processes): its wall time apart from the other
#   processes' load on a shared machine (as root)
set -euo pipefail
binary=$(realpath "${1:?usage: bench-scale.sh path/to/lianxin}")
here=$(cd "$(dirname "$0")/.." && pwd)
scale=${BENCH_SCALE:-3}
samples=${BENCH_SAMPLES:-10}
county=469030
dir=$(mktemp -d /tmp/lianxin-bench-scale.XXXXXX)
chmod 755 "$dir"
pid=
cleanup() {
	[ -n "$pid" ] && kill "$pid" 2>/dev/null || true
	wait 2>/dev/null || true
	rm -rf "$dir"
}
trap cleanup EXIT

parts=${BENCH_PARTS:-stats exports}
if [ -n "${BENCH_DB:-}" ]; then
	db=$(realpath "$BENCH_DB")
	gen=
else
	db=$dir/scale.db
	t0=$(date +%s.%N)
	/usr/bin/time -f '%M' -o "$dir/gen.rss" "$binary" --db "sqlite:$db" demo --county "$county" --scale "$scale" \
		--data-dir "$here/data/divisions" >"$dir/gen.out" 2>"$dir/gen.err" || { cat "$dir/gen.err" >&2; exit 1; }
	gen=$(echo "$(date +%s.%N) - $t0" | bc)
fi
# the bench's login (kept when a BENCH_DB already has it)
"$binary" --db "sqlite:$db" user add --username county --role county --division "$county" \
	--password-stdin <<<"Bench-Pass-2026" >/dev/null 2>&1 || true
nice -n "${BENCH_NICE:-0}" setsid "$binary" --db "sqlite:$db" --listen 127.0.0.1:0 --rate-limit-per-minute 1000000 --access-log 0 serve \
	>"$dir/serve.out" 2>"$dir/serve.log" &
pid=$!
[ -z "${BENCH_NICE:-}" ] || echo "$BENCH_NICE" >"/proc/$pid/autogroup" 2>/dev/null || true
for _ in $(seq 200); do grep -q 'serving http' "$dir/serve.out" 2>/dev/null && break; sleep 0.1; done
url=$(grep -o 'http://127.0.0.1:[0-9]*' "$dir/serve.out" | head -n 1)
token=$(curl -s -X POST "$url/api/v1/auth/login" -H 'Content-Type: application/json' \
	-d '{"username":"county","password":"Bench-Pass-2026"}' | sed -n 's/.*"token":"\([0-9a-f]*\)".*/\1/p')
[ -n "$token" ] || { echo "bench-scale: login failed" >&2; exit 1; }
auth=(-H "Authorization: Bearer $token")
year=$(date -u -d '+8 hours' +%Y)
q() { sqlite3 "$db" "$1"; }
if [ -n "$gen" ]; then
	echo "lianxin at scale on $(nproc) cores, $(date -u +%Y-%m-%d): demo --county $county --scale $scale (SQLite)"
	echo -n "generated in ${gen%.*} s, peak $(( $(cat "$dir/gen.rss") / 1024 )) MB, "
else
	echo "lianxin at scale on $(nproc) cores, $(date -u +%Y-%m-%d): $db (SQLite)"
fi
echo "$(du -m "$db" | cut -f1) MB on disk:" \
	"$(q 'SELECT COUNT(*) FROM households') households, $(q 'SELECT COUNT(*) FROM members') people," \
	"$(q "SELECT COUNT(*) FROM people WHERE cadre_role IS NOT NULL") cadres, $(q 'SELECT COUNT(*) FROM visits') visits," \
	"$(q 'SELECT COUNT(*) FROM meetings') meetings, $(q 'SELECT COUNT(*) FROM requests') requests"

pct() {
	awk '$1 != 200 { bad = 1 } { print $2 * 1000 } END { exit bad }' >"$dir/ms" ||
		{ echo "bench-scale: an unexpected status" >&2; exit 1; }
	sort -n "$dir/ms" | awk '{ v[NR] = $1 } END {
		i50 = int((NR + 1) / 2); i99 = int(NR * 0.99 + 0.999); if (i99 < 1) i99 = 1
		printf "%.1f %.1f %d\n", v[i50], v[i99], NR }'
}
get() { curl -s -o /dev/null -w '%{http_code} %{time_total}\n' "${auth[@]}" "$url$1"; }
row() { printf '%-58s %8s %8s %6s\n' "$1" "$2" "$3" "$4"; }
# a write under the county that clears the memo of its village, township and county (a household's head name):
# the coverage parts of those three divisions and their compliance are computed again, the rest read
hid=$(q "SELECT id FROM households WHERE division LIKE '$county%' ORDER BY id LIMIT 1")
touch_county() {
	curl -s -o /dev/null "${auth[@]}" -H 'Content-Type: application/json' -X PATCH "$url/api/v1/households/$hid" \
		-d "{\"head_name\":\"规模户$1\",\"change_reason\":\"基准\"}"
}
if [[ " $parts " == *" stats "* ]]; then
printf '\n%-58s %8s %8s %6s\n' "GET /api/v1/stats (curl, sequential)" "p50 ms" "p99 ms" "calls"
get "/api/v1/stats?division=$county&period=$year" >/dev/null
read -r a b n < <(for _ in $(seq "$samples"); do get "/api/v1/stats?division=$county&period=$year"; done | pct)
row "county, warm (memo filled)" "$a" "$b" "$n"
read -r a b n < <(for i in $(seq "$samples"); do touch_county "$i"; get "/api/v1/stats?division=$county&period=$year"; done | pct)
row "county, cold (first read after a write under it)" "$a" "$b" "$n"
read -r a b n < <(q "SELECT code FROM divisions WHERE parent_code = '$county'" |
	while read -r c; do get "/api/v1/stats?division=$c&period=$year"; done | pct)
row "each township (after the county's read)" "$a" "$b" "$n"
read -r a b n < <(q "SELECT code FROM divisions WHERE level = 'village' AND code LIKE '$county%'" |
	while read -r c; do get "/api/v1/stats?division=$c&period=$year"; done | pct)
row "each village (after its township's read)" "$a" "$b" "$n"
fi

hwm() { awk '/VmHWM/ { print int($2 / 1024) }' "/proc/$pid/status"; }
# the server's CPU seconds (user + system): what an export costs, apart from the machine's load
cpu() { awk -v t="$(getconf CLK_TCK)" '{ printf "%.2f\n", ($14 + $15) / t }' "/proc/$pid/stat"; }
rows=$(q "SELECT COUNT(*) FROM members")
load() { cut -d' ' -f1 /proc/loadavg; }
# each thread's CPU ticks every 0.2 s ("sample tid ticks"), while an export runs
sample_threads() {
	local n=0
	while :; do
		for t in /proc/"$pid"/task/*/stat; do awk -v n=$n '{ print n, $1, $14 + $15 }' "$t" 2>/dev/null; done
		n=$((n + 1))
		sleep 0.2
	done
}
# the export's critical path in CPU seconds: the busiest thread other than the request's (the
# XLSX writer) plus what the request's thread (the busiest) spent after that one's last sample;
# on an idle machine with a core for each thread, about the wall time
critical() {
	awk -v t="$(getconf CLK_TCK)" '
		{ if (!($2 in first)) first[$2] = $1 ? 0 : $3; last[$2] = $3; seen[$2] = $1; at[$2, $1] = $3 }
		END {
			for (id in last) { d = last[id] - first[id]; if (d > da) { db = da; b = a; da = d; a = id } else if (d > db) { db = d; b = id } }
			after = b == "" ? 0 : last[a] - at[a, seen[b]]
			if (b == "" || db < 0.05 * da) printf "%.1f (one thread)", da / t
			else printf "%.1f (%.1f writer + %.1f after it)", (db + after) / t, db / t, after / t
		}' "$1"
}
printf '\n%-44s %8s %8s %10s %14s %10s %6s  %s\n' "export (curl, one call each)" "seconds" "CPU s" "MB" "server peak MB" \
	"µs/row CPU" "load" "critical path, CPU s"
xlsx_us= xlsx_path=
for ef in ${BENCH_EXPORTS:-members/csv members/xlsx households/csv households/xlsx}; do
	e=${ef%/*} f=${ef#*/}
	before=$(hwm)
	c0=$(cpu)
	sample_threads >"$dir/threads" &
	sampler=$!
	read -r code secs bytes < <(curl -s -o "$dir/export.$f" -w '%{http_code} %{time_total} %{size_download}\n' \
		"${auth[@]}" "$url/api/v1/exports/$e?format=$f")
	c1=$(cpu)
	kill "$sampler"
	wait "$sampler" 2>/dev/null || true
	[ "$code" = 200 ] || { echo "bench-scale: export $e $f: $code $(head -c 300 "$dir/export.$f")" >&2; exit 1; }
	us=$(echo "($c1 - $c0) * 1000000 / $rows" | bc -l)
	[ "$e/$f" = members/xlsx ] && xlsx_us=$us && xlsx_path=$(critical "$dir/threads" | cut -d' ' -f1)
	printf '%-44s %8.1f %8.1f %10.1f %14s %10.1f %6s  %s\n' "GET /exports/$e?format=$f" "$secs" "$(echo "$c1 - $c0" | bc -l)" \
		"$(echo "$bytes / 1048576" | bc -l)" "$before -> $(hwm)" "$us" "$(load)" "$(critical "$dir/threads")"
	[ -z "${BENCH_EXPORT_DIR:-}" ] || cp "$dir/export.$f" "$BENCH_EXPORT_DIR/$e.$f"
done
echo
[ -n "$xlsx_us" ] && printf 'members to XLSX: %.1f µs of CPU per row (%d rows): 1,000,000 members about %.0f s of CPU, %.0f s of critical path (the wall time on an idle machine)\n' \
	"$xlsx_us" "$rows" "$(echo "$xlsx_us" | bc -l)" "$(echo "$xlsx_path * 1000000 / $rows" | bc -l)"
echo "target: /stats p99 < 50 ms; 1,000,000 members to XLSX < 30 s and < 100 MB (members' XLSX above: $rows rows)"

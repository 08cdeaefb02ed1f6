#!/usr/bin/env bash
# bench-nodes.sh - the dashboard (GET /api/v1/stats?division=&period=) of random nodes at every
# level (issue 16's benchmark): BENCH_NODES nodes per level (default 1,000; drawn with a seeded
# generator, without replacement when the level has enough nodes, with replacement when it has
# fewer), read sequentially by a province-wide user:
#   - warm: after a warm-up read of each drawn node, p50/p99 wall and the server's CPU per call
#     (user + system from /proc/PID/stat; the load changes it far less than the wall time);
#   - first: the warm-up reads themselves (each node's first read since the server started);
#   - cold: the first read of a node after a write under it (a household's head name, PATCH),
#     which clears the node memo of compliance and coverage: BENCH_COLD nodes per level (default
#     100; the CPU is the reads' only);
#   - write to read: BENCH_WRITES (default 50) households written (POST /households) under random
#     villages, the county's and the province's /stats polled (at once, one poller each) until their
#     registered-poor households count has grown by one: ms from the write's start, p50/p99.
# usage: bench-nodes.sh path/to/lianxin [DB]
#   DB: an SQLite file (a COPY: the script writes households into it) or a PostgreSQL URL
#   (postgresql://...; LIANXIN_KEY_FILE names its key file). Without DB the script builds its own
#   standalone dataset: `lianxin demo` of each county of BENCH_COUNTIES (default "420323 530921",
#   竹山 and 凤庆: two provinces, every level down to villagers' groups) at BENCH_SCALE (default 1),
#   on SQLite, or with BENCH_PG=1 on a throwaway PostgreSQL (scripts/with-postgres.sh);
#   BENCH_DEMO_FLAGS adds flags to the demo (e.g. "--skip partylife,pairings" for a quick try).
#   BENCH_SEED (default 16) draws the nodes and villages; BENCH_LEVELS (default "province city
#   county township village group"); BENCH_NODES_<level> (e.g. BENCH_NODES_province=200) sets one
#   level's number of calls; BENCH_UNDER=CODE draws the nodes and villages under one division only
#   (e.g. the one province whose county a database holds). The server's debug log is turned on
#   (--debug-log 1; BENCH_DEBUG_LOG=0: not), and the script prints each level's mean CPU per
#   section of the roll-up (its `stats DIV PERIOD: CPU nodes …` lines); BENCH_KEEP_LOG=path keeps
#   the server's log. The dashboards' warm-up is off (BENCH_WARMUP=county turns it on), so that
#   "first" is a node's computation and no pass runs beside the warm reads.
# Printed figures only; nothing here is a pass/fail test (the target is p99 < 50 ms).
set -euo pipefail
binary=$(realpath "${1:?usage: bench-nodes.sh path/to/lianxin [DB]}")
here=$(cd "$(dirname "$0")/.." && pwd)
nodes=${BENCH_NODES:-1000}
cold=${BENCH_COLD:-100}
writes=${BENCH_WRITES:-50}
seed=${BENCH_SEED:-16}
counties=${BENCH_COUNTIES:-420323 530921}
scale=${BENCH_SCALE:-1}
levels=${BENCH_LEVELS:-province city county township village group}
under=${BENCH_UNDER:-}
[[ $under =~ ^[0-9]*$ ]] || { echo "bench-nodes: BENCH_UNDER is a division code" >&2; exit 1; }
arg=${2:-}

# BENCH_PG=1 without a DB: run again inside a throwaway PostgreSQL
if [ -z "$arg" ] && [ "${BENCH_PG:-0}" = 1 ] && [ -z "${BENCH_NODES_PG:-}" ]; then
	BENCH_NODES_PG=1 exec "$here/scripts/with-postgres.sh" "$0" "$binary"
fi

dir=$(mktemp -d /tmp/lianxin-bench-nodes.XXXXXX)
chmod 755 "$dir"
spid=
cleanup() {
	[ -n "$spid" ] && kill "$spid" 2>/dev/null || true
	wait 2>/dev/null || true
	[ -n "${BENCH_KEEP_LOG:-}" ] && [ -f "$dir/serve.log" ] && cp "$dir/serve.log" "$BENCH_KEEP_LOG"
	rm -rf "$dir"
}
trap cleanup EXIT

generate=0
keyopt=()
if [ -n "${BENCH_NODES_PG:-}" ]; then
	url=$PG_TEST_URL
	generate=1
	keyopt=(--key-file "$dir/pg.key")
elif [ -z "$arg" ]; then
	url=$dir/nodes.db
	generate=1
else
	url=$arg
fi
case $url in
postgres://* | postgresql://*)
	store=PostgreSQL
	dburl=$url
	q() { psql "$url" -qAtX -F ' ' -v ON_ERROR_STOP=1 -c "$1"; }
	;;
*)
	store=SQLite
	url=$(realpath "$url")
	dburl=sqlite:$url
	q() { sqlite3 -separator ' ' "$url" "$1"; }
	;;
esac
lx() { "$binary" --db "$dburl" "${keyopt[@]}" "$@"; }

gen=
if [ "$generate" = 1 ]; then
	t0=$(date +%s.%N)
	for c in $counties; do
		# shellcheck disable=SC2086
		lx demo --county "$c" --scale "$scale" --seed "$seed" --data-dir "$here/data/divisions" ${BENCH_DEMO_FLAGS:-} \
			>"$dir/gen-$c.out" 2>"$dir/gen-$c.err" || { tail -n 20 "$dir/gen-$c.err" >&2; exit 1; }
	done
	gen=$(echo "$(date +%s.%N) - $t0" | bc)
fi
# the province-wide user: a county role whose scope is every province of the database
provinces=$(q "SELECT code FROM divisions WHERE level = 'province' ORDER BY code")
scopes=()
for p in $provinces; do scopes+=(--division "$p"); done
lx user add --username nodes --role county "${scopes[@]}" --password-stdin <<<"Bench-Pass-2026" >/dev/null 2>&1 || true
# (the binary itself in the background, not through lx: $! is then the server, whose CPU is read)
"$binary" --db "$dburl" "${keyopt[@]}" --listen 127.0.0.1:0 --rate-limit-per-minute 1000000 --access-log 0 \
	--debug-log "${BENCH_DEBUG_LOG:-1}" \
	--request-sweep-seconds 86400 --stats-warmup "${BENCH_WARMUP:-off}" serve >"$dir/serve.out" 2>"$dir/serve.log" &
spid=$!
for _ in $(seq 600); do grep -q 'serving http' "$dir/serve.out" 2>/dev/null && break; sleep 0.1; done
base=$(grep -o 'http://127.0.0.1:[0-9]*' "$dir/serve.out" | head -n 1) ||
	{ echo "bench-nodes: the server did not start" >&2; tail -n 20 "$dir/serve.log" >&2; exit 1; }
token=$(curl -s -X POST "$base/api/v1/auth/login" -H 'Content-Type: application/json' \
	-d '{"username":"nodes","password":"Bench-Pass-2026"}' | sed -n 's/.*"token":"\([0-9a-f]*\)".*/\1/p')
[ -n "$token" ] || { echo "bench-nodes: login failed" >&2; exit 1; }
auth=(-H "Authorization: Bearer $token")
debuglog=${BENCH_DEBUG_LOG:-1}
year=$(date -u -d '+8 hours' +%Y)
stats() { echo "/api/v1/stats?division=$1&period=$year"; }

# "code seconds" lines on stdin -> "p50 p99 n" in ms (exit 1 on a status other than 200)
pct() {
	awk '$1 != 200 { bad = 1 } { print $2 * 1000 } END { exit bad }' >"$dir/ms" ||
		{ echo "bench-nodes: an unexpected status" >&2; head -c 300 "$dir/body.json" >&2; exit 1; }
	sort -n "$dir/ms" | awk '{ v[NR] = $1 } END {
		i50 = int((NR + 1) / 2); i99 = int(NR * 0.99 + 0.999); if (i99 < 1) i99 = 1
		printf "%.1f %.1f %d\n", v[i50], v[i99], NR }'
}
# the server's CPU ticks (user + system); on PostgreSQL also its cluster's processes' (the backends
# do the queries), when the cluster runs on this machine and its postmaster.pid is readable
pgpm=
if [ "$store" = PostgreSQL ]; then
	pgdata=$(q "SHOW data_directory" 2>/dev/null || true)
	pgpm=$(head -n 1 "$pgdata/postmaster.pid" 2>/dev/null || true)
	[ -n "$pgpm" ] || echo "bench-nodes: PostgreSQL's processes not found: the CPU column is lianxin's only" >&2
fi
ticks() {
	local p=$spid
	[ -n "$pgpm" ] && p="$p $(ps --ppid "$pgpm" -o pid= | tr '\n' ' ')"
	# shellcheck disable=SC2086
	(cd /proc && for x in $p; do cat "$x/stat" 2>/dev/null || true; done) | awk '{ t += $14 + $15 } END { print t + 0 }'
}
cpu_ms() { echo "scale=1; $1 * 1000 / $(getconf CLK_TCK) / $2" | bc; }
get() { curl -s -o "$dir/body.json" -w '%{http_code} %{time_total}\n' "${auth[@]}" "$base$1"; }
# n lines drawn from stdin with seed $2: a shuffle's first n when there are enough, else with replacement
draw() {
	awk -v n="$1" -v seed="$2" 'BEGIN { srand(seed) } { a[NR] = $0 } END {
		if (NR == 0) exit
		if (NR >= n) { for (i = 1; i <= n; i++) { j = i + int(rand() * (NR - i + 1)); t = a[i]; a[i] = a[j]; a[j] = t; print a[i] } }
		else for (i = 1; i <= n; i++) print a[1 + int(rand() * NR)] }'
}
loglines() { wc -l <"$dir/serve.log"; }
# mean CPU ms per section of the debug log's roll-up lines after line $1 (the first seven numbers of
# a line: the six CPU sections and the wall time; the wall parts that follow are not CPU)
sections() {
	tail -n +"$(($1 + 1))" "$dir/serve.log" | { grep -o 'CPU nodes.*' || true; } | tr -d ',;' | awk '
		{ n++; for (i = 1; i <= NF && k < 7; i++) if ($i ~ /^[0-9.]+$/) s[++k % 7] += $i; k = 0 }
		END { if (n) printf "nodes %.1f, summaries %.1f, requests %.1f, compliance %.1f, coverage %.1f, json %.1f; wall %.1f (%d lines)",
			s[1] / n, s[2] / n, s[3] / n, s[4] / n, s[5] / n, s[6] / n, s[0] / n, n }'
}

hh=$(q "SELECT COUNT(*) FROM households")
mem=$(q "SELECT COUNT(*) FROM members")
echo "lianxin dashboards of random nodes per level on $(nproc) cores, $store, $(date -u '+%Y-%m-%d %H:%M') UTC, load $(cut -d' ' -f1-3 /proc/loadavg)"
if [ -n "$gen" ]; then
	echo "standalone: lianxin demo --scale $scale of $counties (seed $seed), generated in ${gen%.*} s"
else
	echo "database: $arg"
fi
echo "$hh households, $mem people; provinces: $(echo "$provinces" | tr '\n' ' ')"
[ -n "$under" ] && echo "nodes drawn under $under"
echo "nodes: $(q "SELECT level || ' ' || COUNT(*) FROM divisions GROUP BY level ORDER BY COUNT(*)" | tr '\n' ',' | sed 's/,$//; s/,/, /g')"
echo "GET /api/v1/stats?division=NODE&period=$year, curl, sequential; CPU: the server's ms per call$([ -n "$pgpm" ] && echo ", lianxin's and PostgreSQL's")"
printf '\n%-9s %7s %6s | %-22s %8s | %-22s %8s | %-22s %8s\n' level nodes calls "warm p50 / p99 ms" "CPU ms" \
	"first p50 / p99 ms" "CPU ms" "cold p50 / p99 ms (n)" "CPU ms"
declare -A dbg
for lv in $levels; do
	total=$(q "SELECT COUNT(*) FROM divisions WHERE level = '$lv' AND code LIKE '$under%'")
	[ "$total" -gt 0 ] || continue
	n=BENCH_NODES_$lv
	q "SELECT code FROM divisions WHERE level = '$lv' AND code LIKE '$under%' ORDER BY code" | draw "${!n:-$nodes}" "$seed" >"$dir/nodes"
	# the first read of each drawn node (memo as the earlier levels' reads left it)
	l0=$(loglines)
	c0=$(ticks)
	sort -u "$dir/nodes" | while read -r c; do get "$(stats "$c")"; done >"$dir/times"
	read -r f50 f99 fn < <(pct <"$dir/times")
	fcpu=$(cpu_ms $(($(ticks) - c0)) "$fn")
	dfirst=$(sections "$l0")
	# warm: the drawn nodes in their drawn order
	l0=$(loglines)
	c0=$(ticks)
	while read -r c; do get "$(stats "$c")"; done <"$dir/nodes" >"$dir/times"
	read -r w50 w99 wn < <(pct <"$dir/times")
	wcpu=$(cpu_ms $(($(ticks) - c0)) "$wn")
	dwarm=$(sections "$l0")
	# cold: a write under the node (a household's head name), then its first read
	q "SELECT d.code || ' ' || (SELECT h.id FROM households h WHERE h.division >= d.code AND h.division < d.code || ':'
		ORDER BY h.division LIMIT 1) FROM divisions d WHERE d.level = '$lv' AND d.code LIKE '$under%' ORDER BY d.code" |
		awk 'NF == 2' | draw "$cold" "$seed" >"$dir/cold"
	l0=$(loglines)
	ct=0
	i=0
	while read -r c hid; do
		i=$((i + 1))
		code=$(curl -s -o "$dir/patch.json" -w '%{http_code}' "${auth[@]}" -H 'Content-Type: application/json' \
			-X PATCH "$base/api/v1/households/$hid" -d "{\"head_name\":\"节点户$i\",\"change_reason\":\"基准\"}")
		[ "$code" = 200 ] || { echo "bench-nodes: PATCH /households/$hid: $code $(head -c 300 "$dir/patch.json")" >&2; exit 1; }
		c0=$(ticks)
		get "$(stats "$c")"
		ct=$((ct + $(ticks) - c0))
	done <"$dir/cold" >"$dir/times"
	if [ -s "$dir/times" ]; then
		read -r k50 k99 kn < <(pct <"$dir/times")
		kcpu=$(cpu_ms "$ct" "$kn")
	else
		k50=- k99=- kn=0 kcpu=-
	fi
	dcold=$(sections "$l0")
	printf '%-9s %7s %6s | %-22s %8s | %-22s %8s | %-22s %8s\n' "$lv" "$total" "$wn" "$w50 / $w99" "$wcpu" \
		"$f50 / $f99 ($fn)" "$fcpu" "$k50 / $k99 ($kn)" "$kcpu"
	dbg[$lv]="  $lv warm: $dwarm
  $lv first: $dfirst
  $lv cold: $dcold"
done

# ---- a write, then the county's and the province's figures ---------------------------------------
poor() { curl -s "${auth[@]}" "$base$(stats "$1")" | jq '.node.households_by_status.poor // 0'; }
ms_now() { echo $(($(date +%s%N) / 1000000)); }
# poll node $1 from t0 $2 until its poor count reaches $3: prints "ms reads"
poll() {
	local n=0 v
	while :; do
		n=$((n + 1))
		v=$(poor "$1")
		[ "$v" = "$3" ] && { echo "$(($(ms_now) - $2)) $n"; return; }
		[ $(($(ms_now) - $2)) -gt 30000 ] && { echo "-1 $n"; return; }
	done
}
q "SELECT code FROM divisions WHERE level = 'village' AND code LIKE '$under%' ORDER BY code" | draw "$writes" "$((seed + 1))" >"$dir/villages"
stamp=$(date +%s)
i=0
: >"$dir/writes"
while read -r v; do
	i=$((i + 1))
	county=${v:0:6}
	prov=${v:0:2}
	bc_=$(poor "$county")
	bp_=$(poor "$prov")
	t0=$(ms_now)
	code=$(curl -s -o "$dir/post.json" -w '%{http_code}' "${auth[@]}" -H 'Content-Type: application/json' -X POST \
		"$base/api/v1/households" -d "{\"household_no\":\"N7$stamp$i\",\"head_name\":\"基准户\",\"division\":\"$v\",\"status\":\"poor\",\"attribute\":\"general\",\"identified_year\":2014,\"main_cause\":\"illness\"}")
	t1=$(ms_now)
	[ "$code" = 201 ] || [ "$code" = 200 ] || { echo "bench-nodes: POST /households: $code $(head -c 300 "$dir/post.json")" >&2; exit 1; }
	poll "$county" "$t0" $((bc_ + 1)) >"$dir/pc" &
	pa=$!
	poll "$prov" "$t0" $((bp_ + 1)) >"$dir/pp" &
	wait "$pa" $!
	echo "$((t1 - t0)) $(cat "$dir/pc") $(cat "$dir/pp")" >>"$dir/writes"
done <"$dir/villages"
nw=$(wc -l <"$dir/writes")
bad=$(awk '$2 < 0 || $4 < 0' "$dir/writes" | wc -l)
col() { awk -v c="$1" '{ print 200, $c / 1000 }' "$dir/writes" | pct; }
read -r p50 p99 _ < <(col 1)
read -r c50 c99 _ < <(col 2)
read -r r50 r99 _ < <(col 4)
maxreads=$(awk '{ m = $3 > m ? $3 : m; m = $5 > m ? $5 : m } END { print m + 0 }' "$dir/writes")
echo
echo "write to read ($nw households, POST /households under random villages; ms from the write's start):"
printf '  %-52s %8s %8s\n' "" "p50 ms" "p99 ms"
printf '  %-52s %8s %8s\n' "POST /households" "$p50" "$p99"
printf '  %-52s %8s %8s\n' "the county's /stats shows it" "$c50" "$c99"
printf '  %-52s %8s %8s\n' "the province's /stats shows it" "$r50" "$r99"
echo "  reads needed at most: $maxreads (1: visible on the first read after the write); not visible within 30 s: $bad"
if [ "$debuglog" = 1 ]; then
	echo
	echo "where the time goes (the server's debug log: mean CPU ms per section; wall ms)"
	for lv in $levels; do [ -n "${dbg[$lv]:-}" ] && echo "${dbg[$lv]}"; done
fi
echo
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg); target: p99 < 50 ms at every level, a write visible within 1 s"

#!/usr/bin/env bash
# bench-registry.sh - the household register at scale: CSV import rate next
# to `sqlite3 .import` (and PostgreSQL `\copy`) of the same file into a bare
# table, then p50/p99 of a scoped, filtered household page and of name
# searches on a big database.  usage: bench-registry.sh path/to/lianxin
#
#   BENCH_MEMBERS=1000000      members in the import file (about 3.3 per household)
#   BENCH_BIG_MEMBERS=5000000  members in the database the queries run on (0: skip)
#   BENCH_PG_MEMBERS=100000    members in the PostgreSQL import file (0: skip; needs the server binaries)
#   BENCH_SECONDS=10 BENCH_CONNECTIONS=8 BENCH_THREADS=2   wrk settings for the queries
set -euo pipefail
binary=$(realpath "${1:?usage: bench-registry.sh path/to/lianxin}")
here=$(cd "$(dirname "$0")/.." && pwd)
members=${BENCH_MEMBERS:-1000000}
big=${BENCH_BIG_MEMBERS:-5000000}
duration=${BENCH_SECONDS:-10}
conns=${BENCH_CONNECTIONS:-8}
threads=${BENCH_THREADS:-2}
villages=("$here"/data/divisions/[0-9][0-9][0-9][0-9][0-9][0-9]/villages.csv)

# ---- the PostgreSQL part, run by with-postgres.sh (PG_TEST_URL set) --------------------------
if [ "${2:-}" = "--pg" ]; then
	file=$3 out=$4
	t0=$(date +%s.%N)
	"$binary" --db "$PG_TEST_URL" import divisions "$here"/data/divisions/[0-9][0-9][0-9][0-9][0-9][0-9]/*.csv >/dev/null 2>&1
	t1=$(date +%s.%N)
	"$binary" --db "$PG_TEST_URL" import households "$file" >/dev/null
	t2=$(date +%s.%N)
	cols=$(head -n 1 "$file" | tr -d '\r' | awk -F, '{ for (i = 1; i <= NF; i++) printf "%sc%d text", (i > 1 ? ", " : ""), i }')
	psql -q -X -v ON_ERROR_STOP=1 "$PG_TEST_URL" -c "CREATE TABLE bare ($cols)"
	t3=$(date +%s.%N)
	psql -q -X -v ON_ERROR_STOP=1 "$PG_TEST_URL" -c "\\copy bare FROM '$file' CSV HEADER"
	t4=$(date +%s.%N)
	awk -v a="$t1" -v b="$t2" -v c="$t3" -v d="$t4" 'BEGIN { printf "%.1f %.1f\n", b - a, d - c }' >"$out"
	exit 0
fi

dir=$(mktemp -d /tmp/lianxin-bench-registry.XXXXXX)
chmod 755 "$dir"
pids=()
cleanup() {
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
	wait 2>/dev/null || true
	rm -rf "$dir"
}
trap cleanup EXIT

secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }
rate() { awk -v n="$1" -v s="$2" 'BEGIN { printf "%.0f", n / s }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
now() { date +%s.%N; }

cc -O2 -std=c17 -D_GNU_SOURCE -I"$here/src" "$here/bench/gen_members.c" "$here/src/core/idcard.c" "$here/src/core/utf8.c" -o "$dir/gen_members"

echo "lianxin registry benchmark on $(nproc) cores, $(date -u +%Y-%m-%d)"
"$dir/gen_members" "$members" 1 "$dir/members" 1 "${villages[@]}"
file=$dir/members-1.csv
rows=$(($(wc -l <"$file") - 1))
hh=$(cut -d, -f1 "$file" | sort -u | wc -l)
hh=$((hh - 1))
echo "import file: $rows members in $hh households, $(($(stat -c %s "$file") / 1048576)) MiB"

# ---- 1. SQLite import ------------------------------------------------------------------------
"$binary" --db "sqlite:$dir/import.db" import divisions "$here"/data/divisions/[0-9][0-9][0-9][0-9][0-9][0-9]/*.csv >/dev/null 2>&1
t0=$(now)
/usr/bin/time -f "%M" -o "$dir/rss" "$binary" --db "sqlite:$dir/import.db" import households "$file" >"$dir/import.out"
t1=$(now)
lx_s=$(secs "$t0" "$t1")
rss_mb=$(($(tail -n 1 "$dir/rss") / 1024))
t0=$(now)
sqlite3 "$dir/bare.db" ".mode csv" ".import '$file' bare"
t1=$(now)
sq_s=$(secs "$t0" "$t1")
audit_rows=$(sqlite3 "$dir/import.db" "SELECT COUNT(*) FROM audit_log")

# ---- 2. PostgreSQL import ----------------------------------------------------------------------
pg_line=""
pg_members=${BENCH_PG_MEMBERS:-100000}
if [ "$pg_members" -gt 0 ] && ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
	# a smaller file, to keep the run short
	"$dir/gen_members" "$pg_members" 1 "$dir/pg" 3 "${villages[@]}" 2>/dev/null
	pg_rows=$(($(wc -l <"$dir/pg-1.csv") - 1))
	chmod 644 "$dir/pg-1.csv"
	"$here/scripts/with-postgres.sh" "$0" "$binary" --pg "$dir/pg-1.csv" "$dir/pg.out" >/dev/null
	read -r pg_s copy_s <"$dir/pg.out"
	pg_line=1
fi

# ---- 3. the big database -----------------------------------------------------------------------
build_s="" q_rows=()
if [ "$big" -gt 0 ]; then
	parts=$(((big + 999999) / 1000000))
	"$dir/gen_members" "$big" "$parts" "$dir/big" 2 "${villages[@]}"
	db=$dir/big.db
	"$binary" --db "sqlite:$db" import divisions "$here"/data/divisions/[0-9][0-9][0-9][0-9][0-9][0-9]/*.csv >/dev/null 2>&1
	t0=$(now)
	for ((i = 1; i <= parts; i++)); do
		"$binary" --db "sqlite:$db" import households "$dir/big-$i.csv" >/dev/null
	done
	t1=$(now)
	build_s=$(secs "$t0" "$t1")
	big_rows=$(sqlite3 "$db" "SELECT COUNT(*) FROM members")
	# a name of the county 469030 with three characters and one with two, from the file
	name3=$(awk -F, '$2 ~ /^469030/ && length($4) == 9 { print $4; exit }' "$dir/big-1.csv")
	name2=$(awk -F, '$2 ~ /^469030/ && length($4) == 6 { print $4; exit }' "$dir/big-1.csv")
	rm -f "$dir"/big-*.csv
	"$binary" --db "sqlite:$db" user add --username county --role county --division 469030 \
		--password-stdin <<<"Bench-Pass-2026" >/dev/null
	"$binary" --db "sqlite:$db" --listen 127.0.0.1:0 --rate-limit-per-minute 1000000 --access-log 0 serve \
		>"$dir/serve.out" 2>"$dir/serve.log" &
	pids+=($!)
	for _ in $(seq 100); do grep -q 'serving http' "$dir/serve.out" 2>/dev/null && break; sleep 0.1; done
	url=$(grep -o 'http://127.0.0.1:[0-9]*' "$dir/serve.out" | head -n 1)
	token=$(curl -s -X POST "$url/api/v1/auth/login" -H 'Content-Type: application/json' \
		-d '{"username":"county","password":"Bench-Pass-2026"}' | sed -n 's/.*"token":"\([0-9a-f]*\)".*/\1/p')
	[ -n "$token" ] || { echo "bench-registry: login failed" >&2; exit 1; }
	township=469030100
	poor=$(sqlite3 "$db" "SELECT COUNT(*) FROM households WHERE division LIKE '$township%' AND status = 'poor'")
	# wrk output -> "requests/s p50 p99"
	measure() {
		local out
		out=$(wrk -t"$threads" -c"$conns" -d"${duration}s" --latency -H "Authorization: Bearer $token" "$1" 2>&1)
		if grep -q 'Non-2xx' <<<"$out"; then
			echo "bench-registry: non-2xx responses for $1" >&2
			curl -s -H "Authorization: Bearer $token" "$1" | head -c 300 >&2
			exit 1
		fi
		echo "$(awk '/Requests\/sec/ {print $2}' <<<"$out") $(awk '$1 == "50%" {print $2}' <<<"$out") $(awk '$1 == "99%" {print $2}' <<<"$out")"
	}
	enc() { python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1]))' "$1"; }
	curl -s -H "Authorization: Bearer $token" "$url/api/v1/search?q=$(enc "$name3")" >"$dir/s3.json"
	curl -s -H "Authorization: Bearer $token" "$url/api/v1/search?q=$(enc "$name2")" >"$dir/s2.json"
	read -r hp_r hp_50 hp_99 < <(measure "$url/api/v1/households?division=$township&status=poor&page_size=50")
	read -r s3_r s3_50 s3_99 < <(measure "$url/api/v1/search?q=$(enc "$name3")")
	read -r s2_r s2_50 s2_99 < <(measure "$url/api/v1/search?q=$(enc "$name2")")
	total() { sed -n 's/.*"total":\([0-9]*\).*/\1/p' "$1"; }
	q_rows=("households?division=$township&status=poor&page_size=50 ($poor poor)|$hp_r|$hp_50|$hp_99"
		"search?q=$name3 (3 characters, $(total "$dir/s3.json") hits)|$s3_r|$s3_50|$s3_99"
		"search?q=$name2 (2 characters, $(total "$dir/s2.json") hits)|$s2_r|$s2_50|$s2_99")
fi

printf '\n%-52s %9s %10s %8s\n' "import of $rows members ($hh households)" "seconds" "rows/s" "ratio"
printf '%-52s %9s %10s %8s\n' "lianxin import households (SQLite, peak ${rss_mb} MiB)" "$lx_s" "$(rate "$rows" "$lx_s")" "$(ratio "$sq_s" "$lx_s")"
printf '%-52s %9s %10s %8s\n' "sqlite3 .import into a bare table" "$sq_s" "$(rate "$rows" "$sq_s")" "1"
if [ -n "$pg_line" ]; then
	printf '%-52s %9s %10s %8s\n' "lianxin import households (PostgreSQL, $pg_rows)" "$pg_s" "$(rate "$pg_rows" "$pg_s")" "$(ratio "$copy_s" "$pg_s")"
	printf '%-52s %9s %10s %8s\n' "psql \\copy into a bare table ($pg_rows)" "$copy_s" "$(rate "$pg_rows" "$copy_s")" "1"
fi
echo "($audit_rows audit rows written by the SQLite import; target: ratio >= 0.5)"
if [ -n "$build_s" ]; then
	echo
	echo "database of $big_rows members (built by $parts imports in ${build_s} s); county user (469030), wrk -t$threads -c$conns -d${duration}s"
	printf '%-64s %10s %9s %9s\n' "GET /api/v1/..." "requests/s" "p50" "p99"
	for q in "${q_rows[@]}"; do
		IFS='|' read -r name r p50 p99 <<<"$q"
		printf '%-64s %10s %9s %9s\n' "$name" "$r" "$p50" "$p99"
	done
fi

#!/usr/bin/env bash
# bench-stats.sh - the roll-ups (GET /api/v1/stats) from a county to a
# province.  (1) The demo county 469030 on SQLite (its summaries built once
# at the end of the load): p50/p99 of the county's figures, warm and on the first read
# after a write under it (the node memo cleared), of every township's and
# of every village's; the time from a write (a new household) to its
# appearance in the county's figures.  (2) A province-shaped database: a
# generated tree of 16 cities, 128 counties, 1,408 townships and 14,080
# villages with the summary rows their households, incomes and help leave (village,
# township and county rows, as the triggers keep them)
# (3,000,000 households, 10,000,000 people; the rows themselves are not
# generated, so the live sections — monitoring, requests, meetings, notices,
# trainings — read empty tables): p50/p99 of the province, a city and a county.
# The first read of a period on a day (every compliance and coverage part of the county
# missing: compliance fills them in one pass) is timed on the twelve months of last year.
# usage: bench-stats.sh path/to/lianxin      BENCH_SAMPLES=20 (sequential curl per call)
#   BENCH_DB=path.db BENCH_COUNTY=530921: part (1) on an existing demo database (e.g. made by
#   `lianxin demo --county 530921 --scale 3`; the benchmark writes to it) instead of a new one
set -euo pipefail
binary=$(realpath "${1:?usage: bench-stats.sh path/to/lianxin}")
here=$(cd "$(dirname "$0")/.." && pwd)
samples=${BENCH_SAMPLES:-20}
county=${BENCH_COUNTY:-469030}
dir=$(mktemp -d /tmp/lianxin-bench-stats.XXXXXX)
chmod 755 "$dir"
pids=()
cleanup() {
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
	wait 2>/dev/null || true
	rm -rf "$dir"
}
trap cleanup EXIT

# start a server on database $1 for user $2 (password below): sets url and auth
serve() {
	"$binary" --db "sqlite:$1" --listen 127.0.0.1:0 --rate-limit-per-minute 1000000 --access-log 0 serve \
		>"$dir/serve-$2.out" 2>"$dir/serve-$2.log" &
	pids+=($!)
	spid=$!
	for _ in $(seq 200); do grep -q 'serving http' "$dir/serve-$2.out" 2>/dev/null && break; sleep 0.1; done
	url=$(grep -o 'http://127.0.0.1:[0-9]*' "$dir/serve-$2.out" | head -n 1)
	local token
	token=$(curl -s -X POST "$url/api/v1/auth/login" -H 'Content-Type: application/json' \
		-d "{\"username\":\"$2\",\"password\":\"Bench-Pass-2026\"}" | sed -n 's/.*"token":"\([0-9a-f]*\)".*/\1/p')
	[ -n "$token" ] || { echo "bench-stats: login failed" >&2; exit 1; }
	auth=(-H "Authorization: Bearer $token")
}
# "code seconds" lines on stdin -> "p50 p99" in ms
pct() {
	awk '$1 != 200 { bad = 1 } { print $2 * 1000 } END { exit bad }' >"$dir/ms" ||
		{ echo "bench-stats: an unexpected status" >&2; head -c 300 "$dir/body.json" >&2; exit 1; }
	sort -n "$dir/ms" | awk '{ v[NR] = $1 } END {
		i50 = int((NR + 1) / 2); i99 = int(NR * 0.99 + 0.999); if (i99 < 1) i99 = 1
		printf "%.1f %.1f %d\n", v[i50], v[i99], NR }'
}
# the server's CPU time (user + system) in clock ticks
ticks() { awk '{ print $14 + $15 }' "/proc/$spid/stat"; }
# ms of server CPU per call from ticks $1 to $2 over $3 calls (the load changes it far less than the wall time)
cpu_ms() { echo "scale=1; ($2 - $1) * 1000 / $(getconf CLK_TCK) / $3" | bc; }
# GET each path of stdin once (after one warm-up of the first) -> "p50 p99 n cpu"
timed_paths() {
	local paths c0 a b n
	mapfile -t paths
	curl -s -o /dev/null "${auth[@]}" "$url${paths[0]}"
	c0=$(ticks)
	for p in "${paths[@]}"; do
		curl -s -o "$dir/body.json" -w '%{http_code} %{time_total}\n' "${auth[@]}" "$url$p"
	done >"$dir/times"
	read -r a b n < <(pct <"$dir/times")
	echo "$a $b $n $(cpu_ms "$c0" "$(ticks)" "$n")"
}
repeat() { for _ in $(seq "$samples"); do echo "$1"; done; }
row() { printf '%-64s %8s %8s %6s %8s\n' "$1" "$2" "$3" "$4" "$5"; }

# ---- (1) the demo county ------------------------------------------------------------------
db=${BENCH_DB:-$dir/county.db}
t0=$(date +%s.%N)
[ -n "${BENCH_DB:-}" ] || "$binary" --db "sqlite:$db" demo --county "$county" --data-dir "$here/data/divisions" >/dev/null 2>&1
gen=$(echo "$(date +%s.%N) - $t0" | bc)
"$binary" --db "sqlite:$db" user add --username county --role county --division "$county" \
	--password-stdin <<<"Bench-Pass-2026" >/dev/null 2>&1 || true   # (BENCH_DB: made by an earlier run)
serve "$db" county
year=$(date -u -d '+8 hours' +%Y)
hh=$(sqlite3 "$db" "SELECT COUNT(*) FROM households")
mem=$(sqlite3 "$db" "SELECT COUNT(*) FROM members")
echo "lianxin roll-up benchmark on $(nproc) cores, $(date -u +%Y-%m-%d)"
echo "demo county $county: $hh households, $mem people; generated in ${gen%.*} s (summaries built at the end of the load)"
printf '\n%-64s %8s %8s %6s %8s\n' "GET /api/v1/stats (curl, sequential)" "p50 ms" "p99 ms" "calls" "CPU ms"
read -r a b n c < <(repeat "/api/v1/stats?division=$county&period=$year" | timed_paths)
row "county $county, period=$year" "$a" "$b" "$n" "$c"
read -r a b n c < <(repeat "/api/v1/compliance/meetings?division=$county&period=$year&page_size=1" | timed_paths)
row "  of which meeting compliance (GET /compliance/meetings, partylife)" "$a" "$b" "$n" "$c"
read -r a b n c < <(repeat "/api/v1/requests/stats?division=$county&from=$year-01-01&to=$year-12-31" | timed_paths)
row "  of which request figures (GET /requests/stats, requests)" "$a" "$b" "$n" "$c"
# the first read after a write under the county: the node memo of compliance and coverage was cleared
hid=$(sqlite3 "$db" "SELECT id FROM households WHERE division LIKE '$county%' ORDER BY id LIMIT 1")
# (the CPU column: the reads' only, the writes' ticks left out)
wc=0
for i in $(seq "$samples"); do
	curl -s -o /dev/null "${auth[@]}" -H 'Content-Type: application/json' -X PATCH "$url/api/v1/households/$hid" \
		-d "{\"head_name\":\"基准户$i\",\"change_reason\":\"基准\"}"
	c0=$(ticks)
	curl -s -o "$dir/body.json" -w '%{http_code} %{time_total}\n' "${auth[@]}" "$url/api/v1/stats?division=$county&period=$year"
	wc=$((wc + $(ticks) - c0))
done >"$dir/times"
read -r a b n < <(pct <"$dir/times")
c=$(cpu_ms 0 "$wc" "$n")
row "county $county, period=$year, first read after a write under it" "$a" "$b" "$n" "$c"
# the first read of a period on a day: each month of last year its own key, every part missing
# (the memo's rows of last year's days deleted first: an earlier run on BENCH_DB may have kept them)
sqlite3 "$db" "DELETE FROM stats_memo WHERE key LIKE '$((year - 1))-%'"
c0=$(ticks)
for mo in 01 02 03 04 05 06 07 08 09 10 11 12; do
	curl -s -o "$dir/body.json" -w '%{http_code} %{time_total}\n' "${auth[@]}" "$url/api/v1/stats?division=$county&period=$((year - 1))-$mo"
done >"$dir/times"
read -r a b n < <(pct <"$dir/times")
row "county $county, first read of a period (each month of $((year - 1)))" "$a" "$b" "$n" "$(cpu_ms "$c0" "$(ticks)" "$n")"
read -r a b n c < <(repeat "/api/v1/stats?division=$county&period=$year-Q2" | timed_paths)
row "county $county, period=$year-Q2" "$a" "$b" "$n" "$c"
read -r a b n c < <(sqlite3 "$db" "SELECT '/api/v1/stats?period=$year&division=' || code FROM divisions WHERE parent_code = '$county'" | timed_paths)
row "each township, period=$year" "$a" "$b" "$n" "$c"
read -r a b n c < <(sqlite3 "$db" "SELECT '/api/v1/stats?period=$year&division=' || code FROM divisions WHERE level = 'village' AND code LIKE '$county%'" | timed_paths)
row "each village, period=$year" "$a" "$b" "$n" "$c"

# a write, then the county's figures: visible on the first read?
before=$(curl -s "${auth[@]}" "$url/api/v1/stats?division=$county&period=$year" | jq '.node.households_by_status.poor // 0')
village=$(sqlite3 "$db" "SELECT code FROM divisions WHERE level = 'village' AND code LIKE '$county%' LIMIT 1")
w0=$(date +%s.%N)
curl -s -o /dev/null "${auth[@]}" -H 'Content-Type: application/json' -X POST "$url/api/v1/households" \
	-d "{\"household_no\":\"$village-B01\",\"head_name\":\"基准户\",\"division\":\"$village\",\"status\":\"poor\",\"attribute\":\"general\",\"identified_year\":2014,\"main_cause\":\"illness\"}"
w1=$(date +%s.%N)
after=$(curl -s "${auth[@]}" "$url/api/v1/stats?division=$county&period=$year" | jq '.node.households_by_status.poor // 0')
w2=$(date +%s.%N)
printf '\nwrite to read: POST /households %.0f ms, then the county figures %.0f ms later show poor %s -> %s (%s)\n' \
	"$(echo "($w1 - $w0) * 1000" | bc)" "$(echo "($w2 - $w1) * 1000" | bc)" "$before" "$after" \
	"$([ "$after" = $((before + 1)) ] && echo 'visible on the first read' || echo 'NOT visible')"

# ---- (2) a province-shaped database ---------------------------------------------------------
pdb=$dir/province.db
"$binary" --db "sqlite:$pdb" migrate >/dev/null 2>&1
t0=$(date +%s.%N)
sqlite3 -bail "$pdb" >/dev/null <<'SQL'
PRAGMA journal_mode = WAL;
PRAGMA synchronous = OFF;
BEGIN;
CREATE TEMP TABLE n(u);
WITH RECURSIVE s(u) AS (SELECT 1 UNION ALL SELECT u + 1 FROM s WHERE u < 16) INSERT INTO n SELECT u FROM s;
INSERT INTO divisions (code, name, level, parent_code, population, created_at, updated_at) VALUES ('53', '测试省', 'province', NULL, 30000000, 0, 0);
INSERT INTO divisions (code, name, level, parent_code, created_at, updated_at)
  SELECT '53' || printf('%02d', c.u), '市' || c.u, 'city', '53', 0, 0 FROM n c;
INSERT INTO divisions (code, name, level, parent_code, created_at, updated_at)
  SELECT '53' || printf('%02d%02d', c.u, k.u), '县' || c.u || '-' || k.u, 'county', '53' || printf('%02d', c.u), 0, 0
  FROM n c JOIN n k ON k.u <= 8;
INSERT INTO divisions (code, name, level, parent_code, created_at, updated_at)
  SELECT d.code || printf('%03d', 100 + t.u), d.name || '镇' || t.u, 'township', d.code, 0, 0
  FROM divisions d JOIN n t ON t.u <= 11 WHERE d.level = 'county';
INSERT INTO divisions (code, name, level, parent_code, population, created_at, updated_at)
  SELECT d.code || printf('%03d', 200 + v.u), d.name || '村' || v.u, 'village', d.code, 2130, 0, 0
  FROM divisions d JOIN n v ON v.u <= 10 WHERE d.level = 'township';
-- the summary rows 213 households and 710 people a village leave (as the triggers write them):
-- statuses by identification and exit year and cause; incomes of eight years in five bands; help by type and day
CREATE TEMP TABLE hhmix(status, iy, ey, cause, hh, people);
INSERT INTO hhmix VALUES ('not_registered', 0, 0, '', 160, 530),
  ('exited_enjoying', 2014, 2016, 'illness', 12, 42), ('exited_enjoying', 2014, 2017, 'disability', 9, 31),
  ('exited_enjoying', 2015, 2018, 'skills', 8, 28), ('exited_enjoying', 2016, 2019, 'labour', 7, 24),
  ('exited', 2014, 2016, 'funds', 3, 10), ('exited', 2015, 2020, 'schooling', 2, 7),
  ('monitored', 0, 0, '', 5, 17), ('risk_eliminated', 0, 0, '', 3, 10), ('relapsed', 2014, 2018, 'illness', 1, 4),
  ('exited_enjoying', 2014, 2020, 'disaster', 3, 7);
INSERT INTO stats_hh SELECT 0, d.code, m.status, m.iy, m.ey, m.cause, m.hh, m.people FROM divisions d, hhmix m WHERE d.level = 'village';
INSERT INTO stats_hh SELECT 6, substr(division, 1, 6), status, identified_year, exited_year, main_cause, SUM(households), SUM(people)
  FROM stats_hh WHERE len = 0 GROUP BY 2, 3, 4, 5, 6;
INSERT INTO stats_hh SELECT 9, substr(division, 1, 9), status, identified_year, exited_year, main_cause, SUM(households), SUM(people)
  FROM stats_hh WHERE len = 0 GROUP BY 2, 3, 4, 5, 6;
INSERT INTO stats_income SELECT 0, d.code, 2013 + y.u, b.band, 10 + y.u, (10 + y.u) * (2000 + 900 * y.u)
  FROM divisions d JOIN n y ON y.u <= 8
  JOIN (SELECT 'a_lt4000' AS band UNION ALL SELECT 'b_4000_6000' UNION ALL SELECT 'c_6000_10000'
        UNION ALL SELECT 'd_10000_20000' UNION ALL SELECT 'e_ge20000') b WHERE d.level = 'village';
INSERT INTO stats_income SELECT 6, substr(division, 1, 6), year, band, SUM(households), SUM(per_capita)
  FROM stats_income WHERE len = 0 GROUP BY 2, 3, 4;
INSERT INTO stats_income SELECT 9, substr(division, 1, 9), year, band, SUM(households), SUM(per_capita)
  FROM stats_income WHERE len = 0 GROUP BY 2, 3, 4;
INSERT INTO stats_help SELECT 0, d.code, t.type, date('2014-01-01', '+' || ((d.rowid * 7 + k.u * 97) % 3000) || ' days'), 1, 1000 * k.u
  FROM divisions d JOIN n k ON k.u <= 6
  JOIN (SELECT 'industry' AS type UNION ALL SELECT 'employment' UNION ALL SELECT 'education' UNION ALL SELECT 'health'
        UNION ALL SELECT 'housing') t WHERE d.level = 'village';
INSERT INTO stats_help SELECT 6, substr(division, 1, 6), type, substr(given_on, 1, 7), SUM(measures), SUM(amount)
  FROM stats_help WHERE len = 0 GROUP BY 2, 3, 4;
INSERT INTO stats_help SELECT 9, substr(division, 1, 9), type, substr(given_on, 1, 7), SUM(measures), SUM(amount)
  FROM stats_help WHERE len = 0 GROUP BY 2, 3, 4;
COMMIT;
ANALYZE;
SQL
pgen=$(echo "$(date +%s.%N) - $t0" | bc)
"$binary" --db "sqlite:$pdb" user add --username prov --role viewer --division 53 --password-stdin <<<"Bench-Pass-2026" >/dev/null
serve "$pdb" prov
villages=$(sqlite3 "$pdb" "SELECT COUNT(*) FROM divisions WHERE level = 'village'")
rows=$(sqlite3 "$pdb" "SELECT (SELECT COUNT(*) FROM stats_hh) + (SELECT COUNT(*) FROM stats_income) + (SELECT COUNT(*) FROM stats_help)")
phh=$(sqlite3 "$pdb" "SELECT SUM(households) || ' households, ' || SUM(people) || ' people' FROM stats_hh WHERE len = 6")
size=$(du -m "$pdb" | cut -f1)
echo
echo "province-shaped: $villages villages, $phh in $rows summary rows (${size} MB), generated in ${pgen%.*} s"
printf '%-64s %8s %8s %6s %8s\n' "GET /api/v1/stats (curl, sequential)" "p50 ms" "p99 ms" "calls" "CPU ms"
read -r a b n c < <(repeat "/api/v1/stats?division=53&period=$year" | timed_paths)
row "province 53 (16 cities)" "$a" "$b" "$n" "$c"
read -r a b n c < <(sqlite3 "$pdb" "SELECT '/api/v1/stats?period=$year&division=' || code FROM divisions WHERE level = 'city'" | timed_paths)
row "each city (8 counties)" "$a" "$b" "$n" "$c"
read -r a b n c < <(sqlite3 "$pdb" "SELECT '/api/v1/stats?period=$year&division=' || code FROM divisions WHERE level = 'county'" | timed_paths)
row "each county (11 townships)" "$a" "$b" "$n" "$c"
read -r a b n c < <(sqlite3 "$pdb" "SELECT '/api/v1/stats?period=$year&division=' || code FROM divisions WHERE level = 'township' ORDER BY random() LIMIT 200" | timed_paths)
row "200 random townships (10 villages)" "$a" "$b" "$n" "$c"
echo
echo "target: p99 < 50 ms at every level"

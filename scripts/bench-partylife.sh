#!/usr/bin/env bash
# bench-partylife.sh - party organisational life at county scale: the demo
# county (469030) with a year (2026) of meetings for every organisation that
# has meeting rules, bulk-loaded with the sqlite3 CLI (about 1 org in 5 misses
# a tenth of its meetings); then p50/p99 of meeting compliance for the whole
# county over the year and over a month (target < 200 ms), of a notice sent to
# every organisation of the county (the POST that writes a receipt for each)
# and of that notice's receipts page.  usage: bench-partylife.sh path/to/lianxin
#
#   BENCH_SAMPLES=20   sequential requests (curl) per timed call, for p50/p99
#   BENCH_SECONDS=10 BENCH_CONNECTIONS=4 BENCH_THREADS=2   wrk settings for the compliance and receipts pages
set -euo pipefail
binary=$(realpath "${1:?usage: bench-partylife.sh path/to/lianxin}")
here=$(cd "$(dirname "$0")/.." && pwd)
samples=${BENCH_SAMPLES:-20}
duration=${BENCH_SECONDS:-10}
conns=${BENCH_CONNECTIONS:-4}
threads=${BENCH_THREADS:-2}
county=469030
dir=$(mktemp -d /tmp/lianxin-bench-partylife.XXXXXX)
chmod 755 "$dir"
pids=()
cleanup() {
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
	wait 2>/dev/null || true
	rm -rf "$dir"
}
trap cleanup EXIT

db=$dir/bench.db
"$binary" --db "sqlite:$db" demo --county "$county" --data-dir "$here/data/divisions" >/dev/null 2>&1
sed -e "s/@COUNTY@/'$county'/g" >"$dir/load.sql" <<'SQL'
PRAGMA journal_mode = WAL;
PRAGMA synchronous = OFF;
BEGIN;
CREATE TEMP TABLE seq AS WITH RECURSIVE n(u) AS (SELECT 0 UNION ALL SELECT u + 1 FROM n WHERE u < 52) SELECT u FROM n;
CREATE TEMP TABLE units AS
  SELECT 'weekly' AS f, u, date('2026-01-05', '+' || (7 * u) || ' days') AS d0, 5 AS spread FROM seq WHERE u < 52
  UNION ALL SELECT 'monthly', u, date('2026-01-01', '+' || u || ' months'), 25 FROM seq WHERE u < 12
  UNION ALL SELECT 'quarterly', u, date('2026-01-01', '+' || (3 * u) || ' months'), 80 FROM seq WHERE u < 4
  UNION ALL SELECT 'yearly', 0, '2026-01-01', 330;
CREATE TEMP TABLE leaders AS SELECT division, COUNT(*) AS n FROM people WHERE cadre_role = 'township_leader' GROUP BY division;
INSERT INTO meetings (org_id, division, kind, starts_at, place, host, topic, minutes, expected, present, created_at, updated_at)
SELECT o.id, o.division, r.kind,
  CAST(strftime('%s', x.d0, '+' || (abs(random()) % x.spread) || ' days') AS INTEGER) + 3600,
  '党员活动室', '书记', '学习贯彻党的二十大精神', '会议纪要（基准测试数据）', 20, 18,
  CAST(strftime('%s', 'now') AS INTEGER), CAST(strftime('%s', 'now') AS INTEGER)
FROM orgs o JOIN meeting_rules r ON r.org_type = o.type
  JOIN units x ON x.f = r.frequency
  JOIN seq k ON k.u < r.times * CASE WHEN r.per_leader THEN COALESCE((SELECT n FROM leaders l WHERE l.division = o.division), 1) ELSE 1 END
WHERE o.division LIKE @COUNTY@ || '%' AND (o.id % 5 <> 0 OR abs(random()) % 10 > 0);
COMMIT;
ANALYZE;
SQL
sqlite3 -bail "$db" <"$dir/load.sql" >/dev/null
meetings=$(sqlite3 "$db" "SELECT COUNT(*) FROM meetings")
ruled=$(sqlite3 "$db" "SELECT COUNT(*) FROM orgs WHERE division LIKE '$county%' AND type IN (SELECT org_type FROM meeting_rules)")
orgs=$(sqlite3 "$db" "SELECT COUNT(*) FROM orgs WHERE division LIKE '$county%'")
sender=$(sqlite3 "$db" "SELECT id FROM orgs WHERE type = 'county_committee' AND division = '$county'")

"$binary" --db "sqlite:$db" user add --username county --role county --division "$county" \
	--password-stdin <<<"Bench-Pass-2026" >/dev/null
"$binary" --db "sqlite:$db" --listen 127.0.0.1:0 --rate-limit-per-minute 1000000 --access-log 0 serve \
	>"$dir/serve.out" 2>"$dir/serve.log" &
pids+=($!)
for _ in $(seq 100); do grep -q 'serving http' "$dir/serve.out" 2>/dev/null && break; sleep 0.1; done
url=$(grep -o 'http://127.0.0.1:[0-9]*' "$dir/serve.out" | head -n 1)
token=$(curl -s -X POST "$url/api/v1/auth/login" -H 'Content-Type: application/json' \
	-d '{"username":"county","password":"Bench-Pass-2026"}' | sed -n 's/.*"token":"\([0-9a-f]*\)".*/\1/p')
[ -n "$token" ] || { echo "bench-partylife: login failed" >&2; exit 1; }
auth=(-H "Authorization: Bearer $token")

# "code seconds" lines on stdin -> "p50 p99" in ms (fails on a code other than $1)
pct() {
	awk -v want="$1" '$1 != want { bad = 1 } { print $2 * 1000 } END { exit bad }' >"$dir/ms" ||
		{ echo "bench-partylife: an unexpected status for $2" >&2; head -c 300 "$dir/body.json" >&2; exit 1; }
	sort -n "$dir/ms" | awk '{ v[NR] = $1 } END {
		i50 = int((NR + 1) / 2); i99 = int(NR * 0.99 + 0.999); if (i99 < 1) i99 = 1
		printf "%.1f %.1f\n", v[i50], v[i99] }'
}
# sequential GETs after a warm-up -> "p50 p99"
timed_get() {
	curl -s -o "$dir/body.json" "${auth[@]}" "$url$1"
	for _ in $(seq "$samples"); do
		curl -s -o "$dir/body.json" -w '%{http_code} %{time_total}\n' "${auth[@]}" "$url$1"
	done | pct 200 "$1"
}
# wrk -> "requests/s p50 p99"
measure() {
	local out
	out=$(wrk -t"$threads" -c"$conns" -d"${duration}s" --latency "${auth[@]}" "$url$1" 2>&1)
	if grep -q 'Non-2xx' <<<"$out"; then
		echo "bench-partylife: non-2xx responses for $1" >&2
		exit 1
	fi
	echo "$(awk '/Requests\/sec/ {print $2}' <<<"$out") $(awk '$1 == "50%" {print $2}' <<<"$out") $(awk '$1 == "99%" {print $2}' <<<"$out")"
}

year="/api/v1/compliance/meetings?division=$county&period=2026"
month="/api/v1/compliance/meetings?division=$county&period=2026-06"
read -r cy50 cy99 < <(timed_get "$year")
year_totals=$(jq -r '"\(.totals.orgs) orgs, \(.totals.compliant) compliant"' "$dir/body.json")
year_kb=$(($(stat -c %s "$dir/body.json") / 1024))
read -r cm50 cm99 < <(timed_get "$month")
read -r wy_r wy50 wy99 < <(measure "$year")
read -r wm_r wm50 wm99 < <(measure "$month")

# a notice to every organisation of the county (one notice and one receipt per organisation each time)
body="{\"org_id\":$sender,\"title\":\"关于做好年终党建工作考核的通知\",\"body\":\"请各党组织对照年度计划，梳理三会一课、主题党日落实情况，按时报送总结。\",\"target_division\":\"$county\",\"due_at\":\"2026-12-31\"}"
for _ in $(seq "$samples"); do
	curl -s -o "$dir/body.json" -w '%{http_code} %{time_total}\n' "${auth[@]}" -H 'Content-Type: application/json' \
		-X POST -d "$body" "$url/api/v1/notices"
done >"$dir/posts"
read -r np50 np99 < <(pct 201 "POST /api/v1/notices" <"$dir/posts")
nid=$(jq -r .id "$dir/body.json")
receipts=$(sqlite3 "$db" "SELECT COUNT(*) FROM notice_receipts WHERE notice_id = $nid")
read -r nr50 nr99 < <(timed_get "/api/v1/notices/$nid/receipts?page_size=200")
receipts_kb=$(($(stat -c %s "$dir/body.json") / 1024))
read -r wr_r wr50 wr99 < <(measure "/api/v1/notices/$nid/receipts?page_size=200")

echo "lianxin party organisational life benchmark on $(nproc) cores, $(date -u +%Y-%m-%d)"
echo "county $county: $orgs organisations ($ruled with meeting rules), $meetings meetings in 2026; county user"
printf '\n%-60s %9s %9s | %9s %9s %9s\n' "call (curl: $samples sequential; wrk: -t$threads -c$conns -d${duration}s)" \
	"p50 ms" "p99 ms" "wrk req/s" "p50" "p99"
printf '%-60s %9s %9s | %9s %9s %9s\n' "compliance/meetings period=2026 ($year_totals, ${year_kb} KiB)" \
	"$cy50" "$cy99" "$wy_r" "$wy50" "$wy99"
printf '%-60s %9s %9s | %9s %9s %9s\n' "compliance/meetings period=2026-06" "$cm50" "$cm99" "$wm_r" "$wm50" "$wm99"
printf '%-60s %9s %9s | %9s %9s %9s\n' "POST /api/v1/notices to all of $county ($receipts receipts each)" "$np50" "$np99" "" "" ""
printf '%-60s %9s %9s | %9s %9s %9s\n' "GET /api/v1/notices/{id}/receipts?page_size=200 (${receipts_kb} KiB)" "$nr50" "$nr99" "$wr_r" "$wr50" "$wr99"
echo
echo "target: compliance for the county over a year p99 < 200 ms"

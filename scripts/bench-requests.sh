#!/usr/bin/env bash
# bench-requests.sh - villagers' requests at scale: a county (469030) with
# BENCH_REQUESTS (1,000,000) requests over the last year, bulk-loaded with the
# sqlite3 CLI into the demo county; then p50/p99 of a handler's inbox page
# (mine=1, sort=due, 20 a page) for a township user and a county user, of the
# figures page (stats over a year) for the county and a township, and public
# submissions per second on loopback (wrk, a Lua script posting the form).
# usage: bench-requests.sh path/to/lianxin [requests]
#
#   requests (or BENCH_REQUESTS), default 1000000: synthetic requests (plus a submit step each and a
#                            close step per closed one)
#   BENCH_DB=path            keep the loaded database there and reuse it when it exists (the load takes
#                            ~74 s per million; a kept database is migrated by the binary on its start)
#   BENCH_SKIP_WRK=1         leave out the public form's wrk run
#   BENCH_SAMPLES=10         sequential requests (curl) per timed page, for p50/p99
#   BENCH_SECONDS=10 BENCH_CONNECTIONS=16 BENCH_THREADS=2   wrk settings for the submissions
set -euo pipefail
binary=$(realpath "${1:?usage: bench-requests.sh path/to/lianxin [requests]}")
here=$(cd "$(dirname "$0")/.." && pwd)
rows=${2:-${BENCH_REQUESTS:-1000000}}
samples=${BENCH_SAMPLES:-10}
duration=${BENCH_SECONDS:-10}
conns=${BENCH_CONNECTIONS:-16}
threads=${BENCH_THREADS:-2}
county=469030 township=469030100
dir=$(mktemp -d /tmp/lianxin-bench-requests.XXXXXX)
chmod 755 "$dir"
pids=()
cleanup() {
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
	wait 2>/dev/null || true
	rm -rf "$dir"
}
trap cleanup EXIT
now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }

# ---- the database: the demo county, then the requests -----------------------------------------
db=${BENCH_DB:-$dir/bench.db}
if [ -s "$db" ]; then
	echo "bench-requests: reusing $db" >&2
	before=?
	load_s=?
else
"$binary" --db "sqlite:$db" demo --county "$county" --data-dir "$here/data/divisions" >/dev/null 2>&1
before=$(sqlite3 "$db" "SELECT COUNT(*) FROM requests")
t0=$(now)
sed -e "s/@ROWS@/$rows/" -e "s/@COUNTY@/'$county'/g" >"$dir/load.sql" <<'SQL'
PRAGMA journal_mode = WAL;
PRAGMA synchronous = OFF;

PRAGMA temp_store = MEMORY;
BEGIN;
-- the figures' summary (migration "requests: figures per division, day and key ...") is set aside
-- for the bulk load: its triggers would upsert some 28 rows per request; the binary's next start
-- applies the migration again, which fills the summary from the rows (one grouped pass per key)
DROP TRIGGER IF EXISTS request_figures_insert;
DROP TRIGGER IF EXISTS request_figures_delete;
DROP TRIGGER IF EXISTS request_figures_update;
DROP TRIGGER IF EXISTS request_figures_move;
DROP TRIGGER IF EXISTS request_figures_step_insert;
DROP TRIGGER IF EXISTS request_figures_step_delete;
DROP TRIGGER IF EXISTS request_figures_step_update;
DROP TABLE IF EXISTS request_figures;
DROP INDEX IF EXISTS requests_open_due;
DELETE FROM schema_migrations WHERE name LIKE 'requests: figures per division, day and key%';
DELETE FROM schema_migrations WHERE name LIKE 'requests: figures by month%';
CREATE TEMP TABLE v AS SELECT row_number() OVER (ORDER BY code) - 1 AS i, code, substr(code, 1, 9) AS town
  FROM divisions WHERE length(code) = 12 AND code LIKE @COUNTY@ || '%';
CREATE TEMP TABLE vorg AS SELECT division, MIN(id) AS id FROM orgs
  WHERE type IN ('village_branch', 'community_branch') GROUP BY division;
CREATE TEMP TABLE torg AS SELECT division, MIN(id) AS id FROM orgs WHERE type = 'township_committee' GROUP BY division;
CREATE TEMP TABLE corg AS SELECT division, MIN(id) AS id FROM orgs WHERE type = 'county_committee' AND division = @COUNTY@;
CREATE TEMP TABLE cat AS SELECT row_number() OVER (ORDER BY sort) - 1 AS i, code, parent_code, kind, level,
  sign_days, reply_days, close_days FROM request_categories;
CREATE TEMP TABLE k (now INTEGER, nv INTEGER);
INSERT INTO k SELECT CAST(strftime('%s', 'now') AS INTEGER), (SELECT COUNT(*) FROM v);
-- one row per request: its random draws (random() is drawn again at every use)
CREATE TEMP TABLE g AS
WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < @ROWS@)
SELECT x, abs(random()) AS r1, abs(random()) AS r2, abs(random()) AS r3, abs(random()) AS r4, abs(random()) AS r5 FROM n;
-- the village (a quarter of the requests from 20 busy villages spread over the townships), category, time, status
CREATE TEMP TABLE h AS
SELECT g.x, g.r3, g.r4, g.r5,
  (SELECT code FROM v WHERE v.i = CASE WHEN g.r1 % 4 = 0 THEN (g.r1 / 4) % 20 * 6 % k.nv ELSE (g.r1 / 4) % k.nv END) AS division,
  -- categories: the first 12 (help, enquiries, complaints, disputes) twice as often
  (SELECT code FROM cat WHERE cat.i = CASE WHEN g.r2 % 2 = 0 THEN (g.r2 / 2) % 12 ELSE (g.r2 / 2) % 26 END) AS category,
  k.now - (g.r3 % (365 * 86400)) AS created_at,
  g.r2 / 64 % 1000 AS p
FROM g, k;
CREATE TEMP TABLE s AS
SELECT h.*, c.level, c.kind, c.sign_days, c.reply_days, c.close_days, k.now - h.created_at AS age,
  h.created_at + c.sign_days * 121000 AS sign_due, h.created_at + c.reply_days * 121000 AS reply_due,
  h.created_at + c.close_days * 121000 AS close_due,
  CASE
    WHEN k.now - h.created_at > c.close_days * 121000 + 20 * 86400 THEN
      CASE WHEN h.p < 940 THEN 'closed' WHEN h.p < 965 THEN 'withdrawn' WHEN h.p < 995 THEN 'merged'
           WHEN h.p < 997 THEN 'in_progress' WHEN h.p < 999 THEN 'replied' ELSE 'reopened' END
    ELSE
      CASE WHEN h.p < 120 THEN 'submitted' WHEN h.p < 160 THEN 'transferred' WHEN h.p < 180 THEN 'returned'
           WHEN h.p < 330 THEN 'signed' WHEN h.p < 530 THEN 'in_progress' WHEN h.p < 700 THEN 'replied'
           WHEN h.p < 800 THEN 'visited' WHEN h.p < 960 THEN 'closed' WHEN h.p < 980 THEN 'withdrawn' ELSE 'merged' END
  END AS status
FROM h JOIN cat c ON c.code = h.category, k;
INSERT INTO requests (ticket, channel, division, category, content, requester_name, requester_phone, urgency, status,
  org_id, org_division, supervised, transfer_count, reopen_count, reply, satisfaction, mediation_outcome, created_by,
  created_at, sign_due, reply_due, close_due, signed_at, replied_at, closed_at, updated_at)
SELECT strftime('%Y%m%d', s.created_at + 28800, 'unixepoch') || printf('%07d', s.x),
  CASE s.r4 % 20 WHEN 0 THEN 'kiosk' WHEN 1 THEN 'api' WHEN 2 THEN 'visit' WHEN 3 THEN 'visit' WHEN 4 THEN 'walk_in'
    WHEN 5 THEN 'walk_in' WHEN 6 THEN 'walk_in' WHEN 7 THEN 'hotline' WHEN 8 THEN 'hotline' WHEN 9 THEN 'hotline'
    WHEN 10 THEN 'hotline' WHEN 11 THEN 'web' WHEN 12 THEN 'web' WHEN 13 THEN 'web' ELSE 'grid' END,
  s.division, s.category,
  CASE s.r5 % 4 WHEN 0 THEN '村里道路坑洼，雨天积水严重，老人孩子出行不便，希望尽快修补。'
    WHEN 1 THEN '家里自来水已经停了三天，请帮忙联系供水站查看管道。'
    WHEN 2 THEN '想咨询今年的产业奖补政策，怎么申请，需要带哪些材料。'
    ELSE '邻居建房占了我家的宅基地边界，多次协商不成，请村里帮忙调解。' END,
  CASE s.r5 % 7 WHEN 0 THEN '王明' WHEN 1 THEN '李秀英' WHEN 2 THEN '符海' WHEN 3 THEN '陈阿妹' WHEN 4 THEN '王亚弟'
    WHEN 5 THEN NULL ELSE '黄金花' END,
  '13' || printf('%09d', s.r5 % 1000000000),
  CASE WHEN s.r4 / 32 % 100 < 90 THEN 'normal' WHEN s.r4 / 32 % 100 < 98 THEN 'urgent' ELSE 'emergency' END,
  s.status,
  o.id, o.division,
  0, CASE WHEN s.r4 / 4096 % 100 < 5 THEN 1 ELSE 0 END,
  CASE WHEN s.status = 'reopened' OR s.r4 / 4096 % 100 = 99 THEN 1 ELSE 0 END,
  CASE WHEN s.status IN ('replied', 'visited', 'closed') THEN '已安排人员现场核实并处理，处理结果已电话告知。' END,
  CASE WHEN s.status IN ('visited', 'closed') THEN
    CASE WHEN s.r5 / 4096 % 100 < 70 THEN 'satisfied' WHEN s.r5 / 4096 % 100 < 90 THEN 'basic'
         WHEN s.r5 / 4096 % 100 < 95 THEN 'unsatisfied' END END,
  CASE WHEN s.kind = 'dispute' AND s.status = 'closed' THEN
    CASE WHEN s.r5 / 65536 % 10 < 8 THEN 'settled' ELSE 'unsettled' END END,
  NULL, s.created_at, s.sign_due, s.reply_due, s.close_due,
  CASE WHEN s.status NOT IN ('submitted', 'transferred', 'returned', 'withdrawn', 'merged') OR s.r3 % 2 = 0 AND s.status IN ('withdrawn', 'merged')
    THEN s.created_at + (s.r3 / 1024 % 100) * s.sign_days * 1300 END,
  CASE WHEN s.status IN ('replied', 'visited', 'closed') THEN s.created_at + (s.r3 / 131072 % 100) * s.reply_days * 1300 END,
  CASE WHEN s.status = 'closed' THEN s.created_at + (s.r4 / 131072 % 110) * s.close_days * 1200 END,
  s.created_at + 3600
FROM s LEFT JOIN v ON v.code = s.division
  LEFT JOIN vorg vo ON vo.division = s.division
  LEFT JOIN torg tw ON tw.division = v.town
  LEFT JOIN orgs o ON o.id = CASE WHEN s.r4 / 1048576 % 100 < 3 THEN NULL
    WHEN s.level = 'county' THEN (SELECT id FROM corg) WHEN s.level = 'village' THEN COALESCE(vo.id, tw.id) ELSE tw.id END
ORDER BY s.created_at;
-- open requests past a due date were escalated (督办) to the organisation above
-- (an organisation without a parent, the county committee, supervises itself: requests_escalate()
-- would otherwise re-escalate those rows, writing 200 steps, on every list and figures call)
UPDATE requests SET escalated_org_id = COALESCE((SELECT o.parent_id FROM orgs o WHERE o.id = requests.org_id), org_id),
  supervised = 1
 WHERE escalated_org_id IS NULL AND org_id IS NOT NULL AND status NOT IN ('closed', 'merged', 'withdrawn')
   AND ((signed_at IS NULL AND sign_due < (SELECT now FROM k)) OR (replied_at IS NULL AND reply_due < (SELECT now FROM k))
        OR close_due < (SELECT now FROM k));
-- the timeline: the submission, and the closing of closed ones
INSERT INTO request_steps (request_id, at, actor_name, action, from_status, to_status, org_id)
SELECT id, created_at, channel, 'submit', NULL, 'submitted', org_id FROM requests;
INSERT INTO request_steps (request_id, at, actor_name, action, from_status, to_status, org_id)
SELECT id, closed_at, 'bench', 'close', 'visited', 'closed', org_id FROM requests WHERE status = 'closed';
COMMIT;
ANALYZE;
SQL
sqlite3 -bail "$db" <"$dir/load.sql" >/dev/null
t1=$(now)
load_s=$(secs "$t0" "$t1")
fi
total=$(sqlite3 "$db" "SELECT COUNT(*) FROM requests")
open=$(sqlite3 "$db" "SELECT COUNT(*) FROM requests WHERE status NOT IN ('closed', 'merged', 'withdrawn')")
steps=$(sqlite3 "$db" "SELECT COUNT(*) FROM request_steps")
in_town=$(sqlite3 "$db" "SELECT COUNT(*) FROM requests WHERE division LIKE '$township%'")
mb=$(($(stat -c %s "$db") / 1048576))

t2=$(now)
"$binary" --db "sqlite:$db" migrate >/dev/null   # the first start: migrations (the summary's fill)
fill_s=$(secs "$t2" "$(now)")
for u in "county county $county" "township township $township"; do
	read -r name role div <<<"$u"
	"$binary" --db "sqlite:$db" user add --username "$name" --role "$role" --division "$div" \
		--password-stdin <<<"Bench-Pass-2026" >/dev/null 2>&1 || true   # a reused database has them
done
"$binary" --db "sqlite:$db" --listen 127.0.0.1:0 --rate-limit-per-minute 1000000 --access-log 0 serve \
	>"$dir/serve.out" 2>"$dir/serve.log" &
pids+=($!)
for _ in $(seq 100); do grep -q 'serving http' "$dir/serve.out" 2>/dev/null && break; sleep 0.1; done
url=$(grep -o 'http://127.0.0.1:[0-9]*' "$dir/serve.out" | head -n 1)
login() {
	curl -s -X POST "$url/api/v1/auth/login" -H 'Content-Type: application/json' \
		-d "{\"username\":\"$1\",\"password\":\"Bench-Pass-2026\"}" | sed -n 's/.*"token":"\([0-9a-f]*\)".*/\1/p'
}
tc=$(login county) tt=$(login township)
[ -n "$tc" ] && [ -n "$tt" ] || { echo "bench-requests: login failed" >&2; exit 1; }

# BENCH_SAMPLES sequential GETs after one warm-up -> "p50 p99 total" (ms; total: the list's or figures' count)
timed() {
	local token=$1 path=$2 f=$dir/times
	curl -s -o "$dir/body.json" -H "Authorization: Bearer $token" "$url$path"
	: >"$f"
	for _ in $(seq "$samples"); do
		curl -s -o "$dir/body.json" -w '%{http_code} %{time_total}\n' -H "Authorization: Bearer $token" "$url$path" >>"$f"
	done
	if awk '$1 != 200 { bad = 1 } END { exit !bad }' "$f"; then
		echo "bench-requests: non-200 for $path" >&2
		head -c 300 "$dir/body.json" >&2
		exit 1
	fi
	local n
	n=$(jq -r '.total // .received' "$dir/body.json")
	awk '{ print $2 * 1000 }' "$f" | sort -n | awk -v n="$n" '{ v[NR] = $1 } END {
		i50 = int((NR + 1) / 2); i99 = int(NR * 0.99 + 0.999); if (i99 < 1) i99 = 1
		printf "%.0f %.0f %s\n", v[i50], v[i99], n }'
}
inbox="/api/v1/requests?mine=1&sort=due&page_size=20"
read -r it50 it99 itn < <(timed "$tt" "$inbox")
read -r ic50 ic99 icn < <(timed "$tc" "$inbox")
read -r sc50 sc99 scn < <(timed "$tc" "/api/v1/requests/stats?division=$county")
read -r st50 st99 stn < <(timed "$tt" "/api/v1/requests/stats?division=$township")

if [ "${BENCH_SKIP_WRK:-0}" = 1 ]; then
	printf '%s\n' "inbox township p50/p99 $it50/$it99 ($itn); inbox county $ic50/$ic99 ($icn);" \
		"figures county $sc50/$sc99 ($scn); figures township $st50/$st99 ($stn); $total requests, $open open;" \
		"first start (migrations) ${fill_s} s; load ${load_s} s"
	exit 0
fi
# public submissions: the form as a villager's phone sends it
villages=$(sqlite3 "$db" "SELECT code FROM divisions WHERE length(code) = 12 AND code LIKE '$county%' ORDER BY code" | tr '\n' ' ')
cat >"$dir/post.lua" <<LUA
local villages = {}
for v in string.gmatch("$villages", "%d+") do villages[#villages + 1] = v end
local cats = { "infra.road", "infra.water", "consult.policy", "dispute.neighbour", "help.living", "environment" }
local n = 0
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
request = function()
	n = n + 1
	local body = string.format('{"division":"%s","category":"%s","content":"村口路灯坏了一个多月，晚上出行不安全，请尽快修理。(%d)","name":"王明","phone":"139%08d"}',
		villages[n % #villages + 1], cats[n % #cats + 1], n, n % 100000000)
	return wrk.format(nil, nil, nil, body)
end
LUA
out=$(wrk -t"$threads" -c"$conns" -d"${duration}s" --latency -s "$dir/post.lua" "$url/api/v1/public/requests" 2>&1)
if grep -q 'Non-2xx' <<<"$out"; then
	echo "bench-requests: non-2xx responses for the public form" >&2
	echo "$out" >&2
	exit 1
fi
pr=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
p50=$(awk '$1 == "50%" {print $2}' <<<"$out")
p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
after=$(sqlite3 "$db" "SELECT COUNT(*) FROM requests")

echo "lianxin requests benchmark on $(nproc) cores, $(date -u +%Y-%m-%d)"
echo "database: $total requests ($before from the demo, $rows synthetic loaded by sqlite3 in ${load_s} s; $open open;" \
	"$in_town in township $township), $steps steps, $mb MiB; the first start after the load (migrations) ${fill_s} s"
printf '\n%-66s %9s %9s %9s\n' "GET (sequential, $samples samples after a warm-up)" "p50 ms" "p99 ms" "total"
printf '%-66s %9s %9s %9s\n' "inbox mine=1&sort=due&page_size=20, township user ($township)" "$it50" "$it99" "$itn"
printf '%-66s %9s %9s %9s\n' "inbox mine=1&sort=due&page_size=20, county user ($county)" "$ic50" "$ic99" "$icn"
printf '%-66s %9s %9s %9s\n' "requests/stats?division=$county (last 365 days), county user" "$sc50" "$sc99" "$scn"
printf '%-66s %9s %9s %9s\n' "requests/stats?division=$township (last 365 days), township user" "$st50" "$st99" "$stn"
printf '\n%-66s %9s %9s %9s\n' "POST /api/v1/public/requests, wrk -t$threads -c$conns -d${duration}s" "req/s" "p50" "p99"
printf '%-66s %9s %9s %9s\n' "public form (rate limit 1,000,000/min; $((after - total)) requests stored)" "$pr" "$p50" "$p99"

#!/usr/bin/env bash
# bench-pairings.sh - pairings and visits at scale (issue 15): the demo county 469030 at
# BENCH_SCALE (4: about 93,000 households), topped up by bulk SQL (sqlite3 CLI, recursive
# CTEs) to BENCH_CADRES cadres (10,000: the rest as 帮扶责任人 of the county's units, each an
# extra helper of two registered or monitored households) and BENCH_VISITS visits (1,000,000)
# over the last year: helpers' visits to their households, village cadres' visits to every
# household, guiding cadres' patrols of their villages; the rows as POST /visits writes them.
# Then p50/p99 (sequential curl, BENCH_SAMPLES after a warm-up) and the server's CPU time per
# call (user + system, /proc/PID/stat: the machine is shared) of GET /coverage for the county,
# a township and a village, GET /visits/coverage over a month and a year, GET /visits/overdue
# (by household and by=helper); and visit submissions per second on loopback (wrk, POST
# /visits as a cadre user, a Lua script with distinct idempotency keys).
# Then the county's /coverage and /stats cold (the node memo emptied) and after each of BENCH_AFTER
# (5) visits: the server's CPU ms of the one read.
# Printed figures only; nothing here is a pass/fail test.
# usage: bench-pairings.sh path/to/lianxin
#
#   BENCH_SCALE=4 BENCH_CADRES=10000 BENCH_VISITS=1000000 BENCH_SAMPLES=10
#   BENCH_SECONDS=10 BENCH_CONNECTIONS=16 BENCH_THREADS=2   wrk settings for the submissions
#   BENCH_DB=path   reuse a database this script loaded before (copied; its .key file next to it)
#   BENCH_PG=1      the same on PostgreSQL: a throwaway cluster started here (initdb + pg_ctl on a Unix
#                   socket, as scripts/with-postgres.sh does), the county built with lianxin --db
#                   postgresql://... demo, the bulk SQL in PostgreSQL's dialect (generate_series); the
#                   CPU column is then the server's plus the PostgreSQL backends'.
#   BENCH_PG_DIR=path  (with BENCH_PG) keep the cluster there; a later run with the same path reuses it
#                   (the timings only; the visits its wrk run added stay)
set -euo pipefail
binary=$(realpath "${1:?usage: bench-pairings.sh path/to/lianxin}")
here=$(cd "$(dirname "$0")/.." && pwd)
scale=${BENCH_SCALE:-4}
cadres=${BENCH_CADRES:-10000}
visits=${BENCH_VISITS:-1000000}
samples=${BENCH_SAMPLES:-10}
duration=${BENCH_SECONDS:-10}
conns=${BENCH_CONNECTIONS:-16}
threads=${BENCH_THREADS:-2}
county=469030
dir=$(mktemp -d /tmp/lianxin-bench-pairings.XXXXXX)
chmod 755 "$dir"
pid=
pgbin=
pgdata=
as=()
cleanup() {
	[ -n "$pid" ] && kill "$pid" 2>/dev/null || true
	wait 2>/dev/null || true
	if [ -n "$pgdata" ]; then "${as[@]}" "$pgbin/pg_ctl" -D "$pgdata" -m fast -w stop >/dev/null 2>&1 || true; fi
	rm -rf "$dir"
}
trap cleanup EXIT
now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.0f", b - a }'; }

# ---- the store: a SQLite file, or a PostgreSQL cluster started here --------------------------------
if [ -n "${BENCH_PG:-}" ]; then
	store=PostgreSQL
	pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
	[ -n "$pgbin" ] || { echo "bench-pairings: PostgreSQL server binaries not found (apt-get install postgresql)" >&2; exit 1; }
	pgdir=${BENCH_PG_DIR:-$dir/pg}
	mkdir -p "$pgdir"
	chmod 755 "$pgdir"
	if [ "$(id -u)" -eq 0 ]; then
		chown postgres: "$pgdir"
		as=(runuser -u postgres --)
	fi
	pgdata=$pgdir/data
	loaded=0
	if [ -f "$pgdata/PG_VERSION" ]; then
		loaded=1
	else
		"${as[@]}" "$pgbin/initdb" -D "$pgdata" -U lianxin -A trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 ||
			{ cat "$dir/initdb.log" >&2; exit 1; }
	fi
	"${as[@]}" "$pgbin/pg_ctl" -D "$pgdata" -l "$pgdir/server.log" -w \
		-o "-c listen_addresses='' -c unix_socket_directories='$pgdir' -c fsync=off -c max_connections=200" start \
		>/dev/null || { cat "$pgdir/server.log" >&2; exit 1; }
	[ "$loaded" = 1 ] || "${as[@]}" "$pgbin/createdb" -h "$pgdir" -U lianxin lianxin_bench
	dburl="postgresql:///lianxin_bench?host=$pgdir&user=lianxin"
	lx=("$binary" --db "$dburl" --key-file "$pgdir/lianxin.key")
	q() { psql -X -q -A -t -v ON_ERROR_STOP=1 -d "$dburl" -c "$1"; }
	dbsize() { q "SELECT pg_database_size(current_database())"; }
else
	store="SQLite $(sqlite3 --version | cut -d' ' -f1)"
	db=$dir/bench.db
	loaded=0
	if [ -n "${BENCH_DB:-}" ]; then
		cp "$BENCH_DB" "$db"
		cp "$BENCH_DB.key" "$db.key"
		loaded=1
	fi
	lx=("$binary" --db "sqlite:$db")
	q() { sqlite3 "$db" "$1"; }
	dbsize() { stat -c %s "$db"; }
fi

# ---- the database: the demo county at scale, then cadres, their pairings and the visits ---------
# The bulk SQL is written once for SQLite (recursive CTEs) and once for PostgreSQL (generate_series):
# the same rows drawn the same way.
sqlite_load() {
	cat <<'SQL'
PRAGMA journal_mode = WAL;
PRAGMA synchronous = OFF;
PRAGMA temp_store = MEMORY;
BEGIN;
-- the build day in China and now
CREATE TEMP TABLE k AS SELECT date('now', '+8 hours') AS today, CAST(strftime('%s', 'now') AS INTEGER) AS now,
  (SELECT MAX(id) FROM people) AS last_person;
-- ---- cadres: the county's units' 帮扶责任人 up to @CADRES@ cadres in the county ----
CREATE TEMP TABLE u AS SELECT row_number() OVER (ORDER BY unit_id) - 1 AS i, unit_id, MIN(org_id) AS org_id,
  MIN(position) AS position FROM people WHERE cadre_role = 'assistance_cadre' AND division = @COUNTY@ GROUP BY unit_id;
CREATE TEMP TABLE sur (i INTEGER, s TEXT);
INSERT INTO sur VALUES (0, '王'), (1, '李'), (2, '陈'), (3, '黄'), (4, '符'), (5, '吴'), (6, '林'), (7, '张'), (8, '王'),
  (9, '刘'), (10, '杨'), (11, '周'), (12, '何'), (13, '郑'), (14, '钟'), (15, '邓');
CREATE TEMP TABLE giv (i INTEGER, s TEXT);
INSERT INTO giv VALUES (0, '海'), (1, '明华'), (2, '秀英'), (3, '亚妹'), (4, '志强'), (5, '丽'), (6, '文'), (7, '春花'),
  (8, '建国'), (9, '小燕'), (10, '德'), (11, '桂兰'), (12, '永'), (13, '晓峰'), (14, '金花'), (15, '亚弟'), (16, '国良'),
  (17, '美玲'), (18, '成'), (19, '雪梅');
CREATE TEMP TABLE nc AS WITH RECURSIVE n(x) AS (
  SELECT 1 WHERE (SELECT COUNT(*) FROM people WHERE cadre_role IS NOT NULL AND division LIKE @COUNTY@ || '%') < @CADRES@
  UNION ALL SELECT x + 1 FROM n
  WHERE x < @CADRES@ - (SELECT COUNT(*) FROM people WHERE cadre_role IS NOT NULL AND division LIKE @COUNTY@ || '%'))
SELECT x, abs(random()) AS r FROM n;
INSERT INTO people (name, sex, division, unit_id, org_id, political_status, cadre_role, position, created_at, updated_at)
SELECT sur.s || giv.s, CASE WHEN nc.r % 5 < 3 THEN 'M' ELSE 'F' END, @COUNTY@, u.unit_id, u.org_id, 'member',
  'assistance_cadre', u.position, k.now, k.now
FROM nc JOIN u ON u.i = nc.r % (SELECT COUNT(*) FROM u) JOIN sur ON sur.i = nc.r / 7 % 16
  JOIN giv ON giv.i = nc.r / 131 % 20, k ORDER BY nc.x;
-- each new cadre an extra helper of two registered or monitored households (the 挂包帮 pattern)
CREATE TEMP TABLE np AS SELECT row_number() OVER (ORDER BY id) - 1 AS i, id FROM people WHERE id > (SELECT last_person FROM k);
CREATE TEMP TABLE hh AS SELECT row_number() OVER (ORDER BY h.id) - 1 AS i, h.id, h.division FROM households h
  WHERE (h.status IN ('poor', 'exited_enjoying', 'exited', 'relapsed') OR h.monitor_category IS NOT NULL)
  AND h.division LIKE @COUNTY@ || '%';
INSERT INTO pairings (kind, division, person_id, household_id, start_on, created_at, updated_at)
SELECT 'cadre_household', hh.division, np.id, hh.id, date(k.today, '-' || ((np.id * 7 + j.j * 13) % 700 + 1) || ' days'),
  k.now, k.now
FROM np, (SELECT 0 AS j UNION ALL SELECT 1) j, k
JOIN hh ON hh.i = (np.i * 2 + j.j) * 7919 % (SELECT COUNT(*) FROM hh)
ORDER BY np.id, j.j;
-- ---- visits up to @VISITS@ in the county over the last year ----
-- the current helpers' pairings (帮扶责任人, 1+X), every household, the village cadres, the guides
CREATE TEMP TABLE cp AS SELECT row_number() OVER (ORDER BY p.id) - 1 AS i, p.person_id, p.household_id, h.division,
  p.start_on FROM pairings p JOIN households h ON h.id = p.household_id, k
  WHERE p.kind IN ('cadre_household', 'member_household') AND p.start_on <= k.today AND p.end_on IS NULL
  AND h.status <> 'removed' AND h.division LIKE @COUNTY@ || '%';
CREATE TEMP TABLE ha AS SELECT row_number() OVER (ORDER BY id) - 1 AS i, id, division FROM households
  WHERE status <> 'removed' AND division LIKE @COUNTY@ || '%';
CREATE TEMP TABLE vc AS SELECT division AS village, row_number() OVER (PARTITION BY division ORDER BY id) - 1 AS i, id
  FROM people WHERE length(division) = 12 AND division LIKE @COUNTY@ || '%'
  AND cadre_role IN ('village_secretary', 'village_director', 'village_cadre', 'first_secretary', 'resident_team',
    'graduate_official');
CREATE INDEX vc_village ON vc(village, i);
CREATE TEMP TABLE vcn AS SELECT village, COUNT(*) AS n FROM vc GROUP BY village;
CREATE TEMP TABLE gd AS SELECT row_number() OVER (ORDER BY p.id) - 1 AS i, p.person_id, p.target, p.start_on
  FROM pairings p, k WHERE p.kind = 'cadre_village' AND p.start_on <= k.today AND p.end_on IS NULL
  AND p.target LIKE @COUNTY@ || '%';
CREATE TEMP TABLE nk AS SELECT (SELECT COUNT(*) FROM cp) AS ncp, (SELECT COUNT(*) FROM ha) AS nha,
  (SELECT COUNT(*) FROM gd) AS ngd;
CREATE TEMP TABLE g AS WITH RECURSIVE n(x) AS (
  SELECT 1 WHERE (SELECT COUNT(*) FROM visits WHERE division LIKE @COUNTY@ || '%') < @VISITS@
  UNION ALL SELECT x + 1 FROM n WHERE x < @VISITS@ - (SELECT COUNT(*) FROM visits WHERE division LIKE @COUNTY@ || '%'))
SELECT x, abs(random()) % 100 AS w, abs(random()) AS r2, abs(random()) AS r3, abs(random()) AS r4 FROM n;
-- 60 %: a helper visits one of its households (not before the pairing began)
CREATE TEMP TABLE nv AS
SELECT cp.division, cp.person_id, cp.household_id,
  max(cp.start_on, date(k.today, '-' || (g.r3 % 365) || ' days')) AS visited_on, g.r3, g.r4
FROM g JOIN nk JOIN cp ON cp.i = g.r2 % nk.ncp, k WHERE g.w < 60;
-- 35 %: a cadre of the household's village visits it (户户走到)
INSERT INTO nv
SELECT ha.division, vc.id, ha.id, date(k.today, '-' || (g.r3 % 365) || ' days'), g.r3, g.r4
FROM g JOIN nk JOIN ha ON ha.i = g.r2 % nk.nha JOIN vcn ON vcn.village = substr(ha.division, 1, 12)
  JOIN vc ON vc.village = vcn.village AND vc.i = g.r4 % vcn.n, k WHERE g.w >= 60 AND g.w < 95;
INSERT INTO visits (division, person_id, household_id, visited_on, kind, purpose, checklist, findings, satisfaction,
  created_at, updated_at)
SELECT x.division, x.person_id, x.household_id, x.visited_on,
  CASE WHEN x.r4 % 20 < 17 THEN 'home' WHEN x.r4 % 20 < 19 THEN 'phone' ELSE 'gathering' END,
  CASE x.r3 / 512 % 8 WHEN 0 THEN '了解两不愁三保障情况' WHEN 1 THEN '宣讲帮扶政策' WHEN 2 THEN '核实家庭收入'
    WHEN 3 THEN '落实产业帮扶措施' WHEN 4 THEN '走访慰问' WHEN 5 THEN '防返贫监测回访' WHEN 6 THEN '协助办理医保报销'
    ELSE '就业务工对接' END,
  '看房、看粮、看收入、看劳力、看帮扶',
  CASE x.r4 / 64 % 8 WHEN 0 THEN '家中生活稳定，收入来源正常' WHEN 1 THEN '孩子在校就读，享受教育资助'
    WHEN 2 THEN '住房安全，饮水达标' WHEN 3 THEN '家庭成员务工收入稳定' WHEN 4 THEN '需协调产业奖补资金'
    WHEN 5 THEN '老人慢性病需跟进签约医生服务' WHEN 6 THEN '反映村道路灯损坏' ELSE '养殖规模扩大，需技术指导' END,
  CASE WHEN x.r3 / 8192 % 100 < 95 THEN 'satisfied' WHEN x.r3 / 8192 % 100 < 99 THEN 'basic' ELSE 'unsatisfied' END,
  CAST(strftime('%s', x.visited_on) AS INTEGER) + 7 * 3600, CAST(strftime('%s', x.visited_on) AS INTEGER) + 7 * 3600
FROM nv x ORDER BY x.visited_on;
-- 5 %: a guiding cadre's patrol of its village
INSERT INTO visits (division, person_id, visited_on, kind, purpose, findings, created_at, updated_at)
SELECT gd.target, gd.person_id, max(gd.start_on, date(k.today, '-' || (g.r3 % 365) || ' days')) AS day, 'patrol',
  '挂点指导，督导帮扶工作', '召开村两委会议，走访农户，研究解决村里问题',
  CAST(strftime('%s', max(gd.start_on, date(k.today, '-' || (g.r3 % 365) || ' days'))) AS INTEGER) + 8 * 3600,
  CAST(strftime('%s', max(gd.start_on, date(k.today, '-' || (g.r3 % 365) || ' days'))) AS INTEGER) + 8 * 3600
FROM g JOIN nk JOIN gd ON gd.i = g.r2 % nk.ngd, k WHERE g.w >= 95 ORDER BY day;
COMMIT;
ANALYZE;
PRAGMA wal_checkpoint(TRUNCATE);
SQL
}
pg_load() {
	cat <<'SQL'
SET jit = off;
BEGIN;
-- the build day in China and now
CREATE TEMP TABLE k AS SELECT to_char((now() AT TIME ZONE 'Asia/Shanghai')::date, 'YYYY-MM-DD') AS today,
  CAST(extract(epoch FROM now()) AS BIGINT) AS now, (SELECT MAX(id) FROM people) AS last_person;
-- ---- cadres: the county's units' 帮扶责任人 up to @CADRES@ cadres in the county ----
CREATE TEMP TABLE u AS SELECT row_number() OVER (ORDER BY unit_id) - 1 AS i, unit_id, MIN(org_id) AS org_id,
  MIN(position) AS position FROM people WHERE cadre_role = 'assistance_cadre' AND division = @COUNTY@ GROUP BY unit_id;
ANALYZE u;
CREATE TEMP TABLE sur (i INTEGER, s TEXT);
INSERT INTO sur VALUES (0, '王'), (1, '李'), (2, '陈'), (3, '黄'), (4, '符'), (5, '吴'), (6, '林'), (7, '张'), (8, '王'),
  (9, '刘'), (10, '杨'), (11, '周'), (12, '何'), (13, '郑'), (14, '钟'), (15, '邓');
CREATE TEMP TABLE giv (i INTEGER, s TEXT);
INSERT INTO giv VALUES (0, '海'), (1, '明华'), (2, '秀英'), (3, '亚妹'), (4, '志强'), (5, '丽'), (6, '文'), (7, '春花'),
  (8, '建国'), (9, '小燕'), (10, '德'), (11, '桂兰'), (12, '永'), (13, '晓峰'), (14, '金花'), (15, '亚弟'), (16, '国良'),
  (17, '美玲'), (18, '成'), (19, '雪梅');
-- random(): a double in [0, 1) here, scaled to 48 bits (SQLite's abs(random()) is 63)
CREATE TEMP TABLE nc AS SELECT x, CAST(floor(random() * 281474976710656) AS BIGINT) AS r
FROM generate_series(1, GREATEST(0, @CADRES@ - (SELECT COUNT(*) FROM people WHERE cadre_role IS NOT NULL
  AND division LIKE @COUNTY@ || '%'))) x;
INSERT INTO people (name, sex, division, unit_id, org_id, political_status, cadre_role, position, created_at, updated_at)
SELECT sur.s || giv.s, CASE WHEN nc.r % 5 < 3 THEN 'M' ELSE 'F' END, @COUNTY@, u.unit_id, u.org_id, 'member',
  'assistance_cadre', u.position, k.now, k.now
FROM nc JOIN u ON u.i = nc.r % (SELECT COUNT(*) FROM u) JOIN sur ON sur.i = nc.r / 7 % 16
  JOIN giv ON giv.i = nc.r / 131 % 20 CROSS JOIN k ORDER BY nc.x;
-- each new cadre an extra helper of two registered or monitored households (the 挂包帮 pattern)
CREATE TEMP TABLE np AS SELECT row_number() OVER (ORDER BY id) - 1 AS i, id FROM people WHERE id > (SELECT last_person FROM k);
CREATE TEMP TABLE hh AS SELECT row_number() OVER (ORDER BY h.id) - 1 AS i, h.id, h.division FROM households h
  WHERE (h.status IN ('poor', 'exited_enjoying', 'exited', 'relapsed') OR h.monitor_category IS NOT NULL)
  AND h.division LIKE @COUNTY@ || '%';
ANALYZE np;
ANALYZE hh;
INSERT INTO pairings (kind, division, person_id, household_id, start_on, created_at, updated_at)
SELECT 'cadre_household', hh.division, np.id, hh.id,
  to_char(CAST(k.today AS DATE) - CAST((np.id * 7 + j.j * 13) % 700 + 1 AS INTEGER), 'YYYY-MM-DD'), k.now, k.now
FROM np CROSS JOIN (SELECT 0 AS j UNION ALL SELECT 1) j CROSS JOIN k
JOIN hh ON hh.i = (np.i * 2 + j.j) * 7919 % (SELECT COUNT(*) FROM hh)
ORDER BY np.id, j.j;
-- ---- visits up to @VISITS@ in the county over the last year ----
-- the current helpers' pairings (帮扶责任人, 1+X), every household, the village cadres, the guides
CREATE TEMP TABLE cp AS SELECT row_number() OVER (ORDER BY p.id) - 1 AS i, p.person_id, p.household_id, h.division,
  p.start_on FROM pairings p JOIN households h ON h.id = p.household_id CROSS JOIN k
  WHERE p.kind IN ('cadre_household', 'member_household') AND p.start_on <= k.today AND p.end_on IS NULL
  AND h.status <> 'removed' AND h.division LIKE @COUNTY@ || '%';
CREATE TEMP TABLE ha AS SELECT row_number() OVER (ORDER BY id) - 1 AS i, id, division FROM households
  WHERE status <> 'removed' AND division LIKE @COUNTY@ || '%';
CREATE TEMP TABLE vc AS SELECT division AS village, row_number() OVER (PARTITION BY division ORDER BY id) - 1 AS i, id
  FROM people WHERE length(division) = 12 AND division LIKE @COUNTY@ || '%'
  AND cadre_role IN ('village_secretary', 'village_director', 'village_cadre', 'first_secretary', 'resident_team',
    'graduate_official');
CREATE INDEX vc_village ON vc(village, i);
CREATE TEMP TABLE vcn AS SELECT village, COUNT(*) AS n FROM vc GROUP BY village;
CREATE TEMP TABLE gd AS SELECT row_number() OVER (ORDER BY p.id) - 1 AS i, p.person_id, p.target, p.start_on
  FROM pairings p CROSS JOIN k WHERE p.kind = 'cadre_village' AND p.start_on <= k.today AND p.end_on IS NULL
  AND p.target LIKE @COUNTY@ || '%';
CREATE TEMP TABLE nk AS SELECT (SELECT COUNT(*) FROM cp) AS ncp, (SELECT COUNT(*) FROM ha) AS nha,
  (SELECT COUNT(*) FROM gd) AS ngd;
-- temporary tables have no statistics until analysed: without them the planner joins a million
-- draws to these by nested loops (minutes); with them, by hashes
CREATE INDEX cp_i ON cp(i);
CREATE INDEX ha_i ON ha(i);
CREATE INDEX gd_i ON gd(i);
ANALYZE cp;
ANALYZE ha;
ANALYZE vc;
ANALYZE vcn;
ANALYZE gd;
ANALYZE nk;
CREATE TEMP TABLE g AS SELECT x, CAST(floor(random() * 100) AS BIGINT) AS w,
  CAST(floor(random() * 281474976710656) AS BIGINT) AS r2, CAST(floor(random() * 281474976710656) AS BIGINT) AS r3,
  CAST(floor(random() * 281474976710656) AS BIGINT) AS r4
FROM generate_series(1, GREATEST(0, @VISITS@ - (SELECT COUNT(*) FROM visits WHERE division LIKE @COUNTY@ || '%'))) x;
ANALYZE g;
-- 60 %: a helper visits one of its households (not before the pairing began)
CREATE TEMP TABLE nv AS
SELECT cp.division, cp.person_id, cp.household_id,
  GREATEST(cp.start_on, to_char(CAST(k.today AS DATE) - CAST(g.r3 % 365 AS INTEGER), 'YYYY-MM-DD')) AS visited_on, g.r3, g.r4
FROM g CROSS JOIN nk JOIN cp ON cp.i = g.r2 % nk.ncp CROSS JOIN k WHERE g.w < 60;
-- 35 %: a cadre of the household's village visits it (户户走到)
INSERT INTO nv
SELECT ha.division, vc.id, ha.id, to_char(CAST(k.today AS DATE) - CAST(g.r3 % 365 AS INTEGER), 'YYYY-MM-DD'), g.r3, g.r4
FROM g CROSS JOIN nk JOIN ha ON ha.i = g.r2 % nk.nha JOIN vcn ON vcn.village = substr(ha.division, 1, 12)
  JOIN vc ON vc.village = vcn.village AND vc.i = g.r4 % vcn.n CROSS JOIN k WHERE g.w >= 60 AND g.w < 95;
INSERT INTO visits (division, person_id, household_id, visited_on, kind, purpose, checklist, findings, satisfaction,
  created_at, updated_at)
SELECT x.division, x.person_id, x.household_id, x.visited_on,
  CASE WHEN x.r4 % 20 < 17 THEN 'home' WHEN x.r4 % 20 < 19 THEN 'phone' ELSE 'gathering' END,
  CASE x.r3 / 512 % 8 WHEN 0 THEN '了解两不愁三保障情况' WHEN 1 THEN '宣讲帮扶政策' WHEN 2 THEN '核实家庭收入'
    WHEN 3 THEN '落实产业帮扶措施' WHEN 4 THEN '走访慰问' WHEN 5 THEN '防返贫监测回访' WHEN 6 THEN '协助办理医保报销'
    ELSE '就业务工对接' END,
  '看房、看粮、看收入、看劳力、看帮扶',
  CASE x.r4 / 64 % 8 WHEN 0 THEN '家中生活稳定，收入来源正常' WHEN 1 THEN '孩子在校就读，享受教育资助'
    WHEN 2 THEN '住房安全，饮水达标' WHEN 3 THEN '家庭成员务工收入稳定' WHEN 4 THEN '需协调产业奖补资金'
    WHEN 5 THEN '老人慢性病需跟进签约医生服务' WHEN 6 THEN '反映村道路灯损坏' ELSE '养殖规模扩大，需技术指导' END,
  CASE WHEN x.r3 / 8192 % 100 < 95 THEN 'satisfied' WHEN x.r3 / 8192 % 100 < 99 THEN 'basic' ELSE 'unsatisfied' END,
  CAST(extract(epoch FROM CAST(x.visited_on AS DATE)) AS BIGINT) + 7 * 3600,
  CAST(extract(epoch FROM CAST(x.visited_on AS DATE)) AS BIGINT) + 7 * 3600
FROM nv x ORDER BY x.visited_on;
-- 5 %: a guiding cadre's patrol of its village
INSERT INTO visits (division, person_id, visited_on, kind, purpose, findings, created_at, updated_at)
SELECT y.target, y.person_id, y.day, 'patrol', '挂点指导，督导帮扶工作', '召开村两委会议，走访农户，研究解决村里问题',
  CAST(extract(epoch FROM CAST(y.day AS DATE)) AS BIGINT) + 8 * 3600,
  CAST(extract(epoch FROM CAST(y.day AS DATE)) AS BIGINT) + 8 * 3600
FROM (SELECT gd.target, gd.person_id,
  GREATEST(gd.start_on, to_char(CAST(k.today AS DATE) - CAST(g.r3 % 365 AS INTEGER), 'YYYY-MM-DD')) AS day
  FROM g CROSS JOIN nk JOIN gd ON gd.i = g.r2 % nk.ngd CROSS JOIN k WHERE g.w >= 95) y ORDER BY y.day;
COMMIT;
-- The tables the visits' row triggers keep (visit_days, visit_day_months, visit_months, the pairings'
-- last_visit_on, household_last_visits): the demo's and this load's visits, each in one transaction, updated their rows a
-- million times, every update a new row version that page pruning cannot reclaim while its
-- transaction runs (visit_days: 10,430 pages for 54,000 rows); VACUUM frees the dead versions for
-- reuse but keeps the file, and a county's sums then read every page. Visits arriving one per
-- request update those rows in place (HOT, pruned on the page) and autovacuum keeps up, so the
-- tables are rewritten here to the size the application's writes leave.
VACUUM FULL visit_days, visit_day_months, visit_months, pairings, household_last_visits;
VACUUM ANALYZE;
SQL
}
gen=0 load=0
if [ "$loaded" = 0 ]; then
	t0=$(now)
	"${lx[@]}" demo --county "$county" --scale "$scale" --data-dir "$here/data/divisions" \
		>"$dir/gen.out" 2>"$dir/gen.err" || { cat "$dir/gen.err" >&2; exit 1; }
	t1=$(now)
	gen=$(secs "$t0" "$t1")
	subst() { sed -e "s/@CADRES@/$cadres/" -e "s/@VISITS@/$visits/" -e "s/@COUNTY@/'$county'/g"; }
	if [ -n "${BENCH_PG:-}" ]; then
		pg_load | subst >"$dir/load.sql"
		psql -X -q -v ON_ERROR_STOP=1 -d "$dburl" -f "$dir/load.sql" >/dev/null
	else
		sqlite_load | subst >"$dir/load.sql"
		sqlite3 -bail "$db" <"$dir/load.sql" >/dev/null
		if [ -n "${BENCH_KEEP_DB:-}" ]; then cp "$db" "$BENCH_KEEP_DB"; cp "$db.key" "$BENCH_KEEP_DB.key"; fi
	fi
	load=$(secs "$t1" "$(now)")
fi

township=$(q "SELECT parent_code FROM divisions WHERE level = 'village' AND code LIKE '$county%'
	GROUP BY parent_code ORDER BY COUNT(*) DESC, parent_code LIMIT 1")
village=$(q "SELECT substr(division, 1, 12) FROM households WHERE division LIKE '$township%'
	GROUP BY 1 ORDER BY COUNT(*) DESC, 1 LIMIT 1")
# the cadre who submits visits: a helper with the most current households
read -r person pdiv < <(q "SELECT p.person_id, pe.division FROM pairings p JOIN people pe ON pe.id = p.person_id
	WHERE p.kind = 'cadre_household' AND p.end_on IS NULL GROUP BY p.person_id, pe.division
	ORDER BY COUNT(*) DESC, p.person_id LIMIT 1" |
	tr '|' ' ')
for u in "county county $county" "cadre cadre $pdiv"; do
	read -r name role div <<<"$u"
	[ -z "$(q "SELECT id FROM users WHERE username = '$name'")" ] || continue # a kept cluster has them
	"${lx[@]}" user add --username "$name" --role "$role" --division "$div" \
		--password-stdin <<<"Bench-Pass-2026" >/dev/null
done
# PostgreSQL: what autovacuum does after a load or a migration's fill (statistics, the visibility map
# for index-only scans), done now so that the timings do not depend on when it comes round
if [ -n "${BENCH_PG:-}" ]; then q "VACUUM ANALYZE" >/dev/null; fi
# the dashboards' warm-up off: the cold reads below are the computation's, with no pass beside them
"${lx[@]}" --listen 127.0.0.1:0 --rate-limit-per-minute 1000000 --access-log 0 --stats-warmup off serve \
	>"$dir/serve.out" 2>"$dir/serve.log" &
pid=$!
for _ in $(seq 200); do grep -q 'serving http' "$dir/serve.out" 2>/dev/null && break; sleep 0.1; done
url=$(grep -o 'http://127.0.0.1:[0-9]*' "$dir/serve.out" | head -n 1)
login() {
	curl -s -X POST "$url/api/v1/auth/login" -H 'Content-Type: application/json' \
		-d "{\"username\":\"$1\",\"password\":\"Bench-Pass-2026\"}" | sed -n 's/.*"token":"\([0-9a-f]*\)".*/\1/p'
}
tc=$(login county)
[ -n "$tc" ] || { echo "bench-pairings: login failed" >&2; exit 1; }
uid=$(q "SELECT id FROM users WHERE username = 'cadre'")
code=$(curl -s -o "$dir/body.json" -w '%{http_code}' -H "Authorization: Bearer $tc" -H 'Content-Type: application/json' \
	-X POST "$url/api/v1/cadre-accounts" -d "{\"user_id\":$uid,\"person_id\":$person}")
[ "$code" = 201 ] || [ "$code" = 200 ] || [ "$code" = 409 ] || { echo "bench-pairings: cadre account: $code $(cat "$dir/body.json")" >&2; exit 1; }
tk=$(login cadre)
[ -n "$tk" ] || { echo "bench-pairings: cadre login failed" >&2; exit 1; }

# the server's CPU seconds (user + system); on PostgreSQL with the backends serving the bench's
# database (and those the postmaster has reaped: its children's times)
cpu() {
	local stats
	stats=$(cat "/proc/$pid/stat")
	if [ -n "$pgdata" ]; then
		local pm c
		pm=$(head -n 1 "$pgdata/postmaster.pid")
		stats+=$'\n'$(awk '{ print $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $16, $17 }' "/proc/$pm/stat")
		for c in $(pgrep -P "$pm"); do
			if tr '\0' ' ' <"/proc/$c/cmdline" 2>/dev/null | grep -q lianxin_bench; then
				stats+=$'\n'$(cat "/proc/$c/stat" 2>/dev/null)
			fi
		done
	fi
	awk -v t="$(getconf CLK_TCK)" 'NF >= 15 { s += $14 + $15 } END { printf "%.3f\n", s / t }' <<<"$stats"
}
# BENCH_SAMPLES sequential GETs after one warm-up -> "p50 p99 cpu-ms-per-call total" (ms)
timed() {
	local path=$1 f=$dir/times c0 c1
	curl -s -o "$dir/body.json" -H "Authorization: Bearer $tc" "$url$path"
	: >"$f"
	c0=$(cpu)
	for _ in $(seq "$samples"); do
		curl -s -o "$dir/body.json" -w '%{http_code} %{time_total}\n' -H "Authorization: Bearer $tc" "$url$path" >>"$f"
	done
	c1=$(cpu)
	if awk '$1 != 200 { bad = 1 } END { exit !bad }' "$f"; then
		echo "bench-pairings: non-200 for $path" >&2
		head -c 300 "$dir/body.json" >&2
		exit 1
	fi
	local n
	n=$(jq -r 'if .total != null then .total elif .households != null then "\(.reached)/\(.households)"
		else ([.rules[] | .gaps_total // 0] | add) end' "$dir/body.json")
	awk '{ print $2 * 1000 }' "$f" | sort -n | awk -v n="$n" -v c="$(echo "($c1 - $c0) * 1000 / $samples" | bc -l)" \
		'{ v[NR] = $1 } END { i50 = int((NR + 1) / 2); i99 = int(NR * 0.99 + 0.999); if (i99 < 1) i99 = 1
		printf "%.1f %.1f %.1f %s\n", v[i50], v[i99], c, n }'
}
today=$(date -u -d '+8 hours' +%Y-%m-%d)
month=$(date -u -d "$today -29 days" +%Y-%m-%d)
year=$(date -u -d "$today -364 days" +%Y-%m-%d)
calls=(
	"coverage, county|/api/v1/coverage?division=$county"
	"coverage, township $township|/api/v1/coverage?division=$township"
	"coverage, village $village|/api/v1/coverage?division=$village"
	"visits/coverage, county, 30 days|/api/v1/visits/coverage?division=$county&from=$month&to=$today"
	"visits/coverage, county, a year|/api/v1/visits/coverage?division=$county&from=$year&to=$today"
	"visits/coverage, township, a year|/api/v1/visits/coverage?division=$township&from=$year&to=$today"
	"visits/overdue, county|/api/v1/visits/overdue?division=$county"
	"visits/overdue, township|/api/v1/visits/overdue?division=$township"
	"visits/overdue?by=helper, county|/api/v1/visits/overdue?division=$county&by=helper"
	"visits/overdue?by=helper, township|/api/v1/visits/overdue?division=$township&by=helper"
)
load_avg() { cut -d' ' -f1-3 /proc/loadavg; }
echo "lianxin pairings benchmark ($store) on $(nproc) cores, $(date -u '+%Y-%m-%d %H:%M') UTC, load average $(load_avg)"
echo "database: demo --county $county --scale $scale (${gen} s) + bulk SQL (${load} s), $(($(dbsize) / 1048576)) MiB:" \
	"$(q "SELECT COUNT(*) FROM households WHERE division LIKE '$county%'") households," \
	"$(q "SELECT COUNT(*) FROM people WHERE cadre_role IS NOT NULL AND division LIKE '$county%'") cadres," \
	"$(q "SELECT COUNT(*) FROM pairings WHERE end_on IS NULL") current pairings" \
	"($(q "SELECT COUNT(*) FROM pairings WHERE kind = 'cadre_household' AND end_on IS NULL") 帮扶责任人)," \
	"$(q "SELECT COUNT(*) FROM visits WHERE division LIKE '$county%'") visits" \
	"($(q "SELECT MIN(visited_on) || ' to ' || MAX(visited_on) FROM visits"))"
printf '\n%-52s %8s %8s %8s %14s\n' "GET (curl, $samples sequential after a warm-up)" "p50 ms" "p99 ms" "CPU ms" "total/gaps"
for c in "${calls[@]}"; do
	read -r a b cms n < <(timed "${c#*|}")
	printf '%-52s %8s %8s %8s %14s\n' "${c%%|*}" "$a" "$b" "$cms" "$n"
done

# visit submissions: the cadre records visits of its households today, each with its own client_key
households=$(q "SELECT household_id FROM pairings WHERE person_id = $person AND kind = 'cadre_household' AND end_on IS NULL
	AND start_on <= '$today'" | tr '\n' ' ')

# the county's /coverage and /stats cold (the node memo emptied: a day's first read) and the first
# read after each of BENCH_AFTER visits (a cadre's home visit): the server's CPU ms of that one read
one_cpu() {
	local c0 c1
	c0=$(cpu)
	curl -s -o "$dir/body.json" -H "Authorization: Bearer $tc" "$url$1"
	c1=$(cpu)
	echo "($c1 - $c0) * 1000" | bc -l | xargs printf '%.0f'
}
after=${BENCH_AFTER:-5}
read -r -a hh_list <<<"$households"
printf '\n%-52s %8s %20s\n' "GET (one call each), server CPU ms" "cold" "after a visit (each)"
for c in "coverage, county|/api/v1/coverage?division=$county" "stats, county|/api/v1/stats?division=$county&period=${today%%-*}"; do
	q "DELETE FROM stats_memo" >/dev/null
	cold=$(one_cpu "${c#*|}")
	each=
	for i in $(seq "$after"); do
		curl -s -o /dev/null -H "Authorization: Bearer $tk" -H 'Content-Type: application/json' -X POST "$url/api/v1/visits" \
			-d "{\"household_id\":${hh_list[$((i % ${#hh_list[@]}))]},\"visited_on\":\"$today\",\"kind\":\"home\",\"purpose\":\"走访慰问\",\"client_key\":\"cold-$$-${c%%,*}-$i\"}"
		each+="$(one_cpu "${c#*|}") "
	done
	printf '%-52s %8s %20s\n' "${c%%|*}" "$cold" "$each"
done
# the keys carry the run's time: a kept cluster's later runs store their visits, not replays
run=$(date +%s)
cat >"$dir/post.lua" <<LUA
local households = {}
for h in string.gmatch("$households", "%d+") do households[#households + 1] = h end
local threads = 0
function setup(thread)
	threads = threads + 1
	thread:set("tid", threads)
end
local n = 0
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer $tk"
request = function()
	n = n + 1
	local body = string.format('{"household_id":%s,"visited_on":"$today","kind":"home","purpose":"走访慰问",'
		.. '"checklist":"看房、看粮、看收入、看劳力、看帮扶","findings":"家中生活稳定，收入来源正常",'
		.. '"satisfaction":"satisfied","client_key":"bench-$run-%d-%d"}', households[n % #households + 1], tid, n)
	return wrk.format(nil, nil, nil, body)
end
LUA
before=$(q "SELECT COUNT(*) FROM visits")
c0=$(cpu)
out=$(wrk -t"$threads" -c"$conns" -d"${duration}s" --latency -s "$dir/post.lua" "$url/api/v1/visits" 2>&1)
c1=$(cpu)
if grep -q 'Non-2xx' <<<"$out"; then
	echo "bench-pairings: non-2xx responses for POST /visits" >&2
	echo "$out" >&2
	exit 1
fi
after=$(q "SELECT COUNT(*) FROM visits")
rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
p50=$(awk '$1 == "50%" {print $2}' <<<"$out")
p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
printf '\n%-52s %8s %8s %8s %14s\n' "POST /api/v1/visits, wrk -t$threads -c$conns -d${duration}s" "req/s" "p50" "p99" "CPU ms/visit"
printf '%-52s %8s %8s %8s %14s\n' "a cadre's home visits ($((after - before)) stored)" "$rps" "$p50" "$p99" \
	"$(echo "($c1 - $c0) * 1000 / ($after - $before)" | bc -l | xargs printf '%.2f')"
echo
echo "load average after: $(load_avg); target: every GET p99 < 100 ms"

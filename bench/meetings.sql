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

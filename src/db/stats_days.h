/*
 * stats_days.h - the SQL of the day summaries of notices, trainings and
 * attendance (migration 47) and of monitoring (migration 50), rebuilt by
 * modules/stats/bulk.c after a bulk load: defined once for the migration
 * that fills them and the rebuild.
 *
 * Each row counts what lies in one division (len 0: the record's own
 * division, by China day: the day number of a Unix time + 8 h) or under one
 * county or township (len 6, 9: by month, -YYYYMM, as request_figures keeps
 * its month rows), one level per row of stats_levels.  MON is the backend's
 * month of a day number (STATS_MONTH_SQLITE, STATS_MONTH_PG).
 *
 * Also the fill of household_last_visits (migration 51: each household's last
 * visit and last home visit), which the rebuild fills the same way.
 */
#ifndef LIANXIN_DB_STATS_DAYS_H
#define LIANXIN_DB_STATS_DAYS_H

#define STATS_MONTH_SQLITE(D) "-CAST(strftime('%Y%m', (" D ") * 86400, 'unixepoch') AS INTEGER)"
#define STATS_MONTH_PG(D) "-CAST(to_char(DATE '1970-01-01' + CAST(" D " AS INTEGER), 'YYYYMM') AS BIGINT)"
/* the key of a Unix time T at the level of l.len */
#define STATS_DAY_KEY(T, MON) "CASE WHEN l.len = 0 THEN (" T " + 28800) / 86400 ELSE " MON("(" T " + 28800) / 86400") " END"
/* the division at the level of l.len of R's division */
#define STATS_DAY_AT(R) "CASE WHEN l.len = 0 THEN " R ".division ELSE substr(" R ".division, 1, l.len) END"
/* a notice's kind, and whether its receipt R is done: a notice read, a task reported */
#define STATS_NOTICE_KIND(N) "CASE WHEN " N ".is_task = 1 THEN 'tasks' ELSE 'notices' END"
#define STATS_NOTICE_DONE(N, R)                                                                             \
	"CASE WHEN (" N ".is_task = 1 AND " R ".reported_at IS NOT NULL) OR (" N ".is_task = 0 AND " R         \
	".read_at IS NOT NULL) THEN 1 ELSE 0 END"

#define STATS_DAYS_TABLES                                                                                   \
	"CREATE TABLE stats_notices (len BIGINT NOT NULL, division @CODE@ NOT NULL, kind TEXT NOT NULL,"      \
	" day BIGINT NOT NULL, receipts BIGINT NOT NULL, done BIGINT NOT NULL, PRIMARY KEY (len, division, kind, day));" \
	"CREATE TABLE stats_trainings (len BIGINT NOT NULL, division @CODE@ NOT NULL, kind TEXT NOT NULL,"    \
	" day BIGINT NOT NULL, sessions BIGINT NOT NULL, minutes BIGINT NOT NULL,"                             \
	" PRIMARY KEY (len, division, kind, day));"                                                             \
	"CREATE TABLE stats_attendance (len BIGINT NOT NULL, division @CODE@ NOT NULL, kind TEXT NOT NULL,"   \
	" day BIGINT NOT NULL, attendees BIGINT NOT NULL, PRIMARY KEY (len, division, kind, day));"

/* The rows from the records (the tables empty), one statement per table, inserted in (len,
 * division) order: a node reads its children's rows of one len, which then lie on a few pages
 * (PostgreSQL's heap keeps the insert order; a hash aggregate's order had scattered a province's
 * 4,041 stats_hh rows over 2,956 pages: 15 ms to read them, 2.5 ms in order). */
#define STATS_IN_ORDER " ORDER BY 1, 2"
#define STATS_FILL_NOTICES(MON)                                                                             \
	"INSERT INTO stats_notices (len, division, kind, day, receipts, done)"                                 \
	" SELECT l.len, " STATS_DAY_AT("r") ", " STATS_NOTICE_KIND("n") ", " STATS_DAY_KEY("n.created_at", MON) "," \
	" COUNT(*), SUM(" STATS_NOTICE_DONE("n", "r") ") FROM notice_receipts r JOIN notices n ON n.id = r.notice_id" \
	" JOIN stats_levels l ON l.len <= length(r.division) GROUP BY 1, 2, 3, 4" STATS_IN_ORDER
#define STATS_FILL_TRAININGS(MON)                                                                           \
	"INSERT INTO stats_trainings (len, division, kind, day, sessions, minutes)"                            \
	" SELECT l.len, " STATS_DAY_AT("t") ", t.kind, " STATS_DAY_KEY("t.starts_at", MON) ", COUNT(*),"        \
	" SUM(COALESCE(t.minutes, 0)) FROM trainings t JOIN stats_levels l ON l.len <= length(t.division)"      \
	" GROUP BY 1, 2, 3, 4" STATS_IN_ORDER
#define STATS_FILL_ATTENDANCE(MON)                                                                          \
	"INSERT INTO stats_attendance (len, division, kind, day, attendees)"                                   \
	" SELECT l.len, " STATS_DAY_AT("a") ", t.kind, " STATS_DAY_KEY("t.starts_at", MON) ", COUNT(*)"         \
	" FROM training_attendees a JOIN trainings t ON t.id = a.training_id"                                  \
	" JOIN stats_levels l ON l.len <= length(a.division) GROUP BY 1, 2, 3, 4" STATS_IN_ORDER

/* Monitoring (migration 50): a case counts +1 in its division on its first day (started_on)
 * and -1 on the day its risk was eliminated, so the sum of its rows up to a day D is what is
 * open on D (started on or before D, not eliminated by D: the records' P_OPEN_AT).  A case
 * eliminated on or before its first day was never open: no row.  Rows of a record's own
 * division (len 0) are by day (YYYY-MM-DD), every other level's by month (YYYY-MM).  E is
 * a query of (division, category, started_on, eliminated_on, d): each case with its sign. */
#define STATS_MON_KEY(D) "CASE WHEN l.len = 0 THEN " D " ELSE substr(" D ", 1, 7) END"
#define STATS_MON_EVENTS(E)                                                                                 \
	"SELECT x.division, x.category, x.started_on AS day, x.d FROM (" E ") x"                            \
	" WHERE x.eliminated_on IS NULL OR x.eliminated_on > x.started_on"                                   \
	" UNION ALL SELECT x.division, x.category, x.eliminated_on, -x.d FROM (" E ") x"                    \
	" WHERE x.eliminated_on > x.started_on"
/* the rows of the cases E into TABLE (stats_monitoring, or its log on PostgreSQL), without upsert */
#define STATS_MON_ROWS(TABLE, E)                                                                            \
	"INSERT INTO " TABLE " (len, division, category, day, cases) SELECT l.len, " STATS_DAY_AT("e") ","    \
	" e.category, " STATS_MON_KEY("e.day") ", SUM(e.d) FROM (" STATS_MON_EVENTS(E) ") e"                  \
	" JOIN stats_levels l ON l.len <= length(e.division) GROUP BY 1, 2, 3, 4 HAVING SUM(e.d) <> 0"
#define STATS_MON_COLS "division, category, started_on, eliminated_on"
#define STATS_FILL_MONITORING                                                                               \
	STATS_MON_ROWS("stats_monitoring", "SELECT " STATS_MON_COLS ", 1 AS d FROM monitoring") STATS_IN_ORDER
/* each household's last visit (any kind) and last home visit, from the visits */
#define HLV_FILL                                                                                            \
	"INSERT INTO household_last_visits (household_id, last_on, last_home_on) SELECT household_id,"         \
	" MAX(visited_on), MAX(CASE WHEN kind = 'home' THEN visited_on END) FROM visits"                       \
	" WHERE household_id IS NOT NULL GROUP BY household_id"

#endif

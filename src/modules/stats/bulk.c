/*
 * bulk.c - a bulk load without the summaries' per-statement work (see
 * stats.h): the triggers of the stats summaries and of the node memo are
 * set aside inside the loading transaction, and at its end the summaries
 * are rebuilt from the records, one grouped statement per table, so they
 * are what the triggers would have left (rows of zero aside, which every
 * reader sums away).  PostgreSQL disables the triggers (ALTER TABLE ...
 * DISABLE TRIGGER, by name); SQLite drops them and creates them again from
 * their own text.  Both are transactional: a rolled-back load keeps them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/log.h"
#include "db/db.h"
#include "db/stats_days.h"
#include "modules/stats/stats.h"

#define AT(R) "CASE WHEN l.len = 0 THEN " R ".division ELSE substr(" R ".division, 1, l.len) END"
#define BAND(R)                                                                                             \
	"CASE WHEN " R ".per_capita < 4000 THEN 'a_lt4000' WHEN " R ".per_capita < 6000 THEN 'b_4000_6000'" \
	" WHEN " R ".per_capita < 10000 THEN 'c_6000_10000' WHEN " R ".per_capita < 20000 THEN 'd_10000_20000'" \
	" ELSE 'e_ge20000' END"
/* help by day in a record's own division (len 0), by month above it (migration 38) */
#define ON(R) "CASE WHEN l.len = 0 THEN COALESCE(" R ".given_on, '') ELSE substr(COALESCE(" R ".given_on, ''), 1, 7) END"

/* The summaries from the records, as the migrations that made them fill them. */
static const char *const rebuild_common[] = {
	"DELETE FROM stats_hh",
	"DELETE FROM stats_income",
	"DELETE FROM stats_help",
	"DELETE FROM stats_notices",
	"DELETE FROM stats_trainings",
	"DELETE FROM stats_attendance",
	"DELETE FROM stats_monitoring",
	"DELETE FROM stats_memo",
	/* each household's last visit and last home visit (migration 51) */
	"DELETE FROM household_last_visits",
	HLV_FILL,
	"INSERT INTO stats_hh (len, division, status, identified_year, exited_year, main_cause, households, people)"
	" SELECT l.len, " AT("h") ", h.status, COALESCE(h.identified_year, 0), COALESCE(h.exited_year, 0),"
	" COALESCE(h.main_cause, ''), COUNT(*), SUM(COALESCE(mc.n, 0))"
	" FROM households h JOIN stats_levels l ON l.len <= length(h.division)"
	" LEFT JOIN (SELECT household_id, COUNT(*) AS n FROM members GROUP BY household_id) mc ON mc.household_id = h.id"
	" GROUP BY 1, 2, 3, 4, 5, 6" STATS_IN_ORDER,
	"INSERT INTO stats_income (len, division, year, band, households, per_capita)"
	" SELECT l.len, " AT("h") ", i.year, " BAND("i") ", COUNT(*), SUM(i.per_capita)"
	" FROM household_incomes i JOIN households h ON h.id = i.household_id JOIN stats_levels l ON l.len <= length(h.division)"
	" GROUP BY 1, 2, 3, 4" STATS_IN_ORDER,
	"INSERT INTO stats_help (len, division, type, given_on, measures, amount)"
	" SELECT l.len, " AT("m") ", m.type, " ON("m") ", COUNT(*), SUM(COALESCE(m.amount, 0))"
	" FROM measures m JOIN stats_levels l ON l.len <= length(m.division) GROUP BY 1, 2, 3, 4" STATS_IN_ORDER,
	/* monitoring: +1 on a case's first day, -1 on its elimination (migration 50) */
	STATS_FILL_MONITORING,
};
static const char *const rebuild_sqlite[] = {
	/* notices, trainings and attendance by day and month (migration 47) */
	STATS_FILL_NOTICES(STATS_MONTH_SQLITE),
	STATS_FILL_TRAININGS(STATS_MONTH_SQLITE),
	STATS_FILL_ATTENDANCE(STATS_MONTH_SQLITE),
	"DELETE FROM stats_hh_people",
	"INSERT INTO stats_hh_people (household_id, people) SELECT household_id, COUNT(*) FROM members GROUP BY household_id",
	"DELETE FROM stats_memo_people",
	"INSERT INTO stats_memo_people (person_id, division) SELECT id, division FROM people",
	"UPDATE stats_memo_gen SET n = n + 1",
};
static const char *const rebuild_pg[] = {
	"DELETE FROM stats_hh_log",
	"DELETE FROM stats_income_log",
	"DELETE FROM stats_help_log",
	"DELETE FROM stats_notices_log",
	"DELETE FROM stats_trainings_log",
	"DELETE FROM stats_attendance_log",
	"DELETE FROM stats_monitoring_log",
	STATS_FILL_NOTICES(STATS_MONTH_PG),
	STATS_FILL_TRAININGS(STATS_MONTH_PG),
	STATS_FILL_ATTENDANCE(STATS_MONTH_PG),
	"SELECT nextval('stats_memo_seq')",
};
#define N(a) (int)(sizeof(a) / sizeof(a[0]))

static void bulk_free(struct stats_bulk *b)
{
	for (int i = 0; i < b->n; i++) {
		free(b->table[i]);
		free(b->name[i]);
		free(b->sql[i]);
	}
	b->n = 0;
}

static int run_all(struct db *db, const char *const *sql, int n)
{
	int rc = DB_OK;
	for (int i = 0; i < n && rc == DB_OK; i++) {
		struct db_stmt *q = db_query(db, sql[i], NULL);
		int st = q ? db_step(q) : DB_ERROR;
		rc = st == DB_ROW || st == DB_DONE ? DB_OK : DB_ERROR;
		db_finalize(q);
	}
	return rc;
}

/* ALTER TABLE t {DISABLE|ENABLE} TRIGGER name for each trigger set aside. */
static int pg_switch(struct db *db, const struct stats_bulk *b, const char *how)
{
	int rc = DB_OK;
	for (int i = 0; i < b->n && rc == DB_OK; i++) {
		/* the names come from pg_trigger and are ours (stats_...): plain identifiers */
		size_t len = strlen(b->table[i]) + strlen(b->name[i]) + 64;
		char *sql = malloc(len);
		if (sql == NULL)
			return DB_ERROR;
		snprintf(sql, len, "ALTER TABLE %s %s TRIGGER %s", b->table[i], how, b->name[i]);
		rc = db_exec(db, sql, NULL);
		free(sql);
	}
	return rc;
}

int stats_bulk_begin(struct db *db, struct stats_bulk *b)
{
	memset(b, 0, sizeof(*b));
	bool pg = db_backend(db) == DB_POSTGRES;
	struct db_stmt *q = db_query(db, pg ? "SELECT c.relname, t.tgname, '' FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid"
					      " WHERE NOT t.tgisinternal AND t.tgname LIKE 'stats\\_%' ORDER BY 2"
					    : "SELECT tbl_name, name, sql FROM sqlite_master WHERE type = 'trigger'"
					      " AND name LIKE 'stats\\_%' ESCAPE '\\' ORDER BY name", NULL);
	int rc = DB_ERROR;
	while (q && (rc = db_step(q)) == DB_ROW && b->n < STATS_BULK_MAX) {
		b->table[b->n] = strdup(db_column_text(q, 0));
		b->name[b->n] = strdup(db_column_text(q, 1));
		b->sql[b->n] = strdup(db_column_text(q, 2));
		b->n++;
		if (!b->table[b->n - 1] || !b->name[b->n - 1] || !b->sql[b->n - 1])
			rc = DB_ERROR;
	}
	db_finalize(q);
	if (q == NULL || rc != DB_DONE) {
		bulk_free(b);
		return -1;
	}
	rc = DB_OK;
	if (pg)
		rc = pg_switch(db, b, "DISABLE");
	else
		for (int i = 0; i < b->n && rc == DB_OK; i++) {
			size_t len = strlen(b->name[i]) + 32;
			char *sql = malloc(len);
			if (sql == NULL)
				rc = DB_ERROR;
			else {
				snprintf(sql, len, "DROP TRIGGER %s", b->name[i]);
				rc = db_exec(db, sql, NULL);
				free(sql);
			}
		}
	if (rc != DB_OK) {
		log_error("stats bulk: setting the triggers aside: %s", db_errmsg(db));
		bulk_free(b);
		return -1;
	}
	return 0;
}

int stats_bulk_end(struct db *db, struct stats_bulk *b, bool rebuild)
{
	if (!rebuild) {
		bulk_free(b);
		return 0;
	}
	bool pg = db_backend(db) == DB_POSTGRES;
	int rc = run_all(db, rebuild_common, N(rebuild_common));
	if (rc == DB_OK)
		rc = pg ? run_all(db, rebuild_pg, N(rebuild_pg)) : run_all(db, rebuild_sqlite, N(rebuild_sqlite));
	if (rc == DB_OK && pg)
		rc = pg_switch(db, b, "ENABLE");
	for (int i = 0; i < b->n && rc == DB_OK && !pg; i++)
		rc = db_exec(db, b->sql[i], NULL);
	if (rc != DB_OK)
		log_error("stats bulk: rebuilding the summaries: %s", db_errmsg(db));
	bulk_free(b);
	return rc == DB_OK ? 0 : -1;
}

int stats_bulk_settle(struct db *db)
{
	if (db_backend(db) != DB_POSTGRES)
		return 0;
	if (db_exec(db, "VACUUM (ANALYZE)", NULL) != DB_OK) {
		log_error("stats bulk: vacuuming after the load: %s", db_errmsg(db));
		return -1;
	}
	return 0;
}

/*
 * escalation.c - 督办: where an overdue request goes (each organisation
 * type's escalation target, configurable per county) and the sweep that
 * escalates every open request whose deadline has passed, run by a timer
 * thread in the server; a read never changes a request.
 */
#include "modules/requests/requests.h"
#include "modules/requests/requests_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/division.h"
#include "core/log.h"
#include "core/ticker.h"

#define SWEEP_BATCH 200

/* ---- the target ------------------------------------------------------------------ */

/* The first organisation other than org that the query ($1 a division, $2 org) finds, or 0. */
static int64_t first_org(struct db *db, const char *sql, const char *division, int64_t org)
{
	int64_t id = 0;
	if (db_query_int(db, &id, sql, "ti", division, org) != DB_ROW)
		id = 0;
	return id;
}

int requests_escalation_target(struct db *db, int64_t org, int64_t *target)
{
	*target = 0;
	char type[40] = "", division[DIVISION_CODE_MAX + 1] = "";
	struct db_stmt *st = db_query(db, "SELECT type, division FROM orgs WHERE id = $1", "i", org);
	int rc = st ? db_step(st) : DB_ERROR;
	if (rc == DB_ROW) {
		snprintf(type, sizeof(type), "%s", db_column_text(st, 0));
		snprintf(division, sizeof(division), "%s", db_column_text(st, 1));
	}
	db_finalize(st);
	if (rc != DB_ROW)
		return rc == DB_DONE ? DB_OK : rc;
	/* the county's setting for the type: the nearest division above the organisation */
	st = db_query(db, "SELECT target_org_id FROM request_escalation_targets WHERE org_type = $1"
		      " AND substr($2, 1, length(division)) = division ORDER BY length(division) DESC, id LIMIT 1", "tt",
		      type, division);
	rc = st ? db_step(st) : DB_ERROR;
	if (rc == DB_ROW)
		*target = db_column_int(st, 0);
	db_finalize(st);
	if (rc == DB_ERROR)
		return rc;
	if (*target == 0) {
		/* the defaults: a village's organisation -> its township committee; a township's -> the county
		 * committee; a county department -> the county's supervision office (督查), else the county
		 * committee's office, else the county committee; the county committee itself has none */
		size_t len = strlen(division);
		char at[DIVISION_CODE_MAX + 1];
		if (len >= 12) {
			snprintf(at, sizeof(at), "%.9s", division);
			*target = first_org(db, "SELECT id FROM orgs WHERE division = $1 AND type = 'township_committee'"
					    " AND id <> $2 ORDER BY id LIMIT 1", at, org);
		} else if (len == 6 && strcmp(type, "county_committee")) {
			*target = first_org(db, "SELECT id FROM orgs WHERE division = $1 AND name LIKE '%督查%'"
					    " AND id <> $2 ORDER BY id LIMIT 1", division, org);
			if (*target == 0)
				*target = first_org(db, "SELECT id FROM orgs WHERE division = $1 AND name LIKE '%委办公室%'"
						    " AND name NOT LIKE '%常委会%' AND type <> 'county_committee' AND id <> $2 ORDER BY id LIMIT 1",
						    division, org);
		}
		if (*target == 0 && len >= 9) {
			snprintf(at, sizeof(at), "%.6s", division);
			*target = first_org(db, "SELECT id FROM orgs WHERE division = $1 AND type = 'county_committee'"
					    " AND id <> $2 ORDER BY id LIMIT 1", at, org);
		} else if (*target == 0 && len == 6 && strcmp(type, "county_committee"))
			*target = first_org(db, "SELECT id FROM orgs WHERE division = $1 AND type = 'county_committee'"
					    " AND id <> $2 ORDER BY id LIMIT 1", division, org);
	}
	if (*target == org)
		*target = 0;
	return DB_OK;
}

/* ---- the sweep ------------------------------------------------------------------- */

/* The deadline a request passed first (the one it is escalated for) and its note. */
static int64_t passed_deadline(int64_t sign_due, int64_t reply_due, int64_t close_due, bool is_signed, bool replied,
			       const char **note)
{
	int64_t due = close_due;
	*note = "办结逾期，提级督办";
	if (!replied && reply_due < due) {
		due = reply_due;
		*note = "答复逾期，提级督办";
	}
	if (!is_signed && sign_due < due) {
		due = sign_due;
		*note = "签收逾期，提级督办";
	}
	return due;
}

int requests_escalate(struct db *db, int64_t now)
{
	char closed[CLOSED_LIST_MAX], sql[1024];
	request_closed_list(closed);
	int len = snprintf(sql, sizeof(sql),
		"SELECT q.id, q.status, q.org_id, q.sign_due, q.reply_due, q.close_due, q.signed_at, q.replied_at"
		" FROM requests q WHERE q.escalated_org_id IS NULL AND q.escalated_at IS NULL AND q.org_id IS NOT NULL"
		" AND q.status NOT IN %s"
		" AND ((q.signed_at IS NULL AND q.sign_due < $1) OR (q.replied_at IS NULL AND q.reply_due < $1)"
		" OR q.close_due < $1) ORDER BY q.id LIMIT %d", closed, SWEEP_BATCH);
	if (len < 0 || (size_t)len >= sizeof(sql))
		return -1;
	struct db_stmt *st = db_query(db, sql, "i", now);
	if (st == NULL)
		return -1;
	struct { int64_t id, org, due; char status[16]; const char *note; } due[SWEEP_BATCH];
	int n = 0;
	while (n < SWEEP_BATCH && db_step(st) == DB_ROW) {
		due[n].id = db_column_int(st, 0);
		snprintf(due[n].status, sizeof(due[n].status), "%s", db_column_text(st, 1));
		due[n].org = db_column_int(st, 2);
		due[n].due = passed_deadline(db_column_int(st, 3), db_column_int(st, 4), db_column_int(st, 5),
					     !db_column_is_null(st, 6), !db_column_is_null(st, 7), &due[n].note);
		n++;
	}
	db_finalize(st);
	if (n == 0)
		return 0;
	int rc = db_begin(db);
	int done = 0;
	for (int i = 0; i < n && rc == DB_OK; i++) {
		int64_t target = 0;
		rc = requests_escalation_target(db, due[i].org, &target);
		if (rc == DB_OK)
			/* compare-and-set on escalated_at: another process's sweep may have taken it up since the
			 * SELECT (escalated_org_id can't tell: it stays NULL when there is no target) */
			rc = db_exec(db, "UPDATE requests SET escalated_org_id = NULLIF(CAST($1 AS BIGINT), 0), supervised = 1,"
				     " escalated_at = $2, updated_at = $2 WHERE id = $3 AND escalated_at IS NULL", "iii",
				     target, now, due[i].id);
		if (rc == DB_OK && db_changes(db) == 1) {
			done++;
			/* stamped with the deadline that passed, whenever the sweep ran */
			rc = db_exec(db, "INSERT INTO request_steps (request_id, at, actor_name, action, from_status, to_status,"
				     " org_id, note) VALUES ($1, $2, 'system', 'escalate', $3, $3, NULLIF(CAST($4 AS BIGINT), 0), $5)",
				     "iitit", due[i].id, due[i].due, due[i].status, target, due[i].note);
		}
	}
	if (rc == DB_OK)
		rc = db_commit(db);
	if (rc != DB_OK) {
		db_rollback(db);
		return -1;
	}
	return done;
}

/* ---- the timer thread ------------------------------------------------------------ */

struct requests_sweeper {
	struct ticker *ticker;
};

/* Escalate everything overdue now, batch by batch. */
static void sweep_once(void *arg)
{
	struct db_pool *pool = arg;
	struct db *db = db_pool_get(pool);
	if (db == NULL)
		return;
	int n;
	while ((n = requests_escalate(db, clock_now())) == SWEEP_BATCH)
		;
	if (n < 0)
		log_error("requests: the escalation sweep failed: %s", db_errmsg(db));
	else if (n > 0)
		log_info("requests: escalated %d overdue requests", n);
	db_pool_put(pool, db);
}

struct requests_sweeper *requests_sweeper_start(struct db_pool *pool, int seconds)
{
	struct requests_sweeper *s = calloc(1, sizeof(*s));
	if (s == NULL)
		return NULL;
	/* the first sweep before the server says it is serving: what was overdue while it was down is
	 * escalated before anyone reads it */
	sweep_once(pool);
	s->ticker = ticker_start((int64_t)(seconds > 0 ? seconds : 60) * 1000, sweep_once, pool);
	if (s->ticker == NULL) {
		free(s);
		return NULL;
	}
	return s;
}

void requests_sweeper_stop(struct requests_sweeper *s)
{
	if (s == NULL)
		return;
	ticker_stop(s->ticker);
	free(s);
}

/* deadlines.c - working-day deadlines: the calendar of days off and make-up workdays (its settings), and escalation past a deadline (督办). */
#include "modules/requests/requests.h"
#include "modules/requests/requests_internal.h"

#include <stdio.h>
#include <string.h>

#include "auth/scope.h"
#include "core/clock.h"
#include "http/reply.h"
#include "model/audit.h"

/* ---- the calendar -------------------------------------------------------------------- */

int calendar_load(struct db *db, struct arena *a, int64_t from, struct workday_calendar *cal)
{
	char lo[11], hi[11];
	workdays_day(from - 86400 * 7, lo);
	workdays_day(from + 86400 * 400, hi);
	struct db_stmt *st = db_query(db, "SELECT day, kind FROM calendar_days WHERE day >= $1 AND day <= $2 ORDER BY day",
				      "tt", lo, hi);
	if (st == NULL)
		return DB_ERROR;
	int cap = 64, n = 0, rc;
	struct workday_override *days = arena_alloc(a, sizeof(*days) * (size_t)cap);
	while ((rc = db_step(st)) == DB_ROW) {
		if (n == cap) {
			struct workday_override *grown = arena_alloc(a, sizeof(*days) * (size_t)cap * 2);
			memcpy(grown, days, sizeof(*days) * (size_t)cap);
			days = grown;
			cap *= 2;
		}
		snprintf(days[n].day, sizeof(days[n].day), "%s", db_column_text(st, 0));
		days[n].kind = strcmp(db_column_text(st, 1), "work") == 0 ? WORKDAY_WORK : WORKDAY_OFF;
		n++;
	}
	db_finalize(st);
	cal->days = days;
	cal->count = n;
	return rc == DB_DONE ? DB_OK : rc;
}

int requests_calendar_get(struct req *r)
{
	const char *year = req_param(r, 0);
	if (strlen(year) != 4 || strspn(year, "0123456789") != 4)
		return reply_error(r, ERR_NOT_FOUND, NULL);
	char lo[16], hi[16];
	snprintf(lo, sizeof(lo), "%s-01-01", year);
	snprintf(hi, sizeof(hi), "%s-12-31", year);
	struct db_stmt *q = db_query(r->db, "SELECT day, kind, name FROM calendar_days WHERE day >= $1 AND day <= $2"
				     " ORDER BY day", "tt", lo, hi);
	if (q == NULL)
		return reply_error(r, ERR_INTERNAL, NULL);
	json_t *days = json_array();
	while (db_step(q) == DB_ROW)
		json_array_append_new(days, json_pack("{s:s, s:s, s:s}", "day", db_column_text(q, 0), "kind",
						      db_column_text(q, 1), "name", db_column_text(q, 2)));
	db_finalize(q);
	return reply_json(r, 200, json_pack("{s:s, s:o}", "year", year, "days", days));
}

/* Body {"days": [{"day": "2027-01-01", "kind": "off"|"work", "name": "元旦"}, ...]}: replaces the year. */
int requests_calendar_put(struct req *r)
{
	static const char *const allowed[] = { "days", NULL };
	const char *year = req_param(r, 0);
	if (strlen(year) != 4 || strspn(year, "0123456789") != 4)
		return reply_error(r, ERR_NOT_FOUND, NULL);
	/* the working-day calendar is the country's: an administrator's to set */
	if (!scope_may_set(r->user, ""))
		return reply_error_msg(r, ERR_FORBIDDEN, "节假日安排是全国设置，只有系统管理员可以修改",
				       "The holiday calendar is national: only an administrator may change it", NULL);
	int st = body_object(r, allowed);
	if (st)
		return st;
	json_t *days = json_object_get(r->json, "days");
	if (!json_is_array(days) || json_array_size(days) > 366)
		return reply_error_msg(r, ERR_VALIDATION, "调休日期应为日期的数组", "days is an array of days", "days");
	size_t i;
	json_t *d;
	json_array_foreach(days, i, d) {
		const char *day = json_string_value(json_object_get(d, "day"));
		const char *kind = json_string_value(json_object_get(d, "kind"));
		const char *name = json_string_value(json_object_get(d, "name"));
		if (day == NULL || !clock_valid_date(day) || strncmp(day, year, 4) || kind == NULL ||
		    (strcmp(kind, "off") && strcmp(kind, "work")) || name == NULL || json_object_size(d) != 3)
			return reply_error_msg(r, ERR_VALIDATION,
					       arena_printf(r->arena, "第 %zu 项应有本年的日期、类型（放假或上班）和名称", i + 1),
					       arena_printf(r->arena, "Item %zu must be {day in the year, kind: off|work, name}", i + 1),
					       "days");
	}
	char lo[16], hi[16];
	snprintf(lo, sizeof(lo), "%s-01-01", year);
	snprintf(hi, sizeof(hi), "%s-12-31", year);
	int rc = db_begin(r->db);
	if (rc == DB_OK)
		rc = db_exec(r->db, "DELETE FROM calendar_days WHERE day >= $1 AND day <= $2", "tt", lo, hi);
	json_array_foreach(days, i, d) {
		if (rc != DB_OK)
			break;
		rc = db_exec(r->db, "INSERT INTO calendar_days (day, kind, name) VALUES ($1, $2, $3)", "ttt",
			     json_string_value(json_object_get(d, "day")), json_string_value(json_object_get(d, "kind")),
			     json_string_value(json_object_get(d, "name")));
	}
	struct audit_entry e = { .action = "update", .entity = "calendar", .entity_id = year, .after = days };
	if ((st = audit_commit_reply(r, rc, &e)))
		return st;
	return requests_calendar_get(r);
}

/* ---- escalation (督办) ------------------------------------------------------------------ */

int requests_escalate(struct db *db, int64_t now)
{
	char closed[CLOSED_LIST_MAX], sql[1024];
	request_closed_list(closed);
	int len = snprintf(sql, sizeof(sql),
		"SELECT q.id, q.status, (SELECT o.parent_id FROM orgs o WHERE o.id = q.org_id) FROM requests q"
		" WHERE q.escalated_org_id IS NULL AND q.org_id IS NOT NULL"
		/* once: a top organisation has no parent, so escalated_org_id stays NULL */
		" AND NOT EXISTS (SELECT 1 FROM request_steps s WHERE s.request_id = q.id AND s.action = 'escalate')"
		" AND q.status NOT IN %s"
		" AND ((q.signed_at IS NULL AND q.sign_due < $1) OR (q.replied_at IS NULL AND q.reply_due < $1)"
		" OR q.close_due < $1) LIMIT 200", closed);
	if (len < 0 || (size_t)len >= sizeof(sql))
		return -1;
	struct db_stmt *st = db_query(db, sql, "i", now);
	if (st == NULL)
		return -1;
	int64_t ids[200], parents[200];
	char statuses[200][16];
	int n = 0;
	while (n < 200 && db_step(st) == DB_ROW) {
		ids[n] = db_column_int(st, 0);
		snprintf(statuses[n], sizeof(statuses[n]), "%s", db_column_text(st, 1));
		parents[n] = db_column_is_null(st, 2) ? 0 : db_column_int(st, 2);
		n++;
	}
	db_finalize(st);
	if (n == 0)
		return 0;
	int rc = db_begin(db);
	int done = 0;
	for (int i = 0; i < n && rc == DB_OK; i++) {
		rc = db_exec(db, "UPDATE requests SET escalated_org_id = NULLIF(CAST($1 AS BIGINT), 0), supervised = 1, updated_at = $2"
			     " WHERE id = $3 AND escalated_org_id IS NULL", "iii", parents[i], now, ids[i]);
		if (rc == DB_OK && db_changes(db) == 1) {
			done++;
			rc = db_exec(db, "INSERT INTO request_steps (request_id, at, actor_name, action, from_status, to_status,"
				     " org_id, note) VALUES ($1, $2, 'system', 'escalate', $3, $3, NULLIF(CAST($4 AS BIGINT), 0), $5)",
				     "iitit", ids[i], now, statuses[i], parents[i], "逾期，提级督办 (overdue: escalated)");
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

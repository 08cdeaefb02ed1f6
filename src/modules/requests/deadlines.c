/* deadlines.c - working-day deadlines: the calendar of days off and make-up workdays (its settings). */
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

/* meeting_calendar.c - the meeting-free days (无会日) and the month's meetings as a calendar (see partylife.h). */
#include <string.h>

#include "auth/scope.h"
#include "core/clock.h"
#include "db/sqlbuf.h"
#include "http/reply.h"
#include "model/audit.h"
#include "modules/partylife/meetings.h"
#include "modules/partylife/partylife.h"

/* ---- meeting-free days ------------------------------------------------------------ */

const char *const pl_weekday_zh[8] = { "", "周一", "周二", "周三", "周四", "周五", "周六", "周日" };

int pl_free_days_for(struct req *r, const char *division, unsigned *mask, const char **from)
{
	*mask = 0;
	*from = NULL;
	struct db_stmt *st = db_query(r->db, "SELECT division, weekdays FROM meeting_free_days"
				      " WHERE substr($1, 1, length(division)) = division ORDER BY length(division) DESC LIMIT 1",
				      "t", division);
	int rc = st ? db_step(st) : DB_ERROR;
	if (rc == DB_ROW) {
		*from = arena_strdup(r->arena, db_column_text(st, 0));
		for (const char *p = db_column_text(st, 1); *p; p++)
			if (*p >= '1' && *p <= '7')
				*mask |= 1u << (*p - '0');
	}
	db_finalize(st);
	return rc == DB_ROW || rc == DB_DONE ? DB_OK : rc;
}

static json_t *weekdays_json(unsigned mask)
{
	json_t *a = json_array();
	for (int d = 1; d <= 7; d++)
		if (mask & (1u << d))
			json_array_append_new(a, json_integer(d));
	return a;
}

int meeting_free_days_get(struct req *r)
{
	const char *division;
	int st = pl_division_param(r, false, &division);
	if (st)
		return st;
	unsigned mask;
	const char *from;
	if (pl_free_days_for(r, division, &mask, &from) != DB_OK)
		return reply_error(r, ERR_INTERNAL, NULL);
	return reply_json(r, 200, json_pack("{s:s, s:o, s:o, s:b}", "division", division, "weekdays", weekdays_json(mask),
					    "set_at_division", pl_opt_text(from), "own", from && !strcmp(from, division)));
}

/* The keys of meeting_free_days_put's body (also the route's documented fields, app/routes.c). */
const char *const meeting_free_days_put_fields[] = { "weekdays", NULL };

int meeting_free_days_put(struct req *r)
{
	const char *division;
	int st = pl_division_param(r, true, &division);
	if (!st)
		st = body_object(r, meeting_free_days_put_fields);
	if (st)
		return st;
	if (!scope_may_set(r->user, division))
		return reply_error_msg(r, ERR_FORBIDDEN, "全国范围的设置只有系统管理员可以修改",
				       "Only an administrator may change a national setting", "division");
	json_t *w = json_object_get(r->json, "weekdays");
	if (!json_is_array(w))
		return reply_error_msg(r, ERR_VALIDATION, "无会日应为 1（周一）到 7（周日）的数组",
				       "weekdays is an array of ISO weekdays 1 (Monday) to 7 (Sunday)", "weekdays");
	unsigned mask = 0;
	size_t i;
	json_t *v;
	json_array_foreach(w, i, v) {
		json_int_t d = json_integer_value(v);
		if (!json_is_integer(v) || d < 1 || d > 7)
			return reply_error_msg(r, ERR_VALIDATION, "无会日应为 1（周一）到 7（周日）的数组",
					       "weekdays is an array of ISO weekdays 1 (Monday) to 7 (Sunday)", "weekdays");
		mask |= 1u << d;
	}
	int64_t found = 0;
	if (*division && (db_query_int(r->db, &found, "SELECT COUNT(*) FROM divisions WHERE code = $1", "t", division) != DB_ROW))
		return reply_error(r, ERR_INTERNAL, NULL);
	if (*division && !found)
		return reply_error_msg(r, ERR_BAD_DIVISION, "区划不存在", "No such division", "division");
	char text[16] = "";
	size_t n = 0;
	for (int d = 1; d <= 7; d++)
		if (mask & (1u << d)) {
			if (n)
				text[n++] = ',';
			text[n++] = (char)('0' + d);
		}
	text[n] = '\0';
	unsigned old_mask;
	const char *old_from;
	int rc = pl_free_days_for(r, division, &old_mask, &old_from);
	if (rc == DB_OK)
		rc = db_begin(r->db);
	if (rc == DB_OK)
		rc = db_exec(r->db, "INSERT INTO meeting_free_days (division, weekdays, updated_at) VALUES ($1, $2, $3)"
			     " ON CONFLICT (division) DO UPDATE SET weekdays = $2, updated_at = $3", "tti", division, text,
			     clock_now());
	json_t *before = json_pack("{s:o, s:o}", "weekdays", weekdays_json(old_mask), "set_at_division", pl_opt_text(old_from));
	json_t *after = json_pack("{s:o}", "weekdays", weekdays_json(mask));
	struct audit_entry e = { .action = "update", .entity = "meeting_free_days", .entity_id = division,
				 .division = division, .before = before, .after = after };
	st = audit_commit_reply(r, rc, &e);
	json_decref(before);
	json_decref(after);
	if (st)
		return st;
	return reply_json(r, 200, json_pack("{s:s, s:o, s:s, s:b}", "division", division, "weekdays", weekdays_json(mask),
					    "set_at_division", division, "own", 1));
}

/* ---- the month as a calendar ----------------------------------------------------------- */

/*
 * The month as a calendar: per CST day of ?month= (YYYY-MM) in ?division=,
 * the number of meetings, the urgent ones among them, and the first
 * CALENDAR_DAY_ITEMS of them by time (the list pages the rest).
 */
#define CALENDAR_DAY_ITEMS 20

int meetings_calendar(struct req *r)
{
	const char *division, *month = req_query(r, "month");
	int st = pl_division_param(r, false, &division);
	if (st)
		return st;
	struct pl_period p;
	if (month == NULL || strlen(month) != 7 || pl_period_parse(month, &p))
		return reply_error_msg(r, ERR_VALIDATION, "月份应为年-月，如 2026-11", "month is YYYY-MM", "month");
	struct sqlbuf b;
	sqlbuf_init(&b, r->arena);
	sqlbuf_add(&b, "SELECT " PL_MEETING_COLUMNS " FROM meetings m JOIN orgs o ON o.id = m.org_id WHERE ");
	scope_where_under(&b, r->user, "m.division", division);
	sqlbuf_add(&b, " AND m.starts_at >= ");
	sqlbuf_int(&b, p.first * 86400 - 8 * 3600);
	sqlbuf_add(&b, " AND m.starts_at < ");
	sqlbuf_int(&b, (p.last + 1) * 86400 - 8 * 3600);
	sqlbuf_add(&b, " ORDER BY m.starts_at, m.id");
	struct db_stmt *q = sqlbuf_query(r->db, &b);
	if (q == NULL)
		return reply_error(r, ERR_INTERNAL, NULL);
	int ndays = (int)(p.last - p.first + 1);
	json_t *days = json_array();
	for (int i = 0; i < ndays; i++) {
		int y, mo, d;
		pl_civil_from_days(p.first + i, &y, &mo, &d);
		json_array_append_new(days, json_pack("{s:s, s:i, s:i, s:i, s:o}", "day",
						      arena_printf(r->arena, "%04d-%02d-%02d", y, mo, d), "weekday",
						      pl_iso_weekday(p.first + i), "count", 0, "urgent", 0, "items", json_array()));
	}
	int64_t total = 0;
	while (db_step(q) == DB_ROW) {
		json_t *day = json_array_get(days, (size_t)(pl_cst_day(db_column_int(q, PL_MEETING_STARTS_AT)) - p.first));
		if (day == NULL)
			continue;
		json_t *items = json_object_get(day, "items");
		json_object_set_new(day, "count", json_integer(json_integer_value(json_object_get(day, "count")) + 1));
		json_object_set_new(day, "urgent", json_integer(json_integer_value(json_object_get(day, "urgent")) +
								 db_column_int(q, PL_MEETING_URGENT)));
		if (json_array_size(items) < CALENDAR_DAY_ITEMS)
			json_array_append_new(items, pl_meeting_json(q));
		total++;
	}
	db_finalize(q);
	return reply_json(r, 200, json_pack("{s:s, s:s, s:I, s:o}", "division", division, "month", p.label, "total",
					    (json_int_t)total, "days", days));
}

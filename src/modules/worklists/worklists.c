/* worklists.c - effective responsibility lists, task progress and roll-up, weekly dispatch and monthly bulletin (see worklists.h). */
#include "modules/worklists/worklists.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/principal.h"
#include "auth/scope.h"
#include "core/clock.h"
#include "core/division.h"
#include "core/intparse.h"
#include "core/workdays.h"
#include "db/sqlbuf.h"
#include "http/reply.h"
#include "model/crud.h"
#include "model/dict.h"
#include "modules/worklists/worklists_entities.h"
#include "model/listing.h"
#include "model/audit.h"
#include "modules/partylife/partylife.h"

static void today(char out[static 11])
{
	workdays_day(clock_now(), out);
}

/* ?year=, by default this year (China time): 0 or the reply's status. */
static int year_param(struct req *r, int64_t *year)
{
	char t[11];
	today(t);
	*year = strtoll(t, NULL, 10);
	const char *y = req_query(r, "year");
	if (y == NULL || *y == '\0')
		return 0;
	if (parse_int64(y, 2000, 2100, year))
		return reply_error_msg(r, ERR_VALIDATION, "年度应为 2000 到 2100 之间的整数", "year is from 2000 to 2100", "year");
	return 0;
}

/* The row of table named by the path, inside the caller's scope: 0 with
 * *out on the row (the caller finalizes it), or the reply's status. */
static int path_row(struct req *r, const char *table, const char *columns, int64_t *id, struct db_stmt **out)
{
	int status = req_path_id(r, 0, id);
	if (status)
		return status;
	int rc;
	struct db_stmt *st = pl_query_in_scope(r, arena_printf(r->arena, "SELECT %s FROM %s t WHERE t.id = ", columns, table),
					       *id, "t.division", &rc);
	if (rc == DB_ROW) {
		*out = st;
		return 0;
	}
	db_finalize(st);
	return reply_error(r, rc == DB_DONE ? ERR_NOT_FOUND : ERR_INTERNAL, NULL);
}

/* ---- an organisation's responsibility list ------------------------------------------ */

static const char *level_of(const char *division)
{
	switch (division_level(division)) {
	case DIV_COUNTY:
		return "county";
	case DIV_TOWNSHIP:
		return "township";
	default:
		return "village";
	}
}

/* " IN (...)" of code and every ancestor of it. */
static void ancestors_in(struct sqlbuf *b, const char *code)
{
	static const int lens[] = { 2, 4, 6, 9, 12 };
	sqlbuf_add(b, " IN (");
	sqlbuf_text(b, code);
	for (size_t i = 0; i < sizeof(lens) / sizeof(lens[0]) && (size_t)lens[i] < strlen(code); i++) {
		sqlbuf_add(b, ", ");
		sqlbuf_text(b, arena_printf(b->arena, "%.*s", lens[i], code));
	}
	sqlbuf_add(b, ")");
}

#define DUTY_COLUMNS                                                                                         \
	"l.id, l.title, l.org_id, l.division, l.level, l.holder_role, l.org_type,"                              \
	" (SELECT d.name FROM divisions d WHERE d.code = l.division), i.id, i.seq, i.title, i.content, i.category, i.basis"

static json_t *duty_list_json(struct db_stmt *q)
{
	return json_pack("{s:I, s:s, s:s, s:s, s:o, s:s, s:o, s:o, s:o, s:o}", "id", (json_int_t)db_column_int(q, 0), "title",
			 db_column_text(q, 1), "source", db_column_is_null(q, 2) ? "inherited" : "own", "division",
			 db_column_text(q, 3), "division_name", pl_opt_text(db_column_text(q, 7)), "level", db_column_text(q, 4),
			 "holder_role", pl_opt_text(db_column_text(q, 5)), "org_type", pl_opt_text(db_column_text(q, 6)),
			 "published", json_boolean(db_column_is_null(q, 2)), "items", json_array());
}

static json_t *duty_item_json(struct db_stmt *q)
{
	return json_pack("{s:I, s:o, s:s, s:o, s:o, s:o}", "id", (json_int_t)db_column_int(q, 8), "seq",
			 db_column_is_null(q, 9) ? json_null() : json_integer(db_column_int(q, 9)), "title",
			 db_column_text(q, 10), "content", pl_opt_text(db_column_text(q, 11)), "category",
			 pl_opt_text(db_column_text(q, 12)), "basis", pl_opt_text(db_column_text(q, 13)));
}

/*
 * The organisation's own lists for the year and the templates published
 * for its level (and its type, when the template names one) by its county
 * or township: inherited lists first, from the top down.
 */
int worklists_org_duties(struct req *r)
{
	int64_t id, year;
	struct pl_org org;
	int st = req_path_id(r, 0, &id);
	if (!st)
		st = pl_org_in_scope(r, id, &org);
	if (!st)
		st = year_param(r, &year);
	if (st)
		return st;
	const char *level = level_of(org.division);
	struct sqlbuf b;
	sqlbuf_init(&b, r->arena);
	sqlbuf_add(&b, "SELECT " DUTY_COLUMNS " FROM duty_lists l LEFT JOIN duty_items i ON i.list_id = l.id WHERE l.year = ");
	sqlbuf_int(&b, year);
	sqlbuf_add(&b, " AND (l.org_id = ");
	sqlbuf_int(&b, org.id);
	sqlbuf_add(&b, " OR (l.org_id IS NULL AND l.level = ");
	sqlbuf_text(&b, level);
	sqlbuf_add(&b, " AND (l.org_type IS NULL OR l.org_type = ");
	sqlbuf_text(&b, org.type);
	sqlbuf_add(&b, ") AND l.division");
	ancestors_in(&b, org.division);
	sqlbuf_add(&b, ")) ORDER BY CASE WHEN l.org_id IS NULL THEN 0 ELSE 1 END, length(l.division), l.id, i.seq, i.id");
	struct db_stmt *q = sqlbuf_query(r->db, &b);
	if (q == NULL)
		return reply_error(r, ERR_INTERNAL, NULL);
	json_t *lists = json_array(), *list = NULL, *by_category = json_object();
	int64_t last = 0, items = 0;
	int rc;
	while ((rc = db_step(q)) == DB_ROW) {
		if (list == NULL || db_column_int(q, 0) != last) {
			list = duty_list_json(q);
			last = db_column_int(q, 0);
			json_array_append_new(lists, list);
		}
		if (db_column_is_null(q, 8))
			continue;   /* a list without items yet */
		json_array_append_new(json_object_get(list, "items"), duty_item_json(q));
		items++;
		const char *cat = db_column_is_null(q, 12) ? "other" : db_column_text(q, 12);
		json_object_set_new(by_category, cat, json_integer(json_integer_value(json_object_get(by_category, cat)) + 1));
	}
	db_finalize(q);
	if (rc != DB_DONE) {
		json_decref(lists);
		json_decref(by_category);
		return reply_error(r, ERR_INTERNAL, NULL);
	}
	return reply_json(r, 200, json_pack("{s:{s:I, s:s, s:s, s:s}, s:s, s:I, s:I, s:o, s:o}", "org", "id", (json_int_t)org.id,
					    "name", org.name, "type", org.type, "division", org.division, "level", level,
					    "year", (json_int_t)year, "items", (json_int_t)items, "by_category", by_category,
					    "lists", lists));
}

/* ---- task progress ---------------------------------------------------------------- */

struct task {
	int64_t id;
	const char *division, *status, *completed_on;
};

static int task_from_path(struct req *r, struct task *t)
{
	struct db_stmt *q;
	int st = path_row(r, "task_items", "t.division, t.status, t.completed_on", &t->id, &q);
	if (st)
		return st;
	t->division = arena_strdup(r->arena, db_column_text(q, 0));
	t->status = arena_strdup(r->arena, db_column_text(q, 1));
	t->completed_on = db_column_is_null(q, 2) ? NULL : arena_strdup(r->arena, db_column_text(q, 2));
	db_finalize(q);
	return 0;
}

/*
 * The new status and completion date of a report: the status given, else
 * in progress (a report means work has begun) unless already done; a done
 * task keeps its date or takes the one given (today by default), which
 * cannot lie in the future; an open task has none.
 */
static int next_state(struct req *r, const struct task *t, const char *status, const char *date, const char **out_status,
		      const char **out_date)
{
	if (status && dict_item(dict_find("item_status"), status) == NULL)
		return reply_error_msg(r, ERR_VALIDATION, "不在字典范围内", "Not a value of the dictionary", "status");
	*out_status = status ? status : strcmp(t->status, "done") ? "in_progress" : "done";
	bool done = !strcmp(*out_status, "done");
	if (date && !done)
		return reply_error_msg(r, ERR_VALIDATION, "未完成的任务不填完成日期", "Only a done task has a completion date",
				       "completed_on");
	if (date && !clock_valid_date(date))
		return reply_error_msg(r, ERR_VALIDATION, "日期应为有效的年-月-日，如 2026-11-03", "Expected a real date as YYYY-MM-DD",
				       "completed_on");
	char now[11];
	today(now);
	if (date && strcmp(date, now) > 0)
		return reply_error_msg(r, ERR_VALIDATION, "完成日期不能晚于今天", "The completion date is in the future",
				       "completed_on");
	*out_date = !done ? NULL : date ? date : t->completed_on ? t->completed_on : arena_strdup(r->arena, now);
	return 0;
}

/* The keys of worklists_task_progress's body (also the route's documented fields, app/routes.c). */
const char *const worklists_task_progress_fields[] = { "text", "status", "completed_on", NULL };

int worklists_task_progress(struct req *r)
{
	struct task t;
	const char *text = NULL, *status = NULL, *date = NULL, *new_status = NULL, *new_date = NULL;
	int st = task_from_path(r, &t);
	if (!st)
		st = body_object(r, worklists_task_progress_fields);
	if (!st)
		st = body_string(r, "text", true, 2000, &text);
	if (!st)
		st = body_string(r, "status", false, 20, &status);
	if (!st)
		st = body_string(r, "completed_on", false, 10, &date);
	if (!st)
		st = next_state(r, &t, status, date, &new_status, &new_date);
	if (st)
		return st;
	int64_t now = clock_now();
	int rc = db_begin(r->db);
	if (rc == DB_OK)
		rc = db_exec(r->db, "INSERT INTO task_progress (task_id, at, user_id, username, text, status) VALUES ($1, $2, $3, $4,"
			     " $5, $6)", "iiittt", t.id, now, r->user->id, r->user->username, text, new_status);
	if (rc == DB_OK)
		rc = db_exec(r->db, "UPDATE task_items SET status = $1, completed_on = $2, updated_at = $3 WHERE id = $4", "ttii",
			     new_status, new_date, now, t.id);
	json_t *before = json_pack("{s:s, s:o}", "status", t.status, "completed_on", pl_opt_text(t.completed_on));
	json_t *after = json_pack("{s:s, s:o, s:s}", "status", new_status, "completed_on", pl_opt_text(new_date), "text", text);
	struct audit_entry e = { .action = "progress", .entity = "task_item", .entity_id = pl_id_text(r, t.id),
				 .division = t.division, .before = before, .after = after };
	st = audit_commit_reply(r, rc, &e);
	json_decref(before);
	json_decref(after);
	return st ? st : crud_get_of(r, &entity_task_item);
}

static int progress_from(struct req *r, struct sqlbuf *b, const void *ctx)
{
	sqlbuf_add(b, " FROM task_progress t WHERE t.task_id = ");
	sqlbuf_int(b, *(const int64_t *)ctx);
	(void)r;
	return 0;
}

static json_t *progress_row(struct req *r, struct db_stmt *q, const void *ctx)
{
	(void)r;
	(void)ctx;
	return json_pack("{s:I, s:o, s:o, s:s, s:s}", "id", (json_int_t)db_column_int(q, 0), "at", pl_time_json(db_column_int(q, 1)),
			 "username", pl_opt_text(db_column_text(q, 2)), "text", db_column_text(q, 3), "status",
			 db_column_text(q, 4));
}

int worklists_task_progress_list(struct req *r)
{
	struct task t;
	int st = task_from_path(r, &t);
	if (st)
		return st;
	struct listing l = { .columns = "t.id, t.at, t.username, t.text, t.status", .order = "t.at DESC, t.id DESC",
			     .from = progress_from, .row = progress_row, .ctx = &t.id };
	return listing_reply(r, &l);
}

/* ---- roll-ups ------------------------------------------------------------------------ */

/* Counts of a roll-up row; rate = done / total. */
struct tally {
	int64_t total, done, late, overdue;
};

static json_t *tally_json(const struct tally *t)
{
	return json_pack("{s:I, s:I, s:I, s:I, s:I, s:I, s:f}", "total", (json_int_t)t->total, "done", (json_int_t)t->done,
			 "on_time", (json_int_t)(t->done - t->late), "late", (json_int_t)t->late, "overdue",
			 (json_int_t)t->overdue, "open", (json_int_t)(t->total - t->done),
			 "rate", t->total ? (double)t->done / (double)t->total : 0.0);
}

/* Read total, done, late, overdue from columns first.. of the row and add them to sum. */
static struct tally tally_row(struct db_stmt *q, int first, struct tally *sum)
{
	struct tally t = { db_column_int(q, first), db_column_int(q, first + 1), db_column_int(q, first + 2),
			   db_column_int(q, first + 3) };
	sum->total += t.total;
	sum->done += t.done;
	sum->late += t.late;
	sum->overdue += t.overdue;
	return t;
}

/*
 * Tasks of ?year= in the caller's scope under ?division=, per child
 * division: total, done (on time or late), overdue (open past the deadline,
 * China time) and the completion rate.
 */
int worklists_task_rollup(struct req *r)
{
	const char *division;
	int64_t year;
	int st = pl_division_param(r, false, &division);
	if (!st)
		st = year_param(r, &year);
	if (st)
		return st;
	char now[11];
	today(now);
	const char *child = pl_child_sql(r, "t.division", division);
	struct sqlbuf b;
	sqlbuf_init(&b, r->arena);
	sqlbuf_add(&b, arena_printf(r->arena, "SELECT %s, COUNT(*),"
				   " SUM(CASE WHEN t.status = 'done' THEN 1 ELSE 0 END),"
				   " SUM(CASE WHEN t.status = 'done' AND t.completed_on > t.deadline THEN 1 ELSE 0 END),"
				   " SUM(CASE WHEN t.status <> 'done' AND t.deadline < ", child));
	sqlbuf_text(&b, now);
	sqlbuf_add(&b, " THEN 1 ELSE 0 END) FROM task_items t WHERE ");
	scope_where_under(&b, r->user, "t.division", division);
	sqlbuf_add(&b, " AND t.year = ");
	sqlbuf_int(&b, year);
	sqlbuf_add(&b, arena_printf(r->arena, " GROUP BY %s ORDER BY 1", child));
	struct db_stmt *q = sqlbuf_query(r->db, &b);
	if (q == NULL)
		return reply_error(r, ERR_INTERNAL, NULL);
	json_t *items = json_array();
	struct tally sum = { 0 };
	while (db_step(q) == DB_ROW) {
		struct tally t = tally_row(q, 1, &sum);
		json_t *o = tally_json(&t);
		json_object_set_new(o, "division", json_string(db_column_text(q, 0)));
		json_array_append_new(items, o);
	}
	db_finalize(q);
	pl_name_divisions(r, items);
	return reply_json(r, 200, json_pack("{s:s, s:I, s:s, s:o, s:o}", "division", division, "year", (json_int_t)year,
					    "today", now, "totals", tally_json(&sum), "by_division", items));
}

/* ---- weekly dispatch ------------------------------------------------------------------- */

struct week_view {
	int64_t org;
	const char *week;
};

/* The organisation's items first scheduled by this week and not closed before it. */
static void week_where(struct req *r, struct sqlbuf *b, const void *arg)
{
	const struct week_view *v = arg;
	(void)r;
	sqlbuf_add(b, " AND t.org_id = ");
	sqlbuf_int(b, v->org);
	sqlbuf_add(b, " AND t.week <= ");
	sqlbuf_text(b, v->week);
	sqlbuf_add(b, " AND (t.closed_week IS NULL OR t.closed_week >= ");
	sqlbuf_text(b, v->week);
	sqlbuf_add(b, ")");
}

static void week_row(json_t *rec, const void *arg)
{
	const struct week_view *v = arg;
	const char *first = json_string_value(json_object_get(rec, "week"));
	const char *closed = json_string_value(json_object_get(rec, "closed_week"));
	json_object_set_new(rec, "carried", json_boolean(first && strcmp(first, v->week) < 0));
	json_object_set_new(rec, "closed_this_week", json_boolean(closed && !strcmp(closed, v->week)));
}

/* The items on a week's dispatch: its own and those carried over, open or closed that week. */
int worklists_schedule_items(struct req *r)
{
	int64_t id;
	struct db_stmt *q;
	int st = path_row(r, "schedules", "t.org_id, t.week", &id, &q);
	if (st)
		return st;
	struct week_view v = { db_column_int(q, 0), arena_strdup(r->arena, db_column_text(q, 1)) };
	db_finalize(q);
	struct crud_view view = { week_where, week_row, &v };
	return crud_list_view(r, &entity_schedule_item, &view);
}

int worklists_schedule_item_create(struct req *r)
{
	int64_t id;
	struct db_stmt *q;
	int st = path_row(r, "schedules", "t.id", &id, &q);
	if (st)
		return st;
	db_finalize(q);
	if (!json_is_object(r->json))
		return reply_error(r, ERR_BAD_JSON, NULL);
	if (json_object_get(r->json, "schedule_id"))
		return reply_error(r, ERR_UNKNOWN_FIELD, "schedule_id");
	json_object_set_new(r->json, "schedule_id", json_integer(id));
	return crud_create_of(r, &entity_schedule_item);
}

/*
 * The dispatch items (周调度) of organisations responsible under division (in
 * the caller's scope) that were on a dispatch during [first, last]: scheduled
 * by the last day and not closed before the first.  Per responsible
 * organisation: scheduled, done in the period (late: after the due date),
 * overdue (open at the period's end, or today for a current period, past the
 * due date), open, and the rate of done.  The 月通报 below and the bulletins
 * of modules/stats (GET /stats/bulletin) read it.
 */
int worklists_dispatch_tally(struct req *r, const char *division, const char *first, const char *last, json_t **out)
{
	char ref[11];
	today(ref);
	if (strcmp(last, ref) < 0)
		snprintf(ref, sizeof(ref), "%.10s", last);
	struct sqlbuf b;
	sqlbuf_init(&b, r->arena);
	sqlbuf_add(&b, "SELECT o.id, o.name, o.division, COUNT(*), SUM(CASE WHEN i.done_on IS NOT NULL AND i.done_on <= ");
	sqlbuf_text(&b, last);
	sqlbuf_add(&b, " THEN 1 ELSE 0 END), SUM(CASE WHEN i.done_on IS NOT NULL AND i.done_on <= ");
	sqlbuf_text(&b, last);
	sqlbuf_add(&b, " AND i.due IS NOT NULL AND i.done_on > i.due THEN 1 ELSE 0 END),"
		       " SUM(CASE WHEN i.due IS NOT NULL AND i.due < ");
	sqlbuf_text(&b, ref);
	sqlbuf_add(&b, " AND (i.done_on IS NULL OR i.done_on > ");
	sqlbuf_text(&b, ref);
	sqlbuf_add(&b, ") THEN 1 ELSE 0 END) FROM schedule_items i JOIN schedules s ON s.id = i.schedule_id"
		       " JOIN orgs o ON o.id = COALESCE(i.resp_org_id, i.org_id) WHERE ");
	scope_where_under(&b, r->user, "i.resp_division", division);
	sqlbuf_add(&b, " AND s.week_start <= ");
	sqlbuf_text(&b, last);
	sqlbuf_add(&b, " AND (i.done_on IS NULL OR i.done_on >= ");
	sqlbuf_text(&b, first);
	sqlbuf_add(&b, ") GROUP BY o.id, o.name, o.division ORDER BY o.division, o.id");
	struct db_stmt *q = sqlbuf_query(r->db, &b);
	if (q == NULL)
		return reply_error(r, ERR_INTERNAL, NULL);
	json_t *items = json_array();
	struct tally sum = { 0 };
	int rc;
	while ((rc = db_step(q)) == DB_ROW) {
		struct tally t = tally_row(q, 3, &sum);
		json_t *o = tally_json(&t);
		json_object_set_new(o, "org_id", json_integer(db_column_int(q, 0)));
		json_object_set_new(o, "org_name", json_string(db_column_text(q, 1)));
		json_object_set_new(o, "division", json_string(db_column_text(q, 2)));
		json_array_append_new(items, o);
	}
	db_finalize(q);
	if (rc != DB_DONE) {
		json_decref(items);
		return reply_error(r, ERR_INTERNAL, NULL);
	}
	*out = json_pack("{s:s, s:s, s:s, s:o, s:o}", "first_day", first, "last_day", last, "as_of", ref, "totals",
			 tally_json(&sum), "by_org", items);
	return 0;
}

/* 月通报 (GET /reports/schedule-monthly?division=&month=): the dispatch tally of a month, as
 * the monthly bulletin's dispatch section (GET /stats/bulletin) shows it too. */
int worklists_schedule_monthly(struct req *r)
{
	const char *division, *month = req_query(r, "month");
	struct pl_period p;
	int st = pl_division_param(r, false, &division);
	if (st)
		return st;
	if (month == NULL || strlen(month) != 7 || pl_period_parse(month, &p))
		return reply_error_msg(r, ERR_VALIDATION, "月份应为年-月，如 2026-11", "month is YYYY-MM", "month");
	char first[11], last[11];
	int y, m, d;
	pl_civil_from_days(p.first, &y, &m, &d);
	snprintf(first, sizeof(first), "%04d-%02d-%02d", y, m, d);
	pl_civil_from_days(p.last, &y, &m, &d);
	snprintf(last, sizeof(last), "%04d-%02d-%02d", y, m, d);
	json_t *t;
	if ((st = worklists_dispatch_tally(r, division, first, last, &t)))
		return st;
	json_object_set_new(t, "division", json_string(division));
	json_object_set_new(t, "month", json_string(p.label));
	return reply_json(r, 200, t);
}

/*
 * worklists_entities.c - the work lists' entities: responsibility lists and duties (责任清单),
 * task-list items (任务清单) with their deadline states, weekly dispatch
 * sheets and their matters (周调度) with carried-over and closed weeks.
 */
#include "modules/worklists/worklists_entities.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/principal.h"
#include "core/clock.h"
#include "core/division.h"
#include "core/mem.h"
#include "db/db.h"
#include "db/sqlbuf.h"
#include "http/reply.h"
#include "model/entity_rules.h"
#include "core/workdays.h"
#include "model/dict.h"

#define N(a) (int)(sizeof(a) / sizeof(a[0]))

/* Field rows leave dict, ref and limits zero unless they need them. */
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

static const struct field duty_list_fields[] = {
	{ "title", FT_TEXT, "清单名称", "Title", F_REQUIRED | F_LIST | F_SEARCH, .max_len = 200 },
	{ "year", FT_INT, "年度", "Year", F_REQUIRED | F_LIST | F_FILTER, .min = 2000, .max = 2100 },
	{ "level", FT_DICT, "层级", "Level", F_LIST | F_FILTER, .dict = "duty_level" },
	{ "org_id", FT_REF, "责任党组织（空为模板）", "Organisation (empty: a template)", F_LIST | F_FILTER, .ref = "org" },
	{ "org_type", FT_DICT, "模板适用的党组织类型", "Template for organisations of type", F_FILTER, .dict = "org_type" },
	{ "holder_role", FT_DICT, "责任岗位（空为党组织）", "Post (empty: the organisation)", F_LIST | F_FILTER, .dict = "duty_role" },
	{ "division", FT_DIVISION, "发布区划", "Published in", F_LIST },
	{ "note", FT_TEXT, "备注", "Note", 0, .max_len = 500 },
};

static const struct field duty_item_fields[] = {
	{ "list_id", FT_REF, "所属责任清单", "List", F_REQUIRED | F_FILTER, .ref = "duty_list" },
	{ "division", FT_DIVISION, "发布区划", "Published in", F_READONLY },
	{ "seq", FT_INT, "序号", "No.", F_LIST, .min = 1, .max = 999 },
	{ "title", FT_TEXT, "责任事项", "Duty", F_REQUIRED | F_LIST | F_SEARCH, .max_len = 200 },
	{ "content", FT_TEXT, "具体内容", "Content", 0, .max_len = 2000 },
	{ "category", FT_DICT, "类别", "Category", F_LIST | F_FILTER, .dict = "duty_category" },
	{ "basis", FT_TEXT, "依据", "Basis", F_LIST, .max_len = 200 },
};

static const struct field task_item_fields[] = {
	{ "title", FT_TEXT, "任务名称", "Task", F_REQUIRED | F_LIST | F_SEARCH, .max_len = 200 },
	{ "org_id", FT_REF, "责任党组织", "Responsible organisation", F_REQUIRED | F_LIST | F_FILTER, .ref = "org" },
	{ "division", FT_DIVISION, "所在区划", "Division", F_READONLY },
	{ "person_id", FT_REF, "责任人", "Responsible person", F_LIST | F_FILTER, .ref = "person" },
	{ "year", FT_INT, "年度", "Year", F_REQUIRED | F_LIST | F_FILTER, .min = 2000, .max = 2100 },
	{ "category", FT_DICT, "类别", "Category", F_LIST | F_FILTER, .dict = "duty_category" },
	{ "content", FT_TEXT, "任务内容", "Content", 0, .max_len = 2000 },
	{ "source", FT_TEXT, "任务来源", "Assigned by", 0, .max_len = 100 },
	{ "deadline", FT_DATE, "完成时限", "Deadline", F_REQUIRED | F_LIST },
	{ "status", FT_DICT, "办理状态", "Status", F_READONLY | F_LIST | F_FILTER, .dict = "item_status" },
	{ "completed_on", FT_DATE, "完成日期", "Completed on", F_READONLY | F_LIST },
};

static const struct field schedule_fields[] = {
	{ "org_id", FT_REF, "调度党组织", "Organisation", F_REQUIRED | F_LIST | F_FILTER, .ref = "org" },
	{ "division", FT_DIVISION, "所在区划", "Division", F_READONLY },
	{ "week", FT_TEXT, "调度周（如 2026-W47）", "Week (e.g. 2026-W47)", F_REQUIRED | F_LIST | F_FILTER, .max_len = 8 },
	{ "week_start", FT_DATE, "周一", "Monday", F_READONLY | F_LIST },
	{ "title", FT_TEXT, "调度会", "Meeting", F_LIST | F_SEARCH, .max_len = 200 },
	{ "note", FT_TEXT, "调度情况", "Summary", 0, .max_len = 5000 },
};

static const struct field schedule_item_fields[] = {
	{ "schedule_id", FT_REF, "首次调度", "First scheduled in", F_REQUIRED | F_FILTER, .ref = "schedule" },
	{ "org_id", FT_REF, "调度党组织", "Organisation", F_READONLY | F_FILTER, .ref = "org" },
	{ "division", FT_DIVISION, "所在区划", "Division", F_READONLY },
	{ "week", FT_TEXT, "首次调度周", "First week", F_READONLY | F_LIST | F_FILTER, .max_len = 8 },
	{ "matter", FT_TEXT, "调度事项", "Matter", F_REQUIRED | F_LIST | F_SEARCH, .max_len = 300 },
	{ "resp_org_id", FT_REF, "责任单位", "Responsible organisation", F_LIST | F_FILTER, .ref = "org" },
	{ "resp_division", FT_DIVISION, "责任区划", "Responsible division", F_READONLY },
	{ "progress", FT_TEXT, "工作进展", "Progress", F_LIST, .max_len = 1000 },
	{ "problem", FT_TEXT, "存在问题", "Problems", 0, .max_len = 1000 },
	{ "next_step", FT_TEXT, "下步打算", "Next step", 0, .max_len = 1000 },
	{ "status", FT_DICT, "办理状态", "Status", F_LIST | F_FILTER, .dict = "item_status" },
	{ "due", FT_DATE, "完成时限", "Due", F_LIST },
	{ "done_on", FT_DATE, "完成日期", "Done on", F_LIST },
	{ "closed_week", FT_TEXT, "办结周", "Closed in week", F_READONLY, .max_len = 8 },
};

static const char *rec_text(json_t *rec, const char *key)
{
	return json_string_value(json_object_get(rec, key));
}

static bool rec_null(json_t *rec, const char *key)
{
	json_t *v = json_object_get(rec, key);
	return v == NULL || json_is_null(v);
}

/* Copy columns of the row `sql` finds for id into rec (keys in column
 * order); 0, or the reply's status naming field when there is no row. */
static int copy_row(struct req *r, json_t *rec, const char *sql, int64_t id, const char *const *keys, int n,
		    const char *field)
{
	struct db_stmt *st = db_query(r->db, sql, "i", id);
	int rc = st ? db_step(st) : DB_ERROR;
	for (int i = 0; rc == DB_ROW && i < n; i++)
		json_object_set_new(rec, keys[i], db_column_is_null(st, i) ? json_null() : json_string(db_column_text(st, i)));
	db_finalize(st);
	if (rc == DB_DONE)
		return reply_error_msg(r, ERR_VALIDATION, "引用的记录不存在", "No such record", field);
	return rc == DB_ROW ? 0 : reply_error(r, ERR_INTERNAL, NULL);
}

/* The responsibility level of an organisation serving division. */
static const char *duty_level_of(const char *division)
{
	switch (division_level(division)) {
	case DIV_COUNTY:
		return "county";
	case DIV_TOWNSHIP:
		return "township";
	case DIV_VILLAGE:
	case DIV_GROUP:
		return "village";
	default:
		return NULL;
	}
}

static enum division_level duty_level_rank(const char *level)
{
	return text_eq(level, "county") ? DIV_COUNTY : text_eq(level, "township") ? DIV_TOWNSHIP : DIV_VILLAGE;
}

/* A value the caller sent that the record derives itself must agree with it. */
static int derived_agrees(struct req *r, json_t *rec, const char *key, const char *value)
{
	const char *sent = json_string_value(json_object_get(r->json, key));
	if (sent && value && strcmp(sent, value))
		return reply_error_msg(r, ERR_VALIDATION, "该值由所选党组织决定", "The organisation determines this value", key);
	json_object_set_new(rec, key, value ? json_string(value) : json_null());
	return 0;
}

/*
 * An organisation's own list takes its place and level from the
 * organisation; a template (no organisation) is published in a county or
 * township for a level at or below it, optionally for one type of
 * organisation.
 */
static int duty_list_check(struct req *r, json_t *rec)
{
	if (rec_null(rec, "org_id")) {
		const char *div = rec_text(rec, "division"), *level = rec_text(rec, "level");
		if (div == NULL || level == NULL)
			return reply_error_msg(r, ERR_MISSING_FIELD, "模板清单须填写发布区划和层级",
					       "A template needs the division publishing it and its level", div ? "level" : "division");
		enum division_level dl = division_level(div);
		if (dl != DIV_COUNTY && dl != DIV_TOWNSHIP)
			return reply_error_msg(r, ERR_BAD_DIVISION, "模板清单由县或乡镇发布", "A county or township publishes templates",
					       "division");
		if (duty_level_rank(level) < dl)
			return reply_error_msg(r, ERR_VALIDATION, "模板只能发给本级或下级", "A template is for its own level or below",
					       "level");
		return 0;
	}
	if (!rec_null(r->json, "org_type"))
		return reply_error_msg(r, ERR_VALIDATION, "只有模板清单才指定党组织类型", "Only a template names an organisation type",
				       "org_type");
	json_object_set_new(rec, "org_type", json_null());
	static const char *const keys[] = { "division" };
	json_t *org = json_object();
	int st = copy_row(r, org, "SELECT division FROM orgs WHERE id = $1", json_integer_value(json_object_get(rec, "org_id")),
			  keys, 1, "org_id");
	const char *div = st ? NULL : arena_strdup(r->arena, rec_text(org, "division"));
	json_decref(org);
	if (!st)
		st = derived_agrees(r, rec, "division", div);
	if (!st)
		st = derived_agrees(r, rec, "level", duty_level_of(div));
	return st;
}

/* The items of a list follow it when it moves. */
static int duty_list_after_write(struct req *r, int64_t id, json_t *before, json_t *after)
{
	if (before == NULL || json_equal(json_object_get(before, "division"), json_object_get(after, "division")))
		return DB_OK;
	return db_exec(r->db, "UPDATE duty_items SET division = $1 WHERE list_id = $2", "ti", rec_text(after, "division"), id);
}

static int duty_item_check(struct req *r, json_t *rec)
{
	static const char *const keys[] = { "division" };
	return copy_row(r, rec, "SELECT division FROM duty_lists WHERE id = $1", json_integer_value(json_object_get(rec, "list_id")),
			keys, 1, "list_id");
}

/*
 * The state of a dated item against its deadline, China time: done by the
 * deadline, done after it (late), open past it (overdue), or open.
 */
static void deadline_state(json_t *rec, const char *due_key, const char *done_key)
{
	char today[11];
	workdays_day(clock_now(), today);
	const char *due = rec_text(rec, due_key), *done = rec_text(rec, done_key);
	bool closed = json_str_eq(json_object_get(rec, "status"), "done");
	bool late = closed && due && done && strcmp(done, due) > 0;
	bool overdue = !closed && due && strcmp(due, today) < 0;
	json_object_set_new(rec, "state", json_string(closed ? (late ? "late" : "done") : overdue ? "overdue" : "open"));
	json_object_set_new(rec, "late", json_boolean(late));
	json_object_set_new(rec, "overdue", json_boolean(overdue));
}

/* ?state=open|overdue|done|late over the same columns. */
static int deadline_filter(struct req *r, struct sqlbuf *b, const char *due, const char *done)
{
	const char *state = req_query(r, "state");
	if (state == NULL || *state == '\0')
		return 0;
	char today[11];
	workdays_day(clock_now(), today);
	bool open = !strcmp(state, "open"), overdue = !strcmp(state, "overdue");
	bool done_ = !strcmp(state, "done"), late = !strcmp(state, "late");
	if (open || overdue) {
		sqlbuf_add(b, arena_printf(r->arena, " AND t.status <> 'done' AND %s(t.%s IS NOT NULL AND t.%s < ",
					   open ? "NOT " : "", due, due));
		sqlbuf_text(b, arena_strdup(r->arena, today));
		sqlbuf_add(b, ")");
	} else if (done_ || late)
		sqlbuf_add(b, arena_printf(r->arena, " AND t.status = 'done' AND %s(t.%s IS NOT NULL AND t.%s > t.%s)",
					   done_ ? "NOT " : "", due, done, due));
	else
		return reply_error_msg(r, ERR_VALIDATION, "完成情况应为推进中、逾期未完成、按期完成或逾期完成",
				       "state is open, overdue, done or late", "state");
	return 0;
}

static void task_item_derive(json_t *rec)
{
	deadline_state(rec, "deadline", "completed_on");
}

static int task_item_filter(struct req *r, struct sqlbuf *b)
{
	return deadline_filter(r, b, "deadline", "completed_on");
}

static void schedule_item_derive(json_t *rec)
{
	deadline_state(rec, "due", "done_on");
}

static int schedule_item_filter(struct req *r, struct sqlbuf *b)
{
	return deadline_filter(r, b, "due", "done_on");
}

/* A task sits with its organisation; it starts not started (progress reports move it on). */
static int task_item_check(struct req *r, json_t *rec)
{
	static const char *const keys[] = { "division" };
	int st = copy_row(r, rec, "SELECT division FROM orgs WHERE id = $1", json_integer_value(json_object_get(rec, "org_id")),
			  keys, 1, "org_id");
	if (!st && rec_null(rec, "status"))
		json_object_set_new(rec, "status", json_string("not_started"));
	return st;
}

/* A county or township organisation holds a weekly dispatch for a real ISO week. */
static int schedule_check(struct req *r, json_t *rec)
{
	char monday[11];
	if (clock_week_monday(rec_text(rec, "week"), monday))
		return reply_error_msg(r, ERR_VALIDATION, "调度周应为年和周次，如 2026-W47", "week is an ISO week such as 2026-W47",
				       "week");
	json_object_set_new(rec, "week_start", json_string(monday));
	static const char *const keys[] = { "division" };
	int st = copy_row(r, rec, "SELECT division FROM orgs WHERE id = $1", json_integer_value(json_object_get(rec, "org_id")),
			  keys, 1, "org_id");
	enum division_level dl = st ? DIV_INVALID : division_level(rec_text(rec, "division"));
	if (!st && dl != DIV_COUNTY && dl != DIV_TOWNSHIP)
		return reply_error_msg(r, ERR_VALIDATION, "周调度由县级或乡镇党组织开展", "A county or township organisation holds the weekly dispatch",
				       "org_id");
	return st;
}

/*
 * An item belongs to the dispatch it was first scheduled in (organisation,
 * place, week); its responsible organisation lies in the dispatching
 * organisation's area.  Done: the date defaults to today and fixes the week
 * it closed in; reopened: both are cleared.
 */
static int schedule_item_check(struct req *r, json_t *rec)
{
	static const char *const keys[] = { "org_id", "division", "week", "week_start" };
	json_t *s = json_object();
	int st = copy_row(r, s, "SELECT org_id, division, week, week_start FROM schedules WHERE id = $1",
			  json_integer_value(json_object_get(rec, "schedule_id")), keys, 4, "schedule_id");
	if (!st) {
		json_object_set_new(rec, "org_id", json_integer(strtoll(rec_text(s, "org_id"), NULL, 10)));
		json_object_set(rec, "division", json_object_get(s, "division"));
		json_object_set(rec, "week", json_object_get(s, "week"));
	}
	const char *monday = st ? NULL : arena_strdup(r->arena, rec_text(s, "week_start"));
	json_decref(s);
	if (st)
		return st;
	const char *div = rec_text(rec, "division");
	json_object_set_new(rec, "resp_division", json_string(div));
	if (!rec_null(rec, "resp_org_id")) {
		static const char *const rkeys[] = { "resp_division" };
		st = copy_row(r, rec, "SELECT division FROM orgs WHERE id = $1", json_integer_value(json_object_get(rec, "resp_org_id")),
			      rkeys, 1, "resp_org_id");
		if (st)
			return st;
		if (!division_in_subtree(div, rec_text(rec, "resp_division")))
			return reply_error_msg(r, ERR_VALIDATION, "责任单位应在调度党组织的范围内",
					       "The responsible organisation lies in the dispatching organisation's area", "resp_org_id");
	}
	if (rec_null(rec, "status"))
		json_object_set_new(rec, "status", json_string("not_started"));
	if (!json_str_eq(json_object_get(rec, "status"), "done")) {
		if (!rec_null(r->json, "done_on"))
			return reply_error_msg(r, ERR_VALIDATION, "未完成的事项不填完成日期", "Only a done item has a date", "done_on");
		json_object_set_new(rec, "done_on", json_null());
		json_object_set_new(rec, "closed_week", json_null());
		return 0;
	}
	if (rec_null(rec, "done_on")) {
		char today[11];
		workdays_day(clock_now(), today);
		json_object_set_new(rec, "done_on", json_string(today));
	}
	if (strcmp(rec_text(rec, "done_on"), monday) < 0)
		return reply_error_msg(r, ERR_VALIDATION, "完成日期早于首次调度周", "Done before the week it was scheduled", "done_on");
	char week[9];
	clock_week_of(rec_text(rec, "done_on"), week);
	json_object_set_new(rec, "closed_week", json_string(week));
	return 0;
}

const struct entity entity_duty_list = {
	"duty_list", "duty_lists", "/api/v1/duty-lists", "责任清单", "Responsibility list",
	duty_list_fields, N(duty_list_fields), "division", "year DESC, division, id", duty_list_check, duty_list_after_write,
	.label = "title",
};
const struct entity entity_duty_item = {
	"duty_item", "duty_items", "/api/v1/duty-items", "责任事项", "Duty",
	duty_item_fields, N(duty_item_fields), "division", "list_id, seq, id", duty_item_check, NULL,
	.label = "title",
};
const struct entity entity_task_item = {
	"task_item", "task_items", "/api/v1/task-items", "任务清单", "Task list item",
	task_item_fields, N(task_item_fields), "division", "deadline, id", task_item_check, NULL,
	.label = "title", .derive = task_item_derive, .filter = task_item_filter, .filter_query = "state",
};
const struct entity entity_schedule = {
	"schedule", "schedules", "/api/v1/schedules", "周调度", "Weekly dispatch",
	schedule_fields, N(schedule_fields), "division", "week DESC, division, id", schedule_check, NULL,
	.label = "week",
};
const struct entity entity_schedule_item = {
	"schedule_item", "schedule_items", "/api/v1/schedule-items", "调度事项", "Dispatch item",
	schedule_item_fields, N(schedule_item_fields), "division", "week, id", schedule_item_check, NULL,
	.label = "matter", .derive = schedule_item_derive, .filter = schedule_item_filter, .filter_query = "state",
};

/* meetings.c - meetings, meeting-free days, meeting rules and compliance (see partylife.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/principal.h"
#include "auth/scope.h"
#include "core/clock.h"
#include "core/division.h"
#include "core/utf8.h"
#include "db/sqlbuf.h"
#include "http/reply.h"
#include "model/dict.h"
#include "model/audit.h"
#include "modules/partylife/partylife.h"

#define TOPIC_MAX 200
#define TEXT_MAX 20000
#define MAX_ATTENDEES 2000
#define MAX_UNITS 60

struct kind {
	const char *code, *zh;
};

/* kept in step with the meeting_kind dictionary */
static const struct kind kinds[] = {
	{ "branch_general", "支部党员大会" },
	{ "branch_committee", "支部委员会" },
	{ "party_group", "党小组会" },
	{ "party_lecture", "党课" },
	{ "theme_day", "主题党日" },
	{ "org_life", "组织生活会" },
	{ "member_review", "民主评议党员" },
	{ "township_village_work", "乡镇党委研究村级工作会议" },
	{ "area_meeting", "片区会议" },
	{ "two_committees", "村两委会议" },
	{ "villager_reps", "村民代表会议" },
	{ "women_reps", "妇女代表会议" },
	{ "party_building_monthly", "基层党建工作例会" },
};
#define NKINDS (int)(sizeof(kinds) / sizeof(kinds[0]))

static const char *kind_zh(const char *code)
{
	for (int i = 0; code && i < NKINDS; i++)
		if (!strcmp(kinds[i].code, code))
			return kinds[i].zh;
	return NULL;
}

/* ---- meeting-free days ------------------------------------------------------------ */

static const char *const weekday_zh[] = { "", "周一", "周二", "周三", "周四", "周五", "周六", "周日" };

/* The setting nearest up the tree from division: a bit mask of ISO weekdays
 * (bit d) and the division that set it ("" none).  DB_OK or an error. */
static int free_days_for(struct req *r, const char *division, unsigned *mask, const char **from)
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
	if (free_days_for(r, division, &mask, &from) != DB_OK)
		return reply_error(r, ERR_INTERNAL, NULL);
	return reply_json(r, 200, json_pack("{s:s, s:o, s:o, s:b}", "division", division, "weekdays", weekdays_json(mask),
					    "set_at_division", pl_opt_text(from), "own", from && !strcmp(from, division)));
}

int meeting_free_days_put(struct req *r)
{
	static const char *const allowed[] = { "weekdays", NULL };
	const char *division;
	int st = pl_division_param(r, true, &division);
	if (!st)
		st = body_object(r, allowed);
	if (st)
		return st;
	json_t *w = json_object_get(r->json, "weekdays");
	if (!json_is_array(w))
		return reply_error_msg(r, ERR_VALIDATION, "weekdays 应为 1（周一）到 7（周日）的数组",
				       "weekdays is an array of ISO weekdays 1 (Monday) to 7 (Sunday)", "weekdays");
	unsigned mask = 0;
	size_t i;
	json_t *v;
	json_array_foreach(w, i, v) {
		json_int_t d = json_integer_value(v);
		if (!json_is_integer(v) || d < 1 || d > 7)
			return reply_error_msg(r, ERR_VALIDATION, "weekdays 应为 1（周一）到 7（周日）的数组",
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
	int rc = free_days_for(r, division, &old_mask, &old_from);
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
	st = pl_commit(r, rc, &e);
	json_decref(before);
	json_decref(after);
	if (st)
		return st;
	return reply_json(r, 200, json_pack("{s:s, s:o, s:s, s:b}", "division", division, "weekdays", weekdays_json(mask),
					    "set_at_division", division, "own", 1));
}

/* ---- reading meetings --------------------------------------------------------------- */

#define MEETING_COLUMNS                                                                                   \
	"m.id, m.org_id, m.division, m.kind, m.starts_at, m.place, m.host, m.topic, m.minutes, m.decisions,"   \
	" m.evidence, m.expected, m.present, m.free_day, m.urgent, m.urgent_reason, m.created_at,"             \
	" o.name, o.type, (SELECT d.name FROM divisions d WHERE d.code = m.division)"

static json_t *meeting_json(struct db_stmt *st)
{
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(db_column_int(st, 0)));
	json_object_set_new(o, "org_id", json_integer(db_column_int(st, 1)));
	json_object_set_new(o, "org_name", pl_opt_text(db_column_text(st, 17)));
	json_object_set_new(o, "org_type", pl_opt_text(db_column_text(st, 18)));
	json_object_set_new(o, "division", json_string(db_column_text(st, 2)));
	json_object_set_new(o, "division_name", pl_opt_text(db_column_text(st, 19)));
	json_object_set_new(o, "kind", json_string(db_column_text(st, 3)));
	json_object_set_new(o, "kind_name", pl_opt_text(kind_zh(db_column_text(st, 3))));
	json_object_set_new(o, "starts_at", pl_time_json(db_column_int(st, 4)));
	int64_t day = pl_cst_day(db_column_int(st, 4));
	int y, m, d;
	pl_civil_from_days(day, &y, &m, &d);
	char ds[16];
	snprintf(ds, sizeof(ds), "%04d-%02d-%02d", y, m, d);
	json_object_set_new(o, "day", json_string(ds));
	json_object_set_new(o, "weekday", json_integer(pl_iso_weekday(day)));
	static const char *const texts[] = { "place", "host", "topic", "minutes", "decisions" };
	for (int i = 0; i < 5; i++)
		json_object_set_new(o, texts[i], pl_opt_text(db_column_text(st, 5 + i)));
	const char *ev = db_column_text(st, 10);
	json_t *evj = ev ? json_loads(ev, 0, NULL) : NULL;
	json_object_set_new(o, "evidence", evj ? evj : json_array());
	int64_t expected = db_column_int(st, 11), present = db_column_int(st, 12);
	json_object_set_new(o, "expected", json_integer(expected));
	json_object_set_new(o, "present", json_integer(present));
	json_object_set_new(o, "absent", json_integer(expected - present));
	json_object_set_new(o, "free_day", json_boolean(db_column_int(st, 13)));
	json_object_set_new(o, "urgent", json_boolean(db_column_int(st, 14)));
	json_object_set_new(o, "urgent_reason", pl_opt_text(db_column_text(st, 15)));
	json_object_set_new(o, "created_at", pl_time_json(db_column_int(st, 16)));
	return o;
}

static struct db_stmt *load_meeting(struct req *r, int64_t id, int *rc)
{
	struct sqlbuf b;
	sqlbuf_init(&b, r->arena);
	sqlbuf_add(&b, "SELECT " MEETING_COLUMNS " FROM meetings m JOIN orgs o ON o.id = m.org_id WHERE m.id = ");
	sqlbuf_int(&b, id);
	sqlbuf_add(&b, " AND ");
	scope_where(&b, r->user, "m.division");
	struct db_stmt *st = sqlbuf_query(r->db, &b);
	*rc = st ? db_step(st) : DB_ERROR;
	return st;
}

static json_t *attendees_json(struct req *r, int64_t id)
{
	json_t *a = json_array();
	struct db_stmt *st = db_query(r->db, "SELECT a.person_id, p.name, a.present, a.reason, p.political_status"
				      " FROM meeting_attendees a JOIN people p ON p.id = a.person_id WHERE a.meeting_id = $1"
				      " ORDER BY a.present DESC, a.person_id", "i", id);
	while (st && db_step(st) == DB_ROW)
		json_array_append_new(a, json_pack("{s:I, s:s, s:b, s:o, s:o}", "person_id",
						   (json_int_t)db_column_int(st, 0), "name", db_column_text(st, 1), "present",
						   (int)db_column_int(st, 2), "reason", pl_opt_text(db_column_text(st, 3)),
						   "political_status", pl_opt_text(db_column_text(st, 4))));
	db_finalize(st);
	return a;
}

/* How many 四议两公开 steps cite meeting id, or -1 on a storage error. */
static int64_t cited_steps(struct req *r, int64_t id)
{
	int64_t n = 0;
	return db_query_int(r->db, &n, "SELECT COUNT(*) FROM decision_steps WHERE meeting_id = $1", "i", id) == DB_ROW ? n : -1;
}

static int reply_meeting(struct req *r, int64_t id, int status)
{
	int rc;
	struct db_stmt *st = load_meeting(r, id, &rc);
	json_t *o = rc == DB_ROW ? meeting_json(st) : NULL;
	db_finalize(st);
	if (rc != DB_ROW)
		return reply_error(r, rc == DB_DONE ? ERR_NOT_FOUND : ERR_INTERNAL, NULL);
	json_object_set_new(o, "attendees", attendees_json(r, id));
	int64_t steps = cited_steps(r, id);
	if (steps < 0) {
		json_decref(o);
		return reply_error(r, ERR_INTERNAL, NULL);
	}
	json_object_set_new(o, "cited_by_steps", json_integer(steps));   /* a cited meeting keeps org, kind and attendance */
	return reply_json(r, status, o);
}

int meetings_get(struct req *r)
{
	int64_t id;
	if (pl_parse_id(req_param(r, 0), &id))
		return reply_error(r, ERR_NOT_FOUND, NULL);
	return reply_meeting(r, id, 200);
}

static int list_filters(struct req *r, struct sqlbuf *b, bool urgent_only)
{
	sqlbuf_add(b, " FROM meetings m JOIN orgs o ON o.id = m.org_id WHERE ");
	scope_where(b, r->user, "m.division");
	const char *division = req_query(r, "division");
	if (division && *division) {
		if (division_level(division) == DIV_INVALID)
			return reply_error(r, ERR_BAD_DIVISION, "division");
		pl_subtree_where(b, "m.division", division);
	}
	const char *org = req_query(r, "org_id");
	if (!org)
		org = req_query(r, "org");
	if (org && *org) {
		int64_t id;
		if (pl_parse_id(org, &id))
			return reply_error(r, ERR_VALIDATION, "org_id");
		sqlbuf_add(b, " AND m.org_id = ");
		sqlbuf_int(b, id);
	}
	const char *kind = req_query(r, "kind");
	if (kind && *kind) {
		if (!kind_zh(kind))
			return reply_error_msg(r, ERR_VALIDATION, "未知会议类型", "Unknown meeting kind", "kind");
		sqlbuf_add(b, " AND m.kind = ");
		sqlbuf_text(b, kind);
	}
	int64_t from, to;
	int st = pl_range_params(r, &from, &to);
	if (st)
		return st;
	sqlbuf_add(b, " AND m.starts_at >= ");
	sqlbuf_int(b, from);
	sqlbuf_add(b, " AND m.starts_at < ");
	sqlbuf_int(b, to);
	if (urgent_only) {
		sqlbuf_add(b, " AND m.urgent = 1");
		if (!(req_query(r, "all") && !strcmp(req_query(r, "all"), "1")))
			sqlbuf_add(b, " AND m.free_day = 1");
	} else if (req_query(r, "urgent") && !strcmp(req_query(r, "urgent"), "1"))
		sqlbuf_add(b, " AND m.urgent = 1");
	return 0;
}

static int list_meetings(struct req *r, bool urgent_only)
{
	struct paging pg;
	int st = paging_from_query(r, &pg);
	if (st)
		return st;
	struct sqlbuf b;
	sqlbuf_init(&b, r->arena);
	sqlbuf_add(&b, "SELECT COUNT(*)");
	if ((st = list_filters(r, &b, urgent_only)))
		return st;
	int64_t total = 0;
	struct db_stmt *c = sqlbuf_query(r->db, &b);
	if (c == NULL || db_step(c) != DB_ROW) {
		db_finalize(c);
		return reply_error(r, ERR_INTERNAL, NULL);
	}
	total = db_column_int(c, 0);
	db_finalize(c);
	sqlbuf_init(&b, r->arena);
	sqlbuf_add(&b, "SELECT " MEETING_COLUMNS);
	list_filters(r, &b, urgent_only);
	sqlbuf_add(&b, " ORDER BY m.starts_at DESC, m.id DESC LIMIT ");
	sqlbuf_int(&b, pg.page_size);
	sqlbuf_add(&b, " OFFSET ");
	sqlbuf_int(&b, pg.offset);
	struct db_stmt *q = sqlbuf_query(r->db, &b);
	if (q == NULL)
		return reply_error(r, ERR_INTERNAL, NULL);
	json_t *items = json_array();
	while (db_step(q) == DB_ROW)
		json_array_append_new(items, meeting_json(q));
	db_finalize(q);
	return reply_list(r, items, total, pg.page, pg.page_size);
}

int meetings_list(struct req *r)
{
	return list_meetings(r, false);
}

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
		return reply_error_msg(r, ERR_VALIDATION, "month 应为 YYYY-MM", "month is YYYY-MM", "month");
	struct sqlbuf b;
	sqlbuf_init(&b, r->arena);
	sqlbuf_add(&b, "SELECT " MEETING_COLUMNS " FROM meetings m JOIN orgs o ON o.id = m.org_id WHERE ");
	scope_where(&b, r->user, "m.division");
	pl_subtree_where(&b, "m.division", division);
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
		json_t *day = json_array_get(days, (size_t)(pl_cst_day(db_column_int(q, 4)) - p.first));
		if (day == NULL)
			continue;
		json_t *items = json_object_get(day, "items");
		json_object_set_new(day, "count", json_integer(json_integer_value(json_object_get(day, "count")) + 1));
		json_object_set_new(day, "urgent", json_integer(json_integer_value(json_object_get(day, "urgent")) +
								 db_column_int(q, 14)));
		if (json_array_size(items) < CALENDAR_DAY_ITEMS)
			json_array_append_new(items, meeting_json(q));
		total++;
	}
	db_finalize(q);
	return reply_json(r, 200, json_pack("{s:s, s:s, s:I, s:o}", "division", division, "month", p.label, "total",
					    (json_int_t)total, "days", days));
}

int urgent_meetings_report(struct req *r)
{
	return list_meetings(r, true);
}

/* ---- recording a meeting ----------------------------------------------------------- */

struct attendee {
	int64_t person;
	bool present;
	const char *reason;
};

static int read_attendees(struct req *r, const struct pl_org *org, struct attendee **out, int *n)
{
	*out = NULL;
	*n = 0;
	json_t *a = json_object_get(r->json, "attendees");
	if (a == NULL || json_is_null(a))
		return 0;
	if (!json_is_array(a) || json_array_size(a) > MAX_ATTENDEES)
		return reply_error_msg(r, ERR_VALIDATION, "attendees 应为人员 id 或 {person_id, present, reason} 的数组",
				       "attendees is an array of person ids or {person_id, present, reason}", "attendees");
	struct attendee *list = arena_zalloc(r->arena, sizeof(*list) * (json_array_size(a) + 1));
	size_t i;
	json_t *v;
	json_array_foreach(a, i, v) {
		struct attendee *at = &list[i];
		at->present = true;
		if (json_is_integer(v))
			at->person = json_integer_value(v);
		else if (json_is_object(v)) {
			const char *key;
			json_t *x;
			json_object_foreach(v, key, x)
				if (strcmp(key, "person_id") && strcmp(key, "present") && strcmp(key, "reason"))
					return reply_error(r, ERR_UNKNOWN_FIELD, arena_printf(r->arena, "attendees.%s", key));
			at->person = json_integer_value(json_object_get(v, "person_id"));
			json_t *p = json_object_get(v, "present");
			if (p && !json_is_boolean(p))
				return reply_error_msg(r, ERR_VALIDATION, "present 应为 true 或 false", "present is true or false",
						       "attendees");
			if (p)
				at->present = json_is_true(p);
			json_t *reason = json_object_get(v, "reason");
			if (reason && !json_is_null(reason)) {
				if (!json_is_string(reason) || utf8_chars(json_string_value(reason)) > 200)
					return reply_error_msg(r, ERR_VALIDATION, "缺席原因应为不超过 200 字的文字",
							       "The reason is text of at most 200 characters", "attendees");
				at->reason = arena_strdup(r->arena, json_string_value(reason));
			}
		}
		if (at->person <= 0)
			return reply_error_msg(r, ERR_VALIDATION, "参会人员应为人员 id", "An attendee is a person id", "attendees");
		for (size_t k = 0; k < i; k++)
			if (list[k].person == at->person)
				return reply_error_msg(r, ERR_VALIDATION, "参会人员重复", "A person is listed twice", "attendees");
		int in = pl_person_in_roster(r, org, at->person);
		if (in < 0)
			return reply_error(r, ERR_INTERNAL, NULL);
		if (!in)
			return reply_error_msg(r, ERR_VALIDATION,
					       arena_printf(r->arena, "人员 %lld 不在该党组织名册内", (long long)at->person),
					       arena_printf(r->arena, "Person %lld is not on the organisation's roster",
							    (long long)at->person),
					       "attendees");
	}
	*out = list;
	*n = (int)json_array_size(a);
	return 0;
}

/* The members of a meeting body, for create and PATCH alike. */
static const char *const meeting_keys[] = { "org_id", "kind", "starts_at", "place", "host", "topic", "attendees",
					    "minutes", "decisions", "evidence", "urgent", "urgent_reason", NULL };

/* A meeting as validated from a create body (or a merged PATCH). */
struct meeting_in {
	struct pl_org org;
	const char *kind, *starts, *place, *host, *topic, *minutes, *decisions, *evidence, *reason;
	int64_t at, present;
	bool urgent, free_day;
	struct attendee *att;
	int natt;
};

static int meeting_input(struct req *r, struct meeting_in *in)
{
	int64_t org_id = 0;
	*in = (struct meeting_in){ 0 };
	int st = body_object(r, meeting_keys);
	if (!st)
		st = body_int(r, "org_id", true, 1, INT64_MAX, &org_id, NULL);
	if (!st)
		st = body_string(r, "kind", true, 40, &in->kind);
	if (!st)
		st = body_string(r, "starts_at", true, 40, &in->starts);
	if (!st)
		st = body_string(r, "place", false, 200, &in->place);
	if (!st)
		st = body_string(r, "host", false, 50, &in->host);
	if (!st)
		st = body_string(r, "topic", true, TOPIC_MAX, &in->topic);
	if (!st)
		st = body_string(r, "minutes", false, TEXT_MAX, &in->minutes);
	if (!st)
		st = body_string(r, "decisions", false, TEXT_MAX, &in->decisions);
	if (!st)
		st = pl_body_text_list(r, "evidence", 50, 500, &in->evidence);
	if (!st)
		st = body_bool(r, "urgent", false, &in->urgent, NULL);
	if (!st)
		st = body_string(r, "urgent_reason", false, 500, &in->reason);
	if (st)
		return st;
	if (!kind_zh(in->kind))
		return reply_error_msg(r, ERR_VALIDATION, "未知会议类型", "Unknown meeting kind", "kind");
	if (pl_parse_time(in->starts, &in->at))
		return reply_error_msg(r, ERR_VALIDATION, "时间应为带时区的 ISO 8601，如 2026-11-03T09:00:00+08:00",
				       "starts_at is ISO 8601 with an offset, e.g. 2026-11-03T09:00:00+08:00", "starts_at");
	if ((st = pl_org_in_scope(r, org_id, &in->org)))
		return st;
	if ((st = read_attendees(r, &in->org, &in->att, &in->natt)))
		return st;
	if (in->reason && *in->reason == '\0')
		in->reason = NULL;
	if (!in->urgent)
		in->reason = NULL;
	unsigned mask;
	const char *from;
	if (free_days_for(r, in->org.division, &mask, &from) != DB_OK)
		return reply_error(r, ERR_INTERNAL, NULL);
	int wd = pl_iso_weekday(pl_cst_day(in->at));
	in->free_day = mask & (1u << wd);
	if (in->free_day && !(in->urgent && in->reason))
		return reply_error_msg(r, ERR_CONFLICT,
				       arena_printf(r->arena, "%s是无会日，不安排会议；确需召开的紧急会议请注明 urgent 和 urgent_reason",
						    weekday_zh[wd]),
				       arena_printf(r->arena, "ISO weekday %d is a meeting-free day; an emergency meeting needs"
						    " \"urgent\": true and an urgent_reason", wd),
				       "starts_at");
	for (int i = 0; i < in->natt; i++)
		in->present += in->att[i].present;
	return 0;
}

/* Insert (*id 0) or replace meeting *id with its attendance, audited. */
static int meeting_write(struct req *r, int64_t *id, const struct meeting_in *in, json_t *before)
{
	int64_t now = clock_now();
	int rc = db_begin(r->db);
	if (rc == DB_OK && *id == 0) {
		struct db_stmt *q = db_query(r->db,
			"INSERT INTO meetings (org_id, division, kind, starts_at, place, host, topic, minutes, decisions, evidence,"
			" expected, present, free_day, urgent, urgent_reason, created_by, created_at, updated_at)"
			" VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $17) RETURNING id",
			"ittittttttiiiitii", in->org.id, in->org.division, in->kind, in->at, in->place, in->host, in->topic,
			in->minutes, in->decisions, in->evidence, (int64_t)in->natt, in->present, (int64_t)in->free_day,
			(int64_t)in->urgent, in->reason, r->user->id, now);
		rc = q ? db_step(q) : DB_ERROR;
		if (rc == DB_ROW) {
			*id = db_column_int(q, 0);
			rc = DB_OK;
		}
		db_finalize(q);
	} else if (rc == DB_OK) {
		rc = db_exec(r->db,
			"UPDATE meetings SET org_id = $1, division = $2, kind = $3, starts_at = $4, place = $5, host = $6, topic = $7,"
			" minutes = $8, decisions = $9, evidence = $10, expected = $11, present = $12, free_day = $13, urgent = $14,"
			" urgent_reason = $15, updated_at = $16 WHERE id = $17",
			"ittittttttiiiitii", in->org.id, in->org.division, in->kind, in->at, in->place, in->host, in->topic,
			in->minutes, in->decisions, in->evidence, (int64_t)in->natt, in->present, (int64_t)in->free_day,
			(int64_t)in->urgent, in->reason, now, *id);
		if (rc == DB_OK)
			rc = db_exec(r->db, "DELETE FROM meeting_attendees WHERE meeting_id = $1", "i", *id);
	}
	for (int i = 0; i < in->natt && rc == DB_OK; i++)
		rc = db_exec(r->db, "INSERT INTO meeting_attendees (meeting_id, person_id, present, reason) VALUES ($1, $2, $3, $4)",
			     "iiit", *id, in->att[i].person, (int64_t)in->att[i].present, in->att[i].reason);
	json_t *after = json_pack("{s:I, s:s, s:s, s:s, s:I, s:I, s:b, s:b, s:o}", "org_id", (json_int_t)in->org.id, "kind",
				  in->kind, "starts_at", in->starts, "topic", in->topic, "expected", (json_int_t)in->natt,
				  "present", (json_int_t)in->present, "free_day", in->free_day, "urgent", in->urgent,
				  "urgent_reason", pl_opt_text(in->reason));
	struct audit_entry e = { .action = before ? "update" : "create", .entity = "meeting", .entity_id = pl_id_text(r, *id),
				 .division = in->org.division, .before = before, .after = after,
				 .detail = in->free_day ? arena_printf(r->arena, "urgent meeting on a meeting-free day: %s",
								       in->reason)
							: NULL };
	int st = pl_commit(r, rc, &e);
	json_decref(after);
	return st;
}

int meetings_create(struct req *r)
{
	struct meeting_in in;
	int64_t id = 0;
	int st = meeting_input(r, &in);
	if (!st)
		st = meeting_write(r, &id, &in, NULL);
	return st ? st : reply_meeting(r, id, 201);
}

/* The stored meeting of the path, in scope, in the shape of a create body
 * (plus "division" and "steps", the decision steps citing it). */
static int meeting_body(struct req *r, int64_t *id, json_t **out)
{
	if (pl_parse_id(req_param(r, 0), id))
		return reply_error(r, ERR_NOT_FOUND, NULL);
	int rc;
	struct db_stmt *q = load_meeting(r, *id, &rc);
	json_t *m = rc == DB_ROW ? meeting_json(q) : NULL;
	db_finalize(q);
	if (rc != DB_ROW)
		return reply_error(r, rc == DB_DONE ? ERR_NOT_FOUND : ERR_INTERNAL, NULL);
	static const char *const keep[] = { "org_id", "kind", "starts_at", "place", "host", "topic", "minutes", "decisions",
					    "evidence", "urgent", "urgent_reason", "division" };
	*out = json_object();
	for (size_t i = 0; i < sizeof(keep) / sizeof(keep[0]); i++)
		json_object_set(*out, keep[i], json_object_get(m, keep[i]));
	json_decref(m);
	json_t *a = json_array();
	q = db_query(r->db, "SELECT person_id, present, reason FROM meeting_attendees WHERE meeting_id = $1 ORDER BY person_id",
		     "i", *id);
	while (q && db_step(q) == DB_ROW)
		json_array_append_new(a, json_pack("{s:I, s:b, s:o}", "person_id", (json_int_t)db_column_int(q, 0), "present",
						   (int)db_column_int(q, 1), "reason", pl_opt_text(db_column_text(q, 2))));
	db_finalize(q);
	json_object_set_new(*out, "attendees", a);
	int64_t steps = cited_steps(r, *id);
	if (steps < 0) {
		json_decref(*out);
		return reply_error(r, ERR_INTERNAL, NULL);
	}
	json_object_set_new(*out, "steps", json_integer(steps));
	return 0;
}

/* A meeting a 四议两公开 step cites keeps its organisation, kind and attendance. */
static int cited_meeting_conflict(struct req *r, json_t *current)
{
	if (json_integer_value(json_object_get(current, "steps")) == 0)
		return 0;
	static const char *const fixed[] = { "org_id", "kind", "attendees" };
	for (size_t i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++)
		if (json_object_get(r->json, fixed[i]) &&
		    !json_equal(json_object_get(r->json, fixed[i]), json_object_get(current, fixed[i])))
			return reply_error_msg(r, ERR_CONFLICT, "该会议已被四议两公开步骤引用，不能更改组织、类型或签到",
					       "A 四议两公开 step cites this meeting: its organisation, kind and attendance stay",
					       fixed[i]);
	return 0;
}

int meetings_update(struct req *r)
{
	int64_t id;
	json_t *current = NULL;
	int st = body_object(r, meeting_keys);
	if (!st)
		st = meeting_body(r, &id, &current);
	if (!st && (st = cited_meeting_conflict(r, current)))
		json_decref(current);
	if (st)
		return st;
	json_t *before = json_deep_copy(current);
	json_object_del(current, "division");
	json_object_del(current, "steps");
	pl_merge_patch(r, current);
	struct meeting_in in;
	st = meeting_input(r, &in);
	if (!st)
		st = meeting_write(r, &id, &in, before);
	json_decref(before);
	return st ? st : reply_meeting(r, id, 200);
}

int meetings_delete(struct req *r)
{
	int64_t id;
	json_t *before = NULL;
	int st = meeting_body(r, &id, &before);
	if (st)
		return st;
	if (json_integer_value(json_object_get(before, "steps")) > 0) {
		json_decref(before);
		return reply_error_msg(r, ERR_CONFLICT, "该会议已被四议两公开步骤引用，不能删除",
				       "A 四议两公开 step cites this meeting: it stays", NULL);
	}
	static const char *const sql[] = { "DELETE FROM meeting_attendees WHERE meeting_id = $1",
					   "DELETE FROM meetings WHERE id = $1", NULL };
	const char *division = arena_strdup(r->arena, json_string_value(json_object_get(before, "division")));
	return pl_delete(r, "meeting", id, division, before, sql);
}

/* ---- rules ------------------------------------------------------------------------------ */

struct rule {
	const char *org_type, *kind;
	enum pl_freq freq;
	int64_t times;
	bool per_leader;
};

static int load_rules(struct req *r, struct rule **out, int *n)
{
	struct db_stmt *st = db_query(r->db, "SELECT org_type, kind, frequency, times, per_leader FROM meeting_rules"
				      " ORDER BY org_type, kind", NULL);
	if (st == NULL)
		return DB_ERROR;
	int cap = 64, rc;
	struct rule *rules = arena_alloc(r->arena, sizeof(*rules) * (size_t)cap);
	*n = 0;
	while ((rc = db_step(st)) == DB_ROW) {
		if (*n == cap) {
			struct rule *g = arena_alloc(r->arena, sizeof(*rules) * (size_t)cap * 2);
			memcpy(g, rules, sizeof(*rules) * (size_t)cap);
			rules = g;
			cap *= 2;
		}
		struct rule *x = &rules[(*n)++];
		x->org_type = arena_strdup(r->arena, db_column_text(st, 0));
		x->kind = arena_strdup(r->arena, db_column_text(st, 1));
		if (pl_freq_parse(db_column_text(st, 2), &x->freq))
			x->freq = PL_YEAR;
		x->times = db_column_int(st, 3);
		x->per_leader = db_column_int(st, 4) != 0;
	}
	db_finalize(st);
	*out = rules;
	return rc == DB_DONE ? DB_OK : rc;
}

static json_t *rules_json(const struct rule *rules, int n)
{
	json_t *a = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(a, json_pack("{s:s, s:s, s:s, s:s, s:I, s:b}", "org_type", rules[i].org_type, "kind",
						   rules[i].kind, "kind_name", kind_zh(rules[i].kind), "frequency",
						   pl_freq_name(rules[i].freq), "times", (json_int_t)rules[i].times,
						   "per_leader", rules[i].per_leader));
	return a;
}

int meeting_rules_get(struct req *r)
{
	struct rule *rules;
	int n;
	if (load_rules(r, &rules, &n) != DB_OK)
		return reply_error(r, ERR_INTERNAL, NULL);
	json_t *k = json_array();
	for (int i = 0; i < NKINDS; i++)
		json_array_append_new(k, json_pack("{s:s, s:s}", "code", kinds[i].code, "zh", kinds[i].zh));
	return reply_json(r, 200, json_pack("{s:o, s:o}", "rules", rules_json(rules, n), "kinds", k));
}

/* PUT replaces every rule: {"rules":[{"org_type","kind","frequency","times"?,"per_leader"?}]} */
int meeting_rules_put(struct req *r)
{
	static const char *const allowed[] = { "rules", NULL };
	int st = body_object(r, allowed);
	if (st)
		return st;
	json_t *a = json_object_get(r->json, "rules");
	if (!json_is_array(a) || json_array_size(a) > 500)
		return reply_error_msg(r, ERR_VALIDATION, "rules 应为规则数组", "rules is an array of rules", "rules");
	int n = (int)json_array_size(a);
	struct rule *rules = arena_zalloc(r->arena, sizeof(*rules) * (size_t)(n + 1));
	size_t i;
	json_t *v;
	json_array_foreach(a, i, v) {
		struct rule *x = &rules[i];
		const char *key;
		json_t *f;
		if (!json_is_object(v))
			return reply_error_msg(r, ERR_VALIDATION, "每条规则应为对象", "Each rule is an object", "rules");
		json_object_foreach(v, key, f)
			if (strcmp(key, "org_type") && strcmp(key, "kind") && strcmp(key, "frequency") && strcmp(key, "times") &&
			    strcmp(key, "per_leader") && strcmp(key, "kind_name"))
				return reply_error(r, ERR_UNKNOWN_FIELD, arena_printf(r->arena, "rules.%s", key));
		x->org_type = json_string_value(json_object_get(v, "org_type"));
		x->kind = json_string_value(json_object_get(v, "kind"));
		json_t *times = json_object_get(v, "times"), *pl = json_object_get(v, "per_leader");
		x->times = times ? json_integer_value(times) : 1;
		x->per_leader = pl && json_is_true(pl);
		if (!x->org_type || !dict_item(dict_find("org_type"), x->org_type))
			return reply_error_msg(r, ERR_VALIDATION, "未知党组织类型", "Unknown organisation type", "rules");
		if (!kind_zh(x->kind))
			return reply_error_msg(r, ERR_VALIDATION, "未知会议类型", "Unknown meeting kind", "rules");
		if (pl_freq_parse(json_string_value(json_object_get(v, "frequency")), &x->freq))
			return reply_error_msg(r, ERR_VALIDATION, "frequency 应为 weekly、monthly、quarterly 或 yearly",
					       "frequency is weekly, monthly, quarterly or yearly", "rules");
		if ((times && !json_is_integer(times)) || x->times < 1 || x->times > 31 || (pl && !json_is_boolean(pl)))
			return reply_error_msg(r, ERR_VALIDATION, "times 应为 1 到 31 的整数，per_leader 为布尔值",
					       "times is an integer 1..31, per_leader a boolean", "rules");
		for (size_t k = 0; k < i; k++)
			if (!strcmp(rules[k].org_type, x->org_type) && !strcmp(rules[k].kind, x->kind))
				return reply_error_msg(r, ERR_VALIDATION, "同一组织类型和会议类型只能有一条规则",
						       "One rule per organisation type and meeting kind", "rules");
	}
	struct rule *old;
	int nold;
	int rc = load_rules(r, &old, &nold);
	if (rc == DB_OK)
		rc = db_begin(r->db);
	if (rc == DB_OK)
		rc = db_exec(r->db, "DELETE FROM meeting_rules", NULL);
	for (int k = 0; k < n && rc == DB_OK; k++)
		rc = db_exec(r->db, "INSERT INTO meeting_rules (org_type, kind, frequency, times, per_leader) VALUES"
			     " ($1, $2, $3, $4, $5)", "tttii", rules[k].org_type, rules[k].kind, pl_freq_name(rules[k].freq),
			     rules[k].times, (int64_t)rules[k].per_leader);
	json_t *before = rules_json(old, rc == DB_OK ? nold : 0), *after = rules_json(rules, n);
	struct audit_entry e = { .action = "update", .entity = "meeting_rules", .entity_id = "all", .before = before,
				 .after = after };
	st = pl_commit(r, rc, &e);
	json_decref(before);
	if (st) {
		json_decref(after);
		return st;
	}
	return reply_json(r, 200, json_pack("{s:o}", "rules", after));
}

/* ---- compliance -------------------------------------------------------------------------- */

struct held {
	int64_t org, day;
	const char *kind;
};

struct bucket {
	const char *code;
	int64_t orgs, compliant;
};

static bool in_page(const struct paging *pg, int64_t index)
{
	return index >= pg->offset && index < pg->offset + pg->page_size;
}

int meetings_compliance(struct req *r)
{
	const char *division, *ps = req_query(r, "period");
	int st = pl_division_param(r, false, &division);
	if (st)
		return st;
	struct paging pg;
	if ((st = paging_from_query(r, &pg)))
		return st;
	const char *nc = req_query(r, "noncompliant");
	bool only_noncompliant = nc && !strcmp(nc, "1");
	struct pl_period period;
	if (ps == NULL || pl_period_parse(ps, &period))
		return reply_error_msg(r, ERR_VALIDATION, "period 应为 2026-11、2026Q3 或 2026",
				       "period is a month 2026-11, a quarter 2026Q3 or a year 2026", "period");
	struct rule *rules;
	int nrules;
	if (load_rules(r, &rules, &nrules) != DB_OK)
		return reply_error(r, ERR_INTERNAL, NULL);
	/* the window covers every assessed unit (weeks may start before the period) */
	int64_t w0 = period.first - 7, w1 = period.last + 1;

	/* meetings held, by organisation */
	struct sqlbuf b;
	sqlbuf_init(&b, r->arena);
	sqlbuf_add(&b, "SELECT m.org_id, m.kind, m.starts_at FROM meetings m WHERE ");
	scope_where(&b, r->user, "m.division");
	pl_subtree_where(&b, "m.division", division);
	sqlbuf_add(&b, " AND m.starts_at >= ");
	sqlbuf_int(&b, w0 * 86400 - 8 * 3600);
	sqlbuf_add(&b, " AND m.starts_at < ");
	sqlbuf_int(&b, w1 * 86400 - 8 * 3600);
	sqlbuf_add(&b, " ORDER BY m.org_id");
	struct db_stmt *q = sqlbuf_query(r->db, &b);
	if (q == NULL)
		return reply_error(r, ERR_INTERNAL, NULL);
	int cap = 256, nheld = 0;
	struct held *held = arena_alloc(r->arena, sizeof(*held) * (size_t)cap);
	while (db_step(q) == DB_ROW) {
		if (nheld == cap) {
			struct held *g = arena_alloc(r->arena, sizeof(*held) * (size_t)cap * 2);
			memcpy(g, held, sizeof(*held) * (size_t)cap);
			held = g;
			cap *= 2;
		}
		held[nheld].org = db_column_int(q, 0);
		held[nheld].kind = arena_strdup(r->arena, db_column_text(q, 1));
		held[nheld].day = pl_cst_day(db_column_int(q, 2));
		nheld++;
	}
	db_finalize(q);

	/* township leaders per division, for per-leader rules */
	sqlbuf_init(&b, r->arena);
	sqlbuf_add(&b, "SELECT division, COUNT(*) FROM people WHERE cadre_role = 'township_leader'");
	pl_subtree_where(&b, "division", division);
	sqlbuf_add(&b, " GROUP BY division");
	q = sqlbuf_query(r->db, &b);
	if (q == NULL)
		return reply_error(r, ERR_INTERNAL, NULL);
	json_t *leaders = json_object();
	while (db_step(q) == DB_ROW)
		json_object_set_new(leaders, db_column_text(q, 0), json_integer(db_column_int(q, 1)));
	db_finalize(q);

	/* the organisations with rules */
	sqlbuf_init(&b, r->arena);
	sqlbuf_add(&b, "SELECT o.id, o.name, o.type, o.division FROM orgs o WHERE o.type IN"
		       " (SELECT org_type FROM meeting_rules) AND ");
	scope_where(&b, r->user, "o.division");
	pl_subtree_where(&b, "o.division", division);
	sqlbuf_add(&b, " ORDER BY o.id");
	q = sqlbuf_query(r->db, &b);
	if (q == NULL) {
		json_decref(leaders);
		return reply_error(r, ERR_INTERNAL, NULL);
	}
	int64_t starts[PL_FREQ_COUNT][MAX_UNITS], ends[PL_FREQ_COUNT][MAX_UNITS];
	int nunits[PL_FREQ_COUNT];
	for (int f = 0; f < PL_FREQ_COUNT; f++)
		nunits[f] = pl_units((enum pl_freq)f, &period, starts[f], ends[f], MAX_UNITS);
	int clen = division_child_length(division);
	struct bucket buckets[256];
	int nb = 0;
	/* the orgs and missing lists are paged; the totals and the roll-up count every organisation */
	json_t *orgs = json_array(), *missing = json_array();
	int64_t total_orgs = 0, total_ok = 0, hi = 0, listed_orgs = 0, listed_missing = 0;
	while (db_step(q) == DB_ROW) {
		int64_t id = db_column_int(q, 0);
		const char *name = db_column_text(q, 1), *type = db_column_text(q, 2), *odiv = db_column_text(q, 3);
		while (hi < nheld && held[hi].org < id)
			hi++;
		int64_t lo = hi;
		while (hi < nheld && held[hi].org == id)
			hi++;
		json_t *ks = json_array();
		int64_t org_missing = 0;
		for (int k = 0; k < nrules; k++) {
			const struct rule *x = &rules[k];
			if (strcmp(x->org_type, type) || nunits[x->freq] == 0)
				continue;
			int64_t per = x->times;
			if (x->per_leader) {
				int64_t nl = json_integer_value(json_object_get(leaders, odiv));
				per *= nl > 0 ? nl : 1;
			}
			int64_t expected = per * nunits[x->freq], held_n = 0, miss = 0, units_met = 0;
			for (int u = 0; u < nunits[x->freq]; u++) {
				int64_t c = 0;
				for (int64_t h = lo; h < hi; h++)
					if (held[h].day >= starts[x->freq][u] && held[h].day <= ends[x->freq][u] &&
					    !strcmp(held[h].kind, x->kind))
						c++;
				held_n += c;
				miss += c < per ? per - c : 0;
				units_met += c >= per;
			}
			org_missing += miss;
			json_array_append_new(ks, json_pack("{s:s, s:s, s:s, s:I, s:I, s:I, s:I, s:I}", "kind", x->kind,
							    "kind_name", kind_zh(x->kind), "frequency", pl_freq_name(x->freq),
							    "units", (json_int_t)nunits[x->freq], "expected", (json_int_t)expected,
							    "held", (json_int_t)held_n, "missing", (json_int_t)miss,
							    "units_met", (json_int_t)units_met));
			if (miss && in_page(&pg, listed_missing++))
				json_array_append_new(missing, json_pack("{s:I, s:s, s:s, s:s, s:s, s:I, s:I, s:I}", "org_id",
									 (json_int_t)id, "org_name", name, "division", odiv,
									 "kind", x->kind, "frequency", pl_freq_name(x->freq),
									 "expected", (json_int_t)expected, "held",
									 (json_int_t)held_n, "missing", (json_int_t)miss));
		}
		if (json_array_size(ks) == 0) {
			json_decref(ks);
			continue;
		}
		bool ok = org_missing == 0;
		total_orgs++;
		total_ok += ok;
		if ((!only_noncompliant || !ok) && in_page(&pg, listed_orgs++))
			json_array_append_new(orgs, json_pack("{s:I, s:s, s:s, s:s, s:b, s:o}", "org_id", (json_int_t)id, "name",
							      name, "type", type, "division", odiv, "compliant", ok, "kinds", ks));
		else
			json_decref(ks);
		char child[DIVISION_CODE_MAX + 1];
		if ((int)strlen(odiv) > (int)strlen(division) && (int)strlen(odiv) >= clen)
			snprintf(child, sizeof(child), "%.*s", clen, odiv);
		else
			snprintf(child, sizeof(child), "%s", division);
		int bi = 0;
		while (bi < nb && strcmp(buckets[bi].code, child))
			bi++;
		if (bi == nb && nb < 256)
			buckets[nb++] = (struct bucket){ .code = arena_strdup(r->arena, child) };
		if (bi < nb) {
			buckets[bi].orgs++;
			buckets[bi].compliant += ok;
		}
	}
	db_finalize(q);
	json_decref(leaders);
	json_t *by = json_array();
	for (int i = 0; i < nb; i++)
		json_array_append_new(by, json_pack("{s:s, s:I, s:I, s:f}", "division", buckets[i].code, "orgs",
						    (json_int_t)buckets[i].orgs, "compliant", (json_int_t)buckets[i].compliant,
						    "rate", buckets[i].orgs ? (double)buckets[i].compliant / (double)buckets[i].orgs : 0.0));
	pl_name_divisions(r, by);
	char first[11], last[11];
	int y, m, d;
	pl_civil_from_days(period.first, &y, &m, &d);
	snprintf(first, sizeof(first), "%04d-%02d-%02d", y, m, d);
	pl_civil_from_days(period.last, &y, &m, &d);
	snprintf(last, sizeof(last), "%04d-%02d-%02d", y, m, d);
	json_t *units = json_object();
	for (int f = 0; f < PL_FREQ_COUNT; f++)
		json_object_set_new(units, pl_freq_name((enum pl_freq)f), json_integer(nunits[f]));
	return reply_json(r, 200, json_pack("{s:s, s:{s:s, s:s, s:s, s:o, s:s}, s:{s:I, s:I, s:f}, s:o, s:o, s:o,"
					    " s:{s:I, s:I, s:I, s:I}}",
		"division", division, "period", "label", period.label, "first_day", first, "last_day", last, "units", units,
		"rule", "a weekly, monthly, quarterly or yearly requirement is assessed in the period where its week"
			" (Monday-Sunday, CST), month, quarter or year ends",
		"totals", "orgs", (json_int_t)total_orgs, "compliant", (json_int_t)total_ok, "rate",
		total_orgs ? (double)total_ok / (double)total_orgs : 0.0, "by_division", by, "missing", missing, "orgs", orgs,
		"paging", "page", (json_int_t)pg.page, "page_size", (json_int_t)pg.page_size, "orgs_total",
		(json_int_t)listed_orgs, "missing_total", (json_int_t)listed_missing));
}

/* meetings.c - meetings: reading and listing them, and recording, correcting and deleting one (see partylife.h). */
#include <stdio.h>
#include <string.h>

#include "auth/principal.h"
#include "core/clock.h"
#include "core/intparse.h"
#include "core/utf8.h"
#include "db/sqlbuf.h"
#include "http/reply.h"
#include "model/listing.h"
#include "modules/partylife/meetings.h"
#include "modules/partylife/partylife.h"
#include "modules/partylife/resource.h"

#define TOPIC_MAX 200
#define TEXT_MAX 20000
#define MAX_ATTENDEES 2000
#define HELD_SKEW 600   /* a held meeting may be stamped a few minutes ahead of the server clock */

const struct pl_meeting_kind pl_meeting_kinds[] = {
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
const int pl_meeting_nkinds = (int)(sizeof(pl_meeting_kinds) / sizeof(pl_meeting_kinds[0]));

const char *pl_meeting_kind_zh(const char *code)
{
	for (int i = 0; code && i < pl_meeting_nkinds; i++)
		if (!strcmp(pl_meeting_kinds[i].code, code))
			return pl_meeting_kinds[i].zh;
	return NULL;
}

/* ---- reading meetings --------------------------------------------------------------- */

json_t *pl_meeting_json(struct db_stmt *st)
{
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(db_column_int(st, 0)));
	json_object_set_new(o, "org_id", json_integer(db_column_int(st, 1)));
	json_object_set_new(o, "org_name", pl_opt_text(db_column_text(st, 17)));
	json_object_set_new(o, "org_type", pl_opt_text(db_column_text(st, 18)));
	json_object_set_new(o, "division", json_string(db_column_text(st, 2)));
	json_object_set_new(o, "division_name", pl_opt_text(db_column_text(st, 19)));
	json_object_set_new(o, "kind", json_string(db_column_text(st, 3)));
	json_object_set_new(o, "kind_name", pl_opt_text(pl_meeting_kind_zh(db_column_text(st, 3))));
	json_object_set_new(o, "starts_at", pl_time_json(db_column_int(st, 4)));
	int64_t day = pl_cst_day(db_column_int(st, 4));
	char ds[16];
	pl_day_text(day, ds);
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
	json_object_set_new(o, "status", json_string(db_column_text(st, 20) ? db_column_text(st, 20) : PL_MEETING_HELD));
	/* a 党员大会: the full members entitled to attend and whether more than half of them came */
	json_object_set_new(o, "entitled", db_column_is_null(st, 21) ? json_null() : json_integer(db_column_int(st, 21)));
	json_object_set_new(o, "quorum", db_column_is_null(st, 22) ? json_null() : json_boolean(db_column_int(st, 22)));
	return o;
}

static struct db_stmt *load_meeting(struct req *r, int64_t id, int *rc)
{
	return pl_query_in_scope(r, "SELECT " PL_MEETING_COLUMNS " FROM meetings m JOIN orgs o ON o.id = m.org_id WHERE m.id = ",
				 id, "m.division", rc);
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
	json_t *o = rc == DB_ROW ? pl_meeting_json(st) : NULL;
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

/* " FROM ... WHERE ..." of the list (ctx: bool, only the urgent meetings). */
static int list_from(struct req *r, struct sqlbuf *b, const void *ctx)
{
	bool urgent_only = *(const bool *)ctx;
	sqlbuf_add(b, " FROM meetings m JOIN orgs o ON o.id = m.org_id WHERE ");
	int st = listing_scope_where(r, b, "m.division");
	if (st)
		return st;
	const char *org = req_query(r, "org_id");
	if (!org)
		org = req_query(r, "org");
	if (org && *org) {
		int64_t id;
		if (parse_id(org, &id))
			return reply_error(r, ERR_VALIDATION, "org_id");
		sqlbuf_add(b, " AND m.org_id = ");
		sqlbuf_int(b, id);
	}
	const char *kind = req_query(r, "kind");
	if (kind && *kind) {
		if (!pl_meeting_kind_zh(kind))
			return reply_error_msg(r, ERR_VALIDATION, "未知会议类型", "Unknown meeting kind", "kind");
		sqlbuf_add(b, " AND m.kind = ");
		sqlbuf_text(b, kind);
	}
	const char *status = req_query(r, "status");
	if (status && *status) {
		if (strcmp(status, PL_MEETING_PLANNED) && strcmp(status, PL_MEETING_HELD))
			return reply_error_msg(r, ERR_VALIDATION, "会议状态应为计划召开（planned）或已召开（held）",
					       "status is planned or held", "status");
		sqlbuf_add(b, " AND m.status = ");
		sqlbuf_text(b, status);
	}
	int64_t from, to;
	if ((st = pl_range_params(r, &from, &to)))
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

static json_t *meeting_row(struct req *r, struct db_stmt *st, const void *ctx)
{
	(void)r;
	(void)ctx;
	return pl_meeting_json(st);
}

static int list_meetings(struct req *r, bool urgent_only)
{
	struct listing l = { .columns = PL_MEETING_COLUMNS, .order = "m.starts_at DESC, m.id DESC", .from = list_from,
			     .row = meeting_row, .ctx = &urgent_only, .key = "m.id" };
	return listing_reply(r, &l);
}

int meetings_list(struct req *r)
{
	return list_meetings(r, false);
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
		return reply_error_msg(r, ERR_VALIDATION, "参会人员应为人员编号的数组，或每人一项（人员编号、是否出席、缺席原因）",
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
				return reply_error_msg(r, ERR_VALIDATION, "是否出席应为是或否", "present is true or false",
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
			return reply_error_msg(r, ERR_VALIDATION, "参会人员应为人员编号", "An attendee is a person id", "attendees");
		for (size_t k = 0; k < i; k++)
			if (list[k].person == at->person)
				return reply_error_msg(r, ERR_VALIDATION, "参会人员重复", "A person is listed twice", "attendees");
		int in = pl_person_in_roster(r, org, at->person, NULL);
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
const char *const meeting_keys[] = { "org_id", "kind", "starts_at", "place", "host", "topic", "attendees",
					    "minutes", "decisions", "evidence", "urgent", "urgent_reason", "status", NULL };

/* A meeting as validated from a create body (or a merged PATCH). */
struct meeting_in {
	struct pl_org org;
	const char *kind, *starts, *place, *host, *topic, *minutes, *decisions, *evidence, *reason, *status;
	int64_t at, present;
	int64_t entitled, quorum;   /* a held 党员大会: full members entitled, 1/0 quorum; -1 otherwise */
	bool urgent, free_day;
	struct attendee *att;
	int natt;
};

/*
 * A 党员大会 (branch_general) needs more than half of the members entitled to
 * attend: the full members (正式党员) of the organisation, with those of its
 * branches for a general branch.  Probationary members attend but do not
 * count.  A meeting below it is recorded with quorum 0 and counts neither
 * toward compliance nor for a 四议两公开 step.
 */
static int members_quorum(struct req *r, struct meeting_in *in)
{
	int rc = db_query_int(r->db, &in->entitled, "SELECT COUNT(*) FROM people p WHERE p.political_status = 'member' AND"
			      " (p.org_id = $1 OR p.org_id IN (SELECT c.id FROM orgs c WHERE c.parent_id = $1))", "i", in->org.id);
	if (rc != DB_ROW)
		return DB_ERROR;
	int64_t present_full = 0;
	for (int i = 0; i < in->natt; i++) {
		if (!in->att[i].present)
			continue;
		int64_t full = 0;
		if (db_query_int(r->db, &full, "SELECT COUNT(*) FROM people WHERE id = $1 AND political_status = 'member'", "i",
				 in->att[i].person) != DB_ROW)
			return DB_ERROR;
		present_full += full;
	}
	in->quorum = pl_general_meeting_quorum(in->entitled, present_full);
	return DB_OK;
}

static int meeting_validate(struct req *r, void *input, const char **division)
{
	struct meeting_in *in = input;
	int64_t org_id = 0;
	int st = body_int(r, "org_id", true, 1, INT64_MAX, &org_id, NULL);
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
	if (!st)
		st = body_string(r, "status", false, 20, &in->status);
	if (st)
		return st;
	if (in->status == NULL || *in->status == '\0')
		in->status = PL_MEETING_HELD;
	if (strcmp(in->status, PL_MEETING_PLANNED) && strcmp(in->status, PL_MEETING_HELD))
		return reply_error_msg(r, ERR_VALIDATION, "会议状态应为计划召开（planned）或已召开（held）",
				       "status is planned or held", "status");
	if (!pl_meeting_kind_zh(in->kind))
		return reply_error_msg(r, ERR_VALIDATION, "未知会议类型", "Unknown meeting kind", "kind");
	if (pl_parse_time(in->starts, &in->at))
		return reply_error_msg(r, ERR_VALIDATION, "会议时间应为带时区的日期时间，如 2026-11-03T09:00:00+08:00",
				       "starts_at is ISO 8601 with an offset, e.g. 2026-11-03T09:00:00+08:00", "starts_at");
	/* a meeting dated ahead is a plan: it is recorded held once it has taken place */
	if (!strcmp(in->status, PL_MEETING_HELD) && in->at > clock_now() + HELD_SKEW)
		return reply_error_msg(r, ERR_VALIDATION, "会议时间晚于现在：尚未召开的会议请登记为计划召开，召开后再改为已召开",
				       "A meeting dated ahead has not been held: record it as planned and mark it held afterwards",
				       "starts_at");
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
	if (pl_free_days_for(r, in->org.division, &mask, &from) != DB_OK)
		return reply_error(r, ERR_INTERNAL, NULL);
	int wd = pl_iso_weekday(pl_cst_day(in->at));
	in->free_day = mask & (1u << wd);
	if (in->free_day && !(in->urgent && in->reason))
		return reply_error_msg(r, ERR_CONFLICT,
				       arena_printf(r->arena, "%s是无会日，不安排会议；确需召开的紧急会议请勾选“紧急会议”并填写紧急原因",
						    pl_weekday_zh[wd]),
				       arena_printf(r->arena, "ISO weekday %d is a meeting-free day; an emergency meeting needs"
						    " \"urgent\": true and an urgent_reason", wd),
				       "starts_at");
	for (int i = 0; i < in->natt; i++)
		in->present += in->att[i].present;
	in->entitled = in->quorum = -1;
	if (!strcmp(in->kind, "branch_general") && !strcmp(in->status, PL_MEETING_HELD) &&
	    members_quorum(r, in) != DB_OK)
		return reply_error(r, ERR_INTERNAL, NULL);
	*division = in->org.division;
	return 0;
}

/* Insert (*id 0) or replace meeting *id with its attendance. */
static int meeting_write(struct req *r, int64_t *id, const void *input)
{
	const struct meeting_in *in = input;
	int64_t now = clock_now();
	int rc;
	if (*id == 0)
		rc = pl_insert_id(db_query(r->db,
			"INSERT INTO meetings (org_id, division, kind, starts_at, place, host, topic, minutes, decisions, evidence,"
			" expected, present, free_day, urgent, urgent_reason, created_by, created_at, updated_at, status, entitled, quorum)"
			" VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $17, $18,"
			" NULLIF(CAST($19 AS BIGINT), -1), NULLIF(CAST($20 AS BIGINT), -1)) RETURNING id",
			"ittittttttiiiitiitii", in->org.id, in->org.division, in->kind, in->at, in->place, in->host, in->topic,
			in->minutes, in->decisions, in->evidence, (int64_t)in->natt, in->present, (int64_t)in->free_day,
			(int64_t)in->urgent, in->reason, r->user->id, now, in->status, in->entitled, in->quorum), id);
	else {
		rc = db_exec(r->db,
			"UPDATE meetings SET org_id = $1, division = $2, kind = $3, starts_at = $4, place = $5, host = $6, topic = $7,"
			" minutes = $8, decisions = $9, evidence = $10, expected = $11, present = $12, free_day = $13, urgent = $14,"
			" urgent_reason = $15, updated_at = $16, status = $18, entitled = NULLIF(CAST($19 AS BIGINT), -1), quorum = NULLIF(CAST($20 AS BIGINT), -1)"
			" WHERE id = $17",
			"ittittttttiiiitiitii", in->org.id, in->org.division, in->kind, in->at, in->place, in->host, in->topic,
			in->minutes, in->decisions, in->evidence, (int64_t)in->natt, in->present, (int64_t)in->free_day,
			(int64_t)in->urgent, in->reason, now, *id, in->status, in->entitled, in->quorum);
		if (rc == DB_OK)
			rc = db_exec(r->db, "DELETE FROM meeting_attendees WHERE meeting_id = $1", "i", *id);
	}
	for (int i = 0; i < in->natt && rc == DB_OK; i++)
		rc = db_exec(r->db, "INSERT INTO meeting_attendees (meeting_id, person_id, present, reason) VALUES ($1, $2, $3, $4)",
			     "iiit", *id, in->att[i].person, (int64_t)in->att[i].present, in->att[i].reason);
	return rc;
}

static json_t *meeting_audit(struct req *r, const void *input, bool creating, const char **detail)
{
	const struct meeting_in *in = input;
	(void)creating;
	if (in->free_day)
		*detail = arena_printf(r->arena, "urgent meeting on a meeting-free day: %s", in->reason);
	return json_pack("{s:I, s:s, s:s, s:s, s:s, s:I, s:I, s:b, s:b, s:o, s:o, s:o}", "org_id", (json_int_t)in->org.id,
			 "kind", in->kind, "status", in->status, "starts_at", in->starts, "topic", in->topic, "expected",
			 (json_int_t)in->natt, "present", (json_int_t)in->present, "free_day", in->free_day, "urgent", in->urgent,
			 "urgent_reason", pl_opt_text(in->reason),
			 "entitled", in->entitled >= 0 ? json_integer(in->entitled) : json_null(),
			 "quorum", in->quorum >= 0 ? json_boolean(in->quorum) : json_null());
}

/* The stored meeting, in scope, in the shape of a create body (plus
 * "division" and "steps", the decision steps citing it). */
static int meeting_load(struct req *r, int64_t id, json_t **out, const char **division)
{
	int rc;
	struct db_stmt *q = load_meeting(r, id, &rc);
	json_t *m = rc == DB_ROW ? pl_meeting_json(q) : NULL;
	db_finalize(q);
	if (rc != DB_ROW)
		return rc;
	static const char *const keep[] = { "org_id", "kind", "starts_at", "place", "host", "topic", "minutes", "decisions",
					    "evidence", "urgent", "urgent_reason", "division", "status" };
	*out = json_object();
	for (size_t i = 0; i < sizeof(keep) / sizeof(keep[0]); i++)
		json_object_set(*out, keep[i], json_object_get(m, keep[i]));
	json_decref(m);
	json_t *a = json_array();
	q = db_query(r->db, "SELECT person_id, present, reason FROM meeting_attendees WHERE meeting_id = $1 ORDER BY person_id",
		     "i", id);
	while (q && db_step(q) == DB_ROW)
		json_array_append_new(a, json_pack("{s:I, s:b, s:o}", "person_id", (json_int_t)db_column_int(q, 0), "present",
						   (int)db_column_int(q, 1), "reason", pl_opt_text(db_column_text(q, 2))));
	db_finalize(q);
	json_object_set_new(*out, "attendees", a);
	int64_t steps = cited_steps(r, id);
	if (steps < 0)
		return DB_ERROR;
	json_object_set_new(*out, "steps", json_integer(steps));
	*division = arena_strdup(r->arena, json_string_value(json_object_get(*out, "division")));
	return DB_ROW;
}

/* A meeting a 四议两公开 step cites keeps its organisation, kind and attendance. */
static int meeting_check_update(struct req *r, const json_t *stored, void *input)
{
	(void)input;
	/* planned -> held, never back: a held meeting is a record */
	const char *now_status = json_string_value(json_object_get(r->json, "status"));
	if (now_status && !strcmp(now_status, PL_MEETING_PLANNED) &&
	    !strcmp(json_string_value(json_object_get(stored, "status")), PL_MEETING_HELD))
		return reply_error_msg(r, ERR_CONFLICT, "已召开的会议不能改回计划召开", "A held meeting cannot become planned again",
				       "status");
	if (json_integer_value(json_object_get(stored, "steps")) == 0)
		return 0;
	static const char *const fixed[] = { "org_id", "kind", "attendees" };
	for (size_t i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++)
		if (json_object_get(r->json, fixed[i]) &&
		    !json_equal(json_object_get(r->json, fixed[i]), json_object_get(stored, fixed[i])))
			return reply_error_msg(r, ERR_CONFLICT, "该会议已被四议两公开步骤引用，不能更改组织、类型或签到",
					       "A 四议两公开 step cites this meeting: its organisation, kind and attendance stay",
					       fixed[i]);
	return 0;
}

/* ... nor can it be deleted. */
static int meeting_check_delete(struct req *r, const json_t *stored)
{
	if (json_integer_value(json_object_get(stored, "steps")) > 0)
		return reply_error_msg(r, ERR_CONFLICT, "该会议已被四议两公开步骤引用，不能删除",
				       "A 四议两公开 step cites this meeting: it stays", NULL);
	return 0;
}

static const char *const meeting_delete_sql[] = { "DELETE FROM meeting_attendees WHERE meeting_id = $1",
						  "DELETE FROM meetings WHERE id = $1", NULL };

static const struct pl_resource meeting_resource = {
	.entity = "meeting",
	.table = "meetings",
	.keys = meeting_keys,
	.input_size = sizeof(struct meeting_in),
	.validate = meeting_validate,
	.load = meeting_load,
	.check_update = meeting_check_update,
	.check_delete = meeting_check_delete,
	.write = meeting_write,
	.audit = meeting_audit,
	.delete_sql = meeting_delete_sql,
	.reply = reply_meeting,
};

PL_RESOURCE_HANDLERS(meetings, meeting_resource)

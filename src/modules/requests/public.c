/* public.c - requests seen from outside: the public categories and tracking by ticket, and the Open311 GeoReport v2 view. */
#include "modules/requests/requests.h"
#include "modules/requests/requests_internal.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "auth/principal.h"
#include "auth/ratelimit.h"
#include "auth/scope.h"
#include "core/clock.h"
#include "http/reply.h"
#include "model/audit.h"
#include "model/dict.h"
#include "model/env.h"

int requests_public_categories(struct req *r)
{
	struct db_stmt *q = db_query(r->db, "SELECT code, parent_code, name, name_en, kind, level, sign_days, reply_days,"
				     " close_days FROM request_categories ORDER BY sort", NULL);
	if (q == NULL)
		return reply_error(r, ERR_INTERNAL, NULL);
	json_t *items = json_array();
	int64_t n = 0;
	while (db_step(q) == DB_ROW) {
		json_array_append_new(items, json_pack("{s:s, s:o, s:s, s:s, s:s, s:s, s:I, s:I, s:I}",
						       "code", db_column_text(q, 0), "parent_code", opt_text(q, 1),
						       "name", db_column_text(q, 2), "name_en", db_column_text(q, 3),
						       "kind", db_column_text(q, 4), "level", db_column_text(q, 5),
						       "sign_days", (json_int_t)db_column_int(q, 6),
						       "reply_days", (json_int_t)db_column_int(q, 7),
						       "close_days", (json_int_t)db_column_int(q, 8)));
		n++;
	}
	db_finalize(q);
	return reply_list(r, items, n, 1, n);
}

/* The request of the ticket when the last four digits of its phone are last4:
 * DB_ROW with q, or the reply's status (404 for a wrong ticket or phone, 429
 * beyond the rate limit). */
static int find_ticket(struct req *r, const char *ticket, const char *last4, struct request_row *q, int *status)
{
	if (last4 == NULL || strlen(last4) != 4) {
		*status = reply_error_msg(r, ERR_MISSING_FIELD, "请输入手机号后四位", "Give the last four digits of the phone",
					  "phone_last4");
		return DB_ERROR;
	}
	const struct env *env = r->env;
	bool limited = false;
	if (ratelimit_hit(r->db, arena_printf(r->arena, "track:%s", r->remote_addr), env->cfg->rate_limit_per_minute, 60,
			  &limited) != DB_OK) {
		*status = reply_error(r, ERR_INTERNAL, NULL);
		return DB_ERROR;
	}
	if (limited) {
		*status = reply_error(r, ERR_RATE_LIMITED, NULL);
		return DB_ERROR;
	}
	struct db_stmt *st = db_query(r->db, "SELECT " REQUEST_COLUMNS " FROM requests q WHERE q.ticket = $1", "t", ticket);
	int rc = st ? db_step(st) : DB_ERROR;
	if (rc == DB_ROW)
		request_load(st, r->arena, q);
	db_finalize(st);
	const char *phone = rc == DB_ROW ? q->requester_phone : NULL;
	size_t plen = phone ? strlen(phone) : 0;
	if (rc != DB_ROW || plen < 4 || strcmp(phone + plen - 4, last4)) {
		*status = reply_error(r, rc == DB_ROW || rc == DB_DONE ? ERR_NOT_FOUND : ERR_INTERNAL, NULL);
		return DB_ERROR;
	}
	return DB_ROW;
}

/* The status as the requester reads it: 待签收 until someone has signed for it. */
static void status_label(const struct request_row *q, const char **zh, const char **en)
{
	const struct dict_item *it = dict_item(dict_find("request_status"), q->status);
	*zh = it ? it->zh : q->status;
	*en = it ? it->en : q->status;
	if (q->signed_at == 0 && !strcmp(q->status, "transferred")) {
		*zh = "已转办，待签收";
		*en = "Transferred, waiting to be signed for";
	} else if (q->signed_at == 0 && request_status_open(q->status) && strcmp(q->status, "returned") &&
		   q->replied_at == 0) {
		*zh = "待签收";
		*en = "Waiting to be signed for";
	}
}

/* Has the requester rated the latest reply?  Its rating, or NULL; *replies: how many replies there were. */
static const char *feedback_on_last_reply(struct req *r, int64_t id, int64_t *replies)
{
	*replies = 0;
	const char *rating = NULL;
	struct db_stmt *st = db_query(r->db, "SELECT action, satisfaction FROM request_steps WHERE request_id = $1"
				      " AND action IN ('reply', 'feedback') ORDER BY id", "i", id);
	while (st && db_step(st) == DB_ROW) {
		if (!strcmp(db_column_text(st, 0), "reply")) {
			(*replies)++;
			rating = NULL;
		} else if (*replies)
			rating = arena_strdup(r->arena, db_column_text(st, 1) ? db_column_text(st, 1) : "");
	}
	db_finalize(st);
	return rating;
}

/* May the requester rate the request now (a reply given and not rated yet)? */
static bool may_rate(const struct request_row *q, const char *rated, int64_t replies)
{
	bool answered = !strcmp(q->status, "replied") || !strcmp(q->status, "visited") || !strcmp(q->status, "closed");
	return answered && replies > 0 && rated == NULL;
}

/* Status and replies for the ticket's holder: no personal data. */
int requests_public_track(struct req *r)
{
	struct request_row q;
	int status = 0;
	if (find_ticket(r, req_param(r, 0), req_query(r, "phone_last4"), &q, &status) != DB_ROW)
		return status;
	json_t *full = request_json(&q, false);
	/* only what the requester needs: no names, phones, handlers' notes or actors */
	static const char *const public_keys[] = { "ticket", "category", "category_name", "division_name", "status",
						   "reply", "created_at", "replied_at", "closed_at", "timeliness", "org_name",
						   "satisfaction" };
	json_t *out = json_object();
	for (size_t i = 0; i < sizeof(public_keys) / sizeof(public_keys[0]); i++)
		json_object_set(out, public_keys[i], json_object_get(full, public_keys[i]));
	json_decref(full);
	const char *zh, *en;
	status_label(&q, &zh, &en);
	json_object_set_new(out, "status_label", json_string(zh));
	json_object_set_new(out, "status_label_en", json_string(en));
	json_t *steps = request_steps_json(r, q.id, false);
	size_t i;
	json_t *step;
	json_array_foreach(steps, i, step) {
		request_step_label(json_string_value(json_object_get(step, "action")), &zh, &en);
		json_object_set_new(step, "label", json_string(zh));
		json_object_set_new(step, "label_en", json_string(en));
	}
	json_object_set_new(out, "timeline", steps);
	int64_t replies;
	const char *rated = feedback_on_last_reply(r, q.id, &replies);
	json_object_set_new(out, "feedback", rated && *rated ? json_string(rated) : json_null());
	json_object_set_new(out, "feedback_allowed", json_boolean(may_rate(&q, rated, replies)));
	return reply_json(r, 200, out);
}

/*
 * POST /public/requests/{ticket}/feedback {"phone_last4", "satisfaction",
 * "reopen"?, "comment"?}: the requester rates the latest reply, once per
 * reply; an unsatisfied requester may ask to reopen it (worked on again,
 * under supervision).
 */
int requests_public_feedback(struct req *r)
{
	static const char *const allowed[] = { "phone_last4", "satisfaction", "reopen", "comment", NULL };
	const char *last4 = NULL, *satisfaction = NULL, *comment = NULL;
	bool reopen = false, has_reopen = false;
	int st = body_object(r, allowed);
	if (!st)
		st = body_string(r, "phone_last4", true, 4, &last4);
	if (!st)
		st = body_string(r, "satisfaction", true, 20, &satisfaction);
	if (!st)
		st = body_bool(r, "reopen", false, &reopen, &has_reopen);
	if (!st)
		st = body_string(r, "comment", false, 500, &comment);
	if (st)
		return st;
	if (dict_item(dict_find("satisfaction"), satisfaction) == NULL)
		return reply_error_msg(r, ERR_VALIDATION, "评价应为满意、基本满意或不满意",
				       "The rating is satisfied, basic or unsatisfied", "satisfaction");
	if (reopen && strcmp(satisfaction, "unsatisfied"))
		return reply_error_msg(r, ERR_VALIDATION, "只有评价不满意时才能申请重新办理",
				       "Only an unsatisfied rating may ask to reopen", "reopen");
	struct request_row q;
	int status = 0;
	if (find_ticket(r, req_param(r, 0), last4, &q, &status) != DB_ROW)
		return status;
	int64_t replies;
	const char *rated = feedback_on_last_reply(r, q.id, &replies);
	if (rated)
		return reply_error_msg(r, ERR_CONFLICT, "您已对本次答复作出评价，每次答复只能评价一次",
				       "You have rated this reply already: one rating per reply", "satisfaction");
	if (!may_rate(&q, rated, replies))
		return reply_error_msg(r, ERR_CONFLICT, "诉求尚未答复，答复后才能评价", "There is no reply to rate yet",
				       "satisfaction");
	int64_t now = clock_now();
	const char *to = reopen ? "reopened" : q.status;
	int rc = db_begin(r->db);
	if (rc == DB_OK && reopen) {
		rc = db_exec(r->db, "UPDATE requests SET status = 'reopened', reopen_count = reopen_count + 1, supervised = 1,"
			     " replied_at = NULL, closed_at = NULL, satisfaction = NULL, updated_at = $1"
			     " WHERE id = $2 AND status = $3", "iit", now, q.id, q.status);
		if (rc == DB_OK && db_changes(r->db) != 1)
			rc = DB_CONSTRAINT;
	}
	if (rc == DB_OK)
		rc = request_write_rated_step(r, q.id, "feedback", q.status, to, 0, comment, satisfaction);
	struct audit_entry e = { .action = "update", .entity = "request",
				 .entity_id = arena_printf(r->arena, "%lld", (long long)q.id), .division = q.division,
				 .detail = reopen ? "public feedback: reopen" : "public feedback", .username = "public" };
	if ((st = audit_commit_reply(r, rc, &e)))
		return st;
	return reply_json(r, 200, json_pack("{s:s, s:s, s:b}", "ticket", q.ticket, "status", to, "reopened", reopen));
}

/* ---- Open311 GeoReport v2 ------------------------------------------------------------ */

/* Without a login (GeoReport clients have none): every place, nothing a villager wrote (the
 * description and the reply may name people), and at most rate-limit-per-minute calls a minute
 * from one address.  0, or the reply's status. */
static int open311_public_gate(struct req *r)
{
	if (r->user)
		return 0;
	bool limited = false;
	if (ratelimit_hit(r->db, arena_printf(r->arena, "open311:%s", r->remote_addr), r->env->cfg->rate_limit_per_minute, 60,
			  &limited) != DB_OK)
		return reply_error(r, ERR_INTERNAL, NULL);
	if (limited) {
		req_add_header(r, "Retry-After", "60");
		return reply_error(r, ERR_RATE_LIMITED, NULL);
	}
	return 0;
}

/* The caller's places, or every place for a GeoReport client without a login. */
static void open311_scope(struct req *r, struct sqlbuf *b)
{
	if (r->user)
		scope_where(b, r->user, "q.division");
	else
		sqlbuf_add(b, "1 = 1");
}

int open311_services(struct req *r)
{
	int st = open311_public_gate(r);
	if (st)
		return st;
	struct db_stmt *q = db_query(r->db, "SELECT c.code, c.name, c.name_en, c.kind,"
				     " (SELECT p.name FROM request_categories p WHERE p.code = c.parent_code)"
				     " FROM request_categories c ORDER BY c.sort", NULL);
	if (q == NULL)
		return reply_error(r, ERR_INTERNAL, NULL);
	json_t *a = json_array();
	while (db_step(q) == DB_ROW) {
		const char *group = db_column_text(q, 4);
		json_array_append_new(a, json_pack("{s:s, s:s, s:s, s:b, s:s, s:s, s:s}", "service_code", db_column_text(q, 0),
						   "service_name", db_column_text(q, 1), "description", db_column_text(q, 2),
						   "metadata", 0, "type", "realtime", "keywords", db_column_text(q, 3),
						   "group", group ? group : db_column_text(q, 1)));
	}
	db_finalize(q);
	return reply_json(r, 200, a);
}

static json_t *opt_string(const char *v)
{
	return v ? json_string(v) : json_null();
}

/* The request row st stands on as a GeoReport service request. */
static json_t *georeport(struct req *r, struct db_stmt *st)
{
	struct request_row q;
	request_load(st, r->arena, &q);
	char requested[21], updated[21];
	clock_format_iso(q.created_at, requested);
	clock_format_iso(q.updated_at, updated);
	bool staff = r->user != NULL;   /* without a login, nothing a villager or a handler wrote */
	json_t *o = json_pack("{s:s, s:s, s:o, s:s, s:o, s:o, s:o, s:s, s:s, s:o}", "service_request_id", q.ticket,
			      "status", request_status_open(q.status) ? "open" : "closed", "status_notes",
			      staff ? opt_string(q.reply) : json_null(), "service_code", q.category, "service_name",
			      opt_string(q.category_name), "description", staff ? json_string(q.content) : json_null(),
			      "agency_responsible", opt_string(q.org_name), "requested_datetime", requested,
			      "updated_datetime", updated, "address", opt_string(q.division_name));
	json_object_set_new(o, "address_id", json_string(q.division));
	json_object_set_new(o, "expected_datetime", opt_time_value(q.close_due));
	return o;
}

/* requests.json?service_code=&status=open|closed&start_date=&end_date=&page=&page_size= */
int open311_requests(struct req *r)
{
	struct paging pg;
	int st = open311_public_gate(r);
	if (!st)
		st = paging_from_query(r, &pg);
	if (st)
		return st;
	struct sqlbuf b;
	sqlbuf_init(&b, r->arena);
	sqlbuf_add(&b, "SELECT " REQUEST_COLUMNS " FROM requests q WHERE (");
	open311_scope(r, &b);
	sqlbuf_add(&b, ")");
	const char *code = req_query(r, "service_code"), *status = req_query(r, "status");
	if (code && *code) {
		sqlbuf_add(&b, " AND q.category = ");
		sqlbuf_text(&b, code);
	}
	bool open = status && !strcmp(status, "open"), closed = status && !strcmp(status, "closed");
	if (open || closed) {
		sqlbuf_add(&b, " AND ");
		request_status_filter(&b, "q.status", open);
	} else if (status && *status)
		return reply_error_msg(r, ERR_VALIDATION, "状态应为办理中或已办结", "status is open or closed", "status");
	static const char *const bounds[] = { "start_date", "end_date" };
	for (int i = 0; i < 2; i++) {
		const char *v = req_query(r, bounds[i]);
		if (v == NULL)
			continue;
		struct tm tm = { 0 };
		char *end = strptime(v, "%Y-%m-%dT%H:%M:%S", &tm);
		if (end == NULL)
			end = strptime(v, "%Y-%m-%d", &tm);
		if (end == NULL)
			return reply_error_msg(r, ERR_VALIDATION, "日期应为年-月-日（如 2026-11-03）或带时区的日期时间", "Dates are ISO 8601", bounds[i]);
		sqlbuf_add(&b, i ? " AND q.created_at < " : " AND q.created_at >= ");
		sqlbuf_int(&b, (int64_t)timegm(&tm));
	}
	sqlbuf_add(&b, " ORDER BY q.created_at DESC, q.id DESC");
	sqlbuf_page(&b, pg.page_size, pg.offset);
	struct db_stmt *q = sqlbuf_query(r->db, &b);
	if (q == NULL)
		return reply_error(r, ERR_INTERNAL, NULL);
	json_t *a = json_array();
	while (db_step(q) == DB_ROW)
		json_array_append_new(a, georeport(r, q));
	db_finalize(q);
	return reply_json(r, 200, a);
}

int open311_request(struct req *r)
{
	char ticket[32];
	snprintf(ticket, sizeof(ticket), "%s", req_param(r, 0));
	char *dot = strstr(ticket, ".json");
	if (dot == NULL || dot[5])
		return reply_error(r, ERR_NOT_FOUND, NULL);
	*dot = '\0';
	int st = open311_public_gate(r);
	if (st)
		return st;
	struct sqlbuf b;
	sqlbuf_init(&b, r->arena);
	sqlbuf_add(&b, "SELECT " REQUEST_COLUMNS " FROM requests q WHERE q.ticket = ");
	sqlbuf_text(&b, ticket);
	sqlbuf_add(&b, " AND ");
	open311_scope(r, &b);
	struct db_stmt *q = sqlbuf_query(r->db, &b);
	int rc = q ? db_step(q) : DB_ERROR;
	json_t *a = json_array();
	if (rc == DB_ROW)
		json_array_append_new(a, georeport(r, q));
	db_finalize(q);
	if (rc != DB_ROW) {
		json_decref(a);
		return reply_error(r, rc == DB_DONE ? ERR_NOT_FOUND : ERR_INTERNAL, NULL);
	}
	return reply_json(r, 200, a);
}


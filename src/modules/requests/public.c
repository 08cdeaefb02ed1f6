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

/* Status and replies for the ticket's holder: no personal data. */
int requests_public_track(struct req *r)
{
	const char *ticket = req_param(r, 0), *last4 = req_query(r, "phone_last4");
	if (last4 == NULL || strlen(last4) != 4)
		return reply_error_msg(r, ERR_MISSING_FIELD, "请输入手机号后四位", "Give the last four digits of the phone",
				       "phone_last4");
	const struct env *env = r->env;
	bool limited = false;
	if (ratelimit_hit(r->db, arena_printf(r->arena, "track:%s", r->remote_addr), env->cfg->rate_limit_per_minute, 60,
			  &limited) != DB_OK)
		return reply_error(r, ERR_INTERNAL, NULL);
	if (limited)
		return reply_error(r, ERR_RATE_LIMITED, NULL);
	struct db_stmt *st = db_query(r->db, "SELECT " REQUEST_COLUMNS " FROM requests q WHERE q.ticket = $1", "t", ticket);
	int rc = st ? db_step(st) : DB_ERROR;
	struct request_row q;
	if (rc == DB_ROW)
		request_load(st, r->arena, &q);
	db_finalize(st);
	const char *phone = rc == DB_ROW ? q.requester_phone : NULL;
	size_t plen = phone ? strlen(phone) : 0;
	if (rc != DB_ROW || plen < 4 || strcmp(phone + plen - 4, last4))
		return reply_error(r, rc == DB_ROW || rc == DB_DONE ? ERR_NOT_FOUND : ERR_INTERNAL, NULL);
	json_t *full = request_json(&q, false);
	/* only what the requester needs: no names, phones, handlers' notes or actors */
	static const char *const public_keys[] = { "ticket", "category", "category_name", "division_name", "status",
						   "reply", "created_at", "replied_at", "closed_at", "timeliness", "org_name",
						   "satisfaction" };
	json_t *out = json_object();
	for (size_t i = 0; i < sizeof(public_keys) / sizeof(public_keys[0]); i++)
		json_object_set(out, public_keys[i], json_object_get(full, public_keys[i]));
	json_decref(full);
	json_object_set_new(out, "timeline", request_steps_json(r, q.id, false));
	return reply_json(r, 200, out);
}

/* ---- Open311 GeoReport v2 ------------------------------------------------------------ */

int open311_services(struct req *r)
{
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
	json_t *o = json_pack("{s:s, s:s, s:o, s:s, s:o, s:s, s:o, s:s, s:s, s:o}", "service_request_id", q.ticket,
			      "status", request_status_open(q.status) ? "open" : "closed", "status_notes", opt_string(q.reply),
			      "service_code", q.category, "service_name", opt_string(q.category_name),
			      "description", q.content, "agency_responsible", opt_string(q.org_name),
			      "requested_datetime", requested, "updated_datetime", updated,
			      "address", opt_string(q.division_name));
	json_object_set_new(o, "address_id", json_string(q.division));
	json_object_set_new(o, "expected_datetime", opt_time_value(q.close_due));
	return o;
}

/* requests.json?service_code=&status=open|closed&start_date=&end_date=&page=&page_size= */
int open311_requests(struct req *r)
{
	struct paging pg;
	int st = paging_from_query(r, &pg);
	if (st)
		return st;
	struct sqlbuf b;
	sqlbuf_init(&b, r->arena);
	sqlbuf_add(&b, "SELECT " REQUEST_COLUMNS " FROM requests q WHERE (");
	scope_where(&b, r->user, "q.division");
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
	struct sqlbuf b;
	sqlbuf_init(&b, r->arena);
	sqlbuf_add(&b, "SELECT " REQUEST_COLUMNS " FROM requests q WHERE q.ticket = ");
	sqlbuf_text(&b, ticket);
	sqlbuf_add(&b, " AND ");
	scope_where(&b, r->user, "q.division");
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


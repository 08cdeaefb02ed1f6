/* record.c - one request: its row read once into a struct, as JSON, and the reply that shows it. */
#include "modules/requests/requests_internal.h"

#include <string.h>

#include "auth/principal.h"
#include "auth/roles.h"
#include "auth/scope.h"
#include "core/clock.h"
#include "core/fieldcrypt.h"
#include "core/phone.h"
#include "core/utf8.h"
#include "http/reply.h"
#include "model/audit.h"

/* ---- reading ---------------------------------------------------------------------- */

static const char *text_at(struct db_stmt *st, struct arena *a, int col)
{
	return arena_strdup(a, db_column_text(st, col));
}

static int64_t int_at(struct db_stmt *st, int col)
{
	return db_column_is_null(st, col) ? 0 : db_column_int(st, col);
}

void request_load(struct db_stmt *st, struct arena *a, struct request_row *q)
{
	*q = (struct request_row){
		.id = db_column_int(st, 0),
		.ticket = text_at(st, a, 1),
		.channel = text_at(st, a, 2),
		.division = text_at(st, a, 3),
		.category = text_at(st, a, 4),
		.content = text_at(st, a, 5),
		.requester_name = text_at(st, a, 6),
		.requester_phone = fieldcrypt_open_a(a, "requests.requester_phone", db_column_text(st, 7)),
		.urgency = text_at(st, a, 8),
		.status = text_at(st, a, 9),
		.org_id = int_at(st, 10),
		.org_division = text_at(st, a, 11),
		.escalated_org_id = int_at(st, 12),
		.supervised = db_column_int(st, 13) != 0,
		.transfer_count = db_column_int(st, 14),
		.reopen_count = db_column_int(st, 15),
		.reply = text_at(st, a, 16),
		.satisfaction = text_at(st, a, 17),
		.mediation_outcome = text_at(st, a, 18),
		.merged_into = int_at(st, 19),
		.created_at = db_column_int(st, 20),
		.sign_due = db_column_int(st, 21),
		.reply_due = db_column_int(st, 22),
		.close_due = db_column_int(st, 23),
		.signed_at = int_at(st, 24),
		.replied_at = int_at(st, 25),
		.closed_at = int_at(st, 26),
		.updated_at = db_column_int(st, 27),
		.division_name = text_at(st, a, 28),
		.category_name = text_at(st, a, 29),
		.org_name = text_at(st, a, 30),
		.escalated_org_name = text_at(st, a, 31),
		.kind = text_at(st, a, 32),
	};
}

int request_find(struct req *r, int64_t id, struct request_row *q)
{
	struct sqlbuf b;
	sqlbuf_init(&b, r->arena);
	sqlbuf_add(&b, "SELECT " REQUEST_COLUMNS " FROM requests q WHERE q.id = ");
	sqlbuf_int(&b, id);
	sqlbuf_add(&b, " AND (");
	scope_where(&b, r->user, "q.division");
	sqlbuf_add(&b, " OR ");
	scope_where(&b, r->user, "q.org_division");
	sqlbuf_add(&b, ")");
	struct db_stmt *st = sqlbuf_query(r->db, &b);
	int rc = st ? db_step(st) : DB_ERROR;
	if (rc == DB_ROW)
		request_load(st, r->arena, q);
	db_finalize(st);
	return rc;
}

int request_not_found(struct req *r, int64_t id, int rc)
{
	if (rc != DB_DONE)
		return reply_error(r, ERR_INTERNAL, NULL);
	audit_denied_elsewhere(r, "request", "requests", "division", id);
	return reply_error(r, ERR_NOT_FOUND, NULL);
}

bool request_in_scope(struct req *r, const struct request_row *q)
{
	return scope_allows(r->user, q->division) || scope_allows(r->user, q->org_division);
}

/* ---- as JSON ------------------------------------------------------------------------ */

json_t *opt_text(struct db_stmt *st, int col)
{
	const char *v = db_column_text(st, col);
	return v ? json_string(v) : json_null();
}

static json_t *opt_string(const char *v)
{
	return v ? json_string(v) : json_null();
}

static json_t *opt_id(int64_t id)
{
	return id ? json_integer(id) : json_null();
}

json_t *opt_time_value(int64_t t)
{
	if (t == 0)
		return json_null();
	char iso[21];
	clock_format_iso(t, iso);
	return json_string(iso);
}

/* The deadline that matters now and where the request stands against it. */
static json_t *timeliness(const struct request_row *q, int64_t now)
{
	const char *stage;
	int64_t due;
	if (q->signed_at == 0) {
		stage = "sign";
		due = q->sign_due;
	} else if (q->replied_at == 0) {
		stage = "reply";
		due = q->reply_due;
	} else {
		stage = "close";
		due = q->close_due;
	}
	const char *state;
	if (!request_status_open(q->status)) {
		int64_t closed = q->closed_at ? q->closed_at : q->updated_at;
		state = closed <= q->close_due ? "on_time" : "late";
		stage = "done";
	} else if (now > due)
		state = "overdue";
	else if (due - now < AT_RISK_SECONDS)
		state = "at_risk";
	else
		state = "on_time";
	char iso[21];
	clock_format_iso(due, iso);
	return json_pack("{s:s, s:s, s:s}", "state", state, "stage", stage, "due", iso);
}

/* May the caller reveal the requester?  The handling chain: staff who may
 * read sensitive data over the request's place or the responsible
 * organisation. */
static bool in_chain(struct req *r, const struct request_row *q)
{
	return r->user && role_has(r->user->role, PERM_SENSITIVE_READ) &&
	       (scope_allows(r->user, q->division) || (q->org_division && scope_allows(r->user, q->org_division)));
}

json_t *request_json(const struct request_row *q, bool personal)
{
	int64_t now = clock_now();
	json_t *o = json_pack("{s:I, s:s, s:s, s:s, s:o, s:s, s:o, s:s, s:s, s:s, s:b}",
			      "id", (json_int_t)q->id, "ticket", q->ticket, "channel", q->channel,
			      "division", q->division, "division_name", opt_string(q->division_name),
			      "category", q->category, "category_name", opt_string(q->category_name),
			      "content", q->content, "urgency", q->urgency, "status", q->status,
			      "closed", !request_status_open(q->status));
	/* the requester is masked in every reply, for every role: the handling
	 * chain sees it through requests_reveal, which audits the view */
	const char *name = q->requester_name, *phone = q->requester_phone;
	if (personal) {
		char mn[64] = "", mp[32] = "";
		if (name)
			utf8_mask(name, 1, 0, mn, sizeof(mn));   /* 王** */
		if (phone)
			phone_mask(phone, mp, sizeof(mp));
		json_object_set_new(o, "requester_name", name ? json_string(mn) : json_null());
		json_object_set_new(o, "requester_phone", phone ? json_string(mp) : json_null());
	}
	json_object_set_new(o, "kind", opt_string(q->kind));
	json_object_set_new(o, "org_id", opt_id(q->org_id));
	json_object_set_new(o, "org_name", opt_string(q->org_name));
	json_object_set_new(o, "org_division", opt_string(q->org_division));
	json_object_set_new(o, "escalated_org_id", opt_id(q->escalated_org_id));
	json_object_set_new(o, "escalated_org_name", opt_string(q->escalated_org_name));
	json_object_set_new(o, "supervised", json_boolean(q->supervised));
	json_object_set_new(o, "transfer_count", json_integer(q->transfer_count));
	json_object_set_new(o, "reopen_count", json_integer(q->reopen_count));
	json_object_set_new(o, "reply", opt_string(q->reply));
	json_object_set_new(o, "satisfaction", opt_string(q->satisfaction));
	json_object_set_new(o, "mediation_outcome", opt_string(q->mediation_outcome));
	json_object_set_new(o, "merged_into", opt_id(q->merged_into));
	const struct { const char *key; int64_t t; } times[] = {
		{ "created_at", q->created_at }, { "sign_due", q->sign_due }, { "reply_due", q->reply_due },
		{ "close_due", q->close_due }, { "signed_at", q->signed_at }, { "replied_at", q->replied_at },
		{ "closed_at", q->closed_at }, { "updated_at", q->updated_at },
	};
	for (size_t i = 0; i < sizeof(times) / sizeof(times[0]); i++)
		json_object_set_new(o, times[i].key, opt_time_value(times[i].t));
	json_object_set_new(o, "timeliness", timeliness(q, now));
	return o;
}

json_t *request_steps_json(struct req *r, int64_t id, bool with_actors)
{
	json_t *a = json_array();
	struct db_stmt *st = db_query(r->db, "SELECT s.at, s.actor_name, s.action, s.from_status, s.to_status, s.note,"
				      " (SELECT o.name FROM orgs o WHERE o.id = s.org_id) FROM request_steps s"
				      " WHERE s.request_id = $1 ORDER BY s.id", "i", id);
	while (st && db_step(st) == DB_ROW) {
		json_t *step = json_pack("{s:o, s:s, s:o, s:s, s:o}",
					 "at", opt_time_value(db_column_is_null(st, 0) ? 0 : db_column_int(st, 0)),
					 "action", db_column_text(st, 2), "from_status", opt_text(st, 3),
					 "to_status", db_column_text(st, 4), "org_name", opt_text(st, 6));
		if (with_actors) {
			json_object_set_new(step, "actor", opt_text(st, 1));
			json_object_set_new(step, "note", opt_text(st, 5));
		}
		json_array_append_new(a, step);
	}
	db_finalize(st);
	return a;
}

/* ---- the reply ------------------------------------------------------------------------ */

int request_reply(struct req *r, const struct request_row *q, int status)
{
	json_t *o = request_json(q, true);
	json_object_set_new(o, "allowed_actions", request_allowed_actions(r, q));
	json_object_set_new(o, "timeline", request_steps_json(r, q->id, true));
	return reply_json(r, status, o);
}

int request_reply_id(struct req *r, int64_t id, int status)
{
	struct request_row q;
	int rc = request_find(r, id, &q);
	if (rc != DB_ROW)
		return request_not_found(r, id, rc);
	return request_reply(r, &q, status);
}

int requests_reveal(struct req *r)
{
	static const char *const allowed[] = { "field", "reason", NULL };
	const char *field = NULL, *reason = NULL;
	int64_t id;
	int st = req_path_id(r, 0, &id);
	if (!st)
		st = body_object(r, allowed);
	if (!st)
		st = body_string(r, "field", true, 64, &field);
	if (!st)
		st = body_string(r, "reason", true, 200, &reason);
	if (st)
		return st;
	bool want_name = strcmp(field, "requester_name") == 0;
	if (!want_name && strcmp(field, "requester_phone") != 0)
		return reply_error_msg(r, ERR_VALIDATION, "只能查看诉求人姓名或联系电话",
				       "Only requester_name or requester_phone can be revealed", "field");
	if (utf8_chars(reason) < 2)
		return reply_error_msg(r, ERR_VALIDATION, "请填写查看理由", "Give a reason for viewing", "reason");
	struct request_row q;
	int rc = request_find(r, id, &q);
	if (rc != DB_ROW)
		return request_not_found(r, id, rc);
	if (!in_chain(r, &q))
		return reply_error_msg(r, ERR_FORBIDDEN, "只有办理链上的工作人员可以查看诉求人信息",
				       "Only staff handling the request may see the requester", NULL);
	struct audit_entry e = {
		.action = "reveal", .entity = "request", .entity_id = arena_printf(r->arena, "%lld", (long long)id),
		.division = q.division, .detail = arena_printf(r->arena, "%s: %s", field, reason),
	};
	if ((st = audit_commit_reply(r, db_begin(r->db), &e)))
		return st;
	const char *value = want_name ? q.requester_name : q.requester_phone;
	return reply_json(r, 200, json_pack("{s:s, s:o}", "field", field, "value", opt_string(value)));
}

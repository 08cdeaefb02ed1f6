/* lists.c - reading requests: the list with its filters (the inbox among them) and one request. */
#include "modules/requests/requests.h"
#include "modules/requests/requests_internal.h"

#include <string.h>

#include "auth/principal.h"
#include "auth/scope.h"
#include "core/fieldcrypt.h"
#include "core/clock.h"
#include "http/reply.h"
#include "model/dict.h"
#include "model/listing.h"

/* One request with its timeline and the actions the caller may take. */
int requests_get(struct req *r)
{
	int64_t id;
	int st = req_path_id(r, 0, &id);
	if (st)
		return st;
	return request_reply_id(r, id, 200);
}

static int list_from(struct req *r, struct sqlbuf *b, const void *ctx)
{
	(void)ctx;
	sqlbuf_add(b, " FROM requests q WHERE (");
	scope_where(b, r->user, "q.division");
	sqlbuf_add(b, " OR ");
	scope_where(b, r->user, "q.org_division");
	sqlbuf_add(b, ")");
	int st = listing_division_filter(r, b, "q.division");
	if (st)
		return st;
	static const struct { const char *param, *dict; } exact[] = {
		{ "status", "request_status" }, { "channel", "request_channel" }, { "urgency", "urgency" },
		{ "satisfaction", "satisfaction" },
	};
	for (size_t i = 0; i < sizeof(exact) / sizeof(exact[0]); i++) {
		const char *v = req_query(r, exact[i].param);
		if (v == NULL || *v == '\0')
			continue;
		if (dict_item(dict_find(exact[i].dict), v) == NULL)
			return reply_error_msg(r, ERR_VALIDATION, "不在字典范围内", "Not a value of the dictionary", exact[i].param);
		sqlbuf_add(b, arena_printf(r->arena, " AND q.%s = ", exact[i].param));
		sqlbuf_text(b, v);
	}
	const char *category = req_query(r, "category");
	if (category && *category) {
		sqlbuf_add(b, " AND (q.category = ");
		sqlbuf_text(b, category);
		sqlbuf_add(b, " OR q.category IN (SELECT code FROM request_categories WHERE parent_code = ");
		sqlbuf_text(b, category);
		sqlbuf_add(b, "))");
	}
	const char *phone = req_query(r, "phone");
	if (phone && *phone) {
		sqlbuf_add(b, " AND q.requester_phone_hash = ");   /* sealed at rest: its keyed hash */
		sqlbuf_text(b, fieldcrypt_hash_a(r->arena, "phone", phone));
	}
	const char *q = req_query(r, "q");
	if (q && *q) {
		sqlbuf_add(b, " AND (q.content LIKE ");
		sqlbuf_like(b, q, true);
		sqlbuf_add(b, " OR q.ticket LIKE ");
		sqlbuf_like(b, q, false);
		sqlbuf_add(b, ")");
	}
	if (req_query(r, "open") && !strcmp(req_query(r, "open"), "1")) {
		sqlbuf_add(b, " AND ");
		request_status_filter(b, "q.status", true);
	}
	if (req_query(r, "supervised") && !strcmp(req_query(r, "supervised"), "1"))
		sqlbuf_add(b, " AND q.supervised = 1");
	/* my inbox: open requests my organisations answer for, or supervise, or
	 * that wait for one to answer for them; a union, so that each branch
	 * searches its index of open requests (SQLite uses no partial index for
	 * the branches of an OR, and would visit every request in scope) */
	if (req_query(r, "mine") && !strcmp(req_query(r, "mine"), "1")) {
		sqlbuf_add(b, " AND q.id IN (SELECT id FROM requests WHERE ");
		request_status_filter(b, "status", true);
		sqlbuf_add(b, " AND ");
		scope_where(b, r->user, "org_division");
		sqlbuf_add(b, " UNION SELECT id FROM requests WHERE ");
		request_status_filter(b, "status", true);
		sqlbuf_add(b, " AND escalated_org_id IN (SELECT o.id FROM orgs o WHERE ");
		scope_where(b, r->user, "o.division");
		sqlbuf_add(b, ") UNION SELECT id FROM requests WHERE ");
		request_status_filter(b, "status", true);
		sqlbuf_add(b, " AND (org_id IS NULL OR status = 'returned') AND ");
		scope_where(b, r->user, "division");
		sqlbuf_add(b, ")");
	}
	const char *when = req_query(r, "timeliness");
	if (when && *when) {
		int64_t now = clock_now();
		const char *due = REQUEST_DUE;
		sqlbuf_add(b, " AND ");
		request_status_filter(b, "q.status", true);
		sqlbuf_add(b, " AND ");
		sqlbuf_add(b, due);
		if (!strcmp(when, "overdue")) {
			sqlbuf_add(b, " < ");
			sqlbuf_int(b, now);
		} else if (!strcmp(when, "at_risk")) {
			sqlbuf_add(b, " >= ");
			sqlbuf_int(b, now);
			sqlbuf_add(b, " AND ");
			sqlbuf_add(b, due);
			sqlbuf_add(b, " < ");
			sqlbuf_int(b, now + AT_RISK_SECONDS);
		} else if (!strcmp(when, "on_time")) {
			sqlbuf_add(b, " >= ");
			sqlbuf_int(b, now + AT_RISK_SECONDS);
		} else
			return reply_error_msg(r, ERR_VALIDATION, "应为未超期、临期或已超期",
					       "Expected on_time, at_risk or overdue", "timeliness");
	}
	return 0;
}

static json_t *list_row(struct req *r, struct db_stmt *st, const void *ctx)
{
	(void)ctx;
	struct request_row q;
	request_load(st, r->arena, &q);
	return request_json(&q, true);
}

int requests_list(struct req *r)
{
	const char *sort = req_query(r, "sort");
	struct listing l = {
		.columns = REQUEST_COLUMNS,
		.order = sort && !strcmp(sort, "due")
				 ? REQUEST_DUE ", q.id"
				 : "q.created_at DESC, q.id DESC",
		.from = list_from, .row = list_row,
	};
	return listing_reply(r, &l);
}

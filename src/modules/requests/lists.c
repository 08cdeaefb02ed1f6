/* lists.c - reading requests: the list with its filters (the inbox among them) and one request. */
#include "modules/requests/requests.h"
#include "modules/requests/requests_internal.h"

#include <string.h>

#include "auth/principal.h"
#include "auth/scope.h"
#include "core/fieldcrypt.h"
#include "core/clock.h"
#include "core/intparse.h"
#include "http/reply.h"
#include "model/dict.h"
#include "model/list_export.h"
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

/* Is every scope of the caller a township or wider (an inbox of many; a village's holds few)? */
static bool wide_scope(const struct principal *p)
{
	for (int i = 0; p && i < p->nscopes; i++)
		if (strlen(p->scopes[i]) > 9)
			return false;
	return p != NULL;
}

/*
 * "the place (q.division) or the answering organisation's (q.org_division) is
 * in p's scope", and the place under node (NULL: anywhere).  With a node:
 * the place in the scope under node (one range a scope), or else the place
 * under node and the organisation in the scope; when a scope holds the node
 * that second part adds nothing (a place under the node is in the scope) and
 * is left out, so that the list ranges the place's index by the node alone.
 */
static void visible_under(struct sqlbuf *b, const struct principal *p, const char *node)
{
	scope_where_under(b, p, "q.division", node);
	if (node == NULL || !scope_allows(p, node)) {
		sqlbuf_add(b, " OR ");
		if (node) {
			sqlbuf_subtree(b, "q.division", node);
			sqlbuf_add(b, " AND ");
		}
		scope_where(b, p, "q.org_division");
	}
}

/* The list's FROM and WHERE; ctx non-NULL: sorted by due time (the inbox's order). */
static int list_from(struct req *r, struct sqlbuf *b, const void *ctx)
{
	bool mine = req_query(r, "mine") && !strcmp(req_query(r, "mine"), "1");
	/* a wide inbox by due time walks requests_open_due in order, reading the index alone
	 * until a row matches (SQLite would otherwise gather every request of the scope through
	 * a MULTI-INDEX OR of the place's and the organisation's indexes, then sort;
	 * PostgreSQL chooses the walk by its costs); a village's few by the union below */
	bool walk = mine && ctx != NULL && wide_scope(r->user);
	sqlbuf_add(b, " FROM requests q");
	if (walk && db_backend(r->db) == DB_SQLITE)
		sqlbuf_add(b, " INDEXED BY requests_open_due");
	const char *node;
	int st = req_query_division(r, "division", &node);
	if (st)
		return st;
	sqlbuf_add(b, " WHERE (");
	visible_under(b, r->user, node);
	sqlbuf_add(b, ")");
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
	if (walk) {
		/* sorted by due: the same three ways as conditions on the row, so that the
		 * page walks the index of open requests by due time (requests_open_due) in
		 * order and stops at the page's end */
		sqlbuf_add(b, " AND ");
		request_status_filter(b, "q.status", true);
		sqlbuf_add(b, " AND (");
		scope_where(b, r->user, "q.org_division");
		sqlbuf_add(b, " OR q.escalated_org_id IN (SELECT o.id FROM orgs o WHERE ");
		scope_where(b, r->user, "o.division");
		sqlbuf_add(b, ") OR (q.org_id IS NULL OR q.status = 'returned') AND ");
		scope_where(b, r->user, "q.division");
		sqlbuf_add(b, ")");
	} else if (mine) {
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

/* ---- sorted by due time: keyset pages, a bounded count ------------------------------------------ */

#define COUNT_CAP 10000   /* counted exactly up to here; above, total is COUNT_CAP and marked an estimate */

/* ?after=DUE.ID (the `next` of the page before): the rows after that one
 * in the order by due time.  0, or the status of the 400 reply. */
static int parse_after(struct req *r, const char *after, int64_t *due, int64_t *id)
{
	const char *dot = after ? strchr(after, '.') : NULL;
	if (dot == NULL || dot == after || parse_int64(arena_strndup(r->arena, after, (size_t)(dot - after)), INT64_MIN,
						      INT64_MAX, due) || parse_id(dot + 1, id))
		return reply_error_msg(r, ERR_VALIDATION, "翻页位置应取自上一页的 next", "Expected the next of the page before",
				       "after");
	return 0;
}

/* The number of rows of the list, counted up to COUNT_CAP + 1 (a county's inbox
 * holds hundreds of thousands; counting them is what cost). */
static int count_capped(struct req *r, int64_t *total, bool *estimated)
{
	struct sqlbuf b;
	sqlbuf_init(&b, r->arena);
	sqlbuf_add(&b, "SELECT COUNT(*) FROM (SELECT 1 AS one");
	int st = list_from(r, &b, "due");
	if (st)
		return st;
	sqlbuf_add(&b, " LIMIT ");
	sqlbuf_int(&b, COUNT_CAP + 1);
	sqlbuf_add(&b, ") t");
	struct db_stmt *q = sqlbuf_query(r->db, &b);
	if (q == NULL || db_step(q) != DB_ROW) {
		db_finalize(q);
		return reply_error(r, ERR_INTERNAL, NULL);
	}
	*total = db_column_int(q, 0);
	db_finalize(q);
	*estimated = *total > COUNT_CAP;
	if (*estimated)
		*total = COUNT_CAP;
	return 0;
}

/* The list by due time (then id): ?page= by offset, or ?after= by keyset;
 * the reply adds `next` (the cursor of the page's last row, when the page is
 * full) and `total_estimated`. */
static int list_by_due(struct req *r)
{
	struct paging pg;
	int st = paging_from_query(r, &pg);
	if (st)
		return st;
	const char *after = req_query(r, "after");
	int64_t due = 0, id = 0;
	if (after && *after && (st = parse_after(r, after, &due, &id)) != 0)
		return st;
	int64_t total = 0;
	bool estimated = false;
	if ((st = count_capped(r, &total, &estimated)) != 0)
		return st;
	struct sqlbuf b;
	sqlbuf_init(&b, r->arena);
	sqlbuf_add(&b, "SELECT " REQUEST_COLUMNS ", " REQUEST_DUE);
	if ((st = list_from(r, &b, "due")) != 0)
		return st;
	if (after && *after) {
		/* due >= D first: a range the index seeks to (a deep page costs the first's) */
		sqlbuf_add(&b, " AND " REQUEST_DUE " >= ");
		sqlbuf_int(&b, due);
		sqlbuf_add(&b, " AND (" REQUEST_DUE " > ");
		sqlbuf_int(&b, due);
		sqlbuf_add(&b, " OR q.id > ");
		sqlbuf_int(&b, id);
		sqlbuf_add(&b, ")");
	}
	sqlbuf_add(&b, " ORDER BY " REQUEST_DUE ", q.id");
	sqlbuf_page(&b, pg.page_size, after && *after ? 0 : pg.offset);
	struct db_stmt *q = sqlbuf_query(r->db, &b);
	if (q == NULL)
		return reply_error(r, ERR_INTERNAL, NULL);
	json_t *items = json_array();
	int rc;
	int64_t last_due = 0, last_id = 0;
	while ((rc = db_step(q)) == DB_ROW) {
		struct request_row row;
		request_load(q, r->arena, &row);
		last_due = db_column_int(q, db_column_count(q) - 1);
		last_id = row.id;
		json_array_append_new(items, request_json(&row, true));
	}
	db_finalize(q);
	if (rc != DB_DONE) {
		json_decref(items);
		return reply_error(r, ERR_INTERNAL, NULL);
	}
	json_t *out = json_pack("{s:o, s:I, s:I, s:I, s:b}", "items", items, "total", (json_int_t)total, "page",
				(json_int_t)(after && *after ? 1 : pg.page), "page_size", (json_int_t)pg.page_size,
				"total_estimated", estimated);
	json_object_set_new(out, "next", (int64_t)json_array_size(items) == pg.page_size
						 ? json_string(arena_printf(r->arena, "%lld.%lld", (long long)last_due,
									    (long long)last_id))
						 : json_null());
	return reply_json(r, 200, out);
}

int requests_list(struct req *r)
{
	const char *sort = req_query(r, "sort");
	if (sort && !strcmp(sort, "due") && !list_export_asked(r))
		return list_by_due(r);
	struct listing l = {
		.columns = REQUEST_COLUMNS,
		.order = "q.created_at DESC, q.id DESC",
		.from = list_from, .row = list_row, .key = "q.id",
	};
	return listing_reply(r, &l);
}

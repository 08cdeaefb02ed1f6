/* audit_api.c - GET /api/v1/audit: the audit trail in the auditor's scope,
 * filtered by action, entity, record (also inside bulk runs), user, request
 * and time. */
#include "modules/accounts/audit_api.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "auth/principal.h"
#include "auth/scope.h"
#include "core/clock.h"
#include "db/sqlbuf.h"
#include "http/reply.h"
#include "model/entity.h"
#include "model/listing.h"

/* "2026-11-22" (UTC midnight) or seconds since the epoch. */
static int parse_time(const char *s, int64_t *out)
{
	struct tm tm = { 0 };
	char *end;
	if (strlen(s) == 10 && s[4] == '-' && s[7] == '-') {
		end = strptime(s, "%Y-%m-%d", &tm);
		if (end == NULL || *end)
			return -1;
		*out = (int64_t)timegm(&tm);
		return 0;
	}
	long long v = strtoll(s, &end, 10);
	if (end == s || *end)
		return -1;
	*out = v;
	return 0;
}

static json_t *parse_or_null(const char *text)
{
	if (text == NULL)
		return json_null();
	json_t *v = json_loads(text, 0, NULL);
	return v ? v : json_string(text);
}

/* The FROM and WHERE clauses of a listing: scope and filters. */
static int list_from(struct req *r, struct sqlbuf *b, const void *ctx)
{
	(void)ctx;
	/* a numeric entity_id also finds the bulk rows whose runs hold it, in
	 * the scope of the run's division */
	const char *entity_id = req_query(r, "entity_id"), *entity = req_query(r, "entity");
	char *end = NULL;
	long long num = entity_id && *entity_id ? strtoll(entity_id, &end, 10) : 0;
	bool ranged = end && *end == '\0';
	sqlbuf_add(b, ranged ? " FROM audit_log WHERE (((" : " FROM audit_log WHERE ((");
	scope_where(b, r->user, "division");
	/* national rows (no division) only for callers who see the whole country */
	if (scope_allows(r->user, ""))
		sqlbuf_add(b, " OR division IS NULL");
	sqlbuf_add(b, ")");
	if (entity_id && *entity_id) {
		sqlbuf_add(b, " AND entity_id = ");
		sqlbuf_text(b, entity_id);
	}
	if (ranged) {
		sqlbuf_add(b, ") OR id IN (SELECT audit_id FROM audit_ranges WHERE first_id <= ");
		sqlbuf_int(b, num);
		sqlbuf_add(b, " AND last_id >= ");
		sqlbuf_int(b, num);
		if (entity && *entity) {
			sqlbuf_add(b, " AND entity = ");
			sqlbuf_text(b, entity);
		}
		sqlbuf_add(b, " AND ");
		scope_where(b, r->user, "division");
		sqlbuf_add(b, ")");
	}
	sqlbuf_add(b, ")");
	static const char *const text_filters[] = { "action", "entity", "username", "request_id" };
	for (size_t i = 0; i < sizeof(text_filters) / sizeof(text_filters[0]); i++) {
		const char *v = req_query(r, text_filters[i]);
		if (v && *v) {
			sqlbuf_add(b, " AND ");
			sqlbuf_add(b, text_filters[i]);
			sqlbuf_add(b, " = ");
			sqlbuf_text(b, v);
		}
	}
	const char *bounds[2] = { req_query(r, "from"), req_query(r, "to") };
	for (int i = 0; i < 2; i++) {
		int64_t t;
		if (bounds[i] == NULL)
			continue;
		if (parse_time(bounds[i], &t))
			return reply_error_msg(r, ERR_VALIDATION, "日期应为年-月-日，如 2026-11-03",
					       "Dates are YYYY-MM-DD", i ? "to" : "from");
		/* "to" as a date includes that whole day */
		if (i && strlen(bounds[i]) == 10)
			t += 86400;
		sqlbuf_add(b, i ? " AND at < " : " AND at >= ");
		sqlbuf_int(b, t);
	}
	return 0;
}

static json_t *row_json(struct db_stmt *st)
{
	static const char *const text_cols[] = { "username", "source", "request_id", "action", "entity",
						 "entity_id", "division", "detail" };
	char at[21];
	clock_format_iso(db_column_int(st, 1), at);
	json_t *row = json_pack("{s:I, s:s}", "id", (json_int_t)db_column_int(st, 0), "at", at);
	json_object_set_new(row, "user_id", db_column_is_null(st, 2) ? json_null()
					     : json_integer(db_column_int(st, 2)));
	for (int c = 0; c < 8; c++) {
		const char *v = db_column_text(st, 3 + c);
		json_object_set_new(row, text_cols[c], v ? json_string(v) : json_null());
	}
	json_object_set_new(row, "before", parse_or_null(db_column_text(st, 11)));
	json_object_set_new(row, "after", parse_or_null(db_column_text(st, 12)));
	return row;
}

static json_t *list_row(struct req *r, struct db_stmt *st, const void *ctx)
{
	(void)r;
	(void)ctx;
	return row_json(st);
}

/* The row's keys as an export labels them (the list is not a crud entity: these fields only
 * name its columns and the dictionary of its actions). */
static const struct field audit_fields[] = {
	{ .name = "id", .type = FT_INT, .zh = "编号", .en = "Id" },
	{ .name = "at", .type = FT_TEXT, .zh = "时间", .en = "Time" },
	{ .name = "user_id", .type = FT_INT, .zh = "用户编号", .en = "User id" },
	{ .name = "username", .type = FT_TEXT, .zh = "操作人", .en = "User" },
	{ .name = "source", .type = FT_TEXT, .zh = "来源地址", .en = "From" },
	{ .name = "request_id", .type = FT_TEXT, .zh = "请求编号", .en = "Request id" },
	{ .name = "action", .type = FT_DICT, .zh = "操作", .en = "Action", .dict = "audit_action" },
	{ .name = "entity", .type = FT_TEXT, .zh = "对象", .en = "Entity" },
	{ .name = "entity_id", .type = FT_TEXT, .zh = "对象编号", .en = "Record" },
	{ .name = "division", .type = FT_TEXT, .zh = "行政区划", .en = "Division" },
	{ .name = "detail", .type = FT_TEXT, .zh = "说明", .en = "Detail" },
	{ .name = "before", .type = FT_TEXT, .zh = "修改前", .en = "Before" },
	{ .name = "after", .type = FT_TEXT, .zh = "修改后", .en = "After" },
};
static const struct entity audit_columns = {
	.name = "audit_entry", .zh = "审计日志", .en = "Audit log", .fields = audit_fields,
	.nfields = (int)(sizeof(audit_fields) / sizeof(audit_fields[0])),
};

int audit_list(struct req *r)
{
	struct listing l = {
		.columns = "id, at, user_id, username, source, request_id, action, entity, entity_id, division, detail,"
			   " before_json, after_json",
		.order = "id DESC", .from = list_from, .row = list_row, .key = "id", .entity = &audit_columns,
	};
	return listing_reply(r, &l);
}

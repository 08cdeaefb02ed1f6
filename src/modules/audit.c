/* audit.c - writing and listing audit rows. */
#include "modules/audit.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "auth/principal.h"
#include "auth/scope.h"
#include "core/clock.h"
#include "core/division.h"
#include "core/mem.h"
#include "db/sqlbuf.h"
#include "http/reply.h"
#include "model/listing.h"

static char *dump(json_t *v)
{
	return v ? json_dumps(v, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
}

#define AUDIT_COLUMNS "at, user_id, username, source, request_id, action, entity, entity_id, division," \
	" before_json, after_json, detail"
#define AUDIT_NCOLUMNS 12

/* The values of one row (before and after malloc'd, see row_free). */
struct row {
	int64_t at, user_id;
	const char *text[10];   /* username ... detail, in AUDIT_COLUMNS order */
	char *before, *after;
};

static void row_make(struct req *r, const struct audit_entry *e, struct row *row)
{
	row->at = clock_now();
	row->user_id = e->user_id;
	const char *username = e->username;
	if (r && r->user) {
		row->user_id = r->user->id;
		username = r->user->username;
	}
	row->before = dump(e->before);
	row->after = e->after || e->after_text == NULL ? dump(e->after) : xstrdup(e->after_text);
	const char *text[10] = { username, r ? r->remote_addr : "cli", r ? r->request_id : NULL, e->action, e->entity,
				 e->entity_id, e->division, row->before, row->after, e->detail };
	memcpy(row->text, text, sizeof(text));
}

static void row_free(struct row *row)
{
	free(row->before);
	free(row->after);
}

int audit_write(struct req *r, struct db *db, const struct audit_entry *e)
{
	struct row row;
	row_make(r, e, &row);
	int rc = db_exec(db,
		"INSERT INTO audit_log (" AUDIT_COLUMNS ")"
		" VALUES ($1, NULLIF(CAST($2 AS BIGINT), 0), $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
		"iitttttttttt", row.at, row.user_id, row.text[0], row.text[1], row.text[2], row.text[3], row.text[4],
		row.text[5], row.text[6], row.text[7], row.text[8], row.text[9]);
	row_free(&row);
	return rc;
}

/* The nearest division holding every run's: their common prefix, cut to
 * the length of a level's codes. */
static void common_division(const struct audit_run *runs, int n, char out[static DIVISION_CODE_MAX + 1])
{
	size_t len = strnlen(runs[0].division, DIVISION_CODE_MAX);
	memcpy(out, runs[0].division, len);
	for (int i = 1; i < n; i++) {
		size_t k = 0;
		while (k < len && runs[i].division[k] == out[k])
			k++;
		len = k;
	}
	enum division_level level = DIV_GROUP;
	while (level > DIV_COUNTRY && (size_t)division_code_length(level) > len)
		level--;
	out[division_code_length(level)] = '\0';
}

int audit_write_bulk(struct req *r, struct db *db, const struct audit_entry *e, const struct audit_run *runs,
		     int nruns)
{
	if (nruns == 0)
		return DB_OK;
	char division[DIVISION_CODE_MAX + 1];
	common_division(runs, nruns, division);
	struct audit_entry whole = *e;
	whole.division = division;
	int64_t id;
	int rc = db_reserve_ids(db, "audit_log", 1, &id);
	if (rc != DB_OK)
		return rc;
	struct row row;
	row_make(r, &whole, &row);
	rc = db_exec(db,
		"INSERT INTO audit_log (id, " AUDIT_COLUMNS ")"
		" VALUES ($1, $2, NULLIF(CAST($3 AS BIGINT), 0), $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
		"iiitttttttttt", id, row.at, row.user_id, row.text[0], row.text[1], row.text[2], row.text[3],
		row.text[4], row.text[5], row.text[6], row.text[7], row.text[8], row.text[9]);
	row_free(&row);
	struct db_batch *b = db_batch_new(db, "audit_ranges", "audit_id, entity, division, first_id, last_id", 5, 128);
	for (int i = 0; i < nruns && rc == DB_OK; i++) {
		db_batch_int(b, id);
		db_batch_text(b, e->entity);
		db_batch_text(b, runs[i].division);
		db_batch_int(b, runs[i].first_id);
		db_batch_int(b, runs[i].last_id);
		db_batch_row(b);
	}
	if (rc == DB_OK)
		rc = db_batch_flush(b);
	db_batch_free(b);
	return rc;
}

struct db_batch *audit_batch_new(struct db *db, int rows_per_statement)
{
	return db_batch_new(db, "audit_log", AUDIT_COLUMNS, AUDIT_NCOLUMNS, rows_per_statement);
}

void audit_batch_add(struct db_batch *b, struct req *r, const struct audit_entry *e)
{
	struct row row;
	row_make(r, e, &row);
	db_batch_int(b, row.at);
	if (row.user_id)
		db_batch_int(b, row.user_id);
	else
		db_batch_text(b, NULL);
	for (int i = 0; i < 10; i++)
		db_batch_text(b, row.text[i]);
	db_batch_row(b);
	row_free(&row);
}

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
			return reply_error_msg(r, ERR_VALIDATION, "日期格式应为 YYYY-MM-DD",
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

int audit_list(struct req *r)
{
	struct listing l = {
		.columns = "id, at, user_id, username, source, request_id, action, entity, entity_id, division, detail,"
			   " before_json, after_json",
		.order = "id DESC", .from = list_from, .row = list_row,
	};
	return listing_reply(r, &l);
}

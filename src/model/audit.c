/* audit.c - writing audit rows, one at a time, in batches and for bulk runs. */
#include "model/audit.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/principal.h"
#include "auth/ratelimit.h"
#include "core/clock.h"
#include "core/division.h"
#include "core/log.h"
#include "core/mem.h"
#include "http/reply.h"

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
	row->at = e->at ? e->at : clock_now();
	row->user_id = e->user_id;
	const char *username = e->username;
	if (r && r->user) {
		row->user_id = r->user->id;
		username = r->user->username;
	}
	row->before = dump(e->before);
	row->after = e->after || e->after_text == NULL ? dump(e->after) : xstrdup(e->after_text);
	const char *source = r ? r->remote_addr : e->source ? e->source : "cli";
	const char *text[10] = { username, source, r ? r->request_id : e->request_id, e->action, e->entity,
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
int audit_commit(struct req *r, struct db *db, int rc, const struct audit_entry *e)
{
	if (rc == DB_OK && e)
		rc = audit_write(r, db, e);
	if (rc == DB_OK)
		rc = db_commit(db);
	if (rc != DB_OK)
		db_rollback(db);
	return rc;
}

int audit_commit_reply(struct req *r, int rc, const struct audit_entry *e)
{
	rc = audit_commit(r, r->db, rc, e);
	if (rc == DB_OK)
		return 0;
	return reply_error(r, rc == DB_CONSTRAINT ? ERR_CONFLICT : ERR_INTERNAL, NULL);
}

int64_t audit_purge(struct db *db, int64_t now, int64_t retention_days)
{
	int64_t cutoff = now - retention_days * 86400, n = 0;
	int rc = db_begin(db);
	if (rc == DB_OK)
		rc = db_query_int(db, &n, "SELECT COUNT(*) FROM audit_log WHERE at < $1", "i", cutoff) == DB_ROW ? DB_OK : DB_ERROR;
	if (rc != DB_OK || n == 0) {
		if (db_in_transaction(db))
			db_rollback(db);
		if (rc != DB_OK)
			log_error("audit purge: %s", db_errmsg(db));
		return rc == DB_OK ? 0 : -1;
	}
	rc = db_exec(db, "UPDATE audit_purge SET purge_before = $1", "i", cutoff);
	if (rc == DB_OK)
		rc = db_exec(db, "DELETE FROM audit_ranges WHERE audit_id IN (SELECT id FROM audit_log WHERE at < $1)", "i",
			     cutoff);
	if (rc == DB_OK)
		rc = db_exec(db, "DELETE FROM audit_log WHERE at < $1", "i", cutoff);
	if (rc == DB_OK)
		rc = db_exec(db, "UPDATE audit_purge SET purge_before = 0", NULL);
	char before[21];
	clock_format_iso(cutoff, before);
	char detail[96];
	snprintf(detail, sizeof(detail), "%lld rows before %s (retention %lld days)", (long long)n, before,
		 (long long)retention_days);
	struct audit_entry e = { .action = "audit_purge", .entity = "audit_log", .detail = detail, .username = "system" };
	if (rc != DB_OK)
		log_error("audit purge of %s: %s", detail, db_errmsg(db));
	rc = audit_commit(NULL, db, rc, &e);
	if (rc != DB_OK)
		return -1;
	log_info("audit purge: %s", detail);
	return n;
}

void audit_denied(struct req *r, const char *entity, const char *entity_id, const char *division, const char *detail)
{
	const char *who = r->user ? arena_printf(r->arena, "denied:u%lld", (long long)r->user->id)
				  : arena_printf(r->arena, "denied:%s", r->remote_addr ? r->remote_addr : "");
	bool limited = false;
	if (db_in_transaction(r->db) || ratelimit_hit(r->db, who, AUDIT_DENIED_PER_MINUTE, 60, &limited) != DB_OK) {
		log_warn("%s: a refused attempt not audited (%s)", r->request_id, detail);
		return;
	}
	if (limited)
		return;
	struct audit_entry e = { .action = "denied", .entity = entity, .entity_id = entity_id, .division = division,
				 .detail = arena_printf(r->arena, "%s %s: %s", r->method, r->path, detail) };
	if (audit_write(r, r->db, &e) != DB_OK)
		log_warn("%s: a refused attempt not audited: %s", r->request_id, db_errmsg(r->db));
}

void audit_denied_elsewhere(struct req *r, const char *entity, const char *table, const char *division_column,
			    int64_t id)
{
	struct db_stmt *st =
		db_query(r->db, arena_printf(r->arena, "SELECT %s FROM %s WHERE id = $1", division_column, table), "i", id);
	char *division = st && db_step(st) == DB_ROW ? arena_strdup(r->arena, db_column_text(st, 0)) : NULL;
	db_finalize(st);
	if (division)
		audit_denied(r, entity, arena_printf(r->arena, "%lld", (long long)id), division, "outside the caller's scope");
}

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


/* batch.c - multi-row INSERT statements for bulk writers. */
#include "db/batch.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/mem.h"
#include "db/db_backend.h"

struct value {
	int64_t num;
	ptrdiff_t text;   /* offset into the text buffer; -1 for a number, -2 for NULL */
};

#define MID_ROWS 16   /* the middle statement size of a flush */

struct db_batch {
	struct db *db;
	char *table, *columns;      /* for COPY */
	int ncols, per_stmt;
	char *sql[3];               /* per_stmt rows, MID_ROWS rows, one row */
	struct db_stmt *kept[3];    /* their statements, prepared at first use and kept (SQLite) */
	int rows[3];
	struct value *values;       /* of the rows not sent */
	int nvalues, capvalues;
	char *text;
	size_t text_len, text_cap;
};

/* INSERT INTO table (columns) VALUES ($1, ...), ... for rows rows. */
static char *insert_sql(const char *table, const char *columns, int ncols, int rows)
{
	char *sql = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&sql, &len);
	fprintf(f, "INSERT INTO %s (%s) VALUES ", table, columns);
	for (int r = 0, n = 1; r < rows; r++) {
		fputs(r ? ", (" : "(", f);
		for (int c = 0; c < ncols; c++)
			fprintf(f, c ? ", $%d" : "$%d", n++);
		fputc(')', f);
	}
	fclose(f);
	return sql;
}

struct db_batch *db_batch_new(struct db *db, const char *table, const char *columns, int ncols,
			      int rows_per_statement)
{
	struct db_batch *b = xcalloc(1, sizeof(*b));
	b->db = db;
	b->table = xstrdup(table);
	b->columns = xstrdup(columns);
	b->ncols = ncols;
	b->per_stmt = rows_per_statement > MID_ROWS ? rows_per_statement : MID_ROWS;
	int rows[3] = { b->per_stmt, MID_ROWS, 1 };
	for (int i = 0; i < 3; i++) {
		b->rows[i] = rows[i];
		b->sql[i] = insert_sql(table, columns, ncols, rows[i]);
	}
	return b;
}

void db_batch_free(struct db_batch *b)
{
	if (b == NULL)
		return;
	for (int i = 0; i < 3; i++) {
		free(b->sql[i]);
		if (b->kept[i])
			b->db->ops->release(b->kept[i]);
	}
	free(b->table);
	free(b->columns);
	free(b->values);
	free(b->text);
	free(b);
}

static struct value *next_value(struct db_batch *b)
{
	if (b->nvalues == b->capvalues) {
		b->capvalues = b->capvalues ? b->capvalues * 2 : b->per_stmt * b->ncols;
		b->values = xrealloc(b->values, (size_t)b->capvalues * sizeof(*b->values));
	}
	return &b->values[b->nvalues++];
}

void db_batch_text(struct db_batch *b, const char *value)
{
	struct value *v = next_value(b);
	if (value == NULL) {
		v->text = -2;
		return;
	}
	size_t n = strlen(value) + 1;
	if (b->text_len + n > b->text_cap) {
		b->text_cap = (b->text_len + n) * 2;
		b->text = xrealloc(b->text, b->text_cap);
	}
	memcpy(b->text + b->text_len, value, n);
	v->text = (ptrdiff_t)b->text_len;
	b->text_len += n;
}

void db_batch_int(struct db_batch *b, int64_t value)
{
	struct value *v = next_value(b);
	v->text = -1;
	v->num = value;
}

int db_batch_pending(const struct db_batch *b)
{
	return b->nvalues / b->ncols;
}

static int bind_value(struct db_batch *b, struct db_stmt *st, int idx, const struct value *v)
{
	if (v->text == -1)
		return db_bind_int(st, idx, v->num);
	return db_bind_text_static(st, idx, v->text == -2 ? NULL : b->text + v->text);
}

/* The statement of sql[k]: kept by the batch where the backend can (a batch's long statements
 * would otherwise take places of the connection's statement cache from the statements run after
 * it, or be prepared again at every flush once the cache is full). */
static struct db_stmt *statement(struct db_batch *b, int k)
{
	const struct db_ops *ops = b->db->ops;
	if (ops->prepare_kept == NULL)
		return db_prepare(b->db, b->sql[k]);
	if (b->kept[k] == NULL)
		b->kept[k] = ops->prepare_kept(b->db, b->sql[k]);
	return b->kept[k];
}

/* One statement of rows rows (sql[k]), from row first of the pending ones. */
static int send(struct db_batch *b, int k, int first, int rows)
{
	struct db_stmt *st = statement(b, k);
	if (st == NULL)
		return DB_ERROR;
	const struct value *v = &b->values[first * b->ncols];
	int rc = DB_OK;
	for (int i = 0; i < rows * b->ncols && rc == DB_OK; i++)
		rc = bind_value(b, st, i + 1, &v[i]);
	if (rc == DB_OK)
		rc = db_step(st);
	db_finalize(st);
	return rc == DB_DONE ? DB_OK : rc;
}

static void clear(struct db_batch *b)
{
	b->nvalues = 0;
	b->text_len = 0;
}

void db_batch_row(struct db_batch *b)
{
	if (b->nvalues % b->ncols)
		abort();   /* a row without exactly ncols values: a bug in the caller */
}

/* The pending rows in COPY's text format: tab-separated, \N for NULL,
 * backslash escapes for backslash, tab, newline and carriage return. */
static int copy_rows(struct db_batch *b)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	for (int i = 0; i < b->nvalues; i++) {
		const struct value *v = &b->values[i];
		if (v->text == -1)
			fprintf(f, "%lld", (long long)v->num);
		else if (v->text == -2)
			fputs("\\N", f);
		else
			for (const char *p = b->text + v->text; *p; p++) {
				const char *esc = *p == '\\' ? "\\\\" : *p == '\t' ? "\\t" : *p == '\n' ? "\\n"
						: *p == '\r' ? "\\r" : NULL;
				if (esc)
					fputs(esc, f);
				else
					fputc(*p, f);
			}
		fputc((i + 1) % b->ncols ? '\t' : '\n', f);
	}
	fclose(f);
	int rc = b->db->ops->copy_in(b->db, b->table, b->columns, text, len);
	free(text);
	return rc;
}

/* With COPY where the backend has it (PostgreSQL); else as many statements
 * of per_stmt rows as fit, then of MID_ROWS, then single rows. */
int db_batch_flush(struct db_batch *b)
{
	int rc = DB_OK, rows = db_batch_pending(b), at = 0;
	if (rows && b->db->ops->copy_in) {
		rc = copy_rows(b);
		clear(b);
		return rc;
	}
	for (int i = 0; i < 3; i++)
		while (rc == DB_OK && rows - at >= b->rows[i]) {
			rc = send(b, i, at, b->rows[i]);
			at += b->rows[i];
		}
	clear(b);
	return rc;
}

int db_reserve_ids(struct db *db, const char *table, int n, int64_t *ids)
{
	if (n <= 0)
		return DB_OK;
	return db->ops->reserve_ids(db, table, n, ids);
}

int db_return_ids(struct db *db, const char *table, int64_t next)
{
	if (next < 1)
		next = 1;
	if (db_backend(db) == DB_POSTGRES) {
		int64_t set = 0;
		return db_query_int(db, &set, "SELECT setval(pg_get_serial_sequence($1, 'id'), $2, false)", "ti", table,
				    next) == DB_ROW ? DB_OK : DB_ERROR;
	}
	/* AUTOINCREMENT: the next id is one past the largest in sqlite_sequence */
	return db_exec(db, "UPDATE sqlite_sequence SET seq = $2 WHERE name = $1", "ti", table, next - 1);
}

int db_bulk_cache(struct db *db, int mib)
{
	if (db_backend(db) != DB_SQLITE)
		return DB_OK;
	char sql[64];
	/* negative: KiB; SQLite's default is -2000 */
	snprintf(sql, sizeof(sql), "PRAGMA cache_size = %d", mib > 0 ? -1024 * mib : -2000);
	return db_exec_script(db, sql);
}

int db_analyze(struct db *db, const char *tables)
{
	if (db_backend(db) != DB_POSTGRES)
		return DB_OK;
	char sql[256];
	snprintf(sql, sizeof(sql), "ANALYZE %s", tables);
	return db_exec_script(db, sql);
}

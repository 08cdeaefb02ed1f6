/*
 * db_pg.c - the PostgreSQL backend over libpq.
 *
 * Parameters travel as text and PostgreSQL infers their types; each
 * distinct SQL text is prepared once per connection under a generated name.
 * A statement runs on its first db_step and its rows are then read from
 * the buffered result.
 */
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/mem.h"
#include "db/db_backend.h"

#define PG_MAX_PARAMS 65535   /* the protocol's limit */

struct pg_stmt {
	struct db_stmt base;
	char name[16];
	int nparams;
	char **params;    /* nparams values, NULL = SQL NULL */
	PGresult *res;
	int row;          /* current row, -1 before the first step */
};

struct pg_db {
	struct db base;
	PGconn *conn;
	int64_t changes;
	int next_name;
	struct db_stmt_cache cache;
};

static int error_from_result(struct pg_db *d, PGresult *res)
{
	const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	db_set_error(&d->base, "postgres: %s", res ? PQresultErrorMessage(res) : PQerrorMessage(d->conn));
	if (state && strncmp(state, "23", 2) == 0)
		return DB_CONSTRAINT;
	if (state && (!strcmp(state, "40001") || !strcmp(state, "40P01") || !strcmp(state, "55P03")))
		return DB_BUSY;
	return DB_ERROR;
}

static void quiet_notice(void *arg, const char *message)
{
	(void)arg;
	(void)message;
}

static int pg_open(const char *url, const struct db_options *opt, struct db **out,
		   char *err, size_t errlen)
{
	(void)opt;
	PGconn *c = PQconnectdb(url);
	if (PQstatus(c) != CONNECTION_OK) {
		snprintf(err, errlen, "postgres: %s", PQerrorMessage(c));
		PQfinish(c);
		return DB_ERROR;
	}
	PQsetNoticeProcessor(c, quiet_notice, NULL);
	/* jit off: our statements are short, and the estimates of a trigger's transition tables
	 * (a statement's changed rows) are high enough to make PostgreSQL compile each one, about
	 * 2 s a statement: one 20-row UPDATE of households took 2.9 s, 10 ms without */
	PGresult *r = PQexec(c, "SET TIME ZONE 'UTC'; SET client_encoding = 'UTF8'; SET jit = off");
	PQclear(r);
	struct pg_db *d = xcalloc(1, sizeof(*d));
	d->base.ops = &db_pg_ops;
	d->conn = c;
	*out = &d->base;
	return DB_OK;
}

static void stmt_clear(struct pg_stmt *s)
{
	for (int i = 0; i < s->nparams; i++) {
		free(s->params[i]);
		s->params[i] = NULL;
	}
	PQclear(s->res);
	s->res = NULL;
	s->row = -1;
}

static void pg_close(struct db *db)
{
	struct pg_db *d = (struct pg_db *)db;
	for (int i = 0; i < d->cache.count; i++) {
		struct pg_stmt *s = (struct pg_stmt *)d->cache.stmt[i];
		stmt_clear(s);
		free(s->params);
		free(s);
		free((char *)d->cache.sql[i]);
	}
	PQfinish(d->conn);
	free(d);
}

static int pg_exec_script(struct db *db, const char *sql)
{
	struct pg_db *d = (struct pg_db *)db;
	PGresult *r = PQexec(d->conn, sql);
	ExecStatusType st = PQresultStatus(r);
	int rc = DB_OK;
	if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK)
		rc = error_from_result(d, r);
	PQclear(r);
	return rc;
}

/* COPY table (columns) FROM STDIN with rows in the text format. */
static int pg_copy_in(struct db *db, const char *table, const char *columns, const char *rows, size_t len)
{
	struct pg_db *d = (struct pg_db *)db;
	char *sql = NULL;
	size_t sqllen = 0;
	FILE *f = open_memstream(&sql, &sqllen);
	fprintf(f, "COPY %s (%s) FROM STDIN", table, columns);
	fclose(f);
	PGresult *r = PQexec(d->conn, sql);
	free(sql);
	int rc = DB_OK;
	if (PQresultStatus(r) != PGRES_COPY_IN) {
		rc = error_from_result(d, r);
		PQclear(r);
		return rc;
	}
	PQclear(r);
	if (PQputCopyData(d->conn, rows, (int)len) != 1 || PQputCopyEnd(d->conn, NULL) != 1)
		rc = error_from_result(d, NULL);
	/* the COPY's own result, then the end of the results */
	while ((r = PQgetResult(d->conn)) != NULL) {
		if (rc == DB_OK && PQresultStatus(r) != PGRES_COMMAND_OK)
			rc = error_from_result(d, r);
		PQclear(r);
	}
	return rc;
}

static int count_params(const char *sql)
{
	int max = 0;
	char quote = 0;
	for (const char *p = sql; *p; p++) {
		if (quote) {
			if (*p == quote)
				quote = 0;
		} else if (*p == '\'' || *p == '"') {
			quote = *p;
		} else if (*p == '$' && p[1] >= '0' && p[1] <= '9') {
			int n = (int)strtol(p + 1, NULL, 10);
			if (n > max)
				max = n;
		}
	}
	return max;
}

static struct db_stmt *pg_prepare(struct db *db, const char *sql)
{
	struct pg_db *d = (struct pg_db *)db;
	struct db_stmt *found = db_stmt_cache_find(&d->cache, sql);
	if (found)
		return found;
	int nparams = count_params(sql);
	if (nparams > PG_MAX_PARAMS) {
		db_set_error(db, "postgres: more than %d parameters", PG_MAX_PARAMS);
		return NULL;
	}
	struct pg_stmt *s = xcalloc(1, sizeof(*s));
	s->base.db = db;
	s->nparams = nparams;
	s->row = -1;
	snprintf(s->name, sizeof(s->name), "lx%d", d->next_name++);
	PGresult *r = PQprepare(d->conn, s->name, sql, 0, NULL);
	if (PQresultStatus(r) != PGRES_COMMAND_OK) {
		error_from_result(d, r);
		PQclear(r);
		free(s);
		return NULL;
	}
	s->params = xcalloc((size_t)(nparams ? nparams : 1), sizeof(char *));
	PQclear(r);
	db_stmt_cache_add(&d->cache, sql, &s->base);
	return &s->base;
}

static int pg_bind_text(struct db_stmt *st, int idx, const char *value)
{
	struct pg_stmt *s = (struct pg_stmt *)st;
	if (idx < 1 || idx > s->nparams) {
		db_set_error(st->db, "postgres: parameter %d out of range", idx);
		return DB_ERROR;
	}
	free(s->params[idx - 1]);
	s->params[idx - 1] = value ? xstrdup(value) : NULL;
	return DB_OK;
}

static int pg_bind_int(struct db_stmt *st, int idx, int64_t value)
{
	char buf[24];
	snprintf(buf, sizeof(buf), "%lld", (long long)value);
	return pg_bind_text(st, idx, buf);
}

static int pg_step(struct db_stmt *st)
{
	struct pg_stmt *s = (struct pg_stmt *)st;
	struct pg_db *d = (struct pg_db *)st->db;
	if (s->res == NULL) {
		s->res = PQexecPrepared(d->conn, s->name, s->nparams,
					(const char *const *)s->params, NULL, NULL, 0);
		ExecStatusType est = PQresultStatus(s->res);
		if (est != PGRES_COMMAND_OK && est != PGRES_TUPLES_OK) {
			int rc = error_from_result(d, s->res);
			PQclear(s->res);
			s->res = NULL;
			return rc;
		}
		const char *n = PQcmdTuples(s->res);
		d->changes = (n && *n) ? strtoll(n, NULL, 10) : 0;
	}
	s->row++;
	return s->row < PQntuples(s->res) ? DB_ROW : DB_DONE;
}

static int pg_column_count(struct db_stmt *st)
{
	struct pg_stmt *s = (struct pg_stmt *)st;
	return s->res ? PQnfields(s->res) : 0;
}

static const char *pg_column_name(struct db_stmt *st, int col)
{
	struct pg_stmt *s = (struct pg_stmt *)st;
	return s->res ? PQfname(s->res, col) : NULL;
}

static bool pg_column_is_null(struct db_stmt *st, int col)
{
	struct pg_stmt *s = (struct pg_stmt *)st;
	return s->res == NULL || s->row < 0 || s->row >= PQntuples(s->res) ||
	       PQgetisnull(s->res, s->row, col);
}

static const char *pg_column_text(struct db_stmt *st, int col)
{
	struct pg_stmt *s = (struct pg_stmt *)st;
	if (pg_column_is_null(st, col))
		return NULL;
	return PQgetvalue(s->res, s->row, col);
}

static int64_t pg_column_int(struct db_stmt *st, int col)
{
	const char *v = pg_column_text(st, col);
	if (v == NULL)
		return 0;
	if (v[0] == 't' && v[1] == '\0')
		return 1;   /* boolean true */
	return strtoll(v, NULL, 10);
}

static void pg_finalize(struct db_stmt *st)
{
	struct pg_stmt *s = (struct pg_stmt *)st;
	stmt_clear(s);
	if (s->base.cached) {
		s->base.in_use = false;
		return;
	}
	char sql[32];
	snprintf(sql, sizeof(sql), "DEALLOCATE %s", s->name);
	PQclear(PQexec(((struct pg_db *)st->db)->conn, sql));
	free(s->params);
	free(s);
}

static int64_t pg_changes(struct db *db)
{
	return ((struct pg_db *)db)->changes;
}

static bool pg_in_transaction(struct db *db)
{
	return PQtransactionStatus(((struct pg_db *)db)->conn) != PQTRANS_IDLE;
}

/* n values of the identity column's sequence, in one round trip. */
static int pg_reserve_ids(struct db *db, const char *table, int n, int64_t *ids)
{
	struct db_stmt *st = db_query(db, "SELECT nextval(pg_get_serial_sequence($1, 'id'))"
				      " FROM generate_series(1, $2::integer)", "ti", table, (int64_t)n);
	if (st == NULL)
		return DB_ERROR;
	int i = 0, rc;
	while ((rc = db_step(st)) == DB_ROW && i < n)
		ids[i++] = db_column_int(st, 0);
	db_finalize(st);
	if ((rc == DB_ROW || rc == DB_DONE) && i != n)
		db_set_error(db, "postgres: %d of %d ids reserved for %s", i, n, table);
	if (rc == DB_ROW || rc == DB_DONE)
		rc = i == n ? DB_OK : DB_ERROR;
	return rc;
}

const struct db_ops db_pg_ops = {
	.backend = DB_POSTGRES,
	.name = "postgres",
	.begin_sql = "BEGIN",
	.open = pg_open,
	.close = pg_close,
	.exec_script = pg_exec_script,
	.prepare = pg_prepare,
	.bind_text = pg_bind_text,
	.copy_in = pg_copy_in,
	.bind_int = pg_bind_int,
	.step = pg_step,
	.column_count = pg_column_count,
	.column_name = pg_column_name,
	.column_text = pg_column_text,
	.column_int = pg_column_int,
	.column_is_null = pg_column_is_null,
	.finalize = pg_finalize,
	.changes = pg_changes,
	.in_transaction = pg_in_transaction,
	.reserve_ids = pg_reserve_ids,
};

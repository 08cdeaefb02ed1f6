/*
 * db.h - the storage interface that every module uses.
 *
 * One small API over two backends: SQLite (embedded, the default) and
 * PostgreSQL (libpq, the scale path).  SQL is written once with numbered
 * parameters ($1, $2 ...) in the portable subset of both dialects; the
 * SQLite backend rewrites $N to ?N.  Statements are cached per connection
 * by their text, so handlers may prepare the same constant SQL on every
 * request cheaply.  A connection belongs to one thread at a time: take one
 * from a db_pool for the duration of a request.  No sqlite3 or libpq type
 * ever crosses this header.
 */
#ifndef LIANXIN_DB_DB_H
#define LIANXIN_DB_DB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct db;
struct db_stmt;
struct db_pool;

enum db_rc {
	DB_OK = 0,
	DB_ROW = 1,          /* db_step: a row is available */
	DB_DONE = 2,         /* db_step: no more rows */
	DB_ERROR = -1,       /* anything else; the message is in db_errmsg */
	DB_CONSTRAINT = -2,  /* a UNIQUE, FOREIGN KEY, CHECK or NOT NULL violation */
	DB_BUSY = -3,        /* the database stayed locked past the busy timeout */
};

enum db_backend { DB_SQLITE, DB_POSTGRES };

struct db_options {
	const char *sqlite_synchronous;   /* "FULL" (default) or "NORMAL" */
};

/* Open "sqlite:PATH" (":memory:" allowed) or "postgres://...".  Returns
 * DB_OK and *out, or DB_ERROR with the reason written to err. */
int db_open(const char *url, const struct db_options *opt, struct db **out,
	    char *err, size_t errlen);
void db_close(struct db *db);
enum db_backend db_backend(const struct db *db);
const char *db_backend_name(const struct db *db);   /* "sqlite" / "postgres" */
const char *db_errmsg(const struct db *db);

/* Run several ;-separated statements without parameters (migrations). */
int db_exec_script(struct db *db, const char *sql);

/* Prepare sql; NULL on error (see db_errmsg).  Finish with db_finalize. */
struct db_stmt *db_prepare(struct db *db, const char *sql);
/* Parameters are 1-based; a NULL text binds SQL NULL. */
int db_bind_text(struct db_stmt *st, int idx, const char *value);
/* The same without a copy: value must stay valid until the statement has
 * been stepped (a bulk writer's buffer). */
int db_bind_text_static(struct db_stmt *st, int idx, const char *value);
int db_bind_int(struct db_stmt *st, int idx, int64_t value);
int db_bind_null(struct db_stmt *st, int idx);
/* DB_ROW, DB_DONE, or an error code. */
int db_step(struct db_stmt *st);
int db_column_count(struct db_stmt *st);
const char *db_column_name(struct db_stmt *st, int col);
/* Valid until the next db_step or db_finalize; NULL for SQL NULL. */
const char *db_column_text(struct db_stmt *st, int col);
int64_t db_column_int(struct db_stmt *st, int col);
bool db_column_is_null(struct db_stmt *st, int col);
void db_finalize(struct db_stmt *st);
/* Rows changed by the last INSERT, UPDATE or DELETE. */
int64_t db_changes(struct db *db);

/*
 * While on, the connection's sorts of many rows (an export's ORDER BY over a
 * whole list) spill to temporary files past the page cache instead of growing
 * in memory: SQLite's temp_store, MEMORY on every connection otherwise.
 * Nothing on PostgreSQL, whose server sorts past work_mem on disk.  Call it
 * outside a transaction; on SQLite it drops the connection's TEMP tables (a
 * change of temp_store does).  DB_OK or an error code.
 */
int db_sort_on_disk(struct db *db, bool on);

/*
 * While on, each run of a prepared statement is planned for its parameters:
 * PostgreSQL's plan_cache_mode force_custom_plan (auto otherwise, which after
 * five runs may keep one generic plan: for an export's page, a key range in a
 * scope, one that read the whole scope's division index, 94 ms a page instead
 * of 0.2 ms).  Nothing on SQLite.  DB_OK or an error code.
 */
int db_plan_each(struct db *db, bool on);

/*
 * Shorthands.  types has one letter per parameter: 't' const char * (NULL
 * binds NULL), 'i' int64_t, 'n' SQL NULL (no argument).  PostgreSQL infers
 * a parameter's type from the SQL: NULLIF($1, 0) makes $1 a 32-bit integer,
 * so write NULLIF(CAST($1 AS BIGINT), 0) (both backends accept it).
 */
struct db_stmt *db_query(struct db *db, const char *sql, const char *types, ...);
/* Run to completion; DB_OK or an error code. */
int db_exec(struct db *db, const char *sql, const char *types, ...);
/* First column of the first row: DB_ROW with *out set, DB_DONE, or error. */
int db_query_int(struct db *db, int64_t *out, const char *sql, const char *types, ...);

/* A function run inside every transaction db_begin opens, right after BEGIN,
 * on the connections that asked for it (db_use_begin_hook: db/at_rest.c checks
 * the key version of a database it has opened); its error rolls the BEGIN
 * back and is db_begin's.  Set once, before any thread starts. */
void db_set_begin_hook(int (*hook)(struct db *db));
void db_use_begin_hook(struct db *db);
/* Transactions.  db_begin takes the write lock at once (BEGIN IMMEDIATE on
 * SQLite) so that a transaction never fails half-way on lock upgrade. */
int db_begin(struct db *db);
int db_commit(struct db *db);
int db_rollback(struct db *db);
bool db_in_transaction(struct db *db);

/* A fixed-size pool of connections shared by threads. */
struct db_pool *db_pool_new(const char *url, const struct db_options *opt, int size);
/* Blocks while every connection is in use; NULL when the database can't be
 * opened (logged). */
struct db *db_pool_get(struct db_pool *pool);
void db_pool_put(struct db_pool *pool, struct db *db);
void db_pool_free(struct db_pool *pool);

/*
 * A consistent copy of the database, taken while it is in use, into a new
 * file (SQLite's online backup; written beside path and renamed into
 * place).  db_restore replaces the database's content by such a copy; run it
 * with the server stopped.  PostgreSQL answers DB_ERROR: use pg_dump and
 * pg_restore (README).  DB_OK or DB_ERROR with the reason in db_errmsg.
 */
int db_backup(struct db *db, const char *path);
int db_restore(struct db *db, const char *path);

#endif

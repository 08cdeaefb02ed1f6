/*
 * db_backend.h - what a storage backend implements (private to src/db).
 *
 * struct db and struct db_stmt are the first member of each backend's own
 * structs; db.c dispatches through the ops table.
 */
#ifndef LIANXIN_DB_BACKEND_H
#define LIANXIN_DB_BACKEND_H

#include <stdbool.h>
#include <stddef.h>

#include "db/db.h"

struct db_ops {
	enum db_backend backend;
	const char *name;
	const char *begin_sql;
	int (*open)(const char *target, const struct db_options *opt, struct db **out,
		    char *err, size_t errlen);
	void (*close)(struct db *db);
	int (*exec_script)(struct db *db, const char *sql);
	struct db_stmt *(*prepare)(struct db *db, const char *sql);
	int (*bind_text)(struct db_stmt *st, int idx, const char *value);
	/* rows in COPY's text format into table (columns); may be NULL (then INSERTs) */
	int (*copy_in)(struct db *db, const char *table, const char *columns, const char *rows, size_t len);
	/* value stays valid until the statement is stepped; may be NULL (then bind_text) */
	int (*bind_text_static)(struct db_stmt *st, int idx, const char *value);
	int (*bind_int)(struct db_stmt *st, int idx, int64_t value);
	int (*step)(struct db_stmt *st);
	int (*column_count)(struct db_stmt *st);
	const char *(*column_name)(struct db_stmt *st, int col);
	const char *(*column_text)(struct db_stmt *st, int col);
	int64_t (*column_int)(struct db_stmt *st, int col);
	bool (*column_is_null)(struct db_stmt *st, int col);
	void (*finalize)(struct db_stmt *st);
	int64_t (*changes)(struct db *db);
	bool (*in_transaction)(struct db *db);
	int (*reserve_ids)(struct db *db, const char *table, int n, int64_t *ids);
	/* a consistent copy of the database into the file path, or (restore)
	 * the database replaced by the copy in path; may be NULL (no such way) */
	int (*copy_file)(struct db *db, const char *path, bool restore);
	/* a statement its caller keeps across uses (db_batch), outside the connection's
	 * statement cache so that it takes none of its places: db_finalize resets it,
	 * release frees it; may be NULL (then prepare) */
	struct db_stmt *(*prepare_kept)(struct db *db, const char *sql);
	void (*release)(struct db_stmt *st);
};

struct db {
	const struct db_ops *ops;
	char errmsg[512];
	bool begin_hook;   /* db_begin runs the process's begin hook on this connection */
};

struct db_stmt {
	struct db *db;
	bool cached;     /* owned by the connection's cache: reset instead of finalized */
	bool in_use;
};

extern const struct db_ops db_sqlite_ops;
extern const struct db_ops db_pg_ops;

/* Record an error message on the connection (printf-style). */
void db_set_error(struct db *db, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Per-connection statement cache keyed by SQL text (shared by backends). */
#define DB_STMT_CACHE 128
struct db_stmt_cache {
	const char *sql[DB_STMT_CACHE];   /* owned copies */
	struct db_stmt *stmt[DB_STMT_CACHE];
	int count;
};
/* A cached statement of sql that is not in use, now marked in use; or NULL. */
struct db_stmt *db_stmt_cache_find(struct db_stmt_cache *c, const char *sql);
/* Keep st (in use) for sql when the cache has room; says whether it did. */
bool db_stmt_cache_add(struct db_stmt_cache *c, const char *sql, struct db_stmt *st);

#endif

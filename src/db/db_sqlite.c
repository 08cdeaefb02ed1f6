/*
 * db_sqlite.c - the SQLite backend: WAL, foreign keys, busy timeout,
 * deleted personal data overwritten (secure_delete),
 * synchronous=FULL by default, and a statement cache keyed by SQL text.
 */
#include <errno.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/mem.h"
#include "db/db_backend.h"

#define BUSY_TIMEOUT_MS 10000

struct sqlite_stmt {
	struct db_stmt base;
	sqlite3_stmt *st;
};

struct sqlite_db {
	struct db base;
	sqlite3 *handle;
	struct db_stmt_cache cache;
};

static int map_rc(struct sqlite_db *d, int rc)
{
	switch (rc & 0xff) {
	case SQLITE_OK: return DB_OK;
	case SQLITE_ROW: return DB_ROW;
	case SQLITE_DONE: return DB_DONE;
	default: break;
	}
	db_set_error(&d->base, "sqlite: %s", sqlite3_errmsg(d->handle));
	switch (rc & 0xff) {
	case SQLITE_CONSTRAINT: return DB_CONSTRAINT;
	case SQLITE_BUSY:
	case SQLITE_LOCKED: return DB_BUSY;
	default: return DB_ERROR;
	}
}

/* Rewrite $N parameters to ?N, leaving string literals and identifiers alone. */
static char *rewrite_params(const char *sql)
{
	size_t n = strlen(sql);
	char *out = xmalloc(n + 1);
	char quote = 0;
	for (size_t i = 0; i <= n; i++) {
		char c = sql[i];
		if (quote) {
			if (c == quote)
				quote = 0;
		} else if (c == '\'' || c == '"') {
			quote = c;
		} else if (c == '$' && sql[i + 1] >= '0' && sql[i + 1] <= '9') {
			c = '?';
		}
		out[i] = c;
	}
	return out;
}

static int sq_open(const char *path, const struct db_options *opt, struct db **out,
		   char *err, size_t errlen)
{
	sqlite3 *h = NULL;
	int rc = sqlite3_open_v2(path, &h, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
				 SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK) {
		snprintf(err, errlen, "sqlite: cannot open %s: %s", path,
			 h ? sqlite3_errmsg(h) : sqlite3_errstr(rc));
		sqlite3_close(h);
		return DB_ERROR;
	}
	sqlite3_busy_timeout(h, BUSY_TIMEOUT_MS);
	const char *sync = opt && opt->sqlite_synchronous ? opt->sqlite_synchronous : "FULL";
	char pragmas[256];
	snprintf(pragmas, sizeof(pragmas),
		 "PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON; PRAGMA synchronous=%s;"
		 " PRAGMA temp_store=MEMORY; PRAGMA secure_delete=ON;", strcmp(sync, "NORMAL") ? "FULL" : "NORMAL");
	char *msg = NULL;
	if (sqlite3_exec(h, pragmas, NULL, NULL, &msg) != SQLITE_OK) {
		snprintf(err, errlen, "sqlite: %s: %s", path, msg ? msg : "pragma failed");
		sqlite3_free(msg);
		sqlite3_close(h);
		return DB_ERROR;
	}
	struct sqlite_db *d = xcalloc(1, sizeof(*d));
	d->base.ops = &db_sqlite_ops;
	d->handle = h;
	*out = &d->base;
	return DB_OK;
}

static void sq_close(struct db *db)
{
	struct sqlite_db *d = (struct sqlite_db *)db;
	for (int i = 0; i < d->cache.count; i++) {
		struct sqlite_stmt *s = (struct sqlite_stmt *)d->cache.stmt[i];
		sqlite3_finalize(s->st);
		free(s);
		free((char *)d->cache.sql[i]);
	}
	sqlite3_close(d->handle);
	free(d);
}

static int sq_exec_script(struct db *db, const char *sql)
{
	struct sqlite_db *d = (struct sqlite_db *)db;
	char *msg = NULL;
	int rc = sqlite3_exec(d->handle, sql, NULL, NULL, &msg);
	if (rc != SQLITE_OK) {
		db_set_error(db, "sqlite: %s", msg ? msg : sqlite3_errstr(rc));
		sqlite3_free(msg);
		return (rc & 0xff) == SQLITE_CONSTRAINT ? DB_CONSTRAINT : DB_ERROR;
	}
	return DB_OK;
}

/* sql ($N parameters) prepared with flags into a new statement; NULL on failure. */
static struct sqlite_stmt *prepare_new(struct sqlite_db *d, const char *sql, unsigned flags)
{
	char *text = rewrite_params(sql);
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v3(d->handle, text, -1, flags, &st, NULL);
	free(text);
	if (rc != SQLITE_OK) {
		map_rc(d, rc);
		return NULL;
	}
	struct sqlite_stmt *s = xcalloc(1, sizeof(*s));
	s->base.db = &d->base;
	s->st = st;
	return s;
}

static struct db_stmt *sq_prepare(struct db *db, const char *sql)
{
	struct sqlite_db *d = (struct sqlite_db *)db;
	struct db_stmt *found = db_stmt_cache_find(&d->cache, sql);
	if (found)
		return found;
	struct sqlite_stmt *s = prepare_new(d, sql, d->cache.count < DB_STMT_CACHE ? SQLITE_PREPARE_PERSISTENT : 0);
	if (s == NULL)
		return NULL;
	db_stmt_cache_add(&d->cache, sql, &s->base);
	return &s->base;
}

/* A statement kept by its caller: marked cached (db_finalize resets it) but not in the cache. */
static struct db_stmt *sq_prepare_kept(struct db *db, const char *sql)
{
	struct sqlite_stmt *s = prepare_new((struct sqlite_db *)db, sql, SQLITE_PREPARE_PERSISTENT);
	if (s == NULL)
		return NULL;
	s->base.cached = true;
	return &s->base;
}

static void sq_release(struct db_stmt *st)
{
	struct sqlite_stmt *s = (struct sqlite_stmt *)st;
	sqlite3_finalize(s->st);
	free(s);
}

static int sq_bind_text(struct db_stmt *st, int idx, const char *value)
{
	struct sqlite_stmt *s = (struct sqlite_stmt *)st;
	int rc = value ? sqlite3_bind_text(s->st, idx, value, -1, SQLITE_TRANSIENT)
		       : sqlite3_bind_null(s->st, idx);
	return map_rc((struct sqlite_db *)st->db, rc);
}

static int sq_bind_text_static(struct db_stmt *st, int idx, const char *value)
{
	struct sqlite_stmt *s = (struct sqlite_stmt *)st;
	int rc = value ? sqlite3_bind_text(s->st, idx, value, -1, SQLITE_STATIC) : sqlite3_bind_null(s->st, idx);
	return map_rc((struct sqlite_db *)st->db, rc);
}

static int sq_bind_int(struct db_stmt *st, int idx, int64_t value)
{
	struct sqlite_stmt *s = (struct sqlite_stmt *)st;
	return map_rc((struct sqlite_db *)st->db, sqlite3_bind_int64(s->st, idx, value));
}

static int sq_step(struct db_stmt *st)
{
	struct sqlite_stmt *s = (struct sqlite_stmt *)st;
	return map_rc((struct sqlite_db *)st->db, sqlite3_step(s->st));
}

static int sq_column_count(struct db_stmt *st)
{
	return sqlite3_column_count(((struct sqlite_stmt *)st)->st);
}

static const char *sq_column_name(struct db_stmt *st, int col)
{
	return sqlite3_column_name(((struct sqlite_stmt *)st)->st, col);
}

static const char *sq_column_text(struct db_stmt *st, int col)
{
	return (const char *)sqlite3_column_text(((struct sqlite_stmt *)st)->st, col);
}

static int64_t sq_column_int(struct db_stmt *st, int col)
{
	return sqlite3_column_int64(((struct sqlite_stmt *)st)->st, col);
}

static bool sq_column_is_null(struct db_stmt *st, int col)
{
	return sqlite3_column_type(((struct sqlite_stmt *)st)->st, col) == SQLITE_NULL;
}

static void sq_finalize(struct db_stmt *st)
{
	struct sqlite_stmt *s = (struct sqlite_stmt *)st;
	if (s->base.cached) {
		sqlite3_reset(s->st);
		sqlite3_clear_bindings(s->st);
		s->base.in_use = false;
		return;
	}
	sqlite3_finalize(s->st);
	free(s);
}

static int64_t sq_changes(struct db *db)
{
	return sqlite3_changes64(((struct sqlite_db *)db)->handle);
}

static bool sq_in_transaction(struct db *db)
{
	return !sqlite3_get_autocommit(((struct sqlite_db *)db)->handle);
}

/* AUTOINCREMENT keeps the largest id ever used in sqlite_sequence; moving it
 * on by n reserves the n ids after it (the write lock is held). */
static int sq_reserve_ids(struct db *db, const char *table, int n, int64_t *ids)
{
	int64_t last = 0;
	int rc = db_query_int(db, &last, "SELECT seq FROM sqlite_sequence WHERE name = $1", "t", table);
	if (rc == DB_DONE)
		rc = db_exec(db, "INSERT INTO sqlite_sequence (name, seq) VALUES ($1, $2)", "ti", table, (int64_t)n);
	else if (rc == DB_ROW)
		rc = db_exec(db, "UPDATE sqlite_sequence SET seq = $2 WHERE name = $1", "ti", table, last + n);
	if (rc != DB_OK)
		return rc;
	for (int i = 0; i < n; i++)
		ids[i] = last + 1 + i;
	return DB_OK;
}

/*
 * The online backup API: pages are copied under a read transaction, so the
 * copy is the database as of one moment while the server goes on writing
 * (WAL readers do not block writers).  A backup is written beside its
 * target and renamed into place, so a failed one leaves nothing behind.
 */
static int sq_copy_file(struct db *db, const char *path, bool restore)
{
	struct sqlite_db *d = (struct sqlite_db *)db;
	char tmp[4096];
	if (!restore && snprintf(tmp, sizeof(tmp), "%s.partial", path) >= (int)sizeof(tmp)) {
		db_set_error(db, "sqlite: path too long: %s", path);
		return DB_ERROR;
	}
	sqlite3 *other = NULL;
	int flags = restore ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
	if (!restore) {   /* a copy of personal data: readable by the server's user only */
		unlink(tmp);
		int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0600);
		if (fd < 0) {
			db_set_error(db, "sqlite: backup to %s: %s", path, strerror(errno));
			return DB_ERROR;
		}
		close(fd);
	}
	int rc = sqlite3_open_v2(restore ? path : tmp, &other, flags | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc == SQLITE_OK) {
		sqlite3 *from = restore ? other : d->handle, *to = restore ? d->handle : other;
		sqlite3_backup *b = sqlite3_backup_init(to, "main", from, "main");
		if (b == NULL) {
			rc = sqlite3_errcode(to);
		} else {
			while ((rc = sqlite3_backup_step(b, -1)) == SQLITE_BUSY || rc == SQLITE_LOCKED)
				sqlite3_sleep(50);
			int fin = sqlite3_backup_finish(b);
			rc = rc == SQLITE_DONE ? fin : rc;
		}
	}
	if (rc != SQLITE_OK)
		db_set_error(db, "sqlite: %s %s: %s", restore ? "restore from" : "backup to", path,
			     other ? sqlite3_errmsg(other) : sqlite3_errstr(rc));
	sqlite3_close(other);
	if (!restore) {
		if (rc == SQLITE_OK && rename(tmp, path) != 0) {
			db_set_error(db, "sqlite: backup to %s: %s", path, strerror(errno));
			rc = SQLITE_IOERR;
		}
		if (rc != SQLITE_OK)
			unlink(tmp);
	}
	return rc == SQLITE_OK ? DB_OK : DB_ERROR;
}

const struct db_ops db_sqlite_ops = {
	.backend = DB_SQLITE,
	.name = "sqlite",
	.begin_sql = "BEGIN IMMEDIATE",
	.open = sq_open,
	.close = sq_close,
	.exec_script = sq_exec_script,
	.prepare = sq_prepare,
	.bind_text = sq_bind_text,
	.bind_text_static = sq_bind_text_static,
	.bind_int = sq_bind_int,
	.step = sq_step,
	.column_count = sq_column_count,
	.column_name = sq_column_name,
	.column_text = sq_column_text,
	.column_int = sq_column_int,
	.column_is_null = sq_column_is_null,
	.finalize = sq_finalize,
	.changes = sq_changes,
	.in_transaction = sq_in_transaction,
	.reserve_ids = sq_reserve_ids,
	.prepare_kept = sq_prepare_kept,
	.release = sq_release,
	.copy_file = sq_copy_file,
};

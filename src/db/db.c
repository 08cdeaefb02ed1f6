/* db.c - backend dispatch, query shorthands and the connection pool. */
#include "db/db.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/log.h"
#include "core/mem.h"
#include "db/db_backend.h"

void db_set_error(struct db *db, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(db->errmsg, sizeof(db->errmsg), fmt, ap);
	va_end(ap);
}

int db_open(const char *url, const struct db_options *opt, struct db **out,
	    char *err, size_t errlen)
{
	*out = NULL;
	if (strncmp(url, "sqlite:", 7) == 0)
		return db_sqlite_ops.open(url + 7, opt, out, err, errlen);
	if (strncmp(url, "postgres://", 11) == 0 || strncmp(url, "postgresql://", 13) == 0)
		return db_pg_ops.open(url, opt, out, err, errlen);
	snprintf(err, errlen, "unknown database URL \"%s\" (expected sqlite:PATH or postgres://...)", url);
	return DB_ERROR;
}

void db_close(struct db *db)
{
	if (db)
		db->ops->close(db);
}

enum db_backend db_backend(const struct db *db) { return db->ops->backend; }
const char *db_backend_name(const struct db *db) { return db->ops->name; }
const char *db_errmsg(const struct db *db) { return db->errmsg; }

int db_exec_script(struct db *db, const char *sql)
{
	return db->ops->exec_script(db, sql);
}

int db_sort_on_disk(struct db *db, bool on)
{
	if (db->ops->backend != DB_SQLITE)
		return DB_OK;
	return db->ops->exec_script(db, on ? "PRAGMA temp_store=FILE" : "PRAGMA temp_store=MEMORY");
}

int db_plan_each(struct db *db, bool on)
{
	if (db->ops->backend != DB_POSTGRES)
		return DB_OK;
	return db->ops->exec_script(db, on ? "SET plan_cache_mode = force_custom_plan" : "RESET plan_cache_mode");
}

struct db_stmt *db_prepare(struct db *db, const char *sql)
{
	return db->ops->prepare(db, sql);
}

int db_bind_text(struct db_stmt *st, int idx, const char *v) { return st->db->ops->bind_text(st, idx, v); }
int db_bind_text_static(struct db_stmt *st, int idx, const char *v)
{
	const struct db_ops *ops = st->db->ops;
	return ops->bind_text_static ? ops->bind_text_static(st, idx, v) : ops->bind_text(st, idx, v);
}
int db_bind_int(struct db_stmt *st, int idx, int64_t v) { return st->db->ops->bind_int(st, idx, v); }
int db_bind_null(struct db_stmt *st, int idx) { return st->db->ops->bind_text(st, idx, NULL); }
int db_step(struct db_stmt *st) { return st->db->ops->step(st); }
int db_column_count(struct db_stmt *st) { return st->db->ops->column_count(st); }
const char *db_column_name(struct db_stmt *st, int col) { return st->db->ops->column_name(st, col); }
const char *db_column_text(struct db_stmt *st, int col) { return st->db->ops->column_text(st, col); }
int64_t db_column_int(struct db_stmt *st, int col) { return st->db->ops->column_int(st, col); }
bool db_column_is_null(struct db_stmt *st, int col) { return st->db->ops->column_is_null(st, col); }
int64_t db_changes(struct db *db) { return db->ops->changes(db); }

void db_finalize(struct db_stmt *st)
{
	if (st)
		st->db->ops->finalize(st);
}

static struct db_stmt *query_v(struct db *db, const char *sql, const char *types, va_list ap)
{
	struct db_stmt *st = db_prepare(db, sql);
	if (st == NULL) {
		log_error("db: prepare failed: %s [%s]", db->errmsg, sql);
		return NULL;
	}
	int idx = 1, rc = DB_OK;
	for (const char *t = types ? types : ""; *t && rc == DB_OK; t++, idx++) {
		switch (*t) {
		case 't': rc = db_bind_text(st, idx, va_arg(ap, const char *)); break;
		case 'i': rc = db_bind_int(st, idx, va_arg(ap, int64_t)); break;
		case 'n': rc = db_bind_null(st, idx); break;
		default:
			db_set_error(db, "db_query: bad parameter type '%c'", *t);
			rc = DB_ERROR;
		}
	}
	if (rc != DB_OK) {
		log_error("db: bind failed: %s", db->errmsg);
		db_finalize(st);
		return NULL;
	}
	return st;
}

struct db_stmt *db_query(struct db *db, const char *sql, const char *types, ...)
{
	va_list ap;
	va_start(ap, types);
	struct db_stmt *st = query_v(db, sql, types, ap);
	va_end(ap);
	return st;
}

int db_exec(struct db *db, const char *sql, const char *types, ...)
{
	va_list ap;
	va_start(ap, types);
	struct db_stmt *st = query_v(db, sql, types, ap);
	va_end(ap);
	if (st == NULL)
		return DB_ERROR;
	int rc;
	while ((rc = db_step(st)) == DB_ROW)
		;
	db_finalize(st);
	return rc == DB_DONE ? DB_OK : rc;
}

int db_query_int(struct db *db, int64_t *out, const char *sql, const char *types, ...)
{
	va_list ap;
	va_start(ap, types);
	struct db_stmt *st = query_v(db, sql, types, ap);
	va_end(ap);
	if (st == NULL)
		return DB_ERROR;
	int rc = db_step(st);
	if (rc == DB_ROW)
		*out = db_column_int(st, 0);
	db_finalize(st);
	return rc;
}

/* Run after every BEGIN of db_begin (db/at_rest.c: the key version); set once at start. */
static int (*begin_hook)(struct db *db);

void db_set_begin_hook(int (*hook)(struct db *db))
{
	begin_hook = hook;
}

void db_use_begin_hook(struct db *db)
{
	db->begin_hook = true;
}

int db_begin(struct db *db)
{
	int rc = db->ops->exec_script(db, db->ops->begin_sql);
	if (rc == DB_OK && begin_hook && db->begin_hook && (rc = begin_hook(db)) != DB_OK) {
		char msg[sizeof(db->errmsg)];
		snprintf(msg, sizeof(msg), "%s", db->errmsg);
		db->ops->exec_script(db, "ROLLBACK");
		db_set_error(db, "%s", msg);
	}
	return rc;
}
int db_commit(struct db *db) { return db->ops->exec_script(db, "COMMIT"); }
int db_rollback(struct db *db) { return db->ops->exec_script(db, "ROLLBACK"); }
bool db_in_transaction(struct db *db) { return db->ops->in_transaction(db); }

/* ---- pool ---------------------------------------------------------------- */

struct db_pool {
	pthread_mutex_t lock;
	pthread_cond_t freed;
	char *url;
	struct db_options opt;
	char *sync;
	int size, opened, idle_count;
	struct db **idle;
};

struct db_pool *db_pool_new(const char *url, const struct db_options *opt, int size)
{
	struct db_pool *p = xcalloc(1, sizeof(*p));
	pthread_mutex_init(&p->lock, NULL);
	pthread_cond_init(&p->freed, NULL);
	p->url = xstrdup(url);
	p->sync = xstrdup(opt && opt->sqlite_synchronous ? opt->sqlite_synchronous : "FULL");
	p->opt.sqlite_synchronous = p->sync;
	p->size = size > 0 ? size : 1;
	p->idle = xcalloc((size_t)p->size, sizeof(*p->idle));
	return p;
}

struct db *db_pool_get(struct db_pool *p)
{
	pthread_mutex_lock(&p->lock);
	while (p->idle_count == 0 && p->opened >= p->size)
		pthread_cond_wait(&p->freed, &p->lock);
	if (p->idle_count > 0) {
		struct db *db = p->idle[--p->idle_count];
		pthread_mutex_unlock(&p->lock);
		return db;
	}
	p->opened++;
	pthread_mutex_unlock(&p->lock);

	struct db *db = NULL;
	char err[512];
	if (db_open(p->url, &p->opt, &db, err, sizeof(err)) != DB_OK) {
		log_error("%s", err);
		pthread_mutex_lock(&p->lock);
		p->opened--;
		pthread_cond_signal(&p->freed);
		pthread_mutex_unlock(&p->lock);
		return NULL;
	}
	return db;
}

void db_pool_put(struct db_pool *p, struct db *db)
{
	if (db == NULL)
		return;
	pthread_mutex_lock(&p->lock);
	p->idle[p->idle_count++] = db;
	pthread_cond_signal(&p->freed);
	pthread_mutex_unlock(&p->lock);
}

void db_pool_free(struct db_pool *p)
{
	if (p == NULL)
		return;
	for (int i = 0; i < p->idle_count; i++)
		db_close(p->idle[i]);
	pthread_mutex_destroy(&p->lock);
	pthread_cond_destroy(&p->freed);
	free(p->idle);
	free(p->url);
	free(p->sync);
	free(p);
}

static int copy_file(struct db *db, const char *path, bool restore)
{
	if (db->ops->copy_file == NULL) {
		db_set_error(db, "%s: no %s here; use pg_dump and pg_restore", db->ops->name, restore ? "restore" : "backup");
		return DB_ERROR;
	}
	return db->ops->copy_file(db, path, restore);
}

int db_backup(struct db *db, const char *path)
{
	return copy_file(db, path, false);
}

int db_restore(struct db *db, const char *path)
{
	return copy_file(db, path, true);
}

struct db_stmt *db_stmt_cache_find(struct db_stmt_cache *c, const char *sql)
{
	for (int i = 0; i < c->count; i++)
		if (!c->stmt[i]->in_use && strcmp(c->sql[i], sql) == 0) {
			c->stmt[i]->in_use = true;
			return c->stmt[i];
		}
	return NULL;
}

bool db_stmt_cache_add(struct db_stmt_cache *c, const char *sql, struct db_stmt *st)
{
	st->in_use = true;
	if (c->count >= DB_STMT_CACHE)
		return false;
	st->cached = true;
	c->sql[c->count] = xstrdup(sql);
	c->stmt[c->count++] = st;
	return true;
}

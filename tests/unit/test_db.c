/*
 * test_db.c - the storage interface: migrations, queries, parameters,
 * constraints, transactions, the audit trigger, sqlbuf, the statement cache,
 * bulk inserts with reserved ids (batch) and the pool.  Runs against SQLite in memory, and once more against
 * PostgreSQL when PG_TEST_URL is set (scripts/with-postgres.sh sets it).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/arena.h"
#include "db/batch.h"
#include "db/db.h"
#include "db/migrate.h"
#include "db/migrations.h"
#include "db/sqlbuf.h"
#include "modules/requests/requests.h"

struct dbfix {
	const char *url;
	struct db *db;
	int first_applied;
	bool fresh;   /* the database was empty before the first migrate_run */
};

static struct dbfix sqlite_fix = { .url = "sqlite::memory:", .fresh = true };
static struct dbfix pg_fix;

static int open_fix(struct dbfix *f)
{
	char err[512];
	if (db_open(f->url, NULL, &f->db, err, sizeof(err)) != DB_OK) {
		print_error("db_open %s: %s\n", f->url, err);
		return -1;
	}
	if (migrate_run(f->db, &f->first_applied) != DB_OK) {
		print_error("migrate_run: %s\n", db_errmsg(f->db));
		return -1;
	}
	return 0;
}

static int sqlite_group_setup(void **state)
{
	*state = &sqlite_fix;
	return open_fix(&sqlite_fix);
}

static int pg_group_setup(void **state)
{
	*state = &pg_fix;
	const char *url = getenv("PG_TEST_URL");
	if (url == NULL || *url == '\0')
		return 0;   /* every test skips */
	pg_fix.url = url;
	/* scripts/with-postgres.sh hands out a fresh database */
	pg_fix.fresh = getenv("PG_TEST_FRESH") == NULL || strcmp(getenv("PG_TEST_FRESH"), "0") != 0;
	return open_fix(&pg_fix);
}

static int group_teardown(void **state)
{
	struct dbfix *f = *state;
	db_close(f->db);
	f->db = NULL;
	return 0;
}

static struct dbfix *fix(void **state)
{
	struct dbfix *f = *state;
	if (f->db == NULL)
		skip();
	return f;
}

/* A scratch table, empty, private to this connection. */
static void scratch(struct db *db, const char *name)
{
	char sql[256];
	snprintf(sql, sizeof(sql), "DROP TABLE IF EXISTS %s", name);
	assert_int_equal(db_exec_script(db, sql), DB_OK);
	snprintf(sql, sizeof(sql), "CREATE TEMP TABLE %s (k TEXT, i BIGINT, n TEXT)", name);
	assert_int_equal(db_exec_script(db, sql), DB_OK);
}

static int64_t count(struct db *db, const char *sql, const char *types, const char *arg)
{
	int64_t n = -1;
	int rc = types ? db_query_int(db, &n, sql, types, arg) : db_query_int(db, &n, sql, NULL);
	if (rc != DB_ROW)
		fail_msg("%s: rc %d: %s", sql, rc, db_errmsg(db));
	return n;
}

static void test_migrate(void **state)
{
	struct dbfix *f = fix(state);
	/* a fresh database gets every migration (versions may skip a number: 9 lives on another branch) */
	if (f->fresh)
		assert_int_equal(f->first_applied, migrations_count);
	else
		assert_in_range(f->first_applied, 0, migrations_count);
	assert_int_equal(migrate_latest(), migrations[migrations_count - 1].version);
	int applied = -1;
	assert_int_equal(migrate_run(f->db, &applied), DB_OK);
	assert_int_equal(applied, 0);
	assert_int_equal(migrate_run(f->db, NULL), DB_OK);
	assert_int_equal(count(f->db, "SELECT MAX(version) FROM schema_migrations", NULL, NULL), migrate_latest());
	assert_int_equal(count(f->db, "SELECT COUNT(*) FROM schema_migrations", NULL, NULL), migrations_count);
	/* the tables exist */
	assert_int_equal(count(f->db, "SELECT COUNT(*) FROM users WHERE 1 = 0", NULL, NULL), 0);
	assert_int_equal(count(f->db, "SELECT COUNT(*) FROM sessions WHERE 1 = 0", NULL, NULL), 0);
	assert_int_equal(count(f->db, "SELECT COUNT(*) FROM audit_log WHERE 1 = 0", NULL, NULL), 0);
	assert_int_equal(count(f->db, "SELECT COUNT(*) FROM rate_limits WHERE 1 = 0", NULL, NULL), 0);
	assert_false(db_in_transaction(f->db));
}

static void test_open_errors(void **state)
{
	(void)state;
	struct db *db = (struct db *)&db;
	char err[256] = "";
	assert_int_equal(db_open("mysql://localhost/x", NULL, &db, err, sizeof(err)), DB_ERROR);
	assert_null(db);
	assert_non_null(strstr(err, "mysql://localhost/x"));
	err[0] = '\0';
	assert_int_equal(db_open("sqlite:/nonexistent-dir/sub/x.db", NULL, &db, err, sizeof(err)), DB_ERROR);
	assert_null(db);
	assert_true(strlen(err) > 0);
	/* a sqlite connection answers its backend */
	assert_int_equal(db_open("sqlite::memory:", NULL, &db, err, sizeof(err)), DB_OK);
	assert_int_equal(db_backend(db), DB_SQLITE);
	assert_string_equal(db_backend_name(db), "sqlite");
	/* deleted personal data is overwritten, not left in free pages */
	int64_t secure = 0;
	assert_int_equal(db_query_int(db, &secure, "PRAGMA secure_delete", NULL), DB_ROW);
	assert_int_equal(secure, 1);
	db_close(db);
	db_close(NULL);
}

static void test_types(void **state)
{
	struct dbfix *f = fix(state);
	struct db *db = f->db;
	scratch(db, "tmp_types");
	assert_int_equal(db_exec(db, "INSERT INTO tmp_types (k, i, n) VALUES ($1, $2, $3)", "tin",
				 "联心", (int64_t)9007199254740993LL), DB_OK);
	assert_int_equal(db_changes(db), 1);
	assert_int_equal(db_exec(db, "INSERT INTO tmp_types (k, i, n) VALUES ($1, $2, $3)", "tit",
				 (const char *)NULL, (int64_t)-5, "x"), DB_OK);
	assert_int_equal(db_exec(db, "INSERT INTO tmp_types (k, i, n) VALUES ($1, $2, $3)", "tit",
				 "", (int64_t)0, "y"), DB_OK);

	struct db_stmt *st = db_query(db, "SELECT k, i, n FROM tmp_types ORDER BY i DESC", NULL);
	assert_non_null(st);
	assert_int_equal(db_step(st), DB_ROW);
	assert_int_equal(db_column_count(st), 3);
	assert_string_equal(db_column_name(st, 0), "k");
	assert_string_equal(db_column_name(st, 2), "n");
	assert_string_equal(db_column_text(st, 0), "联心");
	assert_int_equal(db_column_int(st, 1), 9007199254740993LL);
	assert_string_equal(db_column_text(st, 1), "9007199254740993");
	assert_true(db_column_is_null(st, 2));
	assert_null(db_column_text(st, 2));
	assert_false(db_column_is_null(st, 0));

	assert_int_equal(db_step(st), DB_ROW);
	assert_string_equal(db_column_text(st, 0), "");   /* empty string, not NULL */
	assert_false(db_column_is_null(st, 0));
	assert_int_equal(db_column_int(st, 1), 0);

	assert_int_equal(db_step(st), DB_ROW);
	assert_true(db_column_is_null(st, 0));            /* a NULL 't' binds NULL */
	assert_int_equal(db_column_int(st, 1), -5);
	assert_string_equal(db_column_text(st, 2), "x");
	assert_int_equal(db_step(st), DB_DONE);
	db_finalize(st);

	int64_t n = -1;
	assert_int_equal(db_query_int(db, &n, "SELECT i FROM tmp_types WHERE n = $1", "t", "y"), DB_ROW);
	assert_int_equal(n, 0);
	n = 42;
	assert_int_equal(db_query_int(db, &n, "SELECT i FROM tmp_types WHERE n = $1", "t", "none"), DB_DONE);
	assert_int_equal(n, 42);

	assert_int_equal(db_exec(db, "UPDATE tmp_types SET n = $1 WHERE n IS NOT NULL", "t", "z"), DB_OK);
	assert_int_equal(db_changes(db), 2);
	assert_int_equal(db_exec(db, "DELETE FROM tmp_types WHERE i < $1", "i", (int64_t)100), DB_OK);
	assert_int_equal(db_changes(db), 2);
	assert_int_equal(count(db, "SELECT COUNT(*) FROM tmp_types", NULL, NULL), 1);
}

static void test_errors(void **state)
{
	struct dbfix *f = fix(state);
	struct db *db = f->db;
	assert_null(db_prepare(db, "SELEKT nothing"));
	assert_true(strlen(db_errmsg(db)) > 0);
	assert_null(db_query(db, "SELECT $1", "x", "value"));        /* unknown type letter */
	assert_int_equal(db_exec(db, "SELECT * FROM no_such_table", NULL), DB_ERROR);
	assert_int_equal(db_exec_script(db, "CREATE TABLE"), DB_ERROR);
	assert_false(db_in_transaction(db));
	/* the connection still works */
	assert_int_equal(count(db, "SELECT 1 + 1", NULL, NULL), 2);
}

static void test_params_reuse_and_order(void **state)
{
	struct dbfix *f = fix(state);
	struct db *db = f->db;
	scratch(db, "tmp_params");
	/* $2 before $1 */
	assert_int_equal(db_exec(db, "INSERT INTO tmp_params (i, k) VALUES ($2, $1)", "ti",
				 "first", (int64_t)7), DB_OK);
	assert_int_equal(db_exec(db, "INSERT INTO tmp_params (n, i, k) VALUES ($3, $2, $1)", "tit",
				 "second", (int64_t)8, "third"), DB_OK);
	struct db_stmt *st = db_query(db, "SELECT k, i, n FROM tmp_params ORDER BY i", NULL);
	assert_non_null(st);
	assert_int_equal(db_step(st), DB_ROW);
	assert_string_equal(db_column_text(st, 0), "first");
	assert_int_equal(db_column_int(st, 1), 7);
	assert_int_equal(db_step(st), DB_ROW);
	assert_string_equal(db_column_text(st, 0), "second");
	assert_int_equal(db_column_int(st, 1), 8);
	assert_string_equal(db_column_text(st, 2), "third");
	db_finalize(st);

	/* $1 used twice */
	assert_int_equal(count(db, "SELECT COUNT(*) FROM tmp_params WHERE k = $1 OR n = $1", "t", "third"), 1);
	assert_int_equal(count(db, "SELECT COUNT(*) FROM tmp_params WHERE k = $1 OR n = $1", "t", "first"), 1);
	assert_int_equal(count(db, "SELECT COUNT(*) FROM tmp_params WHERE k <> $1 AND n <> $1", "t", "zz"), 1);
	int64_t v = 0;
	assert_int_equal(db_query_int(db, &v, "SELECT i FROM tmp_params WHERE i = $2 AND k = $1", "ti",
				      "second", (int64_t)8), DB_ROW);
	assert_int_equal(v, 8);

	/* "$1" inside a string literal is text, not a parameter */
	st = db_query(db, "SELECT '$1', k FROM tmp_params WHERE k = $1", "t", "first");
	assert_non_null(st);
	assert_int_equal(db_step(st), DB_ROW);
	assert_string_equal(db_column_text(st, 0), "$1");
	assert_string_equal(db_column_text(st, 1), "first");
	db_finalize(st);
}

static const char *const insert_user_sql =
	"INSERT INTO users (username, role, password_hash, created_at, updated_at, password_changed_at)"
	" VALUES ($1, $2, 'x', 0, 0, 0)";

static void test_constraint(void **state)
{
	struct dbfix *f = fix(state);
	struct db *db = f->db;
	assert_int_equal(db_begin(db), DB_OK);
	assert_int_equal(db_exec(db, insert_user_sql, "tt", "dup_user", "admin"), DB_OK);
	assert_int_equal(db_exec(db, insert_user_sql, "tt", "dup_user", "viewer"), DB_CONSTRAINT);
	assert_true(strlen(db_errmsg(db)) > 0);
	assert_int_equal(db_rollback(db), DB_OK);
	assert_int_equal(count(db, "SELECT COUNT(*) FROM users WHERE username = $1", "t", "dup_user"), 0);

	/* NOT NULL */
	assert_int_equal(db_begin(db), DB_OK);
	assert_int_equal(db_exec(db, insert_user_sql, "tn", "nullrole"), DB_CONSTRAINT);
	assert_int_equal(db_rollback(db), DB_OK);
	/* FOREIGN KEY (foreign_keys=ON on SQLite) */
	assert_int_equal(db_begin(db), DB_OK);
	assert_int_equal(db_exec(db, "INSERT INTO user_scopes (user_id, division) VALUES ($1, $2)", "it",
				 (int64_t)987654321, "469030"), DB_CONSTRAINT);
	assert_int_equal(db_rollback(db), DB_OK);
}

static void test_transactions(void **state)
{
	struct dbfix *f = fix(state);
	struct db *db = f->db;
	scratch(db, "tmp_tx");
	assert_false(db_in_transaction(db));
	assert_int_equal(db_begin(db), DB_OK);
	assert_true(db_in_transaction(db));
	assert_int_equal(db_exec(db, "INSERT INTO tmp_tx (k) VALUES ($1)", "t", "gone"), DB_OK);
	assert_int_equal(count(db, "SELECT COUNT(*) FROM tmp_tx", NULL, NULL), 1);
	assert_int_equal(db_rollback(db), DB_OK);
	assert_false(db_in_transaction(db));
	assert_int_equal(count(db, "SELECT COUNT(*) FROM tmp_tx", NULL, NULL), 0);

	assert_int_equal(db_begin(db), DB_OK);
	assert_int_equal(db_exec(db, "INSERT INTO tmp_tx (k) VALUES ($1)", "t", "kept"), DB_OK);
	assert_int_equal(db_commit(db), DB_OK);
	assert_false(db_in_transaction(db));
	assert_int_equal(count(db, "SELECT COUNT(*) FROM tmp_tx WHERE k = $1", "t", "kept"), 1);

	/* a rollback undoes only its own transaction */
	assert_int_equal(db_begin(db), DB_OK);
	assert_int_equal(db_exec(db, "DELETE FROM tmp_tx", NULL), DB_OK);
	assert_int_equal(count(db, "SELECT COUNT(*) FROM tmp_tx", NULL, NULL), 0);
	assert_int_equal(db_rollback(db), DB_OK);
	assert_int_equal(count(db, "SELECT COUNT(*) FROM tmp_tx", NULL, NULL), 1);

	/* COMMIT with no transaction is an error on SQLite (a warning on PG) */
	if (db_backend(db) == DB_SQLITE)
		assert_int_equal(db_commit(db), DB_ERROR);
	assert_false(db_in_transaction(db));
}

static void test_audit_append_only(void **state)
{
	struct dbfix *f = fix(state);
	struct db *db = f->db;
	assert_int_equal(db_begin(db), DB_OK);
	int64_t id = 0;
	assert_int_equal(db_query_int(db, &id, "INSERT INTO audit_log (at, action, detail) VALUES ($1, $2, $3)"
				      " RETURNING id", "itt", (int64_t)1000, "test", "original"), DB_ROW);
	assert_true(id > 0);

	assert_int_equal(db_exec_script(db, "SAVEPOINT upd"), DB_OK);
	int rc = db_exec(db, "UPDATE audit_log SET detail = $1 WHERE id = $2", "ti", "tampered", id);
	assert_true(rc < 0);
	assert_non_null(strstr(db_errmsg(db), "append-only"));
	assert_int_equal(db_exec_script(db, "ROLLBACK TO SAVEPOINT upd"), DB_OK);

	assert_int_equal(db_exec_script(db, "SAVEPOINT del"), DB_OK);
	rc = db_exec(db, "DELETE FROM audit_log WHERE id = $1", "i", id);
	assert_true(rc < 0);
	assert_non_null(strstr(db_errmsg(db), "append-only"));
	assert_int_equal(db_exec_script(db, "ROLLBACK TO SAVEPOINT del"), DB_OK);

	struct db_stmt *st = db_query(db, "SELECT detail, at FROM audit_log WHERE id = $1", "i", id);
	assert_non_null(st);
	assert_int_equal(db_step(st), DB_ROW);
	assert_string_equal(db_column_text(st, 0), "original");
	assert_int_equal(db_column_int(st, 1), 1000);
	db_finalize(st);
	assert_int_equal(db_rollback(db), DB_OK);

	/* and outside any transaction (autocommit) on SQLite */
	if (db_backend(db) == DB_SQLITE) {
		assert_int_equal(db_query_int(db, &id, "INSERT INTO audit_log (at, action) VALUES ($1, $2)"
					      " RETURNING id", "it", (int64_t)2000, "autocommit"), DB_ROW);
		assert_true(db_exec(db, "UPDATE audit_log SET action = 'x'", NULL) < 0);
		assert_true(db_exec(db, "DELETE FROM audit_log", NULL) < 0);
		assert_false(db_in_transaction(db));
		assert_int_equal(count(db, "SELECT COUNT(*) FROM audit_log WHERE action = $1", "t", "autocommit"), 1);
	}
}

/* The retention purge's window: only rows older than it go, it may not come
 * within 180 days of now, and nothing else changes the audit tables. */
static void refused(struct db *db, const char *sql, const char *types, int64_t a, const char *what)
{
	assert_int_equal(db_exec_script(db, "SAVEPOINT refused"), DB_OK);
	int rc = types ? db_exec(db, sql, types, a) : db_exec(db, sql, NULL);
	if (rc >= 0)
		fail_msg("%s was allowed", what);
	assert_int_equal(db_exec_script(db, "ROLLBACK TO SAVEPOINT refused"), DB_OK);
}

static void test_audit_purge_window(void **state)
{
	struct dbfix *f = fix(state);
	struct db *db = f->db;
	int64_t now = (int64_t)time(NULL), old_id = 0, young_id = 0;
	assert_int_equal(db_begin(db), DB_OK);
	assert_int_equal(db_query_int(db, &old_id, "INSERT INTO audit_log (at, action) VALUES ($1, 'old') RETURNING id", "i",
				      now - 400 * 86400), DB_ROW);
	assert_int_equal(db_query_int(db, &young_id, "INSERT INTO audit_log (at, action) VALUES ($1, 'young') RETURNING id",
				      "i", now - 170 * 86400), DB_ROW);
	assert_int_equal(db_exec(db, "INSERT INTO audit_ranges (audit_id, entity, division, first_id, last_id)"
				 " VALUES ($1, 'person', '469030', 1, 9)", "i", old_id), DB_OK);

	refused(db, "DELETE FROM audit_log WHERE id = $1", "i", old_id, "an old row's deletion with the window shut");
	refused(db, "DELETE FROM audit_ranges WHERE audit_id = $1", "i", old_id, "its runs' deletion with the window shut");
	refused(db, "UPDATE audit_ranges SET last_id = 99 WHERE audit_id = $1", "i", old_id, "changing a run");
	refused(db, "UPDATE audit_purge SET purge_before = $1", "i", now - 179 * 86400, "a window within 180 days");
	refused(db, "INSERT INTO audit_purge (purge_before) VALUES ($1)", "i", 0, "a second window");
	refused(db, "DELETE FROM audit_purge", NULL, 0, "removing the window");

	assert_int_equal(db_exec(db, "UPDATE audit_purge SET purge_before = $1", "i", now - 181 * 86400), DB_OK);
	refused(db, "DELETE FROM audit_log WHERE id = $1", "i", young_id, "a 170-day-old row's deletion");
	refused(db, "UPDATE audit_log SET detail = 'x' WHERE id = $1", "i", old_id, "changing an old row");
	assert_int_equal(db_exec(db, "DELETE FROM audit_ranges WHERE audit_id = $1", "i", old_id), DB_OK);
	assert_int_equal(db_exec(db, "DELETE FROM audit_log WHERE id = $1", "i", old_id), DB_OK);
	assert_int_equal(db_exec(db, "UPDATE audit_purge SET purge_before = 0", NULL), DB_OK);
	int64_t left = 0;
	assert_int_equal(db_query_int(db, &left, "SELECT COUNT(*) FROM audit_log WHERE id IN ($1, $2)", "ii", old_id, young_id),
			 DB_ROW);
	assert_int_equal(left, 1);
	assert_int_equal(db_rollback(db), DB_OK);
}

static void test_sqlbuf(void **state)
{
	struct dbfix *f = fix(state);
	struct db *db = f->db;
	struct arena *a = arena_new();
	scratch(db, "tmp_sb");
	assert_int_equal(db_exec(db, "INSERT INTO tmp_sb (k, i) VALUES ('a', 1), ('b', 2), ('b', 3), ('c', 4)",
				 NULL), DB_OK);

	struct sqlbuf b;
	sqlbuf_init(&b, a);
	assert_string_equal(b.sql, "");
	sqlbuf_add(&b, "SELECT COUNT(*) FROM tmp_sb WHERE k = ");
	sqlbuf_text(&b, "b");
	sqlbuf_add(&b, " AND i > ");
	sqlbuf_int(&b, 2);
	assert_string_equal(b.sql, "SELECT COUNT(*) FROM tmp_sb WHERE k = $1 AND i > $2");
	assert_int_equal(b.len, strlen(b.sql));
	assert_int_equal(b.nparams, 2);
	assert_int_equal(b.params[0].type, 't');
	assert_string_equal(b.params[0].text, "b");
	assert_int_equal(b.params[1].type, 'i');
	assert_int_equal(b.params[1].num, 2);
	assert_false(b.overflow);
	struct db_stmt *st = sqlbuf_query(db, &b);
	assert_non_null(st);
	assert_int_equal(db_step(st), DB_ROW);
	assert_int_equal(db_column_int(st, 0), 1);
	db_finalize(st);

	/* long SQL grows the buffer; an IN list of many parameters */
	sqlbuf_init(&b, a);
	sqlbuf_add(&b, "SELECT COUNT(*) FROM tmp_sb WHERE i IN (");
	for (int i = 0; i < SQLBUF_MAX_PARAMS; i++) {
		if (i)
			sqlbuf_add(&b, ",        ");
		sqlbuf_int(&b, i);
	}
	sqlbuf_add(&b, ")");
	assert_true(b.len > 256);
	assert_int_equal(b.nparams, SQLBUF_MAX_PARAMS);
	assert_non_null(strstr(b.sql, "$64)"));
	assert_false(b.overflow);
	st = sqlbuf_query(db, &b);
	assert_non_null(st);
	assert_int_equal(db_step(st), DB_ROW);
	assert_int_equal(db_column_int(st, 0), 4);   /* 1..4 are all below 64 */
	db_finalize(st);

	/* one parameter too many: the query refuses to run */
	sqlbuf_text(&b, "extra");
	assert_true(b.overflow);
	assert_int_equal(b.nparams, SQLBUF_MAX_PARAMS);
	assert_null(sqlbuf_query(db, &b));
	arena_free(a);
}

static void test_statement_cache(void **state)
{
	struct dbfix *f = fix(state);
	struct db *db = f->db;
	scratch(db, "tmp_cache");
	assert_int_equal(db_exec(db, "INSERT INTO tmp_cache (k, i) VALUES ('a', 1), ('b', 2), ('c', 3)", NULL), DB_OK);
	const char *sql = "SELECT k FROM tmp_cache WHERE i >= $1 ORDER BY i";
	struct db_stmt *s1 = db_query(db, sql, "i", (int64_t)1);
	assert_non_null(s1);
	assert_int_equal(db_step(s1), DB_ROW);
	assert_string_equal(db_column_text(s1, 0), "a");
	/* the same SQL while s1 is still open: a second, independent statement */
	struct db_stmt *s2 = db_query(db, sql, "i", (int64_t)3);
	assert_non_null(s2);
	assert_ptr_not_equal(s1, s2);
	assert_int_equal(db_step(s2), DB_ROW);
	assert_string_equal(db_column_text(s2, 0), "c");
	assert_int_equal(db_step(s2), DB_DONE);
	assert_int_equal(db_step(s1), DB_ROW);
	assert_string_equal(db_column_text(s1, 0), "b");
	assert_int_equal(db_step(s1), DB_ROW);
	assert_string_equal(db_column_text(s1, 0), "c");
	assert_int_equal(db_step(s1), DB_DONE);
	db_finalize(s2);
	db_finalize(s1);

	/* once finished, the cached statement is handed out again, reset and
	 * with fresh bindings */
	struct db_stmt *s3 = db_query(db, sql, "i", (int64_t)2);
	assert_true(s3 == s1 || s3 == s2);
	assert_int_equal(db_step(s3), DB_ROW);
	assert_string_equal(db_column_text(s3, 0), "b");
	/* a cached statement finalized mid-way starts over next time */
	db_finalize(s3);
	struct db_stmt *s4 = db_query(db, sql, "i", (int64_t)1);
	assert_int_equal(db_step(s4), DB_ROW);
	assert_string_equal(db_column_text(s4, 0), "a");
	db_finalize(s4);

	/* many distinct statements (beyond the cache size) still work */
	for (int i = 0; i < 200; i++) {
		char q[64];
		snprintf(q, sizeof(q), "SELECT %d + $1", i);
		int64_t v = 0;
		assert_int_equal(db_query_int(db, &v, q, "i", (int64_t)1), DB_ROW);
		assert_int_equal(v, i + 1);
	}
}

/* db_sort_on_disk: SQLite's temp_store FILE while on, MEMORY again after (a sort's result the
 * same either way); nothing to do on PostgreSQL. */
static void test_sort_on_disk(void **state)
{
	struct dbfix *f = fix(state);
	struct db *db = f->db;
	const char *sort = "WITH RECURSIVE s (n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < 50000)"
			   " SELECT n FROM (SELECT n FROM s ORDER BY n % 7, -n) x LIMIT 1";
	assert_int_equal(db_sort_on_disk(db, true), DB_OK);
	if (db_backend(db) == DB_SQLITE)
		assert_int_equal(count(db, "PRAGMA temp_store", NULL, NULL), 1);   /* FILE */
	assert_int_equal(count(db, sort, NULL, NULL), 49994);
	assert_int_equal(db_sort_on_disk(db, false), DB_OK);
	if (db_backend(db) == DB_SQLITE)
		assert_int_equal(count(db, "PRAGMA temp_store", NULL, NULL), 2);   /* MEMORY, as opened */
	assert_int_equal(count(db, sort, NULL, NULL), 49994);
}

/* db_plan_each: PostgreSQL's plan_cache_mode force_custom_plan while on, its default after;
 * nothing to do on SQLite. */
static void test_plan_each(void **state)
{
	struct dbfix *f = fix(state);
	struct db *db = f->db;
	bool pg = db_backend(db) == DB_POSTGRES;
	const char *mode = pg ? "SELECT CASE current_setting('plan_cache_mode') WHEN 'force_custom_plan' THEN 1 ELSE 0 END"
			      : "SELECT 1";
	assert_int_equal(db_plan_each(db, true), DB_OK);
	assert_int_equal(count(db, mode, NULL, NULL), 1);
	assert_int_equal(db_plan_each(db, false), DB_OK);
	assert_int_equal(count(db, mode, NULL, NULL), pg ? 0 : 1);
}

struct waiter {
	struct db_pool *pool;
	struct db *got;
};

static void *pool_waiter(void *arg)
{
	struct waiter *w = arg;
	w->got = db_pool_get(w->pool);
	return NULL;
}

static void test_pool(void **state)
{
	struct dbfix *f = fix(state);
	struct db_pool *pool = db_pool_new(f->url, NULL, 2);
	struct db *a = db_pool_get(pool);
	assert_non_null(a);
	assert_int_equal(count(a, "SELECT 40 + 2", NULL, NULL), 42);
	db_pool_put(pool, a);
	struct db *b = db_pool_get(pool);
	assert_ptr_equal(a, b);   /* the idle connection is reused */
	struct db *c = db_pool_get(pool);
	assert_non_null(c);
	assert_ptr_not_equal(b, c);

	/* the pool is full: a third taker waits until one is put back */
	struct waiter w = { pool, NULL };
	pthread_t t;
	assert_int_equal(pthread_create(&t, NULL, pool_waiter, &w), 0);
	usleep(50 * 1000);
	assert_null(w.got);
	db_pool_put(pool, c);
	assert_int_equal(pthread_join(t, NULL), 0);
	assert_ptr_equal(w.got, c);
	db_pool_put(pool, w.got);
	db_pool_put(pool, b);
	db_pool_free(pool);
	db_pool_free(NULL);

	/* a pool that can't open its database answers NULL */
	struct db_pool *bad = db_pool_new("sqlite:/nonexistent-dir/sub/x.db", NULL, 1);
	assert_null(db_pool_get(bad));
	assert_null(db_pool_get(bad));   /* and did not use up its slot */
	db_pool_free(bad);
}

/* Three rows with reserved ids, then 50 as statements of 32, 16 and 1 rows;
 * inside a transaction that is rolled back (audit_log keeps what it gets). */
static void test_batch(void **state)
{
	struct dbfix *f = fix(state);
	struct db *db = f->db;
	assert_int_equal(db_begin(db), DB_OK);
	int64_t before = count(db, "SELECT COUNT(*) FROM audit_log", NULL, NULL), max = -1;
	assert_int_equal(db_query_int(db, &max, "SELECT COALESCE(MAX(id), 0) FROM audit_log", NULL), DB_ROW);
	int64_t ids[3];
	assert_int_equal(db_reserve_ids(db, "audit_log", 3, ids), DB_OK);
	assert_true(ids[0] > max && ids[1] > ids[0] && ids[2] > ids[1]);
	struct db_batch *b = db_batch_new(db, "audit_log", "id, at, action, detail", 4, 32);
	for (int i = 0; i < 3; i++) {
		db_batch_int(b, ids[i]);
		db_batch_int(b, 1000 + i);
		db_batch_text(b, "batch_test");
		db_batch_text(b, "reserved");
		db_batch_row(b);
	}
	assert_int_equal(db_batch_pending(b), 3);
	assert_int_equal(db_batch_flush(b), DB_OK);
	db_batch_free(b);
	b = db_batch_new(db, "audit_log", "at, action, detail", 3, 32);
	for (int i = 0; i < 50; i++) {
		db_batch_int(b, 2000 + i);
		db_batch_text(b, "batch_test");
		db_batch_text(b, i % 2 ? NULL : "it's \"quoted\"");
		db_batch_row(b);
	}
	assert_int_equal(db_batch_pending(b), 50);
	assert_int_equal(db_batch_flush(b), DB_OK);
	assert_int_equal(db_batch_pending(b), 0);
	db_batch_free(b);
	assert_int_equal(count(db, "SELECT COUNT(*) FROM audit_log", NULL, NULL), before + 53);
	assert_int_equal(count(db, "SELECT COUNT(*) FROM audit_log WHERE action = $1 AND detail IS NULL", "t", "batch_test"), 25);
	assert_int_equal(count(db, "SELECT COUNT(*) FROM audit_log WHERE detail = $1", "t", "it's \"quoted\""), 25);
	assert_int_equal(count(db, "SELECT SUM(at) FROM audit_log WHERE detail = $1", "t", "reserved"), 3003);
	/* the reserved ids are taken: rows inserted later get ids after them */
	int64_t later = 0;
	assert_int_equal(db_query_int(db, &later, "SELECT MIN(id) FROM audit_log WHERE at >= 2000 AND action = $1", "t",
				      "batch_test"), DB_ROW);
	assert_true(later > ids[2]);
	/* text that COPY's format must escape, and the two characters \N as text, not NULL */
	static const char awkward[] = "tab\there\nnew line\\back\rslash \\N";
	b = db_batch_new(db, "audit_log", "at, action, detail", 3, 32);
	for (int i = 0; i < 3; i++) {
		db_batch_int(b, 3000 + i);
		db_batch_text(b, "batch_test");
		db_batch_text(b, i == 2 ? "\\N" : awkward);
		db_batch_row(b);
	}
	assert_int_equal(db_batch_flush(b), DB_OK);
	assert_int_equal(count(db, "SELECT COUNT(*) FROM audit_log WHERE detail = $1", "t", awkward), 2);
	assert_int_equal(count(db, "SELECT COUNT(*) FROM audit_log WHERE detail = $1 AND at = 3002", "t", "\\N"), 1);
	/* a row that breaks a constraint fails the flush */
	db_batch_int(b, 4000);
	db_batch_text(b, NULL);   /* action is NOT NULL */
	db_batch_text(b, "x");
	db_batch_row(b);
	assert_int_not_equal(db_batch_flush(b), DB_OK);
	db_batch_free(b);
	assert_int_equal(db_rollback(db), DB_OK);
}

/* ---- the migration of the old escalation notes (requests) ---------------------------------- */

static void test_escalation_notes_migration(void **state)
{
	struct dbfix *f = fix(state);
	const struct migration *m = NULL;
	for (int i = 0; i < migrations_count; i++)
		if (strstr(migrations[i].name, "old mixed-language escalation notes"))
			m = &migrations[i];
	assert_non_null(m);
	struct db *db = f->db;
	/* due dates: sign by 1000, reply by 2000, close by 3000; the old sweep stamped the step when read */
	int rc = db_exec_script(db,
		"INSERT INTO divisions (code, name, level, created_at, updated_at) VALUES ('990000', '测试县', 'county', 0, 0);"
		"INSERT INTO requests (id, ticket, channel, division, category, content, urgency, status, created_at,"
		" sign_due, reply_due, close_due, signed_at, replied_at, updated_at) VALUES"
		" (990001, 'T990001', 'hotline', '990000', 'help', '未签收', 'normal', 'submitted', 0, 1000, 2000, 3000, NULL, NULL, 0),"
		" (990002, 'T990002', 'hotline', '990000', 'help', '签收未答复', 'normal', 'signed', 0, 1000, 2000, 3000, 500, NULL, 0),"
		" (990003, 'T990003', 'hotline', '990000', 'help', '答复未办结', 'normal', 'replied', 0, 1000, 2000, 3000, 500, 1500, 0),"
		" (990004, 'T990004', 'hotline', '990000', 'help', '逾期后才签收', 'normal', 'signed', 0, 1000, 2000, 3000, 1600, NULL, 0);"
		"INSERT INTO request_steps (id, request_id, at, actor_name, action, from_status, to_status, note) VALUES"
		" (990011, 990001, 1200, 'system', 'escalate', 'submitted', 'submitted', '逾期，提级督办 (overdue: escalated)'),"
		" (990012, 990002, 2500, 'system', 'escalate', 'signed', 'signed', '逾期，提级督办 (overdue: escalated)'),"
		" (990013, 990003, 3500, 'system', 'escalate', 'replied', 'replied', '逾期，提级督办 (overdue: escalated)'),"
		" (990014, 990004, 1500, 'system', 'escalate', 'submitted', 'submitted', '逾期，提级督办 (overdue: escalated)'),"
		" (990015, 990001, 1300, '张三', 'note', 'submitted', 'submitted', '逾期，提级督办 (overdue: escalated)'),"
		" (990016, 990003, 3600, 'system', 'escalate', 'replied', 'replied', '答复逾期，提级督办');");
	if (rc != DB_OK)
		fail_msg("planting the requests: %s", db_errmsg(db));
	assert_int_equal(db_exec_script(db, m->sql), DB_OK);
	static const struct { int64_t id; const char *note; } want[] = {
		{ 990011, "签收逾期，提级督办" },   /* never signed */
		{ 990012, "答复逾期，提级督办" },   /* signed, no reply by 2500 */
		{ 990013, "办结逾期，提级督办" },   /* replied, not closed by 3500 */
		{ 990014, "签收逾期，提级督办" },   /* signed at 1600, after the step of 1500 */
		{ 990015, "逾期，提级督办 (overdue: escalated)" },   /* a person's note: not a system step, kept */
		{ 990016, "答复逾期，提级督办" },   /* already current: kept */
	};
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		struct db_stmt *st = db_query(db, "SELECT note FROM request_steps WHERE id = $1", "i", want[i].id);
		assert_non_null(st);
		assert_int_equal(db_step(st), DB_ROW);
		assert_string_equal(db_column_text(st, 0), want[i].note);
		db_finalize(st);
	}
	assert_int_equal(count(db, "SELECT COUNT(*) FROM request_steps WHERE note LIKE '%overdue%' AND action = 'escalate'",
			       NULL, NULL), 0);
	/* the migration is idempotent: once more changes nothing */
	assert_int_equal(db_exec_script(db, m->sql), DB_OK);
	assert_int_equal(count(db, "SELECT COUNT(*) FROM request_steps WHERE id = 990013 AND note = '办结逾期，提级督办'",
			       NULL, NULL), 1);
	assert_int_equal(db_exec_script(db, "DELETE FROM request_steps WHERE request_id >= 990001;"
					    "DELETE FROM requests WHERE id >= 990001; DELETE FROM divisions WHERE code = '990000';"),
			 DB_OK);
}

/* ---- the escalation sweep from two processes at once (migration 42) ---------------------------- */

struct sweeper_arg {
	struct db_pool *pool;
	pthread_barrier_t *start;
	int escalated, failed;
};

/* One "process": sweep until nothing is left, counting what this one escalated. */
static void *sweep_concurrently(void *p)
{
	struct sweeper_arg *a = p;
	struct db *db = db_pool_get(a->pool);
	pthread_barrier_wait(a->start);
	if (db == NULL) {
		a->failed = 1;
		return NULL;
	}
	int n;
	while ((n = requests_escalate(db, 5000)) > 0)
		a->escalated += n;
	a->failed = n < 0;
	db_pool_put(a->pool, db);
	return NULL;
}

/* Requests of an organisation with no escalation target (a county committee) keep escalated_org_id
 * NULL when escalated: two sweeps that both read them before either commits must still write one
 * escalate step each, not two (the compare-and-set is on escalated_at). */
static void test_escalation_sweeps_race(void **state)
{
	struct dbfix *f = fix(state);
	char url[128] = "";
	struct db *db = f->db;
	if (db_backend(f->db) == DB_SQLITE) {   /* an in-memory database is one connection's own: a file */
		snprintf(url, sizeof(url), "sqlite:/tmp/lianxin-test-race-%d.db", (int)getpid());
		char err[256];
		assert_int_equal(db_open(url, NULL, &db, err, sizeof(err)), DB_OK);
		int applied;
		assert_int_equal(migrate_run(db, &applied), DB_OK);
	}
	enum { N = 150 };
	static char sql[32768];
	size_t len = (size_t)snprintf(sql, sizeof(sql),
		"INSERT INTO divisions (code, name, level, created_at, updated_at) VALUES ('990100', '竞争县', 'county', 0, 0);"
		"INSERT INTO orgs (id, name, type, division, created_at, updated_at) VALUES"
		" (990101, '中共竞争县委员会', 'county_committee', '990100', 0, 0);"
		"INSERT INTO requests (id, ticket, channel, division, category, content, urgency, status, org_id, created_at,"
		" sign_due, reply_due, close_due, updated_at) VALUES ");
	for (int i = 0; i < N && len < sizeof(sql); i++)
		len += (size_t)snprintf(sql + len, sizeof(sql) - len, "%s(%d, 'R%d', 'hotline', '990100', 'help', '无人督办',"
					" 'normal', 'submitted', 990101, 0, 1000, 2000, 3000, 0)", i ? ", " : "", 990200 + i, 990200 + i);
	assert_true(len + 1 < sizeof(sql));
	if (db_exec_script(db, sql) != DB_OK)
		fail_msg("planting the requests: %s", db_errmsg(db));

	struct db_pool *pool = db_pool_new(*url ? url : f->url, NULL, 2);
	pthread_barrier_t start;
	pthread_barrier_init(&start, NULL, 2);
	struct sweeper_arg one = { pool, &start, 0, 0 }, two = { pool, &start, 0, 0 };
	pthread_t t1, t2;
	assert_int_equal(pthread_create(&t1, NULL, sweep_concurrently, &one), 0);
	assert_int_equal(pthread_create(&t2, NULL, sweep_concurrently, &two), 0);
	pthread_join(t1, NULL);
	pthread_join(t2, NULL);
	pthread_barrier_destroy(&start);
	db_pool_free(pool);
	assert_false(one.failed);
	assert_false(two.failed);
	assert_int_equal(one.escalated + two.escalated, N);
	assert_int_equal(count(db, "SELECT COUNT(*) FROM request_steps WHERE action = 'escalate' AND request_id >= 990200",
			       NULL, NULL), N);
	assert_int_equal(count(db, "SELECT COUNT(*) FROM requests WHERE id >= 990200 AND escalated_at = 5000"
				   " AND escalated_org_id IS NULL AND supervised = 1", NULL, NULL), N);
	/* the next sweep finds nothing */
	assert_int_equal(requests_escalate(db, 6000), 0);
	assert_int_equal(db_exec_script(db, "DELETE FROM request_steps WHERE request_id >= 990200;"
					    "DELETE FROM requests WHERE id >= 990200; DELETE FROM orgs WHERE id = 990101;"
					    "DELETE FROM divisions WHERE code = '990100';"), DB_OK);
	if (*url) {
		db_close(db);
		unlink(url + strlen("sqlite:"));
	}
}

/* ---- people's ID numbers unique (migration 35): duplicates from before are marked, not refused ---- */

static void test_people_unique_migration(void **state)
{
	struct dbfix *f = fix(state);
	const struct migration *m = NULL;
	for (int i = 0; i < migrations_count; i++)
		if (strstr(migrations[i].name, "unique index of people's ID numbers"))
			m = &migrations[i];
	assert_non_null(m);
	struct db *db = f->db;
	/* the database as it was before: no mark column, no index; two numbers held three times and once */
	int rc = db_exec_script(db,
		"DROP INDEX people_id_number_hash_unique;"
		"ALTER TABLE people DROP COLUMN id_number_dup;"
		"INSERT INTO divisions (code, name, level, created_at, updated_at) VALUES ('990000', '测试县', 'county', 0, 0);"
		"INSERT INTO people (id, name, division, id_number_hash, created_at, updated_at) VALUES"
		" (990101, '甲', '990000', 'hash-a', 0, 0), (990102, '乙', '990000', 'hash-a', 0, 0),"
		" (990103, '丙', '990000', 'hash-b', 0, 0), (990104, '丁', '990000', 'hash-a', 0, 0),"
		" (990105, '戊', '990000', NULL, 0, 0), (990106, '己', '990000', NULL, 0, 0);");
	if (rc != DB_OK)
		fail_msg("planting the people: %s", db_errmsg(db));
	assert_int_equal(db_exec_script(db, m->sql), DB_OK);
	/* the first holder of each number stays under the index; the others are marked with their own id */
	assert_int_equal(count(db, "SELECT COUNT(*) FROM people WHERE id >= 990101 AND id_number_dup IS NULL", NULL, NULL), 4);
	assert_int_equal(count(db, "SELECT COUNT(*) FROM people WHERE id IN (990102, 990104) AND id_number_dup = id", NULL, NULL), 2);
	/* every row kept */
	assert_int_equal(count(db, "SELECT COUNT(*) FROM people WHERE id >= 990101", NULL, NULL), 6);
	/* from now on the database refuses a number twice, but not a marked row or a missing number */
	assert_int_not_equal(db_exec(db, "INSERT INTO people (id, name, division, id_number_hash, created_at, updated_at)"
					 " VALUES (990107, '庚', '990000', 'hash-b', 0, 0)", NULL), DB_OK);
	assert_int_equal(db_exec(db, "INSERT INTO people (id, name, division, id_number_hash, id_number_dup, created_at,"
				     " updated_at) VALUES (990108, '辛', '990000', 'hash-b', 990108, 0, 0)", NULL), DB_OK);
	assert_int_equal(db_exec(db, "INSERT INTO people (id, name, division, id_number_hash, created_at, updated_at)"
				     " VALUES (990109, '壬', '990000', NULL, 0, 0)", NULL), DB_OK);
	assert_int_equal(db_exec_script(db, "DELETE FROM people WHERE id >= 990101; DELETE FROM divisions WHERE code = '990000';"),
			 DB_OK);
}

/* ---- the summaries' township rows (migration 38): kept by the triggers, filled for what is stored ---- */

/* SUM(col) of a summary table's rows matching where (PostgreSQL: with the deltas of its log). */
static int64_t summary_sum(struct db *db, const char *table, const char *col, const char *where)
{
	char sql[512];
	if (db_backend(db) == DB_POSTGRES)
		snprintf(sql, sizeof(sql), "SELECT COALESCE(SUM(%s), 0) FROM (SELECT * FROM %s UNION ALL SELECT * FROM %s_log) s"
			 " WHERE %s", col, table, table, where);
	else
		snprintf(sql, sizeof(sql), "SELECT COALESCE(SUM(%s), 0) FROM %s s WHERE %s", col, table, where);
	return count(db, sql, NULL, NULL);
}

/* The township's rows: households, people, incomes and help (help by month), as the
 * village's day rows add up. */
static void expect_township(struct db *db, int64_t hh, int64_t people, int64_t incomes, int64_t measures, int64_t amount)
{
	assert_int_equal(summary_sum(db, "stats_hh", "households", "len = 9 AND division = '990000100'"), hh);
	assert_int_equal(summary_sum(db, "stats_hh", "people", "len = 9 AND division = '990000100' AND status = 'poor'"), people);
	assert_int_equal(summary_sum(db, "stats_income", "households", "len = 9 AND division = '990000100' AND year = 2020"),
			 incomes);
	assert_int_equal(summary_sum(db, "stats_help", "measures",
				     "len = 9 AND division = '990000100' AND type = 'solar' AND given_on = '2020-05'"), measures);
	assert_int_equal(summary_sum(db, "stats_help", "amount",
				     "len = 9 AND division = '990000100' AND type = 'solar' AND given_on = '2020-05'"), amount);
	/* the village keeps days; no township row by day */
	assert_int_equal(summary_sum(db, "stats_help", "measures", "len = 0 AND division = '990000100200' AND given_on LIKE '2020-05-%'"),
			 measures);
	assert_int_equal(summary_sum(db, "stats_help", "measures", "len = 9 AND length(given_on) = 10"), 0);
}

static void test_stats_township_rows(void **state)
{
	struct dbfix *f = fix(state);
	struct db *db = f->db;
	const struct migration *m = NULL;
	for (int i = 0; i < migrations_count; i++)
		if (strstr(migrations[i].name, "township rows (len 9) in the roll-up summaries"))
			m = &migrations[i];
	assert_non_null(m);
	int rc = db_exec_script(db,
		"INSERT INTO divisions (code, name, level, created_at, updated_at) VALUES ('990000', '测试县', 'county', 0, 0);"
		"INSERT INTO divisions (code, name, level, parent_code, created_at, updated_at) VALUES"
		" ('990000100', '测试镇', 'township', '990000', 0, 0), ('990000100200', '测试村', 'village', '990000100', 0, 0);"
		"INSERT INTO households (id, household_no, head_name, division, status, identified_year, main_cause,"
		" created_at, updated_at) VALUES (990201, 'S990201', '甲', '990000100200', 'poor', 2014, 'illness', 0, 0);"
		"INSERT INTO members (id, household_id, division, relation, name, created_at, updated_at) VALUES"
		" (990211, 990201, '990000100200', 'head', '甲', 0, 0), (990212, 990201, '990000100200', 'spouse', '乙', 0, 0);"
		"INSERT INTO household_incomes (household_id, year, people, net, per_capita, updated_at) VALUES"
		" (990201, 2020, 2, 9000, 4500, 0);"
		"INSERT INTO measures (id, household_id, division, type, content, given_on, amount, created_at, updated_at) VALUES"
		" (990221, 990201, '990000100200', 'solar', '光伏', '2020-05-03', 100, 0, 0),"
		" (990222, 990201, '990000100200', 'solar', '光伏', '2020-05-28', 250, 0, 0);");
	if (rc != DB_OK)
		fail_msg("planting a household: %s", db_errmsg(db));
	/* the triggers keep the township's rows */
	expect_township(db, 1, 2, 1, 2, 350);
	assert_int_equal(db_exec_script(db, "UPDATE measures SET given_on = '2020-06-01' WHERE id = 990222;"), DB_OK);
	expect_township(db, 1, 2, 1, 1, 100);
	assert_int_equal(db_exec_script(db, "UPDATE measures SET given_on = '2020-05-28' WHERE id = 990222;"), DB_OK);

	/* the migration fills them from the village's rows of a database made before it */
	rc = db_exec_script(db, "DELETE FROM stats_hh WHERE len = 9; DELETE FROM stats_income WHERE len = 9;"
				"DELETE FROM stats_help WHERE len = 9; DELETE FROM stats_levels WHERE len = 9;");
	if (rc == DB_OK && db_backend(db) == DB_POSTGRES)
		rc = db_exec_script(db, "DELETE FROM stats_hh_log WHERE len = 9; DELETE FROM stats_income_log WHERE len = 9;"
					"DELETE FROM stats_help_log WHERE len = 9;");
	assert_int_equal(rc, DB_OK);
	assert_int_equal(summary_sum(db, "stats_hh", "households", "len = 9 AND division = '990000100'"), 0);
	assert_int_equal(db_exec_script(db, m->sql), DB_OK);
	if (db_exec_script(db, db_backend(db) == DB_SQLITE ? m->sqlite_sql : m->pg_sql) != DB_OK)
		fail_msg("migration 38: %s", db_errmsg(db));
	expect_township(db, 1, 2, 1, 2, 350);

	/* and the deletions take them back to nothing */
	rc = db_exec_script(db, "DELETE FROM measures WHERE household_id = 990201;"
				"DELETE FROM household_incomes WHERE household_id = 990201;"
				"DELETE FROM members WHERE household_id = 990201; DELETE FROM households WHERE id = 990201;");
	if (rc != DB_OK)
		fail_msg("deleting the household: %s", db_errmsg(db));
	expect_township(db, 0, 0, 0, 0, 0);
	assert_int_equal(db_exec_script(db, "DELETE FROM divisions WHERE code LIKE '990000%';"), DB_OK);
}

#define DB_TESTS \
	cmocka_unit_test(test_migrate), \
	cmocka_unit_test(test_types), \
	cmocka_unit_test(test_errors), \
	cmocka_unit_test(test_params_reuse_and_order), \
	cmocka_unit_test(test_constraint), \
	cmocka_unit_test(test_transactions), \
	cmocka_unit_test(test_audit_append_only), \
	cmocka_unit_test(test_audit_purge_window), \
	cmocka_unit_test(test_sqlbuf), \
	cmocka_unit_test(test_statement_cache), \
	cmocka_unit_test(test_sort_on_disk), \
	cmocka_unit_test(test_plan_each), \
	cmocka_unit_test(test_batch), \
	cmocka_unit_test(test_pool), \
	cmocka_unit_test(test_escalation_notes_migration), \
	cmocka_unit_test(test_escalation_sweeps_race), \
	cmocka_unit_test(test_people_unique_migration), \
	cmocka_unit_test(test_memo_truncate), \
	cmocka_unit_test(test_stats_township_rows)

/* A TRUNCATE of a table the stats memo's computations read (PostgreSQL) clears the memo,
 * as its inserts, updates and deletes do: before migration 36 the memo kept the results
 * of the truncated rows. */
static void test_memo_truncate(void **state)
{
	struct dbfix *f = fix(state);
	if (db_backend(f->db) != DB_POSTGRES)
		skip();   /* SQLite has no TRUNCATE */
	static const char *const tables[] = { "visits", "pairings", "team_members", "meetings" };
	for (size_t i = 0; i < sizeof(tables) / sizeof(tables[0]); i++) {
		assert_int_equal(db_exec(f->db, "INSERT INTO stats_memo (division, kind, key, body) VALUES ('990000', 'coverage',"
					 " 'truncate', '{}')", NULL), DB_OK);
		assert_int_equal(count(f->db, "SELECT COUNT(*) FROM stats_memo WHERE key = 'truncate'", NULL, NULL), 1);
		char sql[128];
		snprintf(sql, sizeof(sql), "TRUNCATE %s CASCADE", tables[i]);
		assert_int_equal(db_exec_script(f->db, sql), DB_OK);
		if (count(f->db, "SELECT COUNT(*) FROM stats_memo WHERE key = 'truncate'", NULL, NULL) != 0)
			fail_msg("TRUNCATE %s left the memo", tables[i]);
	}
}

int main(void)
{
	const struct CMUnitTest plain[] = {
		cmocka_unit_test(test_open_errors),
	};
	const struct CMUnitTest sqlite_tests[] = { DB_TESTS };
	const struct CMUnitTest pg_tests[] = { DB_TESTS };
	int failed = cmocka_run_group_tests_name("db", plain, NULL, NULL);
	failed += cmocka_run_group_tests_name("sqlite", sqlite_tests, sqlite_group_setup, group_teardown);
	failed += cmocka_run_group_tests_name("postgres", pg_tests, pg_group_setup, group_teardown);
	return failed;
}

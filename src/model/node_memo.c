/*
 * node_memo.c - the node memo, a per-node cache cleared by the writers' triggers (see node_memo.h).
 *
 * Storing races with writers: a reader reads the generation the writers'
 * triggers count, computes, and stores only if the generation is unchanged,
 * so a result that may have missed a write is never kept; a write after the
 * store deletes it.  On PostgreSQL a writer counts under a shared advisory
 * lock held to its commit, and the reader takes it exclusively to read the
 * generation and to store, so no write is in flight at either moment.
 */
#include "model/node_memo.h"

#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/log.h"
#include "db/sqlbuf.h"
#include "db/db.h"
#include "http/reply.h"

#define MEMO_LOCK "SELECT pg_try_advisory_xact_lock(7316)"
#define MEMO_BUSY 1000   /* a writer holds the lock: neither read the generation nor store */
#define GEN_SQLITE "SELECT n FROM stats_memo_gen"
#define GEN_PG "SELECT last_value * 2 + CASE WHEN is_called THEN 1 ELSE 0 END FROM stats_memo_seq"

static bool pg(struct db *db)
{
	return db_backend(db) == DB_POSTGRES;
}

/* Take the exclusive lock (PostgreSQL) in a transaction of its own, without waiting: a
 * write in flight (an import may take minutes) makes it MEMO_BUSY, and the reader computes
 * without storing rather than wait. */
static int lock(struct db *db)
{
	if (!pg(db))
		return DB_OK;
	int rc = db_begin(db);
	if (rc != DB_OK)
		return rc;
	struct db_stmt *q = db_query(db, MEMO_LOCK, NULL);
	rc = q && db_step(q) == DB_ROW ? (!strcmp(db_column_text(q, 0), "t") ? DB_OK : MEMO_BUSY) : DB_ERROR;
	db_finalize(q);
	if (rc != DB_OK)
		db_rollback(db);
	return rc;
}

static int unlock(struct db *db, int rc)
{
	if (!pg(db))
		return rc;
	if (rc == DB_OK)
		return db_commit(db);
	db_rollback(db);
	return rc;
}

/* The writers' generation, or -1 (nothing will be stored) while a writer holds the lock. */
static int generation(struct db *db, int64_t *gen)
{
	*gen = -1;
	int rc = lock(db);
	if (rc == MEMO_BUSY)
		return DB_OK;
	if (rc != DB_OK)
		return rc;
	rc = db_query_int(db, gen, pg(db) ? GEN_PG : GEN_SQLITE, NULL) == DB_ROW ? DB_OK : DB_ERROR;
	return unlock(db, rc);
}

/* A result's upsert ($1 division, $2 kind, $3 key, $4 body), kept only while the
 * generation is still $5 (no write came between the computation and its storing). */
static const char *upsert_sql(struct db *db)
{
	return pg(db) ? "INSERT INTO stats_memo (division, kind, key, body) SELECT $1, $2, $3, $4 WHERE (" GEN_PG ") = $5"
			" ON CONFLICT (division, kind, key) DO UPDATE SET body = excluded.body"
		      : "INSERT INTO stats_memo (division, kind, key, body) SELECT $1, $2, $3, $4 WHERE (" GEN_SQLITE ") = $5"
			" ON CONFLICT (division, kind, key) DO UPDATE SET body = excluded.body";
}

static int store(struct db *db, const char *division, const char *kind, const char *key, const char *body, int64_t gen)
{
	if (gen < 0)
		return DB_OK;
	int rc = lock(db);
	if (rc == MEMO_BUSY)
		return DB_OK;
	if (rc != DB_OK)
		return rc;
	const char *sql = upsert_sql(db);
	rc = db_exec(db, sql, "tttti", division, kind, key, body, gen);
	return unlock(db, rc);
}

#define STORE_ROWS 30   /* results per INSERT: two parameters each, within SQLBUF_MAX_PARAMS */

/* Store n results in one transaction, STORE_ROWS per statement (a county's few hundred parts
 * in a dozen statements, not one round trip each on PostgreSQL), each kept only while the
 * generation is still gen. */
static int store_all(struct req *r, const char *kind, const char *key, const char *const *divisions, char *const *bodies,
		     int n, int64_t gen)
{
	struct db *db = r->db;
	if (gen < 0 || n == 0)
		return DB_OK;
	int rc = pg(db) ? lock(db) : db_begin(db);
	if (rc == MEMO_BUSY)
		return DB_OK;
	if (rc != DB_OK)
		return rc;
	for (int i = 0; i < n && rc == DB_OK; i += STORE_ROWS) {
		struct sqlbuf b;
		sqlbuf_init(&b, r->arena);
		sqlbuf_add(&b, "INSERT INTO stats_memo (division, kind, key, body) SELECT v.column1, ");
		sqlbuf_text(&b, kind);
		sqlbuf_add(&b, ", ");
		sqlbuf_text(&b, key);
		sqlbuf_add(&b, ", v.column2 FROM (VALUES ");
		for (int k = i; k < n && k < i + STORE_ROWS; k++) {
			if (bodies[k] == NULL)
				rc = DB_ERROR;
			sqlbuf_add(&b, k > i ? ", (" : "(");
			sqlbuf_text(&b, divisions[k]);
			sqlbuf_add(&b, ", ");
			sqlbuf_text(&b, bodies[k] ? bodies[k] : "");
			sqlbuf_add(&b, ")");
		}
		sqlbuf_add(&b, pg(db) ? ") v WHERE (" GEN_PG ") = " : ") v WHERE (" GEN_SQLITE ") = ");
		sqlbuf_int(&b, gen);
		sqlbuf_add(&b, " ON CONFLICT (division, kind, key) DO UPDATE SET body = excluded.body");
		if (rc == DB_OK)
			rc = sqlbuf_exec(db, &b);
	}
	if (pg(db))
		return unlock(db, rc);
	if (rc == DB_OK)
		return db_commit(db);
	db_rollback(db);
	return rc;
}

int node_memo(struct req *r, const char *kind, const char *division, const char *key, memo_compute fn, const void *arg,
	       json_t **out)
{
	struct db_stmt *q = db_query(r->db, "SELECT body FROM stats_memo WHERE division = $1 AND kind = $2 AND key = $3", "ttt",
				     division, kind, key);
	if (q == NULL)
		return reply_error(r, ERR_INTERNAL, NULL);
	int rc = db_step(q);
	json_t *found = rc == DB_ROW ? json_loads(db_column_text(q, 0), 0, NULL) : NULL;
	db_finalize(q);
	if (found) {
		*out = found;
		return 0;
	}
	if (rc != DB_ROW && rc != DB_DONE)
		return reply_error(r, ERR_INTERNAL, NULL);
	int64_t gen;
	if (generation(r->db, &gen) != DB_OK) {
		log_error("stats memo: %s", db_errmsg(r->db));
		return reply_error(r, ERR_INTERNAL, NULL);
	}
	int st = fn(r, division, arg, out);
	if (st)
		return st;
	/* when it was computed: a read from the memo shows the time of the computation it keeps */
	json_object_set_new(*out, "computed_at", json_integer(clock_now()));
	char *body = json_dumps(*out, JSON_COMPACT);
	rc = body ? store(r->db, division, kind, key, body, gen) : DB_ERROR;
	free(body);
	/* the result is the live one either way: a memo not stored (the database busy with a
	 * long write) only means the next read computes it again */
	if (rc != DB_OK)
		log_warn("stats memo: %s %s not stored: %s", kind, division, db_errmsg(r->db));
	return 0;
}

int node_memo_subtree(struct req *r, const char *kind, const char *root, const char *key, memo_compute fn,
		       memo_compute_many many, const void *arg, json_t **out)
{
	json_t *by = json_object();
	struct sqlbuf b;
	sqlbuf_init(&b, r->arena);
	sqlbuf_add(&b, "SELECT division, body FROM stats_memo WHERE kind = ");
	sqlbuf_text(&b, kind);
	sqlbuf_add(&b, " AND key = ");
	sqlbuf_text(&b, key);
	sqlbuf_add(&b, " AND ");
	sqlbuf_subtree(&b, "division", root);
	struct db_stmt *q = sqlbuf_query(r->db, &b);
	int rc = DB_ERROR;
	while (q && (rc = db_step(q)) == DB_ROW) {
		json_t *v = json_loads(db_column_text(q, 1), 0, NULL);
		if (v)
			json_object_set_new(by, db_column_text(q, 0), v);
	}
	db_finalize(q);
	if (q == NULL || rc != DB_DONE) {
		json_decref(by);
		return reply_error(r, ERR_INTERNAL, NULL);
	}
	/* the divisions without a stored part */
	sqlbuf_init(&b, r->arena);
	sqlbuf_add(&b, "SELECT code FROM divisions WHERE ");
	sqlbuf_subtree(&b, "code", root);
	sqlbuf_add(&b, " ORDER BY code");
	q = sqlbuf_query(r->db, &b);
	int n = 0, cap = 64;
	const char **missing = arena_alloc(r->arena, sizeof(*missing) * (size_t)cap);
	while (q && (rc = db_step(q)) == DB_ROW) {
		const char *code = db_column_text(q, 0);
		if (json_object_get(by, code))
			continue;
		if (n == cap) {
			const char **g = arena_alloc(r->arena, sizeof(*g) * (size_t)cap * 2);
			memcpy(g, missing, sizeof(*g) * (size_t)n);
			missing = g;
			cap *= 2;
		}
		missing[n++] = arena_strdup(r->arena, code);
	}
	db_finalize(q);
	if (q == NULL || rc != DB_DONE) {
		json_decref(by);
		return reply_error(r, ERR_INTERNAL, NULL);
	}
	if (n == 0) {
		*out = by;
		return 0;
	}
	int64_t gen;
	if (generation(r->db, &gen) != DB_OK) {
		log_error("stats memo: %s", db_errmsg(r->db));
		json_decref(by);
		return reply_error(r, ERR_INTERNAL, NULL);
	}
	int64_t now = clock_now();
	char **bodies = arena_alloc(r->arena, sizeof(*bodies) * (size_t)n);
	int st = 0, done = 0;
	/* many missing: one pass over the subtree gives them all (one query per part was 31 s
	 * for a county's 285 on PostgreSQL) */
	json_t *all = NULL;
	if (many && n > MEMO_ONE_BY_ONE && (st = many(r, root, arg, missing, n, &all))) {
		json_decref(by);
		return st;
	}
	for (; done < n && !st; done++) {
		json_t *v = all ? json_incref(json_object_get(all, missing[done])) : NULL;
		if (all && v == NULL) {
			log_error("stats memo: %s of %s missing from the pass over %s", kind, missing[done], root);
			st = reply_error(r, ERR_INTERNAL, NULL);
			break;
		}
		if (v == NULL && (st = fn(r, missing[done], arg, &v)))
			break;
		json_object_set_new(v, "computed_at", json_integer(now));
		bodies[done] = json_dumps(v, JSON_COMPACT);
		json_object_set_new(by, missing[done], v);
	}
	json_decref(all);
	rc = st ? DB_OK : store_all(r, kind, key, missing, bodies, n, gen);
	for (int i = 0; i < done; i++)
		free(bodies[i]);
	if (st) {
		json_decref(by);
		return st;
	}
	if (rc != DB_OK)
		log_warn("stats memo: %s under %s not stored: %s", kind, root, db_errmsg(r->db));
	*out = by;
	return 0;
}

int64_t node_memo_forget_days(struct db *db, const char *kind, const char *before_day)
{
	int rc = db_exec(db, "DELETE FROM stats_memo WHERE kind = $1 AND key < $2 AND substr(key, 6, 5) NOT IN ('01-31',"
			 " '02-28', '02-29', '03-31', '04-30', '05-31', '06-30', '07-31', '08-31', '09-30', '10-31', '11-30',"
			 " '12-31')", "tt", kind, before_day);
	if (rc != DB_OK) {
		log_error("stats memo: forgetting %s before %s: %s", kind, before_day, db_errmsg(db));
		return -1;
	}
	return db_changes(db);
}

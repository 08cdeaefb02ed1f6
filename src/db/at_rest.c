/* at_rest.c - the sealed columns, the key file's check against the database, and sealing a plaintext database. */
#include "db/at_rest.h"

#include <sodium.h>
#include <stdlib.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "core/arena.h"
#include "core/fieldcrypt.h"
#include "core/log.h"
#include "db/db_backend.h"
#include "db/sqlbuf.h"

#define SEALED(T, C) .table = T, .column = C, .ad = T "." C

const struct sealed_column sealed_columns[] = {
	{ SEALED("people", "id_number"), .hash_column = "id_number_hash", .hash_domain = "id_number",
	  .dup_column = "id_number_dup" },
	{ SEALED("people", "phone") },
	{ SEALED("units", "contact_phone") },
	{ SEALED("households", "phone") },
	{ SEALED("households", "bank_account") },
	{ SEALED("members", "id_number"), .hash_column = "id_number_hash", .hash_domain = "id_number",
	  .dup_column = "id_number_dup" },
	{ SEALED("members", "phone") },
	/* health: a dictionary code, compared (list filters) through its keyed hash */
	{ SEALED("members", "health"), .hash_column = "health_hash", .hash_domain = "health" },
	{ SEALED("members", "disability_grade") },
	{ SEALED("requests", "requester_phone"), .hash_column = "requester_phone_hash", .hash_domain = "phone" },
};
const int sealed_columns_count = sizeof(sealed_columns) / sizeof(sealed_columns[0]);

bool at_rest_unique_violation(struct db *db)
{
	/* SQLite: "UNIQUE constraint failed: members.id_number_hash"; PostgreSQL names
	 * the index, members_id_number_hash_unique (migration 32; people's: people_id_number_hash_unique) */
	for (int i = 0; i < sealed_columns_count; i++)
		if (sealed_columns[i].dup_column && strstr(db_errmsg(db), sealed_columns[i].hash_column))
			return true;
	return false;
}

const struct sealed_column *at_rest_find(const char *table, const char *column)
{
	for (int i = 0; i < sealed_columns_count; i++)
		if (strcmp(sealed_columns[i].column, column) == 0 && strcmp(sealed_columns[i].table, table) == 0)
			return &sealed_columns[i];
	return NULL;
}

void at_rest_default_key_file(const char *db_url, char *out, size_t len)
{
	if (strncmp(db_url, "sqlite:", 7) != 0)
		snprintf(out, len, "lianxin.key");
	else if (strcmp(db_url + 7, ":memory:") == 0 || strncmp(db_url + 7, "file::memory:", 13) == 0)
		snprintf(out, len, "%s", "");
	else
		snprintf(out, len, "%s.key", db_url + 7);
}

/* crypt_meta's value of name into out ("" when there is none). */
static int meta_get(struct db *db, const char *name, char *out, size_t len)
{
	struct db_stmt *st = db_query(db, "SELECT value FROM crypt_meta WHERE name = $1", "t", name);
	int rc = st ? db_step(st) : DB_ERROR;
	snprintf(out, len, "%s", rc == DB_ROW ? db_column_text(st, 0) : "");
	db_finalize(st);
	return rc == DB_ROW || rc == DB_DONE ? DB_OK : rc;
}

/* ---- sealing what is still plaintext ---------------------------------------------- */

#define SEAL_ROWS 2000   /* rows read, then written, at a time */
/* SQL: the column C holds a sealed value (a prefix "x1:", "s2:": core/fieldcrypt.h) */
#define SEALED_SQL(C) "(substr(" C ", 1, 1) IN ('x', 's') AND substr(" C ", 3, 1) = ':')"

struct pending {
	int64_t id;
	const char *value;
};

/* What a walk does with each batch of c's rows (read whole first, so that it may write them). */
typedef int (*batch_fn)(struct db *db, struct arena *a, const struct sealed_column *c, const void *ctx,
			const struct pending *rows, int n);

/* Walk the (id, value) rows of select (which takes the last id seen as $1 and returns at most
 * SEAL_ROWS, ordered by id) in batches; *count grows by the rows handed to apply. */
static int walk_batches(struct db *db, const char *select, const struct sealed_column *c, batch_fn apply,
			const void *ctx, int64_t *count)
{
	int64_t last = 0;
	struct arena *a = arena_new();   /* the rows of a batch */
	int rc = DB_OK;
	for (;;) {
		struct pending *rows = arena_alloc(a, SEAL_ROWS * sizeof(*rows));
		int n = 0;
		struct db_stmt *st = db_query(db, select, "i", last);
		if (st == NULL) {
			rc = DB_ERROR;
			break;
		}
		while ((rc = db_step(st)) == DB_ROW)
			rows[n++] = (struct pending){ db_column_int(st, 0), arena_strdup(a, db_column_text(st, 1)) };
		db_finalize(st);
		if (rc != DB_DONE || (rc = apply(db, a, c, ctx, rows, n)) != DB_OK)
			break;
		*count += n;
		if (n < SEAL_ROWS)
			break;
		last = rows[n - 1].id;
		arena_reset(a);
	}
	arena_free(a);
	return rc;
}

/* The plaintext of a value read by a walk (NULL, reported on db, when no key opens it). */
static const char *open_pending(struct db *db, struct arena *a, const struct sealed_column *c, const struct pending *row)
{
	const char *plain = fieldcrypt_open_a(a, c->ad, row->value);
	if (plain == NULL)
		db_set_error(db, "a value of %s (row %lld) does not open with any key of the key file", c->ad,
			     (long long)row->id);
	return plain;
}

/* Seal a batch of plaintext values, one UPDATE (update) a row. */
static int seal_batch(struct db *db, struct arena *a, const struct sealed_column *c, const void *update,
		      const struct pending *rows, int n)
{
	int rc = DB_OK;
	for (int i = 0; i < n && rc == DB_OK; i++) {
		const char *plain = open_pending(db, a, c, &rows[i]);
		if (plain == NULL)
			return DB_ERROR;
		const char *box = fieldcrypt_seal_a(a, c->ad, plain);
		rc = c->hash_column ? db_exec(db, update, "tti", box, fieldcrypt_hash_a(a, c->hash_domain, plain), rows[i].id)
				    : db_exec(db, update, "ti", box, rows[i].id);
	}
	return rc;
}

static int seal_column(struct db *db, struct arena *q, const struct sealed_column *c, int64_t *sealed)
{
	const char *sql = arena_printf(
		q, "SELECT id, %s FROM %s WHERE id > $1 AND %s IS NOT NULL AND %s <> '' AND (NOT " SEALED_SQL("%s") "%s%s%s)"
		   " ORDER BY id LIMIT %d",
		c->column, c->table, c->column, c->column, c->column, c->column, c->hash_column ? " OR " : "",
		c->hash_column ? c->hash_column : "", c->hash_column ? " IS NULL" : "", SEAL_ROWS);
	/* a unique hash: a row repeating another's value (x and X before) is marked, not refused */
	const char *update =
		c->dup_column ? arena_printf(q, "UPDATE %s SET %s = $1, %s = $2, %s = CASE WHEN EXISTS (SELECT 1 FROM %s o"
					     " WHERE o.%s = $2 AND o.%s IS NULL AND o.id <> $3) THEN id END WHERE id = $3",
					     c->table, c->column, c->hash_column, c->dup_column, c->table, c->hash_column,
					     c->dup_column)
		: c->hash_column ? arena_printf(q, "UPDATE %s SET %s = $1, %s = $2 WHERE id = $3", c->table, c->column,
						 c->hash_column)
				 : arena_printf(q, "UPDATE %s SET %s = $1 WHERE id = $2", c->table, c->column);
	return walk_batches(db, sql, c, seal_batch, update, sealed);
}

int at_rest_seal_plaintext(struct db *db, int64_t *sealed)
{
	*sealed = 0;
	struct arena *a = arena_new();
	int rc = db_begin(db);
	for (int i = 0; i < sealed_columns_count && rc == DB_OK; i++)
		rc = seal_column(db, a, &sealed_columns[i], sealed);
	/* done once: later starts skip the scans (every writer seals) */
	if (rc == DB_OK)
		rc = db_exec(db, "DELETE FROM crypt_meta WHERE name = 'plaintext'", "");
	if (rc == DB_OK)
		rc = db_exec(db, "INSERT INTO crypt_meta (name, value) VALUES ('plaintext', 'sealed')", "");
	rc = rc == DB_OK ? db_commit(db) : (db_rollback(db), rc);
	arena_free(a);
	/* the plaintext's old pages leave the write-ahead log (secure_delete zeroed them in the file) */
	if (rc == DB_OK && *sealed && db_backend(db) == DB_SQLITE && db_exec_script(db, "PRAGMA wal_checkpoint(TRUNCATE)") != DB_OK)
		log_warn("at rest: the checkpoint after sealing failed: %s", db_errmsg(db));
	return rc;
}

/* ---- SQLite: the plaintext's unique constraints -------------------------------------- */

/*
 * On SQLite, people and members were created with "id_number TEXT UNIQUE": an
 * index of the column that, now that it holds sealed values (never equal,
 * random), costs the household import a fifth of its time and guards nothing.
 * SQLite cannot drop such a constraint; the table is made again without it,
 * with foreign keys off (a transaction cannot turn them off): its rows (with
 * their ids) copied, its indexes and triggers created again from their SQL,
 * its AUTOINCREMENT counter kept.  Once per table: afterwards its SQL no
 * longer holds the constraint.
 */
#define UNIQUE_ID "id_number TEXT UNIQUE,"

static int rebuild_without_unique(struct db *db, struct arena *a, const char *table)
{
	char *create = NULL;
	struct db_stmt *st = db_query(db, "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = $1", "t", table);
	if (st && db_step(st) == DB_ROW && strstr(db_column_text(st, 0), UNIQUE_ID))
		create = arena_strdup(a, db_column_text(st, 0));
	db_finalize(st);
	if (create == NULL)
		return DB_OK;   /* done before, or never there */
	/* "CREATE TABLE members (" ... -> "CREATE TABLE lx_rebuild (" ..., without UNIQUE */
	char *open = strchr(create, '('), *u = strstr(create, UNIQUE_ID);
	if (open == NULL || u == NULL || u < open)
		return DB_ERROR;
	size_t keep = strlen("id_number TEXT");
	const char *sql = arena_printf(a, "CREATE TABLE lx_rebuild %.*s%.*s%s", (int)(u - open), open, (int)keep, u,
				       u + strlen(UNIQUE_ID) - 1);
	const char *others[64];
	int n = 0;
	int64_t seq = -1;
	st = db_query(db, "SELECT sql FROM sqlite_master WHERE tbl_name = $1 AND type IN ('index', 'trigger')"
			  " AND sql IS NOT NULL", "t", table);
	while (st && db_step(st) == DB_ROW && n < 64)
		others[n++] = arena_strdup(a, db_column_text(st, 0));
	db_finalize(st);
	db_query_int(db, &seq, "SELECT seq FROM sqlite_sequence WHERE name = $1", "t", table);
	int rc = db_exec_script(db, "PRAGMA foreign_keys=OFF");
	if (rc == DB_OK)
		rc = db_begin(db);
	if (rc != DB_OK)
		return rc;
	rc = db_exec_script(db, sql);
	if (rc == DB_OK)
		rc = db_exec_script(db, arena_printf(a, "INSERT INTO lx_rebuild SELECT * FROM %s;"
							"DROP TABLE %s;"
							"ALTER TABLE lx_rebuild RENAME TO %s", table, table, table));
	for (int i = 0; i < n && rc == DB_OK; i++)
		rc = db_exec_script(db, others[i]);
	if (rc == DB_OK && seq >= 0)
		rc = db_exec(db, "UPDATE sqlite_sequence SET seq = $1 WHERE name = $2 AND seq < $1", "it", seq, table);
	rc = rc == DB_OK ? db_commit(db) : (db_rollback(db), rc);
	int fk = db_exec_script(db, "PRAGMA foreign_keys=ON");
	if (rc == DB_OK)
		log_info("at rest: %s made again without the unique index of its sealed ID numbers", table);
	return rc == DB_OK ? fk : rc;
}

/* ---- key versions (rotation) -------------------------------------------------------- */

/* A version number of crypt_meta's text (0 for none). */
static int version_number(const char *s)
{
	int v = 0;
	for (; *s >= '0' && *s <= '9' && v < 1000; s++)
		v = v * 10 + (*s - '0');
	return v;
}

/* Switch to version (loading the key file again when it is new to this process). */
static int switch_version(struct db *db, int version)
{
	char err[512];
	if (!fieldcrypt_has_version(version) && fieldcrypt_reload(err, sizeof(err)) != 0) {
		db_set_error(db, "the database's key version %d is not in the key file: %s", version, err);
		return DB_ERROR;
	}
	if (fieldcrypt_use_version(version)) {
		db_set_error(db, "the database's key version %d is not in the key file", version);
		return DB_ERROR;
	}
	log_info("at rest: now using key version %d", version);
	return DB_OK;
}

int at_rest_follow(struct db *db)
{
	db_use_begin_hook(db);   /* this connection's writes check the version from now on */
	int64_t version = 0;
	int rc = db_query_int(db, &version, "SELECT CAST(value AS BIGINT) FROM crypt_meta WHERE name = 'key_version'", "");
	if (rc == DB_DONE)
		return DB_OK;
	if (rc != DB_ROW)
		return rc;
	return version == fieldcrypt_version() ? DB_OK : switch_version(db, (int)version);
}

int at_rest_begin_check(struct db *db)
{
	/* on PostgreSQL the row's share lock waits for a rotation in progress (it updates the row
	 * first) and keeps one from starting until this transaction ends; on SQLite BEGIN
	 * IMMEDIATE holds the only write lock already */
	int64_t version = 0;
	int rc = db_query_int(db, &version,
			      db_backend(db) == DB_POSTGRES
				      ? "SELECT CAST(value AS BIGINT) FROM crypt_meta WHERE name = 'key_version' FOR SHARE"
				      : "SELECT CAST(value AS BIGINT) FROM crypt_meta WHERE name = 'key_version'",
			      "");
	if (rc == DB_DONE || (rc == DB_ROW && version == fieldcrypt_version()))
		return DB_OK;
	if (rc != DB_ROW)
		return rc;
	/* a rotation finished since this request sealed or hashed its values: they are of the old key */
	switch_version(db, (int)version);
	db_set_error(db, "the key was rotated (lianxin rekey) while this write was prepared: repeat it");
	return DB_BUSY;
}

#define RESEAL_PER_UPDATE 20   /* rows of one UPDATE ... FROM (VALUES ...): 3 parameters each (sqlbuf's limit is 64) */

/* UPDATE c's rows from n (value, hash, id) triples: one statement (a PostgreSQL statement trigger fires once). */
static int reseal_write(struct db *db, struct arena *a, const struct sealed_column *c, const char *const *box,
			const char *const *hash, const int64_t *id, int n)
{
	struct sqlbuf b;
	sqlbuf_init(&b, a);
	sqlbuf_add(&b, arena_printf(a, "UPDATE %s SET %s = v.column1", c->table, c->column));
	if (c->hash_column)
		sqlbuf_add(&b, arena_printf(a, ", %s = v.column2", c->hash_column));
	sqlbuf_add(&b, " FROM (VALUES ");
	for (int i = 0; i < n; i++) {
		sqlbuf_add(&b, i ? ", (CAST(" : "(CAST(");
		sqlbuf_text(&b, box[i]);
		sqlbuf_add(&b, " AS TEXT), CAST(");
		sqlbuf_text(&b, hash[i]);
		sqlbuf_add(&b, " AS TEXT), CAST(");
		sqlbuf_int(&b, id[i]);
		sqlbuf_add(&b, " AS BIGINT))");
	}
	sqlbuf_add(&b, arena_printf(a, ") AS v WHERE %s.id = v.column3", c->table));
	return sqlbuf_exec(db, &b);
}

/* Seal a batch again with the current version, RESEAL_PER_UPDATE rows a statement. */
static int reseal_batch(struct db *db, struct arena *a, const struct sealed_column *c, const void *unused,
			const struct pending *rows, int n)
{
	(void)unused;
	const char *box[RESEAL_PER_UPDATE], *hash[RESEAL_PER_UPDATE];
	int64_t id[RESEAL_PER_UPDATE];
	int k = 0, rc = DB_OK;
	for (int i = 0; i < n && rc == DB_OK; i++) {
		const char *plain = open_pending(db, a, c, &rows[i]);
		if (plain == NULL)
			return DB_ERROR;
		box[k] = fieldcrypt_seal_a(a, c->ad, plain);
		hash[k] = c->hash_column ? fieldcrypt_hash_a(a, c->hash_domain, plain) : NULL;
		id[k++] = rows[i].id;
		if (k == RESEAL_PER_UPDATE || i == n - 1) {
			rc = reseal_write(db, a, c, box, hash, id, k);
			k = 0;
		}
	}
	return rc;
}

/* Seal every value of c again with the current version and recompute its hash. */
static int reseal_column(struct db *db, struct arena *q, const struct sealed_column *c, int64_t *count)
{
	const char *sql = arena_printf(q, "SELECT id, %s FROM %s WHERE id > $1 AND %s IS NOT NULL AND %s <> ''"
					  " ORDER BY id LIMIT %d", c->column, c->table, c->column, c->column, SEAL_ROWS);
	return walk_batches(db, sql, c, reseal_batch, NULL, count);
}

int at_rest_rekey(struct db *db, int *version, int64_t *count, char *err, size_t errlen)
{
	int old = fieldcrypt_version(), v = 0;
	*count = 0;
	if (fieldcrypt_add_version(&v, err, errlen))
		return -1;
	struct arena *a = arena_new();
	int rc = db_begin(db);
	/* first: the version's row, so that writers prepared with the old key wait, then refuse (at_rest_begin_check) */
	if (rc == DB_OK)
		rc = db_exec(db, "UPDATE crypt_meta SET value = $1 WHERE name = 'key_version'", "t", arena_printf(a, "%d", v));
	if (rc == DB_OK && fieldcrypt_use_version(v))
		rc = DB_ERROR;
	for (int i = 0; i < sealed_columns_count && rc == DB_OK; i++)
		rc = reseal_column(db, a, &sealed_columns[i], count);
	char check[65];
	fieldcrypt_check_value(check);
	if (rc == DB_OK)
		rc = db_exec(db, "UPDATE crypt_meta SET value = $1 WHERE name = 'key_check'", "t", check);
	rc = rc == DB_OK ? db_commit(db) : (db_rollback(db), rc);
	arena_free(a);
	if (rc != DB_OK) {
		fieldcrypt_use_version(old);
		snprintf(err, errlen, "the rotation was rolled back (the database keeps key version %d; the key file"
			 " holds version %d unused): %s", old, v, db_errmsg(db));
		return -1;
	}
	*version = v;
	/* every value is of the new key: the old ones leave the key file */
	if (fieldcrypt_retire_before(v, err, errlen))
		return -1;
	if (db_backend(db) == DB_SQLITE && db_exec_script(db, "PRAGMA wal_checkpoint(TRUNCATE)") != DB_OK)
		log_warn("at rest: the checkpoint after the rotation failed: %s", db_errmsg(db));
	return 0;
}

/* ---- the key ------------------------------------------------------------------------ */

int at_rest_open(struct db *db, const char *key_file, const char *cipher, char *err, size_t errlen)
{
	enum fieldcrypt_cipher c;
	if (!fieldcrypt_cipher_parse(cipher, &c)) {
		snprintf(err, errlen, "field-cipher must be xchacha20poly1305 or sm4, not \"%s\"", cipher);
		return -1;
	}
	char check[80], hash[40], want[65];
	if (meta_get(db, "key_check", check, sizeof(check)) != DB_OK || meta_get(db, "hash", hash, sizeof(hash)) != DB_OK) {
		snprintf(err, errlen, "cannot read crypt_meta: %s", db_errmsg(db));
		return -1;
	}
	bool created = false;
	if (*key_file == '\0' && fieldcrypt_ready()) {
		/* an in-memory database with the key its caller set (tests) */
	} else if (*key_file == '\0') {
		uint8_t key[FIELDCRYPT_KEY_BYTES];   /* an in-memory database: a key as short-lived as its data */
		if (sodium_init() < 0) {
			snprintf(err, errlen, "libsodium cannot start");
			return -1;
		}
		randombytes_buf(key, sizeof(key));
		fieldcrypt_set_key(key);
		sodium_memzero(key, sizeof(key));
	} else if (fieldcrypt_load_key(key_file, *check == '\0', &created, err, errlen)) {
		if (*check)
			snprintf(err + strlen(err), errlen - strlen(err),
				 "; this database's personal data is encrypted with its key file: restore that file"
				 " (or point key-file at it)");
		return -1;
	}
	/* the database's key version (lianxin rekey): new values and keyed hashes use it */
	char ver[16];
	if (meta_get(db, "key_version", ver, sizeof(ver)) != DB_OK) {
		snprintf(err, errlen, "cannot read crypt_meta: %s", db_errmsg(db));
		return -1;
	}
	int version = *ver ? version_number(ver) : 1;
	if (fieldcrypt_use_version(version)) {
		snprintf(err, errlen, "the key file %s has no key of version %d, the key of this database:"
			 " restore the database's key file (or point key-file at it)", key_file, version);
		return -1;
	}
	if (*ver == '\0' && db_exec(db, "INSERT INTO crypt_meta (name, value) VALUES ('key_version', '1')", "") != DB_OK) {
		snprintf(err, errlen, "cannot record the key version: %s", db_errmsg(db));
		return -1;
	}
	fieldcrypt_check_value(want);
	if (*check && strcmp(check, want) != 0) {
		snprintf(err, errlen, "the key file %s is not the key of this database (its key check value differs):"
			 " restore the database's key file (or point key-file at it)", key_file);
		return -1;
	}
	if (*check == '\0') {
		snprintf(hash, sizeof(hash), "%s", fieldcrypt_hash_name(c == FIELDCRYPT_SM4 ? FIELDCRYPT_HMAC_SM3 : FIELDCRYPT_BLAKE2B));
		int rc = db_begin(db);
		if (rc == DB_OK)
			rc = db_exec(db, "INSERT INTO crypt_meta (name, value) VALUES ('key_check', $1), ('hash', $2)", "tt", want, hash);
		rc = rc == DB_OK ? db_commit(db) : (db_rollback(db), rc);
		if (rc != DB_OK) {
			snprintf(err, errlen, "cannot record the key check value: %s", db_errmsg(db));
			return -1;
		}
		if (created)
			log_info("at rest: created the key file %s (back it up with the database: without it the"
				 " personal data cannot be read)", key_file);
	}
	enum fieldcrypt_hash h;
	if (!fieldcrypt_hash_parse(hash, &h)) {
		snprintf(err, errlen, "crypt_meta names an unknown keyed hash \"%s\"", hash);
		return -1;
	}
	fieldcrypt_set_hash(h);
	fieldcrypt_set_cipher(c);
	db_set_begin_hook(at_rest_begin_check);
	db_use_begin_hook(db);
	char done[16];
	int64_t sealed = 0;
	if (meta_get(db, "plaintext", done, sizeof(done)) != DB_OK) {
		snprintf(err, errlen, "cannot read crypt_meta: %s", db_errmsg(db));
		return -1;
	}
	if (strcmp(done, "sealed") != 0 && at_rest_seal_plaintext(db, &sealed) != DB_OK) {
		snprintf(err, errlen, "cannot encrypt the personal data stored in plaintext: %s", db_errmsg(db));
		return -1;
	}
	if (sealed)
		log_info("at rest: encrypted %lld values stored in plaintext", (long long)sealed);
	for (int i = 0; i < sealed_columns_count; i++) {
		const struct sealed_column *sc = &sealed_columns[i];
		int64_t dups = 0;
		char sql[160];
		snprintf(sql, sizeof(sql), "SELECT COUNT(*) FROM %s WHERE %s IS NOT NULL", sc->table, sc->dup_column ? sc->dup_column : "");
		if (sc->dup_column && db_query_int(db, &dups, sql, "") == DB_ROW && dups)
			log_warn("at rest: %lld rows of %s repeat another's %s (before it was unique); the data check"
				 " reports them until they are corrected", (long long)dups, sc->table, sc->column);
	}
	if (db_backend(db) == DB_SQLITE) {
		struct arena *a = arena_new();
		int rc = rebuild_without_unique(db, a, "people");
		if (rc == DB_OK)
			rc = rebuild_without_unique(db, a, "members");
		arena_free(a);
		if (rc != DB_OK) {
			snprintf(err, errlen, "cannot drop the unique index of the sealed ID numbers: %s", db_errmsg(db));
			return -1;
		}
	}
	return 0;
}

/*
 * at_rest.h - which columns hold personal data sealed at rest, and the
 * start-up that keeps the database and its key file together.
 *
 * sealed_columns is the one list of the columns whose values are stored
 * sealed (core/fieldcrypt.h): the generic CRUD, the household import, the
 * demo, the data checks and the requests all ask it (at_rest_find) for the
 * associated data of a column and, for the columns compared in SQL (ID
 * numbers, a requester's phone), the column of its keyed hash.
 *
 * at_rest_open runs after the migrations: it reads the key file (creating it
 * beside a new database), refuses a key that is not the database's (a key
 * check value in crypt_meta), fixes the database's keyed hash on its first
 * start, and, once, seals every value still stored in plaintext (a database
 * from before encryption), filling the hash columns.
 */
#ifndef LIANXIN_DB_AT_REST_H
#define LIANXIN_DB_AT_REST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "db/db.h"

struct sealed_column {
	const char *table, *column;
	const char *ad;            /* associated data: "table.column" */
	const char *hash_column;   /* NULL: not compared in SQL */
	const char *hash_domain;   /* the keyed hash's domain ("id_number": people and members compare) */
	const char *dup_column;    /* non-NULL: the hash is unique among rows where this column is NULL
				    * (a partial unique index); a row of before that repeats another's
				    * value is marked here (its id) instead */
};

extern const struct sealed_column sealed_columns[];
extern const int sealed_columns_count;

/* The column's entry, or NULL when it is not sealed. */
const struct sealed_column *at_rest_find(const char *table, const char *column);

/* The key file beside a SQLite database ("var/lianxin.db" -> "var/lianxin.db.key"),
 * or ./lianxin.key for PostgreSQL; "" for an in-memory database (its key lives
 * as long as it does). */
void at_rest_default_key_file(const char *db_url, char *out, size_t len);

/* Key, check value and hash of db; then seal the plaintext left.  An empty
 * key_file (an in-memory database) keeps a key already set
 * (fieldcrypt_set_key) or makes a random one.  cipher:
 * "xchacha20poly1305" or "sm4" (new values).  0, or -1 with err. */
int at_rest_open(struct db *db, const char *key_file, const char *cipher, char *err, size_t errlen);

/* Seal the values still in plaintext (and fill missing hashes); *sealed
 * counts them.  Then crypt_meta's "plaintext" is "sealed", and at_rest_open
 * does not look again (a database restored from before has no such row). */
int at_rest_seal_plaintext(struct db *db, int64_t *sealed);

/*
 * Key rotation (lianxin rekey).  crypt_meta's "key_version" names the key of
 * the database's values and keyed hashes.  at_rest_rekey adds a new key to the
 * key file, then in one transaction, which updates that row first, seals every
 * value again and recomputes every keyed hash with it, records its check
 * value and commits; then the older keys leave the key file.  A server keeps
 * serving meanwhile: reads see the old values (opened with the old key) until
 * the commit, then the new ones (fieldcrypt_open loads the new key from the
 * file); at_rest_follow, at the start of each request, switches its version;
 * at_rest_begin_check, in each transaction, refuses a write prepared with the
 * old key.  0, or -1 with err (the database keeps its key).
 */
int at_rest_rekey(struct db *db, int *version, int64_t *count, char *err, size_t errlen);
/* Use the database's key version (one read of crypt_meta); DB_OK or an error. */
int at_rest_follow(struct db *db);
/* db_begin's hook: DB_BUSY (rolled back) when the key version changed since
 * this process last looked, i.e. this transaction's values may be sealed
 * with a retired key; the caller's request is then repeated. */
int at_rest_begin_check(struct db *db);

/* True when db's last error is the unique index of a sealed column's hash
 * (the ID number of a member registered twice at the same time). */
bool at_rest_unique_violation(struct db *db);

#endif

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

/* True when db's last error is the unique index of a sealed column's hash
 * (the ID number of a member registered twice at the same time). */
bool at_rest_unique_violation(struct db *db);

#endif

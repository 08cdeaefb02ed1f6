/*
 * demo_fixture.h - what the demo generator's tests share (tests/unit/test_demo.c,
 * tests/slow/test_demo_full.c): a fresh in-memory database and counts over it.
 * Include after cmocka.h.
 */
#ifndef LIANXIN_TESTS_DEMO_FIXTURE_H
#define LIANXIN_TESTS_DEMO_FIXTURE_H

#include <stdint.h>

#include "core/division.h"
#include "core/fieldcrypt.h"
#include "db/at_rest.h"
#include "db/db.h"
#include "db/migrate.h"

/* The build day the demo tests pin, so that their counts do not move with the calendar. */
#define DEMO_TEST_TODAY "2026-12-06"

/* An empty, migrated SQLite database in memory. */
static inline struct db *fresh_db(void)
{
	char err[256];
	struct db *db = NULL;
	assert_int_equal(db_open("sqlite::memory:", NULL, &db, err, sizeof(err)), DB_OK);
	assert_int_equal(migrate_run(db, NULL), DB_OK);
	/* personal data is sealed at rest: one fixed key, so that the keyed hashes
	 * of ID numbers are the same in two runs */
	static const uint8_t key[FIELDCRYPT_KEY_BYTES] = { 1, 2, 3, 4 };
	fieldcrypt_set_key(key);
	assert_int_equal(at_rest_open(db, "", "xchacha20poly1305", err, sizeof(err)), 0);
	return db;
}

/* A sealed value of a demo row opened (into a buffer that lives until the fourth call after). */
static inline const char *opened(const char *ad, const char *stored)
{
	static char buf[4][128];
	static int next;
	if (stored == NULL)
		return NULL;
	char *out = buf[next++ % 4];
	assert_int_equal(fieldcrypt_open(ad, stored, out, sizeof(buf[0])), 0);
	return out;
}

/* A count over the county: sql takes the county as $1 and the end of its subtree as $2. */
static inline int64_t count(struct db *db, const char *sql, const char *county)
{
	int64_t n = -1;
	char upper[DIVISION_CODE_MAX + 2];
	division_subtree_upper(county, upper);
	assert_int_equal(db_query_int(db, &n, sql, "tt", county, upper), DB_ROW);
	return n;
}

/* A count without parameters. */
static inline int64_t one(struct db *db, const char *sql)
{
	int64_t n = -1;
	assert_int_equal(db_query_int(db, &n, sql, NULL), DB_ROW);
	return n;
}

#endif

/*
 * demo_fixture.h - what the demo generator's tests share (tests/unit/test_demo.c,
 * tests/unit/test_demo_campaign.c, _fengqing.c, _qiongzhong.c, _province.c, tests/slow/test_demo_full.c):
 * a fresh in-memory database, counts over it, and a county cut to a few townships in
 * a temporary data directory (the demo's data_dir option), made around the tests.
 * Include after cmocka.h.
 */
#ifndef LIANXIN_TESTS_DEMO_FIXTURE_H
#define LIANXIN_TESTS_DEMO_FIXTURE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "core/clock.h"
#include "core/division.h"
#include "core/fieldcrypt.h"
#include "db/at_rest.h"
#include "db/db.h"
#include "db/migrate.h"
#include "demo/demo.h"

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

/* A county's division tables cut to some of its townships. */
struct demo_cut {
	const char *county;
	const char *const *townships;   /* 9-digit codes */
	size_t ntownships;
	char dir[64];                   /* the data directory made (mkdtemp) */
};

static const char *const demo_cut_files[] = { "provinces", "cities", "areas", "streets", "villages" };

/* Copy the CSV file from to to: the header and, with col >= 0, only the rows whose column col
 * (0-based) is one of the codes; every row with col < 0. */
static inline void demo_csv_filter(const char *from, const char *to, int col, const char *const *codes, size_t ncodes)
{
	char line[1024];
	FILE *in = fopen(from, "r"), *out = fopen(to, "w");
	assert_non_null(in);
	assert_non_null(out);
	for (int n = 0; fgets(line, sizeof(line), in); n++) {
		bool keep = n == 0 || col < 0;
		const char *field = line;
		for (int k = 0; k < col && field; k++)
			field = strchr(field, ',') ? strchr(field, ',') + 1 : NULL;
		for (size_t i = 0; !keep && field && i < ncodes; i++) {
			size_t len = strlen(codes[i]);
			keep = strncmp(field, codes[i], len) == 0 && (field[len] == ',' || field[len] == '\n' || field[len] == '\r');
		}
		if (keep)
			fputs(line, out);
	}
	fclose(in);
	assert_int_equal(fclose(out), 0);
}

/* Copy data/divisions/COUNTY/name.csv into the cut's directory; with col >= 0 only the header and
 * the rows whose column col (0-based) is one of the townships. */
static inline void demo_cut_csv(const struct demo_cut *cut, const char *name, int col)
{
	char from[128], to[160];
	snprintf(from, sizeof(from), "data/divisions/%s/%s.csv", cut->county, name);
	snprintf(to, sizeof(to), "%s/%s/%s.csv", cut->dir, cut->county, name);
	demo_csv_filter(from, to, col, cut->townships, cut->ntownships);
}

/* The rows of sql (ncols text columns each) into the hash h. */
static inline void demo_digest_rows(crypto_generichash_state *h, struct db *db, const char *sql, int ncols)
{
	struct db_stmt *q = db_query(db, sql, NULL);
	assert_non_null(q);
	while (db_step(q) == DB_ROW)
		for (int i = 0; i < ncols; i++) {
			const char *s = db_column_text(q, i);
			crypto_generichash_update(h, (const unsigned char *)(s ? s : ""), s ? strlen(s) + 1 : 0);
		}
	db_finalize(q);
}

/* Make the cut's directory with the county's tables (streets and villages of its townships only);
 * 0, or -1 when the directory could not be made. */
static inline int demo_cut_make(struct demo_cut *cut)
{
	snprintf(cut->dir, sizeof(cut->dir), "/tmp/lianxin-test-demo.XXXXXX");
	if (mkdtemp(cut->dir) == NULL)
		return -1;
	char sub[96];
	snprintf(sub, sizeof(sub), "%s/%s", cut->dir, cut->county);
	if (mkdir(sub, 0700) != 0)
		return -1;
	for (int i = 0; i < 3; i++)
		demo_cut_csv(cut, demo_cut_files[i], -1);
	demo_cut_csv(cut, "streets", 0);
	demo_cut_csv(cut, "villages", 2);
	return 0;
}

/* Remove the cut's files and directories. */
static inline void demo_cut_remove(const struct demo_cut *cut)
{
	char path[160];
	for (size_t i = 0; i < sizeof(demo_cut_files) / sizeof(demo_cut_files[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s/%s.csv", cut->dir, cut->county, demo_cut_files[i]);
		unlink(path);
	}
	snprintf(path, sizeof(path), "%s/%s", cut->dir, cut->county);
	rmdir(path);
	rmdir(cut->dir);
}

/* A demo test program's main: sodium and the clock started, the cut made, the tests run as one
 * group, the cut removed; 0 when every test passed. */
#define demo_cut_run_tests(cut, tests) demo_cut_run((cut), (tests), sizeof(tests) / sizeof((tests)[0]))
static inline int demo_cut_run(struct demo_cut *cut, const struct CMUnitTest *tests, size_t ntests)
{
	if (sodium_init() < 0)
		return 1;
	clock_init();
	if (demo_cut_make(cut) != 0)
		return 1;
	int failed = _cmocka_run_group_tests("demo", tests, ntests, NULL, NULL);
	demo_cut_remove(cut);
	return failed;
}

/* A fresh database with the cut's county built by the demo (seed 1, the pinned day), the steps in
 * skip left out; st filled, every township of the cut built. */
static inline struct db *demo_cut_build(const struct demo_cut *cut, const char *skip, struct demo_stats *st)
{
	struct db *db = fresh_db();
	struct demo_options opt = { .county = cut->county, .seed = 1, .data_dir = cut->dir, .skip = skip,
				    .today = DEMO_TEST_TODAY };
	assert_int_equal(demo_build(db, &opt, stderr, st), 0);
	assert_int_equal(st->townships, (int)cut->ntownships);
	return db;
}

#endif

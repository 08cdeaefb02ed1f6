/*
 * test_demo_province.c - the demo of a whole province (demo_build_province,
 * `lianxin demo --scale province`) on a slice of 云南 (53) written to a
 * temporary data directory: three counties, each cut to one township (凤庆
 * 530921, a seed county with its profile; 水富 530681 and 贡山 533324 with the
 * default profile).  Every county of the slice is built with every module's
 * rows and the counts of its cut; the build is deterministic (two builds give
 * the same rows); the summaries rebuilt once at the end of the bulk build equal
 * those the triggers keep row by row (the same counties built with the triggers
 * on); a second run skips the counties built (resume) and the triggers are back.
 * On SQLite, and on PostgreSQL too when PG_TEST_URL is set (make
 * run-pgunit-test_demo_province: two databases made beside the test's own).
 * Runs from the repository root (data/divisions).
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "db/batch.h"
#include "db/db.h"
#include "demo/demo.h"
#include "modules/org/divisions.h"

#include "../demo_fixture.h"

#define PROVINCE "53"
static const char *const counties[] = { "530681", "530921", "533324" };
static const char *const townships[] = { "530681101", "530921206", "533324102" };
static const int villages[] = { 6, 6, 4 };   /* of each county's township */
static char dir[64];

/* Copy data/divisions/53/name.csv into the slice's directory: the header and the rows whose
 * column col is one of the codes (all rows with col < 0). */
static void slice_csv(const char *name, int col, const char *const *codes, size_t ncodes)
{
	char from[128], to[160];
	snprintf(from, sizeof(from), "data/divisions/" PROVINCE "/%s.csv", name);
	snprintf(to, sizeof(to), "%s/" PROVINCE "/%s.csv", dir, name);
	demo_csv_filter(from, to, col, codes, ncodes);
}

static const char *const files[] = { "provinces", "cities", "areas", "streets", "villages" };

static int slice_make(void)
{
	snprintf(dir, sizeof(dir), "/tmp/lianxin-test-province.XXXXXX");
	if (mkdtemp(dir) == NULL)
		return -1;
	char sub[96];
	snprintf(sub, sizeof(sub), "%s/" PROVINCE, dir);
	if (mkdir(sub, 0700) != 0)
		return -1;
	slice_csv("provinces", -1, NULL, 0);
	slice_csv("cities", -1, NULL, 0);
	slice_csv("areas", 0, counties, 3);
	slice_csv("streets", 0, townships, 3);
	slice_csv("villages", 2, townships, 3);
	return 0;
}

static void slice_remove(void)
{
	char path[160];
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		snprintf(path, sizeof(path), "%s/" PROVINCE "/%s.csv", dir, files[i]);
		unlink(path);
	}
	snprintf(path, sizeof(path), "%s/" PROVINCE, dir);
	rmdir(path);
	rmdir(dir);
}

/* A fresh, migrated database: SQLite in memory, or (PG_TEST_URL set) the PostgreSQL database
 * name made again beside the test's own. */
static struct db *fresh(const char *name)
{
	const char *url = getenv("PG_TEST_URL");
	if (url == NULL || *url == '\0')
		return fresh_db();
	char err[256], sql[128], other[512];
	struct db *admin = NULL;
	assert_int_equal(db_open(url, NULL, &admin, err, sizeof(err)), DB_OK);
	snprintf(sql, sizeof(sql), "DROP DATABASE IF EXISTS %s", name);
	assert_int_equal(db_exec(admin, sql, NULL), DB_OK);
	snprintf(sql, sizeof(sql), "CREATE DATABASE %s", name);
	assert_int_equal(db_exec(admin, sql, NULL), DB_OK);
	db_close(admin);
	/* postgresql:///lianxin_test?host=...: the same server, the other database */
	const char *q = strchr(url, '?');
	snprintf(other, sizeof(other), "postgresql:///%s%s", name, q ? q : "");
	struct db *db = NULL;
	assert_int_equal(db_open(other, NULL, &db, err, sizeof(err)), DB_OK);
	assert_int_equal(migrate_run(db, NULL), DB_OK);
	static const uint8_t key[FIELDCRYPT_KEY_BYTES] = { 1, 2, 3, 4 };
	fieldcrypt_set_key(key);
	assert_int_equal(at_rest_open(db, "", "xchacha20poly1305", err, sizeof(err)), 0);
	return db;
}

/* BLAKE2b of the rows of every module, by id. */
static void digest(struct db *db, unsigned char out[32])
{
	crypto_generichash_state h;
	crypto_generichash_init(&h, NULL, 0, 32);
	demo_digest_rows(&h, db, "SELECT name, type, division, parent_id, founded_on, secretary_id FROM orgs ORDER BY id", 6);
	demo_digest_rows(&h, db, "SELECT name, kind, division FROM units ORDER BY id", 3);
	demo_digest_rows(&h, db, "SELECT name, id_number_hash, division, cadre_role, position, org_id FROM people ORDER BY id", 6);
	demo_digest_rows(&h, db, "SELECT household_no, head_name, division, status, main_cause FROM households ORDER BY id", 5);
	demo_digest_rows(&h, db, "SELECT name, id_number_hash, relation, household_id FROM members ORDER BY id", 4);
	demo_digest_rows(&h, db, "SELECT household_id, year, net, per_capita FROM household_incomes ORDER BY household_id, year", 4);
	demo_digest_rows(&h, db, "SELECT division, type, given_on, amount FROM measures ORDER BY id", 4);
	demo_digest_rows(&h, db, "SELECT kind, division, person_id, household_id, target, start_on, end_on FROM pairings ORDER BY id", 7);
	demo_digest_rows(&h, db, "SELECT person_id, household_id, visited_on, kind, purpose FROM visits ORDER BY id", 5);
	demo_digest_rows(&h, db, "SELECT ticket, division, category, status, created_at, closed_at FROM requests ORDER BY id", 6);
	demo_digest_rows(&h, db, "SELECT org_id, division, kind, starts_at, topic, present FROM meetings ORDER BY id", 6);
	demo_digest_rows(&h, db, "SELECT org_id, title, due_at FROM notices ORDER BY id", 3);
	demo_digest_rows(&h, db, "SELECT division, title, stage FROM decisions ORDER BY id", 3);
	demo_digest_rows(&h, db, "SELECT org_id, kind, title, starts_at FROM trainings ORDER BY id", 4);
	crypto_generichash_final(&h, out, 32);
}

/* The summaries the triggers keep, by key, their values summed (PostgreSQL: with the delta
 * logs a reader adds), without the rows of zero. */
static const struct summary {
	const char *table, *keys, *values, *nonzero;
	int ncols;
} summaries[] = {
	{ "stats_hh", "len, division, status, identified_year, exited_year, main_cause", "SUM(households), SUM(people)",
	  "SUM(households) <> 0 OR SUM(people) <> 0", 8 },
	{ "stats_income", "len, division, year, band", "SUM(households), SUM(per_capita)",
	  "SUM(households) <> 0 OR SUM(per_capita) <> 0", 6 },
	{ "stats_help", "len, division, type, given_on", "SUM(measures), SUM(amount)", "SUM(measures) <> 0 OR SUM(amount) <> 0", 6 },
};

static void summary_digest(struct db *db, const struct summary *s, unsigned char out[32])
{
	bool pg = db_backend(db) == DB_POSTGRES;
	char full[640];
	if (pg)   /* with its delta log, which readers add */
		snprintf(full, sizeof(full), "SELECT %s, %s FROM (SELECT * FROM %s UNION ALL SELECT * FROM %s_log) s GROUP BY %s"
					     " HAVING %s ORDER BY %s", s->keys, s->values, s->table, s->table, s->keys,
			 s->nonzero, s->keys);
	else
		snprintf(full, sizeof(full), "SELECT %s, %s FROM %s GROUP BY %s HAVING %s ORDER BY %s", s->keys,
			 s->values, s->table, s->keys, s->nonzero, s->keys);
	crypto_generichash_state h;
	crypto_generichash_init(&h, NULL, 0, 32);
	demo_digest_rows(&h, db, full, s->ncols);
	crypto_generichash_final(&h, out, 32);
}

/* The households (or members) of the province in the county rows of the summary. */
static int64_t province_figure(struct db *db, const char *what)
{
	char sql[256];
	snprintf(sql, sizeof(sql), "SELECT COALESCE(SUM(%s), 0) FROM (SELECT * FROM stats_hh%s) s WHERE len = 6"
				   " AND division LIKE '53%%'", what,
		 db_backend(db) == DB_POSTGRES ? " UNION ALL SELECT * FROM stats_hh_log" : "");
	return one(db, sql);
}

/* A county's households in its county row of the summary. */
static int64_t county_households(struct db *db, const char *county)
{
	char sql[256];
	snprintf(sql, sizeof(sql), "SELECT COALESCE(SUM(households), 0) FROM (SELECT * FROM stats_hh%s) s WHERE len = 6"
				   " AND division = $1", db_backend(db) == DB_POSTGRES ? " UNION ALL SELECT * FROM stats_hh_log" : "");
	int64_t n = -1;
	assert_int_equal(db_query_int(db, &n, sql, "t", county), DB_ROW);
	return n;
}

static void assert_same_summaries(struct db *a, struct db *b)
{
	for (size_t i = 0; i < sizeof(summaries) / sizeof(summaries[0]); i++) {
		unsigned char da[32], db_[32];
		summary_digest(a, &summaries[i], da);
		summary_digest(b, &summaries[i], db_);
		if (memcmp(da, db_, 32) != 0)
			fail_msg("%s differs between the bulk build and the row-by-row one", summaries[i].table);
	}
}

static void check_counties(struct db *db, const struct demo_stats *st)
{
	assert_int_equal(st->counties, 3);
	assert_int_equal(st->townships, 3);
	assert_int_equal(st->villages, 16);
	int64_t households = 0, people = 0;
	for (int i = 0; i < 3; i++) {
		const char *c = counties[i];
		assert_int_equal(count(db, "SELECT COUNT(*) FROM divisions WHERE level = 'village' AND code >= $1 AND code < $2",
				       c), villages[i]);
		/* every module's rows in every county */
		assert_true(count(db, "SELECT COUNT(*) FROM orgs WHERE division >= $1 AND division < $2", c) > villages[i]);
		assert_true(count(db, "SELECT COUNT(*) FROM households WHERE division >= $1 AND division < $2", c) > 100 * villages[i]);
		assert_true(count(db, "SELECT COUNT(*) FROM members WHERE division >= $1 AND division < $2", c) >
			    count(db, "SELECT 2 * COUNT(*) FROM households WHERE division >= $1 AND division < $2", c));
		assert_true(count(db, "SELECT COUNT(*) FROM requests WHERE division >= $1 AND division < $2", c) > 0);
		assert_true(count(db, "SELECT COUNT(*) FROM meetings WHERE division >= $1 AND division < $2", c) > 0);
		assert_true(count(db, "SELECT COUNT(*) FROM pairings WHERE division >= $1 AND division < $2", c) > 0);
		assert_true(count(db, "SELECT COUNT(*) FROM visits v JOIN households h ON h.id = v.household_id"
				      " WHERE h.division >= $1 AND h.division < $2", c) > 0);
		households += count(db, "SELECT COUNT(*) FROM households WHERE division >= $1 AND division < $2", c);
		people += count(db, "SELECT COUNT(*) FROM people WHERE division >= $1 AND division < $2", c);
	}
	assert_int_equal(households, st->households);
	assert_int_equal(people, st->people);
	/* 凤庆 keeps its calibrated profile: the report's 24 county leaders and 160 units */
	assert_int_equal(count(db, "SELECT COUNT(*) FROM people WHERE cadre_role = 'county_leader' AND division >= $1"
				   " AND division < $2", "530921"), 24);
	assert_int_equal(count(db, "SELECT COUNT(*) FROM units WHERE division >= $1 AND division < $2", "530921"), 160);
	assert_int_equal(count(db, "SELECT COUNT(*) FROM people WHERE cadre_role = 'county_leader' AND division >= $1"
				   " AND division < $2", "530681"), 30);   /* the default profile */
	/* a help measure's beneficiary is a member of its household (the ids the batches reserved) */
	assert_true(one(db, "SELECT COUNT(*) FROM measures WHERE member_id IS NOT NULL") > 0);
	assert_int_equal(one(db, "SELECT COUNT(*) FROM measures x JOIN members m ON m.id = x.member_id"
				 " WHERE m.household_id <> x.household_id"), 0);
	assert_int_equal(one(db, "SELECT COUNT(*) FROM measures x WHERE x.member_id IS NOT NULL AND NOT EXISTS"
				 " (SELECT 1 FROM members m WHERE m.id = x.member_id)"), 0);
	/* the province's summary row holds every household and member of the slice */
	assert_int_equal(province_figure(db, "households"), st->households);
	assert_int_equal(province_figure(db, "people"), st->members);
}

static void test_province(void **state)
{
	(void)state;
	struct demo_options opt = { .province = PROVINCE, .seed = 1, .data_dir = dir, .today = DEMO_TEST_TODAY };
	struct db *a = fresh("lianxin_province_a");
	struct demo_stats st;
	assert_int_equal(demo_build_province(a, &opt, stderr, &st), 0);
	check_counties(a, &st);

	/* the triggers are back after the run: a household moved from 水富 to 贡山 moves in their county rows */
	char first_village[16];
	struct db_stmt *q = db_query(a, "SELECT division FROM households WHERE id = (SELECT MIN(id) FROM households)", NULL);
	assert_non_null(q);
	assert_int_equal(db_step(q), DB_ROW);
	snprintf(first_village, sizeof(first_village), "%s", db_column_text(q, 0));
	db_finalize(q);
	assert_memory_equal(first_village, "530681", 6);
	int64_t from = county_households(a, "530681"), to = county_households(a, "533324");
	assert_int_equal(db_exec(a, "UPDATE households SET division = (SELECT MIN(code) FROM divisions WHERE level = 'village'"
				    " AND code LIKE '533324%') WHERE id = (SELECT MIN(id) FROM households WHERE division LIKE"
				    " '530681%')", NULL), DB_OK);
	assert_int_equal(county_households(a, "530681"), from - 1);
	assert_int_equal(county_households(a, "533324"), to + 1);
	assert_int_equal(province_figure(a, "households"), st.households);

	/* a second run builds nothing more: every county is built (resume) */
	struct demo_stats again;
	assert_int_equal(demo_build_province(a, &opt, stderr, &again), 0);
	assert_int_equal(again.counties, 0);
	assert_int_equal(again.households, 0);

	/* the household back where it was (its summaries with it) */
	assert_int_equal(db_exec(a, "UPDATE households SET division = $1 WHERE id = (SELECT MIN(id) FROM households)", "t",
				 first_village), DB_OK);
	assert_int_equal(county_households(a, "530681"), from);

	/* the same counties built with the summaries' triggers on (row by row, as a live write keeps
	 * them): the same rows and the same summaries */
	struct db *b = fresh("lianxin_province_b");
	char paths[5][160];
	const char *p[5];
	for (int i = 0; i < 5; i++) {
		snprintf(paths[i], sizeof(paths[i]), "%s/" PROVINCE "/%s.csv", dir, files[i]);
		p[i] = paths[i];
	}
	struct division_import_result res;
	assert_int_equal(division_import(b, p, 5, stderr, &res), 0);
	struct demo_stats sum = { 0 };
	for (int i = 0; i < 3; i++) {
		struct demo_stats one_county;
		assert_int_equal(demo_build_county(b, &opt, counties[i], false, stderr, &one_county, NULL), 0);
		sum.households += one_county.households;
	}
	assert_int_equal(sum.households, st.households);
	unsigned char da[32], db_[32];
	digest(a, da);
	digest(b, db_);
	assert_memory_equal(da, db_, 32);
	assert_same_summaries(a, b);
	db_close(b);

	/* another seed, other rows */
	struct db *c = fresh("lianxin_province_c");
	opt.seed = 2;
	opt.counties = "533324";
	assert_int_equal(demo_build_province(c, &opt, stderr, &st), 0);
	assert_int_equal(st.counties, 1);
	assert_int_equal(st.villages, 4);
	digest(c, db_);
	assert_memory_not_equal(da, db_, 32);
	db_close(c);

	/* the households step reserved ids in chunks and gave back those it did not use: the next
	 * household and member ids are those after the last written */
	static const char *const tables[] = { "households", "members" };
	for (int i = 0; i < 2; i++) {
		char sql[96];
		snprintf(sql, sizeof(sql), "SELECT MAX(id) FROM %s", tables[i]);
		int64_t last = one(a, sql), next = 0;
		assert_int_equal(db_begin(a), DB_OK);
		assert_int_equal(db_reserve_ids(a, tables[i], 1, &next), DB_OK);
		assert_int_equal(db_rollback(a), DB_OK);
		assert_int_equal(next, last + 1);
	}
	/* the 回头看's sampling findings look a household's samples up by household (migration 49),
	 * not every sample of the database per household */
	if (db_backend(a) == DB_SQLITE) {
		q = db_query(a, "EXPLAIN QUERY PLAN SELECT 1 FROM households h WHERE EXISTS (SELECT 1 FROM sampling_households x"
			     " JOIN samplings s ON s.id = x.sampling_id WHERE x.household_id = h.id AND s.year = 2020)", NULL);
		assert_non_null(q);
		bool indexed = false;
		while (db_step(q) == DB_ROW)
			indexed |= strstr(db_column_text(q, 3), "sampling_households_household") != NULL;
		db_finalize(q);
		assert_true(indexed);
	}
	db_close(a);
}

static void test_refusals(void **state)
{
	(void)state;
	struct db *db = fresh("lianxin_province_d");
	struct demo_options opt = { .province = "5", .seed = 1, .data_dir = dir, .today = DEMO_TEST_TODAY };
	assert_int_equal(demo_build_province(db, &opt, stderr, NULL), -1);   /* not a province code */
	opt.province = "44";   /* no data for 广东 in the slice's directory */
	assert_int_equal(demo_build_province(db, &opt, stderr, NULL), -1);
	opt.province = PROVINCE;
	opt.counties = "530922";   /* not in the slice */
	assert_int_equal(demo_build_province(db, &opt, stderr, NULL), -1);
	assert_int_equal(one(db, "SELECT COUNT(*) FROM orgs"), 0);
	db_close(db);
}

int main(void)
{
	if (sodium_init() < 0)
		return 1;
	clock_init();
	if (slice_make() != 0)
		return 1;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_refusals),
		cmocka_unit_test(test_province),
	};
	int failed = cmocka_run_group_tests(tests, NULL, NULL);
	slice_remove();
	return failed;
}

/*
 * test_demo_full.c - the demo-county generator's whole seed counties (slow:
 * each is a full county; make slow, once in make check): the figures of the
 * seed reports of 琼中 (469030: grids, grid workers and supervisors,
 * demonstration and weak branches, wealth-creation leaders, the 966701
 * hotline) and 乳源 (440232: organisations, party members, reserve cadres,
 * secretary-directors, the province's income line), and the stats that are
 * the rows.  The structural checks (identity numbers, the tree, the
 * registry, requests, organisational life, run-once, determinism) are
 * tests/unit/test_demo.c's on a small county.
 * Runs from the repository root (data/divisions).
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "core/clock.h"
#include "core/division.h"
#include "db/db.h"
#include "db/migrate.h"
#include "demo/demo.h"

#include "../demo_fixture.h"

static int build(struct db *db, const char *county, uint64_t seed, struct demo_stats *st)
{
	struct demo_options opt = { .county = county, .seed = seed, .data_dir = "data/divisions", .today = DEMO_TEST_TODAY };
	return demo_build(db, &opt, stderr, st);
}

/* The stats are what is in the database; identity numbers unique. */
static void check_stats(struct db *db, const char *county, const struct demo_stats *st)
{
	assert_int_equal(count(db, "SELECT COUNT(*) FROM orgs WHERE division >= $1 AND division < $2", county), st->orgs);
	assert_int_equal(count(db, "SELECT COUNT(*) FROM units WHERE division >= $1 AND division < $2", county), st->units);
	assert_int_equal(count(db, "SELECT COUNT(*) FROM people WHERE division >= $1 AND division < $2", county),
			 st->people);
	assert_int_equal(count(db, "SELECT COUNT(*) FROM people WHERE division >= $1 AND division < $2"
				   " AND political_status IN ('member', 'probationary')", county), st->party_members);
	assert_int_equal(count(db, "SELECT COUNT(*) FROM households WHERE division >= $1 AND division < $2", county),
			 st->households);
	assert_int_equal(count(db, "SELECT COUNT(*) FROM requests WHERE division >= $1 AND division < $2", county),
			 st->requests);
	assert_int_equal(count(db, "SELECT COUNT(*) FROM meetings WHERE division >= $1 AND division < $2", county),
			 st->meetings);
	assert_int_equal(one(db, "SELECT COUNT(*) FROM (SELECT id_number_hash FROM people UNION ALL"
				 " SELECT id_number_hash FROM members) a"),
			 one(db, "SELECT COUNT(DISTINCT id_number_hash) FROM (SELECT id_number_hash FROM people UNION ALL"
				 " SELECT id_number_hash FROM members) a"));
}

static void test_qiongzhong(void **state)
{
	(void)state;
	struct db *db = fresh_db();
	struct demo_stats st;
	assert_int_equal(build(db, "469030", 7, &st), 0);
	assert_int_equal(st.townships, 11);
	assert_int_equal(st.villages, 125);
	assert_int_equal(st.grids, 148);
	assert_int_equal(st.grid_workers, 148);
	assert_int_equal(st.grid_supervisors, 13);
	check_stats(db, "469030", &st);
	assert_int_equal(count(db, "SELECT COUNT(*) FROM divisions WHERE code >= $1 AND code < $2 AND type = 'grid'"
				   " AND grid_worker_id IS NOT NULL AND grid_supervisor_id IS NOT NULL", "469030"), 148);
	assert_int_equal(count(db, "SELECT COUNT(DISTINCT grid_supervisor_id) FROM divisions WHERE code >= $1"
				   " AND code < $2", "469030"), 13);
	assert_int_equal(count(db, "SELECT COUNT(*) FROM orgs WHERE division >= $1 AND division < $2"
				   " AND demonstration = 1", "469030"), 26);
	assert_int_equal(count(db, "SELECT COUNT(*) FROM orgs WHERE division >= $1 AND division < $2 AND weak = 1",
			       "469030"), 11);
	assert_int_equal(count(db, "SELECT COUNT(*) FROM people WHERE division >= $1 AND division < $2"
				   " AND wealth_leader = 1", "469030"), 283);
	assert_true(count(db, "SELECT COUNT(*) FROM divisions WHERE code >= $1 AND code < $2 AND poor_village = 1",
			  "469030") > 20);
	assert_int_equal(count(db, "SELECT poor_county FROM divisions WHERE code = $1 AND code < $2", "469030"), 1);
	/* 琼中's 966701 hotline, party-affairs and rural-tourism enquiries */
	assert_true(count(db, "SELECT COUNT(*) FROM requests WHERE division >= $1 AND division < $2 AND channel = 'hotline'"
			      " AND source_ref = '966701'", "469030") > st.requests / 10);
	assert_true(count(db, "SELECT COUNT(*) FROM requests WHERE division >= $1 AND division < $2"
			      " AND category = 'consult.tourism'", "469030") > 0);
	db_close(db);
}

static void test_ruyuan(void **state)
{
	(void)state;
	struct db *db = fresh_db();
	struct demo_stats st;
	assert_int_equal(build(db, "440232", 1, &st), 0);
	assert_int_equal(st.villages, 118);
	assert_int_equal(st.orgs, 438);
	assert_int_equal(st.party_members, 10721);
	check_stats(db, "440232", &st);
	assert_int_equal(count(db, "SELECT COUNT(*) FROM orgs WHERE division >= $1 AND division < $2", "440232"), 438);
	assert_int_equal(count(db, "SELECT COUNT(*) FROM people WHERE division >= $1 AND division < $2"
				   " AND political_status IN ('member', 'probationary')", "440232"), 10721);
	assert_int_equal(count(db, "SELECT COUNT(*) FROM people WHERE division >= $1 AND division < $2"
				   " AND reserve_cadre = 1", "440232"), 406);
	/* 90.4% of the 118 villages: one person is secretary and director */
	assert_int_equal(count(db, "SELECT COUNT(*) FROM people WHERE division >= $1 AND division < $2"
				   " AND position LIKE '%书记兼主任'", "440232"), 107);
	/* poor households' per-capita income: about 4,000 yuan in 2016 and 8,000 in 2018 */
	int64_t y2016 = one(db, "SELECT AVG(i.per_capita) FROM household_incomes i JOIN households h"
				" ON h.id = i.household_id WHERE h.identified_year IS NOT NULL AND i.year = 2016");
	int64_t y2018 = one(db, "SELECT AVG(i.per_capita) FROM household_incomes i JOIN households h"
				" ON h.id = i.household_id WHERE h.identified_year IS NOT NULL AND i.year = 2018");
	assert_true(y2016 > 3500 && y2016 < 4800);
	assert_true(y2018 > 7000 && y2018 < 9000);
	db_close(db);
}

int main(void)
{
	clock_init();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_qiongzhong),
		cmocka_unit_test(test_ruyuan),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

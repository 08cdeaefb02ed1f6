/*
 * test_demo.c - the demo-county generator: the seed figures of 琼中 and
 * 乳源, valid and unique identity numbers, a consistent organisation tree,
 * run-once, and determinism (same seed, same people; other seed, others).
 * Runs from the repository root (data/divisions).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "core/clock.h"
#include "core/division.h"
#include "core/idcard.h"
#include "core/phone.h"
#include "db/db.h"
#include "db/migrate.h"
#include "modules/demo.h"

static struct db *fresh_db(void)
{
	char err[256];
	struct db *db = NULL;
	assert_int_equal(db_open("sqlite::memory:", NULL, &db, err, sizeof(err)), DB_OK);
	assert_int_equal(migrate_run(db, NULL), DB_OK);
	return db;
}

static int64_t count(struct db *db, const char *sql, const char *county)
{
	int64_t n = -1;
	char upper[DIVISION_CODE_MAX + 2];
	division_subtree_upper(county, upper);
	assert_int_equal(db_query_int(db, &n, sql, "tt", county, upper), DB_ROW);
	return n;
}

/* BLAKE2b of every person's name, id number and division, by id. */
static void people_digest(struct db *db, unsigned char out[32])
{
	crypto_generichash_state h;
	crypto_generichash_init(&h, NULL, 0, 32);
	struct db_stmt *q = db_query(db, "SELECT name, id_number, division FROM people ORDER BY id", NULL);
	assert_non_null(q);
	while (db_step(q) == DB_ROW)
		for (int i = 0; i < 3; i++) {
			const char *s = db_column_text(q, i);
			crypto_generichash_update(&h, (const unsigned char *)s, strlen(s) + 1);
		}
	db_finalize(q);
	crypto_generichash_final(&h, out, 32);
}

static int build(struct db *db, const char *county, uint64_t seed, struct demo_stats *st)
{
	struct demo_options opt = { .county = county, .seed = seed, .data_dir = "data/divisions" };
	return demo_build(db, &opt, stderr, st);
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

	/* the stats are what is in the database */
	assert_int_equal(count(db, "SELECT COUNT(*) FROM orgs WHERE division >= $1 AND division < $2", "469030"), st.orgs);
	assert_int_equal(count(db, "SELECT COUNT(*) FROM units WHERE division >= $1 AND division < $2", "469030"), st.units);
	assert_int_equal(count(db, "SELECT COUNT(*) FROM people WHERE division >= $1 AND division < $2", "469030"),
			 st.people);
	assert_int_equal(count(db, "SELECT COUNT(*) FROM people WHERE division >= $1 AND division < $2"
				   " AND political_status IN ('member', 'probationary')", "469030"), st.party_members);
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
	assert_int_equal(count(db, "SELECT COUNT(*) FROM divisions WHERE code >= $1 AND code < $2 AND level = 'village'"
				   " AND (households IS NULL OR population IS NULL)", "469030"), 0);
	assert_true(count(db, "SELECT COUNT(*) FROM divisions WHERE code >= $1 AND code < $2 AND poor_village = 1",
			  "469030") > 20);
	assert_int_equal(count(db, "SELECT poor_county FROM divisions WHERE code = $1 AND code < $2", "469030"), 1);

	/* every identity number valid, of this county, matching sex and birth date, and unique */
	struct db_stmt *q = db_query(db, "SELECT id_number, sex, birth_date, phone FROM people", NULL);
	assert_non_null(q);
	int n = 0;
	while (db_step(q) == DB_ROW) {
		const char *id = db_column_text(q, 0);
		char birth[11];
		if (idcard_validate(id, 20240615, NULL) != IDCARD_OK)
			fail_msg("invalid id number %s", id);
		assert_memory_equal(id, "469030", 6);
		assert_int_equal(idcard_sex(id), db_column_text(q, 1)[0]);
		idcard_birth_date(id, birth);
		assert_string_equal(birth, db_column_text(q, 2));
		if (!phone_valid(db_column_text(q, 3)))
			fail_msg("invalid phone %s", db_column_text(q, 3));
		n++;
	}
	db_finalize(q);
	assert_int_equal(n, st.people);
	int64_t distinct = 0, all = 0;
	assert_int_equal(db_query_int(db, &distinct, "SELECT COUNT(DISTINCT id_number) FROM people", NULL), DB_ROW);
	assert_int_equal(db_query_int(db, &all, "SELECT COUNT(*) FROM people", NULL), DB_ROW);
	assert_int_equal(distinct, all);

	/* the tree: every division exists, every parent and secretary too */
	int64_t bad = -1;
	assert_int_equal(db_query_int(db, &bad, "SELECT COUNT(*) FROM orgs o LEFT JOIN divisions d ON d.code = o.division"
					       " WHERE d.code IS NULL", NULL), DB_ROW);
	assert_int_equal(bad, 0);
	assert_int_equal(db_query_int(db, &bad, "SELECT COUNT(*) FROM orgs o LEFT JOIN orgs p ON p.id = o.parent_id"
					       " WHERE o.parent_id IS NOT NULL AND p.id IS NULL", NULL), DB_ROW);
	assert_int_equal(bad, 0);
	assert_int_equal(db_query_int(db, &bad, "SELECT COUNT(*) FROM orgs o LEFT JOIN people p ON p.id = o.secretary_id"
					       " WHERE o.secretary_id IS NOT NULL AND p.id IS NULL", NULL), DB_ROW);
	assert_int_equal(bad, 0);
	assert_int_equal(db_query_int(db, &bad, "SELECT COUNT(*) FROM orgs WHERE type IN ('village_branch',"
					       " 'general_branch', 'community_branch') AND parent_id IN (SELECT id FROM orgs"
					       " WHERE type = 'township_committee') AND secretary_id IS NULL", NULL), DB_ROW);
	assert_int_equal(bad, 0);
	assert_int_equal(db_query_int(db, &bad, "SELECT COUNT(*) FROM people WHERE political_status IN ('member',"
					       " 'probationary') AND (joined_party_on IS NULL OR member_status IS NULL"
					       " OR joined_party_on < birth_date)", NULL), DB_ROW);
	assert_int_equal(bad, 0);

	/* once per database */
	struct demo_stats again;
	FILE *devnull = fopen("/dev/null", "w");
	struct demo_options opt = { .county = "469030", .seed = 7, .data_dir = "data/divisions" };
	assert_int_equal(demo_build(db, &opt, devnull, &again), -1);
	fclose(devnull);
	assert_int_equal(count(db, "SELECT COUNT(*) FROM people WHERE division >= $1 AND division < $2", "469030"),
			 st.people);

	/* the same seed on a fresh database gives the same people; another seed others */
	unsigned char d1[32], d2[32], d3[32];
	people_digest(db, d1);
	db_close(db);
	db = fresh_db();
	struct demo_stats st2;
	assert_int_equal(build(db, "469030", 7, &st2), 0);
	assert_memory_equal(&st, &st2, sizeof(st));
	people_digest(db, d2);
	db_close(db);
	assert_memory_equal(d1, d2, 32);
	db = fresh_db();
	assert_int_equal(build(db, "469030", 8, &st2), 0);
	assert_int_equal(st2.grids, 148);
	people_digest(db, d3);
	db_close(db);
	assert_memory_not_equal(d1, d3, 32);
}

static void test_ruyuan(void **state)
{
	(void)state;
	struct db *db = fresh_db();
	struct demo_stats st;
	assert_int_equal(build(db, "440232", 1, &st), 0);
	assert_int_equal(st.orgs, 438);
	assert_int_equal(st.party_members, 10721);
	assert_int_equal(count(db, "SELECT COUNT(*) FROM orgs WHERE division >= $1 AND division < $2", "440232"), 438);
	assert_int_equal(count(db, "SELECT COUNT(*) FROM people WHERE division >= $1 AND division < $2"
				   " AND political_status IN ('member', 'probationary')", "440232"), 10721);
	assert_int_equal(count(db, "SELECT COUNT(*) FROM people WHERE division >= $1 AND division < $2"
				   " AND reserve_cadre = 1", "440232"), 406);
	/* 90.4% of the 118 villages: one person is secretary and director */
	assert_int_equal(count(db, "SELECT COUNT(*) FROM people WHERE division >= $1 AND division < $2"
				   " AND position LIKE '%书记兼主任'", "440232"), 107);
	int64_t distinct = 0, all = 0;
	assert_int_equal(db_query_int(db, &distinct, "SELECT COUNT(DISTINCT id_number) FROM people", NULL), DB_ROW);
	assert_int_equal(db_query_int(db, &all, "SELECT COUNT(*) FROM people", NULL), DB_ROW);
	assert_int_equal(distinct, all);
	db_close(db);
}

int main(void)
{
	if (sodium_init() < 0)
		return 1;
	clock_init();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_qiongzhong),
		cmocka_unit_test(test_ruyuan),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * test_demo_qiongzhong.c - the demo's reading of 琼中's duty groups (469030,
 * cut to two townships, 14 villages): "县领导“2+1”、帮扶单位“3+1”、乡镇干部“4+1”"
 * (seed 000, line 75) as each county leader helping two households of their
 * township and guiding one village, each helping unit's cadre three and one
 * village, each township cadre four and one village; the helpers visit their
 * households; the planted gaps (a helper with seven households, households
 * without a helper) stay.
 * Runs from the repository root (data/divisions).
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/db.h"
#include "demo/demo.h"

#include "../demo_fixture.h"

#define COUNTY "469030"
static const char *const townships[] = { "469030106", "469030202" };   /* 8 villages and 6 */
static struct demo_cut cut = { COUNTY, townships, sizeof(townships) / sizeof(townships[0]), "" };

/* a person's current pairings of a kind */
#define CURRENT(kind) "(SELECT COUNT(*) FROM pairings x WHERE x.person_id = pe.id AND x.kind = '" kind "' AND x.end_on IS NULL)"
#define OF_ROLE(role) "FROM people pe WHERE pe.cadre_role = '" role "' AND pe.division >= $1 AND pe.division < $2"

static void test_qiongzhong(void **state)
{
	(void)state;
	struct demo_stats st;
	struct db *db = demo_cut_build(&cut, "flags,requests,partylife,worklists", &st);
	assert_int_equal(st.villages, 14);

	/* 2+1: every county leader (30) helps two households (of the township they contact, 包联, those who
	 * have one: the k-th leader the township k mod the townships) and guides one
	 * village, the village of one of them (the old demo: none); one whose household is a planted gap helps one */
	int64_t leaders = count(db, "SELECT COUNT(*) " OF_ROLE("county_leader"), COUNTY);
	assert_int_equal(leaders, 30);
	assert_int_equal(count(db, "SELECT COUNT(*) " OF_ROLE("county_leader") " AND " CURRENT("cadre_village") " = 1", COUNTY), leaders);
	assert_int_equal(count(db, "SELECT COUNT(*) " OF_ROLE("county_leader") " AND " CURRENT("cadre_household") " NOT IN (1, 2)", COUNTY), 0);
	assert_true(count(db, "SELECT COUNT(*) " OF_ROLE("county_leader") " AND " CURRENT("cadre_household") " = 2", COUNTY) >= leaders - 3);
	assert_int_equal(count(db, "SELECT COUNT(*) " OF_ROLE("county_leader") " AND NOT EXISTS (SELECT 1 FROM pairings g"
				   " JOIN pairings x ON x.person_id = g.person_id AND x.kind = 'cadre_household' AND x.end_on IS NULL"
				   " AND substr(x.division, 1, 12) = g.target WHERE g.person_id = pe.id AND g.kind = 'cadre_village')", COUNTY), 0);
	assert_int_equal(count(db, "SELECT COUNT(*) FROM pairings x JOIN people pe ON pe.id = x.person_id WHERE x.kind = 'cadre_household'"
				   " AND x.end_on IS NULL AND pe.cadre_role = 'county_leader' AND x.division >= $1 AND x.division < $2"
				   " AND EXISTS (SELECT 1 FROM pairings t WHERE t.person_id = pe.id AND t.kind = 'leader_township')"
				   " AND NOT EXISTS (SELECT 1 FROM pairings t WHERE t.person_id = pe.id AND t.kind = 'leader_township'"
				   " AND t.target = substr(x.division, 1, 9))", COUNTY), 0);

	/* 3+1: every helping unit's cadre helps at most three (the last of a township fewer; the old demo:
	 * 3-5) and guides one village, the village of its first household */
	int64_t units = count(db, "SELECT COUNT(*) " OF_ROLE("assistance_cadre"), COUNTY);
	assert_true(units >= 20);
	assert_int_equal(count(db, "SELECT COUNT(*) " OF_ROLE("assistance_cadre") " AND " CURRENT("cadre_household") " > 3", COUNTY), 0);
	assert_true(count(db, "SELECT COUNT(*) " OF_ROLE("assistance_cadre") " AND " CURRENT("cadre_household") " = 3", COUNTY) >=
		    units - 2 - 3);
	assert_int_equal(count(db, "SELECT COUNT(*) " OF_ROLE("assistance_cadre") " AND " CURRENT("cadre_village") " = 1", COUNTY), units);
	assert_int_equal(count(db, "SELECT COUNT(*) " OF_ROLE("assistance_cadre") " AND NOT EXISTS (SELECT 1 FROM pairings g"
				   " JOIN pairings x ON x.person_id = g.person_id AND x.kind = 'cadre_household' AND x.end_on IS NULL"
				   " AND substr(x.division, 1, 12) = g.target WHERE g.person_id = pe.id AND g.kind = 'cadre_village')", COUNTY), 0);

	/* 4+1 as before: the township cadres four each, the first township's first seven (the planted gap),
	 * the only helper with more than five */
	assert_true(count(db, "SELECT COUNT(*) " OF_ROLE("township_staff") " AND " CURRENT("cadre_household") " = 4", COUNTY) >=
		    count(db, "SELECT COUNT(*) " OF_ROLE("township_staff"), COUNTY) - 4);
	assert_int_equal(count(db, "SELECT COUNT(*) FROM (SELECT person_id FROM pairings WHERE kind = 'cadre_household' AND end_on IS NULL"
				   " AND division >= $1 AND division < $2 GROUP BY person_id HAVING COUNT(*) > 5) x", COUNTY), 1);
	/* three registered or monitored households without a helper (planted), the others helped */
	assert_int_equal(count(db, "SELECT COUNT(*) FROM households h WHERE h.division >= $1 AND h.division < $2 AND"
				   " (h.status IN ('poor', 'exited_enjoying', 'exited', 'relapsed') OR h.monitor_category IS NOT NULL)"
				   " AND NOT EXISTS (SELECT 1 FROM pairings x WHERE x.household_id = h.id AND x.kind = 'cadre_household'"
				   " AND x.end_on IS NULL)", COUNTY), 3);
	/* the county leaders visit their households: a visit of each in the 90 days up to the build day */
	assert_int_equal(count(db, "SELECT COUNT(*) FROM pairings x JOIN people pe ON pe.id = x.person_id WHERE x.kind = 'cadre_household'"
				   " AND x.end_on IS NULL AND pe.cadre_role = 'county_leader' AND x.division >= $1 AND x.division < $2"
				   " AND NOT EXISTS (SELECT 1 FROM visits v WHERE v.person_id = x.person_id AND v.household_id = x.household_id"
				   " AND v.visited_on >= '2026-09-08' AND v.visited_on <= '" DEMO_TEST_TODAY "')", COUNTY), 0);
	db_close(db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_qiongzhong),
	};
	return demo_cut_run_tests(&cut, tests);
}

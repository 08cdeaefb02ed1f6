/*
 * test_demo_fengqing.c - the demo's calibration of 凤庆 (530921, cut to two
 * townships, 31 villages): the report's 24 county leaders, their
 * responsibility zones over the zone villages (all of a cut county; 187 of
 * the whole county's 190), 挂包帮's 160 units (every unit of the county, enterprises
 * too) paired with villages, and the 挂包帮 step: the units' cadres, spread over the
 * 160 units, each helping a household of a village their unit is paired with, as an
 * extra helper (up to three a household; the report's 6,730 in all),
 * visited like every helper's household; the planted households without a
 * helper still without one.
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

#define COUNTY "530921"
static const char *const townships[] = { "530921101", "530921206" };   /* 25 villages (7 communities) and 6 */
static struct demo_cut cut = { COUNTY, townships, sizeof(townships) / sizeof(townships[0]), "" };

/* the current helper pairings of the 挂包帮 step's cadres */
#define UNIT_HELPERS "FROM pairings x JOIN people pe ON pe.id = x.person_id WHERE x.kind = 'cadre_household'" \
		     " AND x.end_on IS NULL AND pe.position LIKE '%挂包帮帮扶责任人%' AND x.division >= $1 AND x.division < $2"

/* registered or monitored households with a current helper, in a village paired with a unit */
#define ELIGIBLE "FROM households h WHERE h.division >= $1 AND h.division < $2 AND EXISTS (SELECT 1 FROM pairings u" \
		 " WHERE u.kind = 'unit_village' AND u.target = substr(h.division, 1, 12)) AND EXISTS (SELECT 1 FROM pairings x" \
		 " JOIN people pe ON pe.id = x.person_id WHERE x.household_id = h.id AND x.kind = 'cadre_household'"            \
		 " AND x.end_on IS NULL AND pe.position NOT LIKE '%挂包帮帮扶责任人%')"

static void test_fengqing(void **state)
{
	(void)state;
	struct demo_stats st;
	struct db *db = demo_cut_build(&cut, "flags,requests,partylife,worklists", &st);
	assert_int_equal(st.villages, 31);

	/* 24 county leaders (the default is 30), each with a zone; the zones cover every village of the cut once */
	assert_int_equal(count(db, "SELECT COUNT(*) FROM people WHERE cadre_role = 'county_leader' AND division >= $1"
				   " AND division < $2", COUNTY), 24);
	assert_int_equal(count(db, "SELECT COUNT(DISTINCT person_id) FROM pairings WHERE kind = 'leader_zone' AND division >= $1"
				   " AND division < $2", COUNTY), 24);
	assert_int_equal(count(db, "SELECT COUNT(*) FROM pairings WHERE kind = 'leader_zone' AND division >= $1"
				   " AND division < $2", COUNTY), 31);
	assert_int_equal(count(db, "SELECT COUNT(DISTINCT target) FROM pairings WHERE kind = 'leader_zone' AND division >= $1"
				   " AND division < $2", COUNTY), 31);

	/* 挂包帮's 160 units (党政企事业单位, enterprises too): every unit of the county paired with a village
	 * (the old demo: an organ per paired village), several units with one village in a cut of 31 */
	assert_int_equal(count(db, "SELECT COUNT(*) FROM units WHERE division >= $1 AND division < $2", COUNTY), 160);
	assert_int_equal(count(db, "SELECT COUNT(DISTINCT unit_id) FROM pairings WHERE kind = 'unit_village' AND end_on IS NULL"
				   " AND division >= $1 AND division < $2", COUNTY), 160);
	assert_true(count(db, "SELECT COUNT(DISTINCT p.unit_id) FROM pairings p JOIN units u ON u.id = p.unit_id"
			      " WHERE p.kind = 'unit_village' AND u.kind IN ('private', 'soe') AND p.division >= $1 AND p.division < $2",
			      COUNTY) > 0);
	assert_true(count(db, "SELECT COUNT(*) FROM (SELECT target FROM pairings WHERE kind = 'unit_village' AND division >= $1"
			      " AND division < $2 GROUP BY target HAVING COUNT(*) > 1) x", COUNTY) > 0);
	/* the poor villages first: every poor village has a unit */
	assert_int_equal(count(db, "SELECT COUNT(*) FROM divisions d WHERE d.code >= $1 AND d.code < $2 AND d.poor_village = 1"
				   " AND NOT EXISTS (SELECT 1 FROM pairings p WHERE p.kind = 'unit_village' AND p.target = d.code)", COUNTY), 0);
	/* and their cadres spread over all 160 units */
	assert_int_equal(count(db, "SELECT COUNT(DISTINCT pe.unit_id) " UNIT_HELPERS, COUNTY), 160);

	/* 挂包帮: the units' cadres in all are the report's 6,730 (the cut's paired villages hold them, in
	 * rounds over the eligible households: two or three of the units' cadres each, at most three) */
	int64_t eligible = count(db, "SELECT COUNT(*) " ELIGIBLE, COUNTY);
	int64_t unit_helpers = count(db, "SELECT COUNT(*) " UNIT_HELPERS, COUNTY);
	assert_true(eligible >= 100);
	assert_true(unit_helpers > 2 * eligible && unit_helpers < 3 * eligible);
	assert_int_equal(count(db, "SELECT COUNT(*) FROM people WHERE cadre_role = 'assistance_cadre' AND division >= $1"
				   " AND division < $2", COUNTY), 6730);
	assert_int_equal(count(db, "SELECT COUNT(*) " ELIGIBLE " AND (SELECT COUNT(*) FROM pairings x JOIN people pe ON"
				   " pe.id = x.person_id WHERE x.household_id = h.id AND x.kind = 'cadre_household' AND x.end_on IS NULL"
				   " AND pe.position LIKE '%挂包帮帮扶责任人%') NOT IN (2, 3)", COUNTY), 0);
	/* one household each, assistance cadres of the unit paired with the household's village */
	assert_int_equal(count(db, "SELECT COUNT(DISTINCT x.person_id) " UNIT_HELPERS, COUNTY), unit_helpers);
	assert_int_equal(count(db, "SELECT COUNT(*) " UNIT_HELPERS " AND (pe.cadre_role <> 'assistance_cadre' OR NOT EXISTS"
				   " (SELECT 1 FROM pairings u WHERE u.kind = 'unit_village' AND u.target = substr(x.division, 1, 12)"
				   " AND u.unit_id = pe.unit_id))", COUNTY), 0);
	/* the units' cadres in all: those of the step and the earlier ones, every one helping a household */
	assert_int_equal(count(db, "SELECT COUNT(*) FROM people pe WHERE pe.cadre_role = 'assistance_cadre' AND pe.division >= $1"
				   " AND pe.division < $2 AND NOT EXISTS (SELECT 1 FROM pairings x WHERE x.person_id = pe.id"
				   " AND x.kind = 'cadre_household' AND x.end_on IS NULL)", COUNTY), 0);
	/* each helps on: visits of its household in the 90 days up to the build day */
	assert_int_equal(count(db, "SELECT COUNT(*) " UNIT_HELPERS " AND NOT EXISTS (SELECT 1 FROM visits v WHERE v.person_id ="
				   " x.person_id AND v.household_id = x.household_id AND v.visited_on >= '2026-09-08'"
				   " AND v.visited_on <= '" DEMO_TEST_TODAY "')", COUNTY), 0);
	/* the planted gap stays: three registered or monitored households without a helper */
	assert_int_equal(count(db, "SELECT COUNT(*) FROM households h WHERE h.division >= $1 AND h.division < $2 AND"
				   " (h.status IN ('poor', 'exited_enjoying', 'exited', 'relapsed') OR h.monitor_category IS NOT NULL)"
				   " AND NOT EXISTS (SELECT 1 FROM pairings x WHERE x.household_id = h.id AND x.kind = 'cadre_household'"
				   " AND x.end_on IS NULL)", COUNTY), 3);
	db_close(db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fengqing),
	};
	return demo_cut_run_tests(&cut, tests);
}

/* test_partylife.c - period arithmetic (weeks, months, quarters, years across their ends) and the 四议两公开 quorums. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "modules/partylife/partylife.h"

static int64_t day(int y, int m, int d)
{
	return pl_days_from_civil(y, m, d);
}

static int units(enum pl_freq f, const char *period)
{
	struct pl_period p;
	assert_int_equal(pl_period_parse(period, &p), 0);
	return pl_units(f, &p, NULL, NULL, 0);
}

static void test_civil(void **state)
{
	(void)state;
	assert_int_equal(day(1970, 1, 1), 0);
	assert_int_equal(day(2000, 3, 1), 11017);
	int y, m, d;
	pl_civil_from_days(day(2024, 2, 29), &y, &m, &d);
	assert_int_equal(y * 10000 + m * 100 + d, 20240229);
	pl_civil_from_days(day(2026, 12, 31) + 1, &y, &m, &d);
	assert_int_equal(y * 10000 + m * 100 + d, 20270101);
	assert_int_equal(pl_iso_weekday(day(2026, 11, 5)), 4);   /* Thursday */
	assert_int_equal(pl_iso_weekday(day(2026, 11, 1)), 7);   /* Sunday */
	assert_int_equal(pl_iso_weekday(day(1969, 12, 29)), 1);  /* before the epoch */
}

static void test_iso_week(void **state)
{
	(void)state;
	int y, w;
	pl_iso_week(day(2021, 1, 3), &y, &w);
	assert_int_equal(y * 100 + w, 202053);
	pl_iso_week(day(2024, 12, 30), &y, &w);
	assert_int_equal(y * 100 + w, 202501);
	pl_iso_week(day(2026, 1, 1), &y, &w);
	assert_int_equal(y * 100 + w, 202601);
	pl_iso_week(day(2027, 1, 3), &y, &w);
	assert_int_equal(y * 100 + w, 202653);
}

static void test_parse_time(void **state)
{
	(void)state;
	int64_t t;
	assert_int_equal(pl_parse_time("2026-11-05T01:00:00+08:00", &t), 0);
	assert_int_equal(t, day(2026, 11, 4) * 86400 + 17 * 3600);
	assert_int_equal(pl_cst_day(t), day(2026, 11, 5));
	/* 17:30 UTC on Wednesday is 01:30 on Thursday in China */
	assert_int_equal(pl_parse_time("2026-11-04T17:30:00Z", &t), 0);
	assert_int_equal(pl_iso_weekday(pl_cst_day(t)), 4);
	assert_int_equal(pl_parse_time("2026-11-04T09:30+0800", &t), 0);
	assert_int_equal(pl_parse_time("2026-11-04", &t), 0);
	assert_int_equal(t, day(2026, 11, 4) * 86400 - 8 * 3600);
	assert_int_equal(pl_parse_time("2026-11-04T09:30:00", &t), -1);   /* no offset */
	assert_int_equal(pl_parse_time("2026-02-29T09:30:00Z", &t), -1);
	assert_int_equal(pl_parse_time("2026-13-01", &t), -1);
}

static void test_periods(void **state)
{
	(void)state;
	struct pl_period p;
	assert_int_equal(pl_period_parse("2026-11", &p), 0);
	assert_int_equal(p.first, day(2026, 11, 1));
	assert_int_equal(p.last, day(2026, 11, 30));
	assert_int_equal(pl_period_parse("2026Q4", &p), 0);
	assert_int_equal(p.first, day(2026, 10, 1));
	assert_int_equal(p.last, day(2026, 12, 31));
	assert_int_equal(pl_period_parse("2024-02", &p), 0);
	assert_int_equal(p.last, day(2024, 2, 29));
	assert_int_equal(pl_period_parse("2026", &p), 0);
	assert_int_equal(p.last - p.first, 364);
	assert_int_equal(pl_period_parse("2026-00", &p), -1);
	assert_int_equal(pl_period_parse("2026Q5", &p), -1);
	assert_int_equal(pl_period_parse("26", &p), -1);
}

static void test_expected_counts(void **state)
{
	(void)state;
	/* weeks: those whose Sunday is in the period */
	assert_int_equal(units(PL_WEEK, "2026-11"), 5);   /* Nov 1 is a Sunday: 1, 8, 15, 22, 29 */
	assert_int_equal(units(PL_WEEK, "2026-12"), 4);   /* 28 Dec - 3 Jan belongs to January */
	assert_int_equal(units(PL_WEEK, "2027-01"), 5);   /* 3, 10, 17, 24, 31 */
	assert_int_equal(units(PL_WEEK, "2026"), 52);     /* ISO 2026 has 53 weeks; W53 ends in 2027 */
	assert_int_equal(units(PL_WEEK, "2027Q1"), 13);
	assert_int_equal(units(PL_WEEK, "2024-02"), 4);   /* leap February: 4, 11, 18, 25 */
	/* months, quarters, years: those ending in the period */
	assert_int_equal(units(PL_MONTH, "2026-11"), 1);
	assert_int_equal(units(PL_MONTH, "2026Q3"), 3);
	assert_int_equal(units(PL_MONTH, "2026"), 12);
	assert_int_equal(units(PL_QUARTER, "2026-11"), 0);
	assert_int_equal(units(PL_QUARTER, "2026-12"), 1);
	assert_int_equal(units(PL_QUARTER, "2026-09"), 1);
	assert_int_equal(units(PL_QUARTER, "2026Q2"), 1);
	assert_int_equal(units(PL_QUARTER, "2026"), 4);
	assert_int_equal(units(PL_YEAR, "2026Q3"), 0);
	assert_int_equal(units(PL_YEAR, "2026Q4"), 1);
	assert_int_equal(units(PL_YEAR, "2026-12"), 1);
	assert_int_equal(units(PL_YEAR, "2026"), 1);
	/* the unit bounds */
	struct pl_period p;
	int64_t s[8], e[8];
	pl_period_parse("2026-11", &p);
	assert_int_equal(pl_units(PL_WEEK, &p, s, e, 8), 5);
	assert_int_equal(s[0], day(2026, 10, 26));
	assert_int_equal(e[0], day(2026, 11, 1));
	assert_int_equal(e[4], day(2026, 11, 29));
	int64_t f, l;
	pl_unit_of(PL_QUARTER, day(2026, 11, 15), &f, &l);
	assert_int_equal(f, day(2026, 10, 1));
	assert_int_equal(l, day(2026, 12, 31));
	pl_unit_of(PL_WEEK, day(2027, 1, 1), &f, &l);
	assert_int_equal(f, day(2026, 12, 28));
	assert_int_equal(l, day(2027, 1, 3));
	/* every week of 2026-2027 is assessed in exactly one month */
	int weeks = 0;
	for (int y = 2026; y <= 2027; y++)
		for (int m = 1; m <= 12; m++) {
			char label[32];
			snprintf(label, sizeof(label), "%04d-%02d", y, m);
			weeks += units(PL_WEEK, label);
		}
	assert_int_equal(weeks, units(PL_WEEK, "2026") + units(PL_WEEK, "2027"));
	enum pl_freq fr;
	assert_int_equal(pl_freq_parse("quarterly", &fr), 0);
	assert_int_equal(fr, PL_QUARTER);
	assert_int_equal(pl_freq_parse("daily", &fr), -1);
}

static void test_quorum(void **state)
{
	(void)state;
	const char *why;
	assert_true(pl_members_quorum(30, 20, 16, &why));    /* exactly 2/3 present, 16 > 15 */
	assert_false(pl_members_quorum(30, 20, 15, &why));   /* half of all members is not enough */
	assert_non_null(why);
	assert_false(pl_members_quorum(30, 19, 19, &why));   /* under 2/3 present */
	assert_false(pl_members_quorum(30, 31, 20, &why));   /* more present than members */
	assert_false(pl_members_quorum(0, 0, 0, &why));
	assert_true(pl_members_quorum(3, 2, 2, &why));
	assert_false(pl_members_quorum(4, 2, 2, &why));
	assert_true(pl_reps_quorum(30, 20, 11, &why));       /* > half of those present */
	assert_false(pl_reps_quorum(30, 20, 10, &why));
	assert_false(pl_reps_quorum(30, 19, 19, &why));
	assert_false(pl_reps_quorum(30, 20, 21, &why));      /* more for than present */
	/* 党员大会: more than half of the full members entitled (probationary members are not counted in either) */
	assert_true(pl_general_meeting_quorum(5, 3));
	assert_false(pl_general_meeting_quorum(5, 2));
	assert_false(pl_general_meeting_quorum(4, 2));       /* exactly half is not more than half */
	assert_true(pl_general_meeting_quorum(4, 3));
	assert_false(pl_general_meeting_quorum(0, 0));       /* no member entitled: no meeting */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_civil),
		cmocka_unit_test(test_iso_week),
		cmocka_unit_test(test_parse_time),
		cmocka_unit_test(test_periods),
		cmocka_unit_test(test_expected_counts),
		cmocka_unit_test(test_quorum),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

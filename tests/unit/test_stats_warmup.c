/* test_stats_warmup.c - which keys of the dashboards' memo the warm-up finds due (modules/stats/warmup.c),
 * at fixed times across a China day, a Monday, a month and a year, and before any pass. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "modules/partylife/partylife.h"
#include "modules/stats/stats.h"

/* The Unix time of a China (UTC+8) wall-clock moment. */
static int64_t cst(int y, int m, int d, int hh, int mm, int ss)
{
	return pl_days_from_civil(y, m, d) * 86400 - 8 * 3600 + hh * 3600 + mm * 60 + ss;
}

/* What the warm-up finds due at b after a pass at a. */
static unsigned due(int64_t a, int64_t b)
{
	struct stats_warm_keys ka, kb;
	stats_warmup_keys(a, &ka);
	stats_warmup_keys(b, &kb);
	return stats_warmup_due(&ka, &kb);
}

static void test_keys(void **state)
{
	(void)state;
	struct stats_warm_keys k;
	stats_warmup_keys(cst(2026, 12, 9, 10, 0, 0), &k);   /* a Wednesday */
	assert_string_equal(k.day, "2026-12-09");
	assert_string_equal(k.monday, "2026-12-07");
	assert_string_equal(k.month, "2026-12");
	assert_string_equal(k.year, "2026");
	/* 16:00 UTC is the next China day */
	stats_warmup_keys(cst(2026, 12, 13, 23, 59, 59) + 1, &k);
	assert_string_equal(k.day, "2026-12-14");
	assert_string_equal(k.monday, "2026-12-14");
	stats_warmup_keys(cst(2027, 1, 3, 12, 0, 0), &k);    /* a Sunday: its week began in the year before */
	assert_string_equal(k.monday, "2026-12-28");
	assert_string_equal(k.year, "2027");
	stats_warmup_keys(cst(1970, 1, 1, 9, 0, 0), &k);     /* the epoch's Thursday */
	assert_string_equal(k.monday, "1969-12-29");
}

static void test_same_day(void **state)
{
	(void)state;
	/* the same China day, on both sides of UTC's midnight: nothing due */
	assert_int_equal(due(cst(2026, 12, 9, 0, 0, 0), cst(2026, 12, 9, 23, 59, 59)), 0);
	assert_int_equal(due(cst(2026, 12, 9, 7, 59, 59), cst(2026, 12, 9, 8, 0, 0)), 0);
}

static void test_new_day(void **state)
{
	(void)state;
	/* Wednesday to Thursday: a new coverage day, the same week and month */
	assert_int_equal(due(cst(2026, 12, 9, 23, 59, 59), cst(2026, 12, 10, 0, 0, 0)), WARM_COVERAGE);
	/* Saturday to Sunday: the week ends on Sunday, so it has not ended yet */
	assert_int_equal(due(cst(2026, 12, 12, 12, 0, 0), cst(2026, 12, 13, 12, 0, 0)), WARM_COVERAGE);
}

static void test_monday(void **state)
{
	(void)state;
	/* Sunday to Monday: a week has ended, compliance is due with coverage */
	assert_int_equal(due(cst(2026, 12, 13, 23, 59, 59), cst(2026, 12, 14, 0, 0, 0)), WARM_COVERAGE | WARM_COMPLIANCE);
	/* a pass missed on the Monday (the server was down) is due on the Tuesday */
	assert_int_equal(due(cst(2026, 12, 13, 20, 0, 0), cst(2026, 12, 15, 9, 0, 0)), WARM_COVERAGE | WARM_COMPLIANCE);
}

static void test_month_and_year(void **state)
{
	(void)state;
	/* Wednesday 30 September to Thursday 1 October: a month has ended, not a week */
	assert_int_equal(due(cst(2026, 9, 30, 23, 0, 0), cst(2026, 10, 1, 0, 0, 1)), WARM_COVERAGE | WARM_COMPLIANCE);
	/* a Monday that is the first of a month */
	assert_int_equal(due(cst(2026, 5, 31, 12, 0, 0), cst(2026, 6, 1, 12, 0, 0)), WARM_COVERAGE | WARM_COMPLIANCE);
	/* the last day of a year to the first: a new default period too */
	assert_int_equal(due(cst(2026, 12, 31, 23, 59, 59), cst(2027, 1, 1, 0, 0, 0)),
			 WARM_COVERAGE | WARM_COMPLIANCE | WARM_PERIOD);
}

static void test_never_warmed(void **state)
{
	(void)state;
	struct stats_warm_keys none, now;
	memset(&none, 0, sizeof(none));
	stats_warmup_keys(cst(2026, 12, 9, 10, 0, 0), &now);
	assert_int_equal(stats_warmup_due(&none, &now), WARM_COVERAGE | WARM_COMPLIANCE | WARM_PERIOD);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_keys),         cmocka_unit_test(test_same_day),       cmocka_unit_test(test_new_day),
		cmocka_unit_test(test_monday),       cmocka_unit_test(test_month_and_year), cmocka_unit_test(test_never_warmed),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* test_clock.c - ISO 8601 weeks of core/clock.c: the Monday of a week and the week of a date. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>

#include "core/clock.h"

static void expect_monday(const char *week, const char *monday)
{
	char out[11];
	assert_int_equal(clock_week_monday(week, out), 0);
	assert_string_equal(out, monday);
}

static void expect_week(const char *date, const char *week)
{
	char out[9];
	clock_week_of(date, out);
	assert_string_equal(out, week);
}

static void test_monday(void **state)
{
	(void)state;
	expect_monday("2026-W47", "2026-11-16");
	expect_monday("2026-W01", "2025-12-29");   /* week 1 holds 4 January */
	expect_monday("2020-W53", "2020-12-28");   /* 53-week years */
	expect_monday("2026-W53", "2026-12-28");
	expect_monday("2025-W45", "2025-11-03");
}

static void test_bad_weeks(void **state)
{
	(void)state;
	char out[11];
	static const char *const bad[] = { "2026-W00", "2025-W53", "2026-W60", "2026W47", "2026-w47", "2026-W4a",
					    "1899-W10", "2026-W470", "" };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(clock_week_monday(bad[i], out), -1);
}

static void test_week_of(void **state)
{
	(void)state;
	expect_week("2026-11-23", "2026-W48");
	expect_week("2026-11-22", "2026-W47");     /* a Sunday ends its week */
	expect_week("2021-01-03", "2020-W53");     /* early January in the last year's week */
	expect_week("2024-12-30", "2025-W01");     /* late December in the next year's week */
	expect_week("2026-01-01", "2026-W01");
	/* round trip over two years of Mondays */
	for (int w = 1; w <= 52; w++) {
		char week[24], monday[11], back[9];
		snprintf(week, sizeof(week), "2027-W%02d", w);
		assert_int_equal(clock_week_monday(week, monday), 0);
		clock_week_of(monday, back);
		assert_string_equal(back, week);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_monday),
		cmocka_unit_test(test_bad_weeks),
		cmocka_unit_test(test_week_of),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

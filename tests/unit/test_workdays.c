/* test_workdays.c - deadlines in working days over a holiday calendar with make-up workdays. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/workdays.h"

/* The 2026 schedule of the State Council, by hand (sorted by day). */
static const struct workday_override days_2026[] = {
	{ "2026-01-01", WORKDAY_OFF },  { "2026-01-02", WORKDAY_OFF },  { "2026-01-03", WORKDAY_OFF },
	{ "2026-01-04", WORKDAY_WORK }, { "2026-02-14", WORKDAY_WORK }, { "2026-02-15", WORKDAY_OFF },
	{ "2026-02-16", WORKDAY_OFF },  { "2026-02-17", WORKDAY_OFF },  { "2026-02-18", WORKDAY_OFF },
	{ "2026-02-19", WORKDAY_OFF },  { "2026-02-20", WORKDAY_OFF },  { "2026-02-21", WORKDAY_OFF },
	{ "2026-02-22", WORKDAY_OFF },  { "2026-02-23", WORKDAY_OFF },  { "2026-02-28", WORKDAY_WORK },
	{ "2026-09-20", WORKDAY_WORK }, { "2026-09-25", WORKDAY_OFF },  { "2026-09-26", WORKDAY_OFF },
	{ "2026-09-27", WORKDAY_OFF },  { "2026-10-01", WORKDAY_OFF },  { "2026-10-02", WORKDAY_OFF },
	{ "2026-10-03", WORKDAY_OFF },  { "2026-10-04", WORKDAY_OFF },  { "2026-10-05", WORKDAY_OFF },
	{ "2026-10-06", WORKDAY_OFF },  { "2026-10-07", WORKDAY_OFF },  { "2026-10-10", WORKDAY_WORK },
};
static const struct workday_calendar cal = { days_2026, (int)(sizeof(days_2026) / sizeof(days_2026[0])) };
static const struct workday_calendar empty = { NULL, 0 };

/* A China Standard Time wall-clock moment as a Unix time. */
static int64_t cst(int y, int mo, int d, int h, int mi)
{
	struct tm tm = { .tm_year = y - 1900, .tm_mon = mo - 1, .tm_mday = d, .tm_hour = h, .tm_min = mi };
	return (int64_t)timegm(&tm) - 8 * 3600;
}

/* A UTC moment. */
static int64_t utc(int y, int mo, int d, int h, int mi)
{
	return cst(y, mo, d, h, mi) + 8 * 3600;
}

/* The end (23:59:59 CST) of a CST day. */
static int64_t end_of(int y, int mo, int d)
{
	return cst(y, mo, d, 23, 59) + 59;
}

/* ISO text of t in UTC, for readable failures. */
static const char *iso(int64_t t)
{
	static char buf[4][32];
	static int k;
	char *out = buf[k++ % 4];
	time_t tt = (time_t)t;
	struct tm tm;
	gmtime_r(&tt, &tm);
	strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
	return out;
}

#define assert_time(got, want) assert_string_equal(iso(got), iso(want))

static void test_day(void **state)
{
	(void)state;
	char day[11];
	workdays_day(cst(2026, 3, 4, 10, 0), day);
	assert_string_equal(day, "2026-03-04");
	workdays_day(utc(2026, 3, 6, 15, 59) + 59, day);   /* 23:59:59 CST */
	assert_string_equal(day, "2026-03-06");
	workdays_day(utc(2026, 3, 6, 16, 0), day);         /* 00:00 CST the next day */
	assert_string_equal(day, "2026-03-07");
	workdays_day(utc(2026, 12, 31, 23, 30), day);      /* a new year in China */
	assert_string_equal(day, "2027-01-01");
}

static void test_weekends(void **state)
{
	(void)state;
	/* Friday evening: the next working day is Monday */
	assert_time(workdays_add(&empty, cst(2026, 3, 6, 20, 0), 1), end_of(2026, 3, 9));
	assert_time(workdays_add(&empty, cst(2026, 3, 6, 20, 0), 5), end_of(2026, 3, 13));
	assert_time(workdays_add(&empty, cst(2026, 3, 6, 20, 0), 6), end_of(2026, 3, 16));
	/* filed on Saturday or Sunday: Monday too */
	assert_time(workdays_add(&empty, cst(2026, 3, 7, 10, 0), 1), end_of(2026, 3, 9));
	assert_time(workdays_add(&empty, cst(2026, 3, 8, 23, 59), 1), end_of(2026, 3, 9));
	/* Monday: Tuesday; Wednesday + 3: Monday */
	assert_time(workdays_add(&empty, cst(2026, 3, 9, 0, 0), 1), end_of(2026, 3, 10));
	assert_time(workdays_add(&empty, cst(2026, 3, 4, 10, 0), 3), end_of(2026, 3, 9));
	/* ten working days are two calendar weeks */
	assert_time(workdays_add(&empty, cst(2026, 3, 4, 10, 0), 10), end_of(2026, 3, 18));
	/* a NULL calendar is an empty one */
	assert_time(workdays_add(NULL, cst(2026, 3, 6, 20, 0), 1), end_of(2026, 3, 9));
	/* the same with the 2026 calendar (no holiday in March) */
	assert_time(workdays_add(&cal, cst(2026, 3, 6, 20, 0), 1), end_of(2026, 3, 9));
}

static void test_national_day(void **state)
{
	(void)state;
	/* Wednesday 09-30: 10-01..10-07 off, Thursday 10-08 next */
	assert_time(workdays_add(&cal, cst(2026, 9, 30, 10, 0), 1), end_of(2026, 10, 8));
	assert_time(workdays_add(&cal, cst(2026, 9, 30, 10, 0), 2), end_of(2026, 10, 9));
	assert_time(workdays_add(&cal, cst(2026, 9, 30, 10, 0), 3), end_of(2026, 10, 10));   /* Saturday make-up */
	assert_time(workdays_add(&cal, cst(2026, 9, 30, 10, 0), 4), end_of(2026, 10, 12));
	/* filed during the holiday */
	assert_time(workdays_add(&cal, cst(2026, 10, 3, 9, 0), 1), end_of(2026, 10, 8));
	/* Friday 10-09: the next working day is the Saturday make-up day */
	assert_time(workdays_add(&cal, cst(2026, 10, 9, 18, 0), 1), end_of(2026, 10, 10));
	/* Friday 09-18: Sunday 09-20 is a make-up workday */
	assert_time(workdays_add(&cal, cst(2026, 9, 18, 18, 0), 1), end_of(2026, 9, 20));
	assert_time(workdays_add(&cal, cst(2026, 9, 18, 18, 0), 2), end_of(2026, 9, 21));
	/* Thursday 09-24: the mid-autumn days and the weekend, then Monday 09-28 */
	assert_time(workdays_add(&cal, cst(2026, 9, 24, 18, 0), 1), end_of(2026, 9, 28));
	/* without the calendar the holiday would be ordinary days */
	assert_time(workdays_add(&empty, cst(2026, 9, 30, 10, 0), 1), end_of(2026, 10, 1));
	assert_time(workdays_add(&empty, cst(2026, 9, 18, 18, 0), 1), end_of(2026, 9, 21));
}

static void test_spring_festival(void **state)
{
	(void)state;
	/* Friday 02-13: Saturday 02-14 is a make-up day, then 02-15..02-23 off */
	assert_time(workdays_add(&cal, cst(2026, 2, 13, 20, 0), 1), end_of(2026, 2, 14));
	assert_time(workdays_add(&cal, cst(2026, 2, 13, 20, 0), 2), end_of(2026, 2, 24));
	assert_time(workdays_add(&cal, cst(2026, 2, 14, 9, 0), 1), end_of(2026, 2, 24));
	assert_time(workdays_add(&cal, cst(2026, 2, 18, 9, 0), 1), end_of(2026, 2, 24));
	/* Friday 02-27: Saturday 02-28 make-up, then Monday 03-02 */
	assert_time(workdays_add(&cal, cst(2026, 2, 27, 9, 0), 1), end_of(2026, 2, 28));
	assert_time(workdays_add(&cal, cst(2026, 2, 27, 9, 0), 2), end_of(2026, 3, 2));
	/* five working days from 02-13: 14, 24, 25, 26, 27 */
	assert_time(workdays_add(&cal, cst(2026, 2, 13, 9, 0), 5), end_of(2026, 2, 27));
	assert_time(workdays_add(&cal, cst(2026, 2, 13, 9, 0), 6), end_of(2026, 2, 28));
	/* New Year: Wednesday 12-31 2025, 01-01..03 off, Sunday 01-04 make-up */
	assert_time(workdays_add(&cal, cst(2025, 12, 31, 9, 0), 1), end_of(2026, 1, 4));
}

static void test_zero(void **state)
{
	(void)state;
	/* n = 0: the end of the start day itself, working or not */
	assert_time(workdays_add(&cal, cst(2026, 3, 6, 10, 0), 0), end_of(2026, 3, 6));
	assert_time(workdays_add(&cal, cst(2026, 3, 6, 0, 0), 0), end_of(2026, 3, 6));
	assert_time(workdays_add(&cal, end_of(2026, 3, 6), 0), end_of(2026, 3, 6));
	assert_time(workdays_add(&cal, cst(2026, 3, 7, 10, 0), 0), end_of(2026, 3, 7));
	assert_time(workdays_add(&cal, cst(2026, 10, 1, 10, 0), 0), end_of(2026, 10, 1));
	/* negative n behaves like 0 */
	assert_time(workdays_add(&cal, cst(2026, 3, 6, 10, 0), -3), end_of(2026, 3, 6));
}

static void test_cst_boundary(void **state)
{
	(void)state;
	/* 23:30 UTC Friday is 07:30 Saturday in China */
	int64_t sat = utc(2026, 3, 6, 23, 30);
	assert_false(workdays_is_working(&cal, sat));
	assert_time(workdays_add(&cal, sat, 0), end_of(2026, 3, 7));
	assert_time(workdays_add(&cal, sat, 1), end_of(2026, 3, 9));
	/* 23:30 UTC Thursday is Friday in China: the next working day is Monday, not Friday */
	int64_t fri = utc(2026, 3, 5, 23, 30);
	assert_true(workdays_is_working(&cal, fri));
	assert_time(workdays_add(&cal, fri, 0), end_of(2026, 3, 6));
	assert_time(workdays_add(&cal, fri, 1), end_of(2026, 3, 9));
	/* 23:30 UTC on 09-30 is the first day of the National Day holiday */
	int64_t hol = utc(2026, 9, 30, 23, 30);
	assert_false(workdays_is_working(&cal, hol));
	assert_time(workdays_add(&cal, hol, 1), end_of(2026, 10, 8));
	/* 15:59:59 UTC is the last second of the CST day; 16:00 the next */
	assert_true(workdays_is_working(&cal, utc(2026, 3, 6, 15, 59) + 59));
	assert_false(workdays_is_working(&cal, utc(2026, 3, 6, 16, 0)));
	/* a deadline is 15:59:59 UTC */
	assert_string_equal(iso(workdays_add(&cal, cst(2026, 3, 6, 20, 0), 1)), "2026-03-09T15:59:59Z");
}

static void test_is_working(void **state)
{
	(void)state;
	/* make-up workdays on weekends */
	assert_true(workdays_is_working(&cal, cst(2026, 9, 20, 10, 0)));    /* Sunday */
	assert_true(workdays_is_working(&cal, cst(2026, 10, 10, 10, 0)));   /* Saturday */
	assert_true(workdays_is_working(&cal, cst(2026, 2, 14, 10, 0)));    /* Saturday */
	assert_true(workdays_is_working(&cal, cst(2026, 2, 28, 10, 0)));    /* Saturday */
	assert_true(workdays_is_working(&cal, cst(2026, 1, 4, 10, 0)));     /* Sunday */
	/* the same days without the calendar are weekend days */
	assert_false(workdays_is_working(&empty, cst(2026, 9, 20, 10, 0)));
	assert_false(workdays_is_working(&empty, cst(2026, 10, 10, 10, 0)));
	/* holidays on weekdays */
	assert_false(workdays_is_working(&cal, cst(2026, 10, 1, 10, 0)));   /* Thursday */
	assert_false(workdays_is_working(&cal, cst(2026, 10, 7, 10, 0)));   /* Wednesday */
	assert_false(workdays_is_working(&cal, cst(2026, 2, 16, 10, 0)));   /* Monday */
	assert_false(workdays_is_working(&cal, cst(2026, 2, 23, 10, 0)));   /* Monday */
	assert_true(workdays_is_working(&empty, cst(2026, 10, 1, 10, 0)));
	/* ordinary days */
	assert_true(workdays_is_working(&cal, cst(2026, 3, 4, 10, 0)));     /* Wednesday */
	assert_false(workdays_is_working(&cal, cst(2026, 3, 7, 10, 0)));    /* Saturday */
	assert_false(workdays_is_working(&cal, cst(2026, 3, 8, 10, 0)));    /* Sunday */
	assert_true(workdays_is_working(&cal, cst(2026, 10, 8, 0, 0)));     /* after the holiday */
	assert_true(workdays_is_working(&cal, cst(2026, 2, 24, 0, 0)));
}

static void test_between(void **state)
{
	(void)state;
	/* not counting the first day */
	assert_int_equal(workdays_between(&cal, cst(2026, 3, 6, 20, 0), cst(2026, 3, 9, 8, 0)), 1);
	assert_int_equal(workdays_between(&cal, cst(2026, 3, 6, 8, 0), cst(2026, 3, 6, 20, 0)), 0);
	assert_int_equal(workdays_between(&cal, cst(2026, 3, 4, 8, 0), cst(2026, 3, 11, 8, 0)), 5);
	assert_int_equal(workdays_between(&cal, cst(2026, 3, 6, 8, 0), cst(2026, 3, 8, 8, 0)), 0);
	/* National Day: 10-08, 10-09, 10-10 (make-up), 10-12 */
	assert_int_equal(workdays_between(&cal, cst(2026, 9, 30, 8, 0), cst(2026, 10, 7, 8, 0)), 0);
	assert_int_equal(workdays_between(&cal, cst(2026, 9, 30, 8, 0), cst(2026, 10, 12, 8, 0)), 4);
	/* 09-19 Saturday to 09-21 Monday: Sunday 09-20 and Monday */
	assert_int_equal(workdays_between(&cal, cst(2026, 9, 19, 8, 0), cst(2026, 9, 21, 8, 0)), 2);
	/* Spring Festival: 02-14, 02-24..02-27, 02-28 */
	assert_int_equal(workdays_between(&cal, cst(2026, 2, 13, 8, 0), cst(2026, 2, 28, 8, 0)), 6);
	assert_int_equal(workdays_between(&cal, cst(2026, 2, 14, 8, 0), cst(2026, 2, 23, 8, 0)), 0);
	/* CST days: 23:30 UTC Thursday is Friday, so to Monday is one working day */
	assert_int_equal(workdays_between(&cal, utc(2026, 3, 5, 23, 30), cst(2026, 3, 9, 8, 0)), 1);
	/* workdays_between undoes workdays_add */
	const int64_t from[] = { cst(2026, 2, 13, 20, 0), cst(2026, 9, 18, 18, 0), cst(2026, 9, 30, 10, 0),
				 utc(2026, 3, 6, 23, 30), cst(2025, 12, 31, 9, 0) };
	for (size_t i = 0; i < sizeof(from) / sizeof(from[0]); i++)
		for (int n = 0; n <= 25; n++) {
			int64_t due = workdays_add(&cal, from[i], n);
			assert_int_equal(workdays_between(&cal, from[i], due), n);
			if (n > 0)
				assert_true(workdays_is_working(&cal, due));
		}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_day),
		cmocka_unit_test(test_weekends),
		cmocka_unit_test(test_national_day),
		cmocka_unit_test(test_spring_festival),
		cmocka_unit_test(test_zero),
		cmocka_unit_test(test_cst_boundary),
		cmocka_unit_test(test_is_working),
		cmocka_unit_test(test_between),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

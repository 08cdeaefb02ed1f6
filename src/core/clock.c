/* clock.c - wall clock with an optional test offset read from a file. */
#include "core/clock.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char *offset_file;

void clock_init(void)
{
	const char *f = getenv("LIANXIN_TEST_CLOCK_FILE");
	offset_file = (f && *f) ? f : NULL;
}

static int64_t test_offset(void)
{
	FILE *fp = fopen(offset_file, "r");
	if (fp == NULL)
		return 0;
	long long off = 0;
	char buf[32];
	if (fgets(buf, sizeof(buf), fp))
		off = strtoll(buf, NULL, 10);
	fclose(fp);
	return (int64_t)off;
}

int64_t clock_now(void)
{
	int64_t now = (int64_t)time(NULL);
	return offset_file ? now + test_offset() : now;
}

void clock_format_iso(int64_t t, char out[static 21])
{
	time_t tt = (time_t)t;
	struct tm tm;
	gmtime_r(&tt, &tm);
	strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* The number the n digits at s spell (checked or known to be digits). */
static int digits(const char *s, int n)
{
	int v = 0;
	for (int i = 0; i < n; i++)
		v = v * 10 + (s[i] - '0');
	return v;
}

bool clock_valid_date(const char *s)
{
	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return false;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return false;
	int y = digits(s, 4), m = digits(s + 5, 2), d = digits(s + 8, 2);
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	if (y < 1900 || y > 2100 || m < 1 || m > 12 || d < 1)
		return false;
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return d <= days[m - 1] + (m == 2 && leap);
}

/* Days since 1970-01-01 of a date, through timegm (UTC: no time zone, no DST). */
static int64_t epoch_day(int y, int m, int d)
{
	struct tm tm = { .tm_year = y - 1900, .tm_mon = m - 1, .tm_mday = d, .tm_hour = 12 };
	return (int64_t)timegm(&tm) / 86400;
}

static void day_text(int64_t day, char out[static 11])
{
	time_t t = (time_t)(day * 86400);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

/* The Monday of ISO week 1 of year y: the week holding 4 January. */
static int64_t week_one_monday(int y)
{
	int64_t jan4 = epoch_day(y, 1, 4);
	int64_t weekday = ((jan4 + 3) % 7 + 7) % 7;   /* 0 = Monday; 1970-01-01 was a Thursday */
	return jan4 - weekday;
}

int clock_week_monday(const char *week, char monday[static 11])
{
	if (strlen(week) != 8 || week[4] != '-' || week[5] != 'W')
		return -1;
	for (int i = 0; i < 8; i++)
		if (i != 4 && i != 5 && (week[i] < '0' || week[i] > '9'))
			return -1;
	int y = digits(week, 4), w = digits(week + 6, 2);
	if (y < 1900 || y > 2100 || w < 1)
		return -1;
	int64_t first = week_one_monday(y);
	if (w > (week_one_monday(y + 1) - first) / 7)
		return -1;
	day_text(first + (w - 1) * 7, monday);
	return 0;
}

void clock_week_of(const char *date, char week[static 9])
{
	int64_t day = epoch_day(digits(date, 4), digits(date + 5, 2), digits(date + 8, 2));
	int64_t thursday = day - ((day + 3) % 7 + 7) % 7 + 3;
	char t[11];
	day_text(thursday, t);
	int y = digits(t, 4);
	snprintf(week, 9, "%04d-W%02d", y, (int)((thursday - week_one_monday(y)) / 7 + 1));
}

/* workdays.c - working-day arithmetic over a holiday calendar. */
#include "core/workdays.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#define CST (8 * 3600)
#define DAY 86400

void workdays_day(int64_t t, char out[11])
{
	time_t tt = (time_t)(t + CST);
	struct tm tm;
	gmtime_r(&tt, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

static enum workday_kind lookup(const struct workday_calendar *cal, const char *day)
{
	int lo = 0, hi = cal ? cal->count - 1 : -1;
	while (lo <= hi) {
		int mid = (lo + hi) / 2;
		int c = strcmp(cal->days[mid].day, day);
		if (c == 0)
			return cal->days[mid].kind;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return WORKDAY_NORMAL;
}

bool workdays_is_working(const struct workday_calendar *cal, int64_t t)
{
	char day[11];
	workdays_day(t, day);
	enum workday_kind k = lookup(cal, day);
	if (k != WORKDAY_NORMAL)
		return k == WORKDAY_WORK;
	time_t tt = (time_t)(t + CST);
	struct tm tm;
	gmtime_r(&tt, &tm);
	return tm.tm_wday != 0 && tm.tm_wday != 6;
}

/* The last second of the CST day of t. */
static int64_t end_of_day(int64_t t)
{
	int64_t local = t + CST;
	int64_t start = local - ((local % DAY) + DAY) % DAY;
	return start + DAY - 1 - CST;
}

int64_t workdays_add(const struct workday_calendar *cal, int64_t start, int n)
{
	int64_t t = end_of_day(start);
	for (int guard = 0; n > 0 && guard < 3660; guard++) {
		t += DAY;
		if (workdays_is_working(cal, t))
			n--;
	}
	return t;
}

int workdays_between(const struct workday_calendar *cal, int64_t a, int64_t b)
{
	int n = 0;
	int64_t end = end_of_day(b);
	for (int64_t t = end_of_day(a) + DAY; t <= end && n < 100000; t += DAY)
		if (workdays_is_working(cal, t))
			n++;
	return n;
}

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

bool clock_valid_date(const char *s)
{
	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return false;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return false;
	int y = atoi(s), m = atoi(s + 5), d = atoi(s + 8);
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	if (y < 1900 || y > 2100 || m < 1 || m > 12 || d < 1)
		return false;
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return d <= days[m - 1] + (m == 2 && leap);
}

/*
 * workdays.h - deadlines counted in working days.
 *
 * A working day is Monday to Friday unless the calendar marks it a day off
 * (a public holiday), plus any weekend day the calendar marks a make-up
 * workday (调休).  Days are China Standard Time (UTC+8) calendar days; a
 * deadline is the last second of its day.  The calendar comes from the
 * caller (the database keeps it per year, see modules/requests/deadlines.c).
 */
#ifndef LIANXIN_CORE_WORKDAYS_H
#define LIANXIN_CORE_WORKDAYS_H

#include <stdbool.h>
#include <stdint.h>

enum workday_kind { WORKDAY_NORMAL, WORKDAY_OFF, WORKDAY_WORK };

struct workday_override {
	char day[11];            /* YYYY-MM-DD */
	enum workday_kind kind;  /* WORKDAY_OFF or WORKDAY_WORK */
};

struct workday_calendar {
	const struct workday_override *days;   /* sorted by day */
	int count;
};

/* The CST calendar day of t as YYYY-MM-DD. */
void workdays_day(int64_t t, char out[11]);
/* Is the CST day of t a working day? */
bool workdays_is_working(const struct workday_calendar *cal, int64_t t);
/* The end (23:59:59 CST) of the n-th working day after the day of start;
 * n = 0 means the end of the start day itself. */
int64_t workdays_add(const struct workday_calendar *cal, int64_t start, int n);
/* Working days from the day of a to the day of b (b after a), not counting a's day. */
int workdays_between(const struct workday_calendar *cal, int64_t a, int64_t b);

#endif

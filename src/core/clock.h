/*
 * clock.h - the time the application believes it is.
 *
 * Everything that reasons about time (session timeouts, lockouts, audit
 * stamps, deadlines) asks clock_now().  Tests move time forward without
 * sleeping: when LIANXIN_TEST_CLOCK_FILE names a file, its content (an
 * integer number of seconds) is added to the real time on every call.
 */
#ifndef LIANXIN_CORE_CLOCK_H
#define LIANXIN_CORE_CLOCK_H

#include <stdbool.h>
#include <stdint.h>

/* Reads LIANXIN_TEST_CLOCK_FILE once; call before threads start. */
void clock_init(void);
/* Seconds since the Unix epoch, UTC. */
int64_t clock_now(void);
/* Is s a real calendar date written YYYY-MM-DD (years 1900 to 2100)? */
bool clock_valid_date(const char *s);
/* Format seconds since the epoch as ISO 8601 UTC ("2026-11-22T10:00:00Z"). */
void clock_format_iso(int64_t t, char out[static 21]);
/* ISO 8601 weeks ("2026-W47", Monday to Sunday): the Monday of a week as
 * YYYY-MM-DD (-1 when week is not a real week of years 1900 to 2100), and the
 * week of a valid date. */
int clock_week_monday(const char *week, char monday[static 11]);
void clock_week_of(const char *date, char week[static 9]);

#endif

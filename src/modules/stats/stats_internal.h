/*
 * stats_internal.h - what the files of the stats domain share: the period
 * of a roll-up and the roll-up itself as JSON.
 */
#ifndef LIANXIN_MODULES_STATS_INTERNAL_H
#define LIANXIN_MODULES_STATS_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include "http/request.h"
#include "modules/partylife/partylife.h"

/* A roll-up's period: whole China days first..last (days since 1970-01-01). */
struct stats_period {
	int64_t first, last;          /* CST day numbers, inclusive */
	int64_t t_from, t_to;         /* the same as Unix times, [t_from, t_to) */
	char first_s[16], last_s[16]; /* YYYY-MM-DD */
	int year;                     /* the year of the last day: year-based figures */
	char label[40];               /* "2026", "2026-11", "2026-Q3", "2026-01-05..2026-02-01" */
	bool has_pl;                  /* a month, quarter or year: meeting compliance applies */
	struct pl_period pl;
};

/* ?period= (YYYY, YYYY-MM, YYYY-Qn) or ?from=&to= (YYYY-MM-DD, inclusive);
 * default: this year.  0, or the status of the 400 reply made. */
int stats_period_from_query(struct req *r, struct stats_period *p);

/* ?division=: the node, in the caller's scope (default: the caller's first
 * scope); 0, or the status of the error reply made (400, 404). */
int stats_division_from_query(struct req *r, const char **division);

/* The roll-up of division over p: {"division", "name", "level", "period",
 * "node": figures, "children": [figures + code, name]}.  0 with *out, or
 * the status of the error reply made. */
int stats_rollup(struct req *r, const char *division, const struct stats_period *p, json_t **out);

#endif

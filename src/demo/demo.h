/*
 * demo.h - the demo-county generator: fills an empty database with one
 * realistic county (divisions with households and poor-village flags, grids,
 * the party-organisation tree, assisting units, cadres and party members;
 * the household registry: households, members, income, help, monitoring; a
 * year of villagers' requests; a year of organisational life: meetings with
 * their attendance, notices and receipts, 四议两公开 decisions, trainings),
 * calibrated to the seed reports of the five seed counties and derived from
 * the village count for any other county.  The county's activity runs up to
 * the build day (opt->today).  Deterministic: the same county, seed and day
 * give the same rows.  Single-threaded; the caller owns db.
 */
#ifndef LIANXIN_DEMO_DEMO_H
#define LIANXIN_DEMO_DEMO_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "db/db.h"

struct demo_options {
	const char *county;     /* 6-digit county code, e.g. "469030" */
	uint64_t seed;          /* same seed, same data (1 by default) */
	const char *data_dir;   /* where <county>/{provinces,...,villages}.csv live; NULL: "data/divisions" */
	const char *skip;       /* comma-separated step names to leave out (e.g. "requests,partylife"), or NULL */
	const char *today;      /* the build day, YYYY-MM-DD: the county's activity runs up to it; NULL: today (CST) */
	int scale;              /* 0 or 1: the county as its profile; N (2..50): N times the households of the
				   registry (at most the villages' own), the township cadres, the units'
				   挂包帮 cadres and the days of visits (benchmarks at scale) */
	/* demo_build_province only: */
	const char *province;   /* 2-digit province code: every county of it (lianxin demo --scale province) */
	const char *counties;   /* comma-separated county codes of the province to build (a slice), or NULL: all */
	FILE *progress;         /* a line per county built (code, name, households, seconds), or NULL */
};

struct demo_stats {
	int counties;   /* counties built: 1 (demo_build), or those of demo_build_province */
	int townships, villages, grids, orgs, units, people, party_members, cadres, first_secretaries, grid_workers,
	    grid_supervisors;
	int households, registered_households, members, measures, monitored;   /* the household registry */
	int requests, open_requests;   /* villagers' requests of the reference year, still open at its end */
	int meetings, notices, decisions, trainings;   /* organisational life of the reference year */
	int duty_items, task_items, dispatches, dispatch_items;   /* 2026's work lists and weekly dispatches */
};

/*
 * Build the county on db (already migrated).  The county's divisions are
 * imported from data_dir/<county>/{provinces,...,villages}.csv when the county is not in the
 * divisions table yet (division_import, its own transaction); everything
 * else is written in one transaction.  Refuses, returning -1 with a message
 * on err, when the county already has party organisations (run once per
 * database per county), when the CSV files are missing, or on a database
 * error (then nothing of the generated data is left behind).  On 0, *stats
 * (when not NULL) holds what was created.
 */
int demo_build(struct db *db, const struct demo_options *opt, FILE *err, struct demo_stats *stats);

/*
 * demo_build for one county (opt->county unused): with bulk, the summaries' triggers are set
 * aside inside its transaction and the summaries rebuilt at its end; without, the caller has set
 * them aside (demo_build_province) and rebuilds them once.  step_cpu (NULL or
 * demo_step_count() entries): each step's CPU seconds added.
 */
int demo_build_county(struct db *db, const struct demo_options *opt, const char *county, bool bulk, FILE *err,
		      struct demo_stats *stats, double *step_cpu);

/* The generator's steps in order: how many, and the name of the i-th (NULL past them). */
int demo_step_count(void);
const char *demo_step_name(int i);

/*
 * Build every county of opt->province (or those of opt->counties) on its real division tree
 * (province.c): the province's divisions imported from data_dir/<province>/{provinces,...,
 * villages}.csv when missing; each county as demo_build makes it, in its own transaction, in
 * code order; counties that already have organisations are skipped (a stopped run resumes).
 * The summaries' triggers are set aside once for the whole run and the summaries rebuilt once
 * at its end, also after a failed county (whose rows are rolled back; those before it stay).
 * *stats (when not NULL) holds the sum over the counties built.  -1 with a message on err on
 * a bad option, missing data or a database error.
 */
int demo_build_province(struct db *db, const struct demo_options *opt, FILE *err, struct demo_stats *stats);

#endif

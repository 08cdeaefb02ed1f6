/*
 * province.c - the demo of a whole province (see demo.h, demo_build_province;
 * `lianxin demo --scale province --province 53`): every county of the
 * province on its real division tree, each built as demo_build builds a
 * county (seed counties with their profile, the others with the default
 * profile sized to their villages), in its own transaction.  What makes it
 * quick: the summaries' triggers are set aside once for the run and the
 * summaries rebuilt once at its end (a county's own rebuild reads the whole
 * database, so per county it would grow with the counties before it), and
 * on SQLite the run's commits are not synced (PRAGMA synchronous=OFF, the
 * connection's setting restored after) with a larger page cache.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/division.h"
#include "demo/demo.h"
#include "demo/gen.h"
#include "modules/org/divisions.h"
#include "modules/stats/stats.h"

/* The counties of the province, in code order, as an array of 7-byte codes; -1 on a database error. */
static int province_counties(struct db *db, const char *province, char (**out)[DIVISION_CODE_MAX + 1], int *n)
{
	char upper[DIVISION_CODE_MAX + 2];
	division_subtree_upper(province, upper);
	*out = NULL;
	*n = 0;
	int cap = 0;
	struct db_stmt *q = db_query(db, "SELECT code FROM divisions WHERE level = 'county' AND code >= $1 AND code < $2"
					 " ORDER BY code", "tt", province, upper);
	int rc = DB_ERROR;
	while (q && (rc = db_step(q)) == DB_ROW) {
		if (*n == cap) {
			cap = cap ? 2 * cap : 64;
			void *grown = realloc(*out, (size_t)cap * sizeof(**out));
			if (grown == NULL) {
				rc = DB_ERROR;
				break;
			}
			*out = grown;
		}
		fmt((*out)[(*n)++], DIVISION_CODE_MAX + 1, "%s", db_column_text(q, 0));
	}
	db_finalize(q);
	return q != NULL && rc == DB_DONE ? 0 : -1;
}

/* Is code in the comma-separated list (NULL: every code is)? */
static bool listed(const char *list, const char *code)
{
	if (list == NULL)
		return true;
	size_t n = strlen(code);
	for (const char *p = list; *p;) {
		size_t len = strcspn(p, ",");
		if (len == n && strncmp(p, code, n) == 0)
			return true;
		p += len + (p[len] == ',');
	}
	return false;
}

/* The province's divisions from data_dir/<province>/{provinces,...,villages}.csv when its counties are not there yet. */
static int import_province(struct db *db, const char *dir, const char *province, FILE *err)
{
	char upper[DIVISION_CODE_MAX + 2];
	division_subtree_upper(province, upper);
	int64_t n = 0;
	if (db_query_int(db, &n, "SELECT COUNT(*) FROM divisions WHERE level = 'county' AND code >= $1 AND code < $2", "tt",
			 province, upper) != DB_ROW) {
		fprintf(err, "demo: %s\n", db_errmsg(db));
		return -1;
	}
	if (n > 0)
		return 0;
	static const char *const files[] = { "provinces", "cities", "areas", "streets", "villages" };
	char paths[5][1024];
	const char *p[5];
	for (int i = 0; i < 5; i++) {
		fmt(paths[i], sizeof(paths[i]), "%s/%s/%s.csv", dir, province, files[i]);
		p[i] = paths[i];
		FILE *f = fopen(paths[i], "r");
		if (f == NULL) {
			fprintf(err, "demo: %s: cannot open (no division data for province %s)\n", paths[i], province);
			return -1;
		}
		fclose(f);
	}
	struct division_import_result res;
	return division_import(db, p, 5, err, &res);
}

/* sum += one: every field of demo_stats is an int count */
static void add_stats(struct demo_stats *sum, const struct demo_stats *one)
{
	_Static_assert(sizeof(struct demo_stats) % sizeof(int) == 0, "demo_stats holds ints only");
	int *s = (int *)sum;
	const int *o = (const int *)one;
	for (size_t i = 0; i < sizeof(*sum) / sizeof(int); i++)
		s[i] += o[i];
}

static double seconds_since(const struct timespec *t0)
{
	struct timespec t1;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double)(t1.tv_sec - t0->tv_sec) + (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
}

/* One line: label, then each step's CPU seconds (less since[], when given: one county's share). */
static void print_step_cpu(FILE *out, const char *label, const double *cpu, const double *since)
{
	fputs(label, out);
	for (int i = 0; i < demo_step_count() && i < 64; i++)
		fprintf(out, " %s %.1f", demo_step_name(i), cpu[i] - (since ? since[i] : 0.0));
	fputc('\n', out);
}

/* SQLite only: the run's commits unsynced and a 256 MB page cache (on: save the connection's
 * synchronous setting into *saved; off: restore it). */
static void sqlite_fast(struct db *db, bool on, int64_t *saved)
{
	if (db_backend(db) != DB_SQLITE)
		return;
	if (on) {
		if (db_query_int(db, saved, "PRAGMA synchronous", NULL) != DB_ROW)
			*saved = 2;
		db_exec(db, "PRAGMA synchronous=OFF", NULL);
		db_exec(db, "PRAGMA cache_size=-262144", NULL);
		return;
	}
	char sql[64];
	fmt(sql, sizeof(sql), "PRAGMA synchronous=%d", (int)*saved);
	db_exec(db, sql, NULL);
	db_exec(db, "PRAGMA cache_size=-2000", NULL);
}

int demo_build_province(struct db *db, const struct demo_options *opt, FILE *err, struct demo_stats *stats)
{
	struct demo_stats local;
	if (stats == NULL)
		stats = &local;
	memset(stats, 0, sizeof(*stats));
	if (opt == NULL || opt->province == NULL || division_level(opt->province) != DIV_PROVINCE) {
		fprintf(err, "demo: the province is a 2-digit division code (53: 云南)\n");
		return -1;
	}
	if (import_province(db, opt->data_dir ? opt->data_dir : "data/divisions", opt->province, err))
		return -1;
	char(*codes)[DIVISION_CODE_MAX + 1];
	int n;
	if (province_counties(db, opt->province, &codes, &n)) {
		fprintf(err, "demo: %s\n", db_errmsg(db));
		free(codes);
		return -1;
	}
	int wanted = 0;
	for (int i = 0; i < n; i++)
		wanted += listed(opt->counties, codes[i]);
	if (wanted == 0) {
		fprintf(err, "demo: province %s has none of the counties asked for\n", opt->province);
		free(codes);
		return -1;
	}

	int64_t sync = 2;
	sqlite_fast(db, true, &sync);
	struct stats_bulk sb;
	bool aside = db_begin(db) == DB_OK && stats_bulk_begin(db, &sb) == 0;
	if (!aside || db_commit(db) != DB_OK) {
		fprintf(err, "demo: setting the summaries' triggers aside: %s\n", db_errmsg(db));
		if (aside)
			stats_bulk_end(db, &sb, false);
		db_rollback(db);
		sqlite_fast(db, false, &sync);
		free(codes);
		return -1;
	}
	int rc = 0, done = 0;
	double step_cpu[64] = { 0 };   /* more than the steps */
	for (int i = 0; i < n && rc == 0; i++) {
		if (!listed(opt->counties, codes[i]))
			continue;
		char upper[DIVISION_CODE_MAX + 2];
		division_subtree_upper(codes[i], upper);
		int64_t orgs = 0;
		if (db_query_int(db, &orgs, "SELECT COUNT(*) FROM orgs WHERE division >= $1 AND division < $2", "tt", codes[i],
				 upper) != DB_ROW) {
			fprintf(err, "demo: %s\n", db_errmsg(db));
			rc = -1;
			break;
		}
		done++;
		if (orgs > 0) {   /* built by an earlier run */
			if (opt->progress)
				fprintf(opt->progress, "demo: %s (%d/%d) already built, skipped\n", codes[i], done, wanted);
			continue;
		}
		struct timespec t0;
		clock_gettime(CLOCK_MONOTONIC, &t0);
		struct demo_stats one;
		double before[64];
		memcpy(before, step_cpu, sizeof(before));
		rc = demo_build_county(db, opt, codes[i], false, err, &one, demo_step_count() <= 64 ? step_cpu : NULL);
		if (rc == 0) {
			add_stats(stats, &one);
			if (opt->progress) {
				fprintf(opt->progress, "demo: %s (%d/%d): %d villages, %d households, %d members, %d people in %.1f s\n",
					codes[i], done, wanted, one.villages, one.households, one.members, one.people,
					seconds_since(&t0));
				print_step_cpu(opt->progress, "demo:   CPU seconds of its steps:", step_cpu, before);
				fflush(opt->progress);
			}
		}
	}
	free(codes);
	/* the summaries from the records, once, and the triggers back: also after a failed county */
	struct timespec t0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	bool rebuilt = db_begin(db) == DB_OK && stats_bulk_end(db, &sb, true) == 0 && db_commit(db) == DB_OK;
	if (!rebuilt) {
		fprintf(err, "demo: rebuilding the summaries: %s (the database is left without its summaries' triggers:"
			" build it again on a fresh database)\n", db_errmsg(db));
		db_rollback(db);
		rc = -1;
	} else if (opt->progress) {
		fprintf(opt->progress, "demo: summaries rebuilt in %.1f s;", seconds_since(&t0));
		print_step_cpu(opt->progress, " CPU seconds by step:", step_cpu, NULL);
	}
	sqlite_fast(db, false, &sync);
	if (rc != 0)
		memset(stats, 0, sizeof(*stats));
	return rc == 0 ? 0 : -1;
}

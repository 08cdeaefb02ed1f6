/*
 * demo.c - the demo-county generator (see demo.h): the table of steps and
 * the run.
 *
 * A table of steps, each a generator that writes one kind of row; every
 * step draws from its own random stream (seed, county and step name), so a
 * step added later does not change what the earlier steps produce.  The
 * per-county profiles (profiles.c) carry the figures of the seed reports;
 * any other county has defaults derived from its village count.  The
 * steps share the context of gen.h and live one file per domain:
 * step_divisions.c, step_orgs.c, step_people.c, step_registry.c (with
 * registry_model.c), step_requests.c, step_partylife.c (with
 * partylife_*.c), step_worklists.c, step_pairings.c, step_command.c; records.c writes the organisations and
 * people several steps add, rng.c draws, names.c names.
 */
#include "demo/demo.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/clock.h"
#include "core/division.h"
#include "demo/gen.h"
#include "demo/registry_gen.h"
#include "modules/org/divisions.h"
#include "modules/stats/stats.h"

/* ---- the steps ---------------------------------------------------------------- */

struct demo_step {
	const char *name;
	int (*run)(struct demo_ctx *c);
};

/*
 * In order; each step reads what the earlier ones left in the context and
 * draws from its own random stream.  Later modules (visits, requests,
 * meetings) add their rows here, after the ones they build on.
 */
static const struct demo_step steps[] = {
	{ "divisions", gen_divisions },
	{ "grids", gen_grids },
	{ "orgs", gen_orgs },
	{ "units", gen_units },
	{ "party_groups", gen_party_groups },
	{ "cadres", gen_cadres },
	{ "resident", gen_resident },
	{ "grid_staff", gen_grid_staff },
	{ "members", gen_members },
	{ "flags", gen_flags },
	{ "households", gen_households },
	{ "requests", gen_requests },
	{ "partylife", gen_partylife },
	{ "worklists", gen_worklists },
	{ "procedures", gen_procedures },
	{ "pairings", gen_pairings },
	{ "command", gen_command },
};

static int import_county(struct db *db, const char *dir, const char *county, FILE *err)
{
	static const char *const files[] = { "provinces", "cities", "areas", "streets", "villages" };
	char paths[5][1024];
	const char *p[5];
	for (int i = 0; i < 5; i++) {
		fmt(paths[i], sizeof(paths[i]), "%s/%s/%s.csv", dir, county, files[i]);
		p[i] = paths[i];
		FILE *f = fopen(paths[i], "r");
		if (f == NULL) {
			fprintf(err, "demo: %s: cannot open (no division data for county %s)\n", paths[i], county);
			return -1;
		}
		fclose(f);
	}
	struct division_import_result res;
	return division_import(db, p, 5, err, &res);
}

static void load_ids(struct demo_ctx *c)
{
	char upper[DIVISION_CODE_MAX + 2];
	division_subtree_upper(c->county, upper);
	/* people and household members may be different persons, but no two share a
	 * number; the numbers are sealed, so those of the county's records are opened */
	struct db_stmt *q = db_query(c->db, "SELECT id_number, 'people.id_number' FROM people WHERE division >= $1"
					    " AND division < $2 AND id_number IS NOT NULL"
					    " UNION ALL SELECT id_number, 'members.id_number' FROM members WHERE division >= $1"
					    " AND division < $2 AND id_number IS NOT NULL",
				     "tt", c->county, upper);
	while (q && db_step(q) == DB_ROW) {
		char id[64];
		if (fieldcrypt_open(db_column_text(q, 1), db_column_text(q, 0), id, sizeof(id)) != 0)
			continue;
		if (strlen(id) == 18 && strcmp(id, c->county) > 0 && strcmp(id, upper) < 0) {
			uint64_t key = strtoull((char[12]){ id[6], id[7], id[8], id[9], id[10], id[11], id[12], id[13],
							    id[14], id[15], id[16], '\0' }, NULL, 10);
			ids_insert(c, key);
		}
	}
	db_finalize(q);
}

/* Is name in the comma-separated list? */
static bool step_skipped(const char *list, const char *name)
{
	size_t n = strlen(name);
	for (const char *p = list; p && *p;) {
		size_t len = strcspn(p, ",");
		if (len == n && strncmp(p, name, n) == 0)
			return true;
		p += len + (p[len] == ',');
	}
	return false;
}

/* The build day: opt->today (YYYY-MM-DD, years 2021 to 2100) or today in CST; its start is the
 * run's clock. */
static int build_day(const char *today, struct demo_ctx *c, FILE *err)
{
	if (today == NULL) {
		pl_civil(pl_day(clock_now()), &c->today_y, &c->today_m, &c->today_d);
	} else if (!clock_valid_date(today) || sscanf(today, "%4d-%2d-%2d", &c->today_y, &c->today_m, &c->today_d) != 3 ||
		   c->today_y < 2021) {
		fprintf(err, "demo: --today is a date YYYY-MM-DD from 2021-01-01 (the campaign history ends in 2020)\n");
		return -1;
	}
	c->asof = c->now = epoch_of(c->today_y, c->today_m, c->today_d) - 10 * HOUR;
	return 0;
}

int demo_step_count(void)
{
	return N(steps);
}

const char *demo_step_name(int i)
{
	return i >= 0 && i < N(steps) ? steps[i].name : NULL;
}

/* One county in its own transaction: refused when it already has organisations, its divisions
 * imported when missing, the steps run; with bulk, the summaries' triggers set aside in the
 * transaction and the summaries rebuilt at its end (without: the caller has set them aside,
 * demo_build_province). */
int demo_build_county(struct db *db, const struct demo_options *opt, const char *county, bool bulk, FILE *err,
		      struct demo_stats *stats, double *step_cpu)
{
	memset(stats, 0, sizeof(*stats));
	struct demo_ctx day;
	if (build_day(opt->today, &day, err))
		return -1;
	char upper[DIVISION_CODE_MAX + 2];
	division_subtree_upper(county, upper);
	int64_t n = 0;
	if (db_query_int(db, &n, "SELECT COUNT(*) FROM orgs WHERE division >= $1 AND division < $2", "tt", county,
			 upper) != DB_ROW) {
		fprintf(err, "demo: %s\n", db_errmsg(db));
		return -1;
	}
	if (n > 0) {
		fprintf(err, "demo: county %s already has %lld party organisations; the demo runs once per database\n",
			county, (long long)n);
		return -1;
	}
	if (db_query_int(db, &n, "SELECT COUNT(*) FROM divisions WHERE code = $1", "t", county) != DB_ROW) {
		fprintf(err, "demo: %s\n", db_errmsg(db));
		return -1;
	}
	if (n == 0 && import_county(db, opt->data_dir ? opt->data_dir : "data/divisions", county, err))
		return -1;

	struct demo_ctx c = { .db = db, .err = err, .p = demo_profile_of(county), .st = stats, .seed = opt->seed,
			      .arena = arena_new() };
	build_day(opt->today, &c, err);   /* checked above */
	c.visit_days = 90;
	c.hh_cap = HH_CAP;
	if (opt->scale > 1) {
		if (opt->scale > 50) {
			fprintf(err, "demo: --scale is 1 to 50\n");
			arena_free(c.arena);
			return -1;
		}
		demo_profile_scale(c.p, opt->scale, &c.scaled);
		c.p = &c.scaled;
		c.visit_days *= opt->scale;
		c.hh_cap *= opt->scale;
	}
	fmt(c.county, sizeof(c.county), "%s", county);
	if (db_begin(db) != DB_OK) {
		fprintf(err, "demo: begin: %s\n", db_errmsg(db));
		arena_free(c.arena);
		return -1;
	}
	load_ids(&c);
	/* the summaries' triggers set aside for the load, the summaries built once at its end (modules/stats) */
	struct stats_bulk sb;
	int rc = bulk && stats_bulk_begin(db, &sb) ? fail(&c, "setting the summaries' triggers aside") : 0;
	bool bulk_on = bulk && rc == 0;
	for (int i = 0; i < N(steps) && rc == 0; i++) {
		if (step_skipped(opt->skip, steps[i].name))
			continue;   /* each step has its own stream: the others are unchanged */
		rng_seed(&c.rng, c.seed, c.county, steps[i].name);
		clock_t t0 = clock();
		rc = steps[i].run(&c);
		if (step_cpu)
			step_cpu[i] += (double)(clock() - t0) / CLOCKS_PER_SEC;
	}
	if (bulk_on && stats_bulk_end(db, &sb, rc == 0) && rc == 0)
		rc = fail(&c, "rebuilding the summaries");
	if (rc == 0 && db_commit(db) != DB_OK)
		rc = fail(&c, "commit");
	if (rc != 0) {
		db_rollback(db);
		memset(stats, 0, sizeof(*stats));
	} else
		stats->counties = 1;
	free(c.tw);
	free(c.vil);
	free(c.grid);
	free(c.unit);
	free(c.ids);
	free(c.young.v);
	free(c.villagers.v);
	free(c.talents.v);
	arena_free(c.arena);
	return rc == 0 ? 0 : -1;
}

int demo_build(struct db *db, const struct demo_options *opt, FILE *err, struct demo_stats *stats)
{
	struct demo_stats local;
	if (stats == NULL)
		stats = &local;
	memset(stats, 0, sizeof(*stats));
	if (opt == NULL || opt->county == NULL || division_level(opt->county) != DIV_COUNTY) {
		fprintf(err, "demo: the county is a 6-digit division code\n");
		return -1;
	}
	return demo_build_county(db, opt, opt->county, true, err, stats, NULL);
}

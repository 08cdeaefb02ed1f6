/*
 * step_procedures.c - the demo step "procedures": who was helped and how they
 * left, as the procedure engine records it.  The campaign years: every
 * household that exited in 2016-2020 went through the exit procedure in its
 * village's batch of that year (group appraisal in the autumn, the notice,
 * the county's announcement before the year ended).  Since 2021: every
 * monitoring case was opened, and every eliminated risk closed, by its
 * procedure; every poor village exited in 2016-2020 and the county in its
 * report's year, each by its procedure; a few cases are under way on the build
 * day (one with its notice running, its working days counted on the national calendar); a township's
 * 集中排查 of this year's 回头看 findings as one monitoring batch under way; a 回头看 campaign of the build year, partly worked; and the
 * county's sampling audit of its exit year, complete, with the recognition
 * its report gives (琼中 98.8 %).
 */
#include <stdlib.h>

#include "db/batch.h"
#include "demo/gen.h"
#include "modules/procedures/procedure_defs.h"
#include "modules/procedures/procedures.h"
#include "modules/requests/requests.h"

/* Days after the first step that each step of a kind was taken (a notice runs its days). */
static const int exit_days[] = { 0, 3, 5, 7, 10, 19, 26, 33 };
static const int monitor_days[] = { 0, 4, 8, 10, 19, 24 };

/* The recognition (群众认可度, permille) and the exit year each county's report gives. */
static const struct {
	const char *county;
	int recognition, exit_year;
} reports[] = {
	{ "469030", 988, 2019 },   /* 琼中: 98.8 % in the sampled cross-check */
	{ "530921", 975, 2020 },
	{ "440232", 980, 2019 },
	{ "130728", 972, 2020 },
	{ "420323", 979, 2020 },
};

struct writer {
	struct demo_ctx *c;
	struct db_batch *cases, *steps;
	struct id_pool ids;            /* the cases' ids, reserved in chunks (their steps name them) */
	struct workday_calendar cal;   /* the national calendar around the build day: a running notice's end */
};

static void step_row(struct writer *w, int64_t id, const char *step, int64_t at, const char *role, int votes,
		     const char *evidence, const char *note)
{
	struct db_batch *b = w->steps;
	db_batch_int(b, id);
	db_batch_text(b, step);
	db_batch_text(b, "take");
	db_batch_int(b, at);
	db_batch_text(b, NULL);
	db_batch_text(b, role);   /* the demo has no accounts: the office that took it */
	db_batch_text(b, role);
	if (votes) {
		int against = rng_range(&w->c->rng, 0, 2), abstain = rng_range(&w->c->rng, 0, 2);
		db_batch_int(b, votes);
		db_batch_int(b, against);
		db_batch_int(b, abstain);
	} else {
		db_batch_text(b, NULL);
		db_batch_text(b, NULL);
		db_batch_text(b, NULL);
	}
	db_batch_text(b, evidence);
	db_batch_text(b, note);
	db_batch_row(b);
}

static const char *role_of(const struct step_def *s)
{
	return s->roles & R(ROLE_COUNTY) ? "county" : s->roles & R(ROLE_TOWNSHIP) ? "township" : s->roles & R(ROLE_VILLAGE)
		       ? "village" : "grid";
}

/* A case and its steps 0 .. taken-1 from day0 (CST day number) by days[]; status open or done. */
static int write_case(struct writer *w, const struct procedure_def *d, const int *days, int taken, int64_t household,
		      const char *division, int year, int64_t batch, int64_t day0, const char *category)
{
	int64_t id;
	if (id_next(w->c, &w->ids, &id))
		return -1;
	bool done = taken == d->nsteps;
	int64_t last = pl_time(day0 + days[taken - 1], 10 * 60);
	const struct step_def *prev = &d->steps[taken - 1];
	int64_t notice_end = !done && (prev->needs & NEED_NOTICE) ? workdays_add(&w->cal, last, prev->notice_days) : 0;
	struct db_batch *b = w->cases;
	db_batch_int(b, id);
	db_batch_text(b, d->kind);
	if (household)
		db_batch_int(b, household);
	else
		db_batch_text(b, NULL);   /* a place's case */
	db_batch_text(b, division);
	db_batch_int(b, year);
	if (batch)
		db_batch_int(b, batch);
	else
		db_batch_text(b, NULL);
	db_batch_text(b, done ? "" : d->steps[taken].code);
	db_batch_text(b, done ? "done" : "open");
	db_batch_text(b, d->effect == EFFECT_EXIT ? "batch" : d->subject == SUBJECT_HOUSEHOLD ? "visit" : "proposal");
	db_batch_text(b, category);
	if (notice_end)
		db_batch_int(b, notice_end);
	else
		db_batch_text(b, NULL);
	db_batch_int(b, 0);
	db_batch_int(b, pl_time(day0, 9 * 60));
	db_batch_int(b, last);
	db_batch_row(b);
	for (int k = 0; k < taken; k++) {
		const struct step_def *s = &d->steps[k];
		step_row(w, id, s->code, pl_time(day0 + days[k], 10 * 60), role_of(s),
			 s->needs & NEED_VOTES ? rng_range(&w->c->rng, 12, 40) : 0,
			 s->needs & NEED_SIGNED ? "[\"认可签字表.jpg\"]" : s->needs & NEED_EVIDENCE ? "[\"入户核实表.pdf\"]" : NULL,
			 NULL);
	}
	return 0;
}

static int flush(struct writer *w)
{
	return db_batch_flush(w->cases) || db_batch_flush(w->steps) ? fail(w->c, "procedures") : 0;
}

/* 2016-2020: one exit case per exited household, in its village's batch of its exit year. */
static int exit_history(struct writer *w)
{
	struct demo_ctx *c = w->c;
	const struct procedure_def *d = procedure_def_find("exit");
	char upper[8];
	fmt(upper, sizeof(upper), "%.5s%c", c->county, c->county[5] + 1);
	struct db_stmt *q = db_query(c->db, "SELECT id, division, exited_year FROM households WHERE division >= $1"
				     " AND division < $2 AND exited_year BETWEEN 2016 AND 2020 ORDER BY substr(division, 1, 12),"
				     " exited_year, id", "tt", c->county, upper);
	if (q == NULL)
		return fail(c, "exit history");
	struct row {
		int64_t id;
		char village[13];
		int year;
	} *rows = NULL;
	int n = 0, cap = 0, rc;
	while ((rc = db_step(q)) == DB_ROW) {
		if (n == cap)
			rows = realloc(rows, (size_t)(cap = cap ? 2 * cap : 1024) * sizeof(*rows));
		rows[n].id = db_column_int(q, 0);
		fmt(rows[n].village, sizeof(rows[n].village), "%.12s", db_column_text(q, 1));
		rows[n].year = (int)db_column_int(q, 2);
		n++;
	}
	db_finalize(q);
	int64_t batch = 0, day0 = 0;
	for (int i = 0; i < n && rc == DB_DONE; i++) {
		if (i == 0 || strcmp(rows[i].village, rows[i - 1].village) || rows[i].year != rows[i - 1].year) {
			char name[64];
			fmt(name, sizeof(name), "%d年度贫困户退出", rows[i].year);
			day0 = pl_day_of(rows[i].year, 9, 1) + rng_range(&c->rng, 0, 45);
			if (db_query_int(c->db, &batch, "INSERT INTO procedure_batches (kind, division, year, name, created_at)"
					 " VALUES ('exit', $1, $2, $3, $4) RETURNING id", "titi", rows[i].village,
					 (int64_t)rows[i].year, name, pl_time(day0, 9 * 60)) != DB_ROW)
				rc = DB_ERROR;
		}
		if (rc == DB_DONE && write_case(w, d, exit_days, d->nsteps, rows[i].id, rows[i].village, rows[i].year, batch,
						day0, NULL))
			rc = DB_ERROR;
	}
	free(rows);
	return rc == DB_DONE ? flush(w) : fail(c, "exit history");
}

/* Since 2021: each monitoring case opened (and each elimination) by its procedure, finishing on its date. */
static int monitoring_history(struct writer *w)
{
	struct demo_ctx *c = w->c;
	const struct procedure_def *mon = procedure_def_find("monitoring"), *elim = procedure_def_find("elimination");
	char upper[8];
	fmt(upper, sizeof(upper), "%.5s%c", c->county, c->county[5] + 1);
	struct db_stmt *q = db_query(c->db, "SELECT household_id, division, category, started_on, eliminated_on,"
				     " COALESCE(elimination_method, 'natural') FROM monitoring"
				     " WHERE division >= $1 AND division < $2 ORDER BY id", "tt", c->county, upper);
	int rc = q ? DB_ROW : DB_ERROR;
	while (q && (rc = db_step(q)) == DB_ROW) {
		const char *start = db_column_text(q, 3), *end = db_column_is_null(q, 4) ? NULL : db_column_text(q, 4);
		int64_t started = pl_day_of(date_field(start, 4), date_field(start + 5, 2), date_field(start + 8, 2));
		int64_t hh = db_column_int(q, 0);
		const char *division = db_column_text(q, 1), *category = db_column_text(q, 2), *method = db_column_text(q, 5);
		if (write_case(w, mon, monitor_days, mon->nsteps, hh, division, date_field(start, 4), 0,
			       started - monitor_days[mon->nsteps - 1], category))
			rc = DB_ERROR;
		if (end && rc == DB_ROW) {
			int64_t ended = pl_day_of(date_field(end, 4), date_field(end + 5, 2), date_field(end + 8, 2));
			if (write_case(w, elim, monitor_days, elim->nsteps, hh, division, date_field(end, 4), 0,
				       ended - monitor_days[elim->nsteps - 1], method))
				rc = DB_ERROR;
		}
	}
	db_finalize(q);
	return rc == DB_DONE ? flush(w) : fail(c, "monitoring history");
}

/* On the build day: a few exited households with the lowest income, not monitored, under way. */
/* The latest income year of the county's registry (0: none); its own households only, so that
 * the cost does not grow with the other counties of a province (demo_build_province). */
static int latest_income_year(struct demo_ctx *c, int64_t *year)
{
	char upper[8];
	fmt(upper, sizeof(upper), "%.5s%c", c->county, c->county[5] + 1);
	return db_query_int(c->db, year, "SELECT COALESCE(MAX(i.year), 0) FROM households h JOIN household_incomes i"
				    " ON i.household_id = h.id WHERE h.division >= $1 AND h.division < $2", "tt", c->county,
			    upper) == DB_ROW ? 0 : -1;
}

static int under_way(struct writer *w)
{
	struct demo_ctx *c = w->c;
	int64_t latest = 0;
	if (latest_income_year(c, &latest))
		return fail(c, "monitoring under way");
	const struct procedure_def *mon = procedure_def_find("monitoring");
	char upper[8];
	fmt(upper, sizeof(upper), "%.5s%c", c->county, c->county[5] + 1);
	struct db_stmt *q = db_query(c->db, "SELECT h.id, h.division FROM households h JOIN household_incomes i"
				     " ON i.household_id = h.id AND i.year = $3"
				     " WHERE h.division >= $1 AND h.division < $2 AND h.status IN ('exited', 'exited_enjoying')"
				     " AND NOT EXISTS (SELECT 1 FROM monitoring m WHERE m.household_id = h.id"
				     " AND m.eliminated_on IS NULL) ORDER BY i.per_capita, h.id LIMIT 6", "tti", c->county, upper,
				     latest);
	static const int taken[] = { 1, 2, 3, 4, 4, 5 };   /* declared .. notice running .. township reviewed */
	int rc = q ? DB_ROW : DB_ERROR, k = 0;
	int64_t today = pl_day(c->asof);
	while (q && (rc = db_step(q)) == DB_ROW && k < 6) {
		/* the notice of the fourth case opened two days ago: it runs past the build day */
		int t = taken[k];
		int64_t day0 = today - monitor_days[t - 1] - (t == 4 ? 2 : rng_range(&c->rng, 1, 3));
		if (write_case(w, mon, monitor_days, t, db_column_int(q, 0), db_column_text(q, 1), c->today_y, 0, day0,
			       "unstable"))
			rc = DB_ERROR;
		k++;
	}
	db_finalize(q);
	return rc == DB_DONE || rc == DB_ROW ? flush(w) : fail(c, "cases under way");
}

/* Each poor village exited in 2016-2020 by its procedure, and the county in its report's year. */
static const int place_days[] = { 0, 10, 25, 40, 50, 60 };
static const int county_days[] = { 0, 20, 40, 55, 65 };

static int place_history(struct writer *w)
{
	struct demo_ctx *c = w->c;
	const struct procedure_def *vx = procedure_def_find("village_exit"), *cx = procedure_def_find("county_exit");
	int county_year = 2020;
	for (int i = 0; i < N(reports); i++)
		if (!strcmp(reports[i].county, c->county))
			county_year = reports[i].exit_year;
	for (int v = 0; v < c->nvil; v++) {
		if (!c->vil[v].poor)
			continue;
		int year = rng_range(&c->rng, 2016, county_year);
		int64_t day0 = pl_day_of(year, 8, 1) + rng_range(&c->rng, 0, 60);
		if (write_case(w, vx, place_days, vx->nsteps, 0, c->vil[v].code, year, 0, day0, NULL) ||
		    db_exec(c->db, "UPDATE divisions SET poverty_exit_year = $1 WHERE code = $2", "it", (int64_t)year,
			    c->vil[v].code) != DB_OK)
			return fail(c, "village exits");
	}
	int64_t poor_county = 0;
	if (db_query_int(c->db, &poor_county, "SELECT poor_county FROM divisions WHERE code = $1", "t", c->county) != DB_ROW)
		return fail(c, "county exit");
	if (poor_county &&
	    (write_case(w, cx, county_days, cx->nsteps, 0, c->county, county_year, 0, pl_day_of(county_year, 9, 1), NULL) ||
	     db_exec(c->db, "UPDATE divisions SET poverty_exit_year = $1 WHERE code = $2", "it", (int64_t)county_year,
		     c->county) != DB_OK))
		return fail(c, "county exit");
	return flush(w);
}

/* The build year's 回头看, about three in five households worked. */
static int recheck(struct demo_ctx *c)
{
	int64_t id = 0, year = 0;
	if (latest_income_year(c, &year))
		return fail(c, "recheck");
	if (year == 0)
		return 0;   /* no registry (the households step left out): nothing to look at again */
	char name[96];
	fmt(name, sizeof(name), "%d年防止返贫监测帮扶集中排查（回头看）", c->today_y);
	if (db_query_int(c->db, &id, "INSERT INTO rechecks (name, division, year, created_at) VALUES ($1, $2,"
				      " $3, $4) RETURNING id", "ttii", name, c->county, year, c->asof - 40 * DAY) != DB_ROW ||
	    recheck_fill(c->db, c->arena, id, c->county, year) != DB_OK)
		return fail(c, "recheck");
	struct db_stmt *q = db_query(c->db, "SELECT household_id, reason FROM recheck_households WHERE recheck_id = $1"
				     " ORDER BY household_id", "i", id);
	struct { int64_t id; bool missed_reason; } *items = NULL;
	int n = 0, cap = 0;
	while (q && db_step(q) == DB_ROW) {
		if (n == cap)
			items = realloc(items, (size_t)(cap = cap ? 2 * cap : 256) * sizeof(*items));
		items[n].id = db_column_int(q, 0);
		items[n].missed_reason = !strcmp(db_column_text(q, 1), "unregistered_low_income");
		n++;
	}
	db_finalize(q);
	int rc = DB_OK;
	for (int i = 0; i < n && rc == DB_OK; i++) {
		if (!rng_permille(&c->rng, 600))
			continue;
		const char *finding = items[i].missed_reason ? (rng_permille(&c->rng, 150) ? "missed" : "fine")
							     : (rng_permille(&c->rng, 50) ? "should_be_out" : "rightly_in");
		rc = db_exec(c->db, "UPDATE recheck_households SET finding = $1, action = $2, done_at = $3 WHERE recheck_id = $4"
			     " AND household_id = $5", "ttiii", finding,
			     !strcmp(finding, "missed") ? "已启动监测对象识别程序" : !strcmp(finding, "should_be_out")
				     ? "已提请乡镇审核" : "入户核实，情况属实",
			     c->asof - (int64_t)rng_range(&c->rng, 1, 35) * DAY, id, items[i].id);
	}
	free(items);
	return rc == DB_OK ? 0 : fail(c, "recheck findings");
}

/*
 * Since 2021 the live identification is monitoring identification: the township with the most of
 * this year's 回头看 findings to act on (missed households; exited ones under the monitoring line, not
 * monitored) runs its 集中排查 as one monitoring batch, opened twelve days before the build day; on
 * the build day its cases stand at every step up to the village's notice (opened two days ago).
 */
#define SWEEP_MAX 30

static int sweep_batch(struct writer *w)
{
	struct demo_ctx *c = w->c;
	const struct procedure_def *mon = procedure_def_find("monitoring");
	int64_t campaign = 0;
	int rc = db_query_int(c->db, &campaign, "SELECT COALESCE(MAX(id), 0) FROM rechecks WHERE division = $1", "t", c->county);
	if (rc != DB_ROW)
		return fail(c, "集中排查");
	if (campaign == 0)
		return 0;   /* no registry, no campaign */
	/* whom the campaign found: not monitored and no case open */
	static const char *const found =
		" FROM recheck_households i JOIN households h ON h.id = i.household_id WHERE i.recheck_id = $1"
		" AND (i.finding = 'missed' OR i.reason = 'exited_under_monitoring_line')"
		" AND h.status IN ('not_registered', 'exited', 'exited_enjoying')"
		" AND NOT EXISTS (SELECT 1 FROM monitoring m WHERE m.household_id = h.id AND m.eliminated_on IS NULL)"
		" AND NOT EXISTS (SELECT 1 FROM procedures p WHERE p.household_id = h.id AND p.status = 'open')";
	char township[16] = "";
	struct db_stmt *q = db_query(c->db, arena_printf(c->arena, "SELECT i.township, COUNT(*)%s GROUP BY i.township"
							 " ORDER BY COUNT(*) DESC, i.township LIMIT 1", found), "i", campaign);
	if (q && db_step(q) == DB_ROW)
		fmt(township, sizeof(township), "%s", db_column_text(q, 0));
	db_finalize(q);
	if (q == NULL)
		return fail(c, "集中排查");
	if (!*township)
		return 0;   /* nothing found to act on */
	int64_t today = pl_day(c->asof), day0 = today - 12, batch = 0;
	const char *name = arena_printf(c->arena, "%d年防止返贫集中排查监测对象识别（%s）", c->today_y, township);
	if (db_query_int(c->db, &batch, "INSERT INTO procedure_batches (kind, division, year, name, created_at)"
			 " VALUES ('monitoring', $1, $2, $3, $4) RETURNING id", "titi", township, (int64_t)c->today_y,
			 name, pl_time(day0, 9 * 60)) != DB_ROW)
		return fail(c, "集中排查");
	q = db_query(c->db, arena_printf(c->arena, "SELECT h.id, h.division, h.status%s AND i.township = $2"
					 " ORDER BY h.id LIMIT %d", found, SWEEP_MAX), "it", campaign, township);
	rc = q ? DB_ROW : DB_ERROR;
	int k = 0;
	while (q && (rc = db_step(q)) == DB_ROW) {
		/* declared, verified, appraised, or in the notice opened two days ago (monitor_days: 0, 4, 8, 10) */
		int taken = 1 + k++ % 4;
		const char *category = strcmp(db_column_text(q, 2), "not_registered") ? "unstable" : "marginal";
		if (write_case(w, mon, monitor_days, taken, db_column_int(q, 0), db_column_text(q, 1), c->today_y, batch, day0,
			       category))
			rc = DB_ERROR;
	}
	db_finalize(q);
	if (rc != DB_DONE)
		return fail(c, "集中排查");
	/* the campaign's source: the cases came from it */
	return flush(w) || db_exec(c->db, "UPDATE procedures SET source = 'recheck' WHERE batch_id = $1", "i", batch) != DB_OK
		       ? fail(c, "集中排查")
		       : 0;
}

/* The exit year's sampling audit, every household asked: recognition as the report gives it. */
static int sampling(struct demo_ctx *c)
{
	int permille = 975, year = 2020;
	for (int i = 0; i < N(reports); i++)
		if (!strcmp(reports[i].county, c->county)) {
			permille = reports[i].recognition;
			year = reports[i].exit_year;
		}
	int64_t id = 0, households = 0;
	char upper[8];
	fmt(upper, sizeof(upper), "%.5s%c", c->county, c->county[5] + 1);
	if (db_query_int(c->db, &households, "SELECT COUNT(*) FROM (SELECT 1 FROM households WHERE division >= $1"
					     " AND division < $2 LIMIT 1) x", "tt", c->county, upper) != DB_ROW)
		return fail(c, "sampling");
	if (households == 0)
		return 0;
	char name[96];
	fmt(name, sizeof(name), "%d年贫困县退出第三方评估抽查", year);
	const int64_t want[3] = { 20, 300, 180 };
	if (db_query_int(c->db, &id, "INSERT INTO samplings (name, division, year, seed, created_at) VALUES ($1, $2, $3, $4,"
			 " $5) RETURNING id", "ttiii", name, c->county, (int64_t)year, (int64_t)c->seed,
			 epoch_of(year, 11, 20)) != DB_ROW ||
	    sampling_draw(c->db, c->arena, id, c->seed, c->county, want) != DB_OK)
		return fail(c, "sampling");
	int64_t n = 0;
	if (db_query_int(c->db, &n, "SELECT COUNT(*) FROM sampling_households WHERE sampling_id = $1", "i", id) != DB_ROW)
		return fail(c, "sampling");
	/* the first (n * permille + 500) / 1000 households by id recognise the work, the rest do not */
	int64_t yes = (n * permille + 500) / 1000;
	int rc = db_exec(c->db, "UPDATE sampling_households SET recognises = 0, surveyed_at = $2,"
			 " rightly_exited = CASE WHEN grp = 'exited' THEN 1 END,"
			 " should_be_in = CASE WHEN grp = 'unregistered' THEN 0 END,"
			 " rightly_identified = CASE WHEN grp = 'registered' THEN 1 END WHERE sampling_id = $1", "ii", id,
			 epoch_of(year, 12, 1));
	if (rc == DB_OK)
		rc = db_exec(c->db, "UPDATE sampling_households SET recognises = 1 WHERE sampling_id = $1 AND household_id IN"
			     " (SELECT household_id FROM sampling_households WHERE sampling_id = $1 ORDER BY household_id"
			     " LIMIT $2)", "ii", id, yes);
	return rc == DB_OK ? 0 : fail(c, "sampling findings");
}

int gen_procedures(struct demo_ctx *c)
{
	struct writer w = { .c = c, .ids = { .table = "procedures" } };
	/* only cases under way on the build day have a notice running: the calendar from two months before */
	if (calendar_load(c->db, c->arena, c->asof - 60 * DAY, &w.cal) != DB_OK)
		return fail(c, "calendar");
	w.cases = db_batch_new(c->db, "procedures",
			       "id, kind, household_id, division, year, batch_id, step, status, source, category,"
			       " notice_ends_at, objections, created_at, updated_at", 14, 64);
	w.steps = db_batch_new(c->db, "procedure_steps",
			       "procedure_id, step, action, at, user_id, username, role, votes_for, votes_against,"
			       " votes_abstain, evidence, note", 12, 64);
	int rc = exit_history(&w);
	if (rc == 0)
		rc = monitoring_history(&w);
	if (rc == 0)
		rc = under_way(&w);
	if (rc == 0)
		rc = place_history(&w);
	if (rc == 0)
		rc = recheck(c);
	if (rc == 0)
		rc = sweep_batch(&w);
	if (rc == 0)
		rc = id_return(c, &w.ids);
	db_batch_free(w.cases);
	db_batch_free(w.steps);
	if (rc == 0)
		rc = sampling(c);
	return rc;
}

/*
 * family_schools.c - how the family party schools (农村家庭党校) keep their
 * rhythm (see partylife.h): one activity a month, on the school's activity
 * day, and an exchange each quarter in the school's exchange week.
 *
 * The schools themselves are the plain entity family_school; their sessions
 * are trainings of kind family_school that carry the school's id (exchange
 * sessions flagged).  A month or quarter is assessed in the period where it
 * ends, as the meeting rules are, and only while the school was open.  A
 * month or quarter that has not ended is in progress: without its session
 * yet it is open, not missed.
 */
#include <stdio.h>
#include <string.h>

#include "auth/scope.h"
#include "core/clock.h"
#include "core/division.h"
#include "db/sqlbuf.h"
#include "http/reply.h"
#include "modules/partylife/partylife.h"

#define MAX_UNITS 60
#define MAX_BUCKETS 256

struct session {
	int64_t school, day, minutes, attendees;
	bool exchange;
};

struct school_sum {
	int64_t months, months_held, months_on_day, quarters, quarters_held, quarters_in_week;
	int64_t months_missed, months_open, quarters_missed, quarters_open;
	int64_t sessions, person_times, minutes;
};

struct bucket {
	const char *code;
	int64_t schools, compliant, in_progress, sessions, person_times;
};

/* A date column "YYYY-MM-DD" as a CST day, or fallback when empty. */
static int64_t date_day(const char *s, int64_t fallback)
{
	int64_t t;
	return s && *s && !pl_parse_time(s, &t) ? pl_cst_day(t) : fallback;
}

static int load_sessions(struct req *r, const char *division, int64_t first, int64_t last, struct session **out, int *n)
{
	struct sqlbuf b;
	sqlbuf_init(&b, r->arena);
	sqlbuf_add(&b, "SELECT t.school_id, t.starts_at, t.minutes, t.exchange,"
		       " (SELECT COUNT(*) FROM training_attendees a WHERE a.training_id = t.id)"
		       " FROM trainings t JOIN family_schools s ON s.id = t.school_id WHERE ");
	scope_where_under(&b, r->user, "s.division", division);
	sqlbuf_add(&b, " AND t.starts_at >= ");
	sqlbuf_int(&b, first * 86400 - 8 * 3600);
	sqlbuf_add(&b, " AND t.starts_at < ");
	sqlbuf_int(&b, (last + 1) * 86400 - 8 * 3600);
	sqlbuf_add(&b, " ORDER BY t.school_id");
	struct db_stmt *q = sqlbuf_query(r->db, &b);
	if (q == NULL)
		return DB_ERROR;
	int cap = 256, rc;
	*out = arena_alloc(r->arena, sizeof(**out) * (size_t)cap);
	*n = 0;
	while ((rc = db_step(q)) == DB_ROW) {
		if (*n == cap) {
			struct session *g = arena_alloc(r->arena, sizeof(**out) * (size_t)cap * 2);
			memcpy(g, *out, sizeof(**out) * (size_t)cap);
			*out = g;
			cap *= 2;
		}
		(*out)[(*n)++] = (struct session){ .school = db_column_int(q, 0), .day = pl_cst_day(db_column_int(q, 1)),
						   .minutes = db_column_int(q, 2), .exchange = db_column_int(q, 3) != 0,
						   .attendees = db_column_int(q, 4) };
	}
	db_finalize(q);
	return rc == DB_DONE ? DB_OK : rc;
}

static int day_of_month(int64_t day)
{
	int y, m, d;
	pl_civil_from_days(day, &y, &m, &d);
	return d;
}

int family_schools_activity(struct req *r)
{
	const char *division, *ps = req_query(r, "period");
	struct paging pg;
	int st = pl_division_param(r, false, &division);
	if (!st)
		st = paging_from_query(r, &pg);
	if (st)
		return st;
	struct pl_period period;
	if (ps == NULL || pl_period_parse(ps, &period))
		return reply_error_msg(r, ERR_VALIDATION, "统计期应为月（如 2026-11）、季度（如 2026Q3）或年（如 2026）",
				       "period is a month 2026-11, a quarter 2026Q3 or a year 2026", "period");
	int64_t ms[MAX_UNITS], me[MAX_UNITS], qs[MAX_UNITS], qe[MAX_UNITS];
	int nm = pl_units(PL_MONTH, &period, ms, me, MAX_UNITS), nq = pl_units(PL_QUARTER, &period, qs, qe, MAX_UNITS);
	int64_t first = period.first, last = period.last, today = pl_cst_day(clock_now());
	for (int i = 0; i < nq; i++)
		first = qs[i] < first ? qs[i] : first;
	struct session *ses;
	int nses;
	if (load_sessions(r, division, first, last, &ses, &nses) != DB_OK)
		return reply_error(r, ERR_INTERNAL, NULL);

	struct sqlbuf b;
	sqlbuf_init(&b, r->arena);
	sqlbuf_add(&b, "SELECT s.id, s.name, s.division, s.activity_day, s.exchange_week, s.founded_on, s.closed_on,"
		       " (SELECT d.name FROM divisions d WHERE d.code = s.division) FROM family_schools s WHERE ");
	scope_where_under(&b, r->user, "s.division", division);
	sqlbuf_add(&b, " ORDER BY s.id");
	struct db_stmt *q = sqlbuf_query(r->db, &b);
	if (q == NULL)
		return reply_error(r, ERR_INTERNAL, NULL);
	int clen = division_child_length(division);
	struct bucket buckets[MAX_BUCKETS];
	int nb = 0, si = 0;
	int64_t listed = 0, open_schools = 0, ok_schools = 0, running_schools = 0, all_sessions = 0, all_pt = 0, all_minutes = 0;
	json_t *schools = json_array();
	const char *gaps_q = req_query(r, "gaps");
	bool only_gaps = gaps_q && !strcmp(gaps_q, "1");
	while (db_step(q) == DB_ROW) {
		int64_t id = db_column_int(q, 0), aday = db_column_int(q, 3), week = db_column_int(q, 4);
		const char *sdiv = db_column_text(q, 2);
		int64_t opened = date_day(db_column_text(q, 5), INT32_MIN), closed = date_day(db_column_text(q, 6), INT32_MAX);
		while (si < nses && ses[si].school < id)
			si++;
		int lo = si;
		while (si < nses && ses[si].school == id)
			si++;
		if (opened > last || closed < period.first)
			continue;   /* not open during the period */
		struct school_sum sum = { 0 };
		for (int k = lo; k < si; k++)
			if (ses[k].day >= period.first && ses[k].day <= last) {
				sum.sessions++;
				sum.person_times += ses[k].attendees;
				sum.minutes += ses[k].minutes;
			}
		for (int u = 0; u < nm; u++) {
			if (me[u] < opened || ms[u] > closed)
				continue;
			bool held = false, on_day = false;
			for (int k = lo; k < si; k++)
				if (ses[k].day >= ms[u] && ses[k].day <= me[u]) {
					held = true;
					on_day |= day_of_month(ses[k].day) == aday;
				}
			sum.months++;
			sum.months_held += held;
			sum.months_missed += !held && me[u] < today;
			sum.months_open += !held && me[u] >= today;
			sum.months_on_day += on_day;
		}
		for (int u = 0; u < nq; u++) {
			if (qe[u] < opened || qs[u] > closed)
				continue;
			int64_t w0 = qs[u] + (week - 1) * 7, w1 = w0 + 6;
			bool held = false, in_week = false;
			for (int k = lo; k < si; k++)
				if (ses[k].exchange && ses[k].day >= qs[u] && ses[k].day <= qe[u]) {
					held = true;
					in_week |= ses[k].day >= w0 && ses[k].day <= w1;
				}
			sum.quarters++;
			sum.quarters_held += held;
			sum.quarters_missed += !held && qe[u] < today;
			sum.quarters_open += !held && qe[u] >= today;
			sum.quarters_in_week += in_week;
		}
		/* compliant: no ended month or quarter without its session; in progress: nothing missed, something open */
		bool ok = sum.months_missed == 0 && sum.quarters_missed == 0;
		bool running = ok && (sum.months_open || sum.quarters_open);
		open_schools++;
		ok_schools += ok;
		running_schools += running;
		all_sessions += sum.sessions;
		all_pt += sum.person_times;
		all_minutes += sum.minutes;
		if ((!only_gaps || !ok) && listed >= pg.offset && listed < pg.offset + pg.page_size) {
			json_t *item = json_pack(
				"{s:I, s:s, s:s, s:o, s:I, s:I, s:b, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:f}", "id", (json_int_t)id,
				"name", db_column_text(q, 1), "division", sdiv, "division_name", pl_opt_text(db_column_text(q, 7)),
				"activity_day", (json_int_t)aday, "exchange_week", (json_int_t)week, "compliant", ok, "months",
				(json_int_t)sum.months, "months_held", (json_int_t)sum.months_held, "months_on_day",
				(json_int_t)sum.months_on_day, "quarters", (json_int_t)sum.quarters, "quarters_held",
				(json_int_t)sum.quarters_held, "quarters_in_week", (json_int_t)sum.quarters_in_week, "sessions",
				(json_int_t)sum.sessions, "person_times", (json_int_t)sum.person_times, "hours",
				(double)sum.minutes / 60.0);
			json_object_set_new(item, "status", json_string(!ok ? "noncompliant" : running ? "in_progress" : "compliant"));
			json_object_set_new(item, "months_missed", json_integer(sum.months_missed));
			json_object_set_new(item, "months_open", json_integer(sum.months_open));
			json_object_set_new(item, "quarters_missed", json_integer(sum.quarters_missed));
			json_object_set_new(item, "quarters_open", json_integer(sum.quarters_open));
			json_array_append_new(schools, item);
		}
		listed += !only_gaps || !ok;
		char child[DIVISION_CODE_MAX + 1];
		snprintf(child, sizeof(child), "%.*s", (int)strlen(sdiv) > clen ? clen : (int)strlen(sdiv), sdiv);
		int bi = 0;
		while (bi < nb && strcmp(buckets[bi].code, child))
			bi++;
		if (bi == nb && nb < MAX_BUCKETS)
			buckets[nb++] = (struct bucket){ .code = arena_strdup(r->arena, child) };
		if (bi < nb) {
			buckets[bi].schools++;
			buckets[bi].compliant += ok;
			buckets[bi].in_progress += running;
			buckets[bi].sessions += sum.sessions;
			buckets[bi].person_times += sum.person_times;
		}
	}
	db_finalize(q);
	json_t *by = json_array();
	for (int i = 0; i < nb; i++)
		json_array_append_new(by, json_pack("{s:s, s:I, s:I, s:I, s:f, s:I, s:I}", "division", buckets[i].code, "schools",
						    (json_int_t)buckets[i].schools, "compliant", (json_int_t)buckets[i].compliant,
						    "in_progress", (json_int_t)buckets[i].in_progress,
						    "rate", (double)buckets[i].compliant / (double)buckets[i].schools, "sessions",
						    (json_int_t)buckets[i].sessions, "person_times", (json_int_t)buckets[i].person_times));
	pl_name_divisions(r, by);
	return reply_json(r, 200, json_pack("{s:s, s:s, s:b, s:{s:I, s:I}, s:{s:I, s:I, s:I, s:f, s:I, s:I, s:f}, s:o,"
					    " s:{s:o, s:I, s:I, s:I}}",
		"division", division, "period", period.label, "in_progress", period.last >= today, "units", "months",
		(json_int_t)nm, "quarters", (json_int_t)nq,
		"totals", "schools", (json_int_t)open_schools, "compliant", (json_int_t)ok_schools, "in_progress",
		(json_int_t)running_schools, "rate",
		open_schools ? (double)ok_schools / (double)open_schools : 0.0, "sessions", (json_int_t)all_sessions,
		"person_times", (json_int_t)all_pt, "hours", (double)all_minutes / 60.0, "by_division", by,
		"schools", "items", schools, "total", (json_int_t)listed, "page", (json_int_t)pg.page, "page_size",
		(json_int_t)pg.page_size));
}

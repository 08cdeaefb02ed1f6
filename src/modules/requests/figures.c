/* figures.c - the figures of a period (GET /requests/stats): totals and by channel, category and responsible level. */
#include "modules/requests/requests.h"
#include "modules/requests/requests_internal.h"

#include <string.h>
#include <time.h>

#include "auth/principal.h"
#include "auth/scope.h"
#include "core/clock.h"
#include "core/division.h"
#include "http/reply.h"

/* The requests in the caller's scope (and under division); of the period by
 * their creation, or (steps) the rated steps of the period by their time. */
static int stats_where(struct req *r, struct sqlbuf *b, const char *division, int64_t from, int64_t to, bool steps)
{
	sqlbuf_add(b, steps ? " WHERE s.satisfaction IS NOT NULL AND " : " FROM requests q WHERE ");
	scope_where_under(b, r->user, "q.division", division);
	sqlbuf_add(b, steps ? " AND s.at >= " : " AND q.created_at >= ");
	sqlbuf_int(b, from);
	sqlbuf_add(b, steps ? " AND s.at < " : " AND q.created_at < ");
	sqlbuf_int(b, to);
	return 0;
}

#define STATS_COLUMNS                                                                                       \
	"COUNT(*), SUM(CASE WHEN q.signed_at IS NOT NULL AND q.signed_at <= q.sign_due THEN 1 ELSE 0 END),"   \
	" SUM(CASE WHEN q.status = 'closed' THEN 1 ELSE 0 END),"                                            \
	" SUM(CASE WHEN q.status = 'closed' AND q.closed_at <= q.close_due THEN 1 ELSE 0 END),"             \
	" 0, 0,"   /* the callbacks: counted by tally_rated over the steps */                            \
	" SUM(CASE WHEN q.reopen_count > 0 THEN 1 ELSE 0 END),"                                               \
	" SUM(CASE WHEN q.status = 'closed' THEN q.closed_at - q.created_at ELSE 0 END),"                     \
	" SUM(CASE WHEN q.mediation_outcome IS NOT NULL AND q.status = 'closed' THEN 1 ELSE 0 END),"          \
	" SUM(CASE WHEN q.supervised = 1 THEN 1 ELSE 0 END),"                                                 \
	" SUM(CASE WHEN q.status = 'closed' AND q.reopen_count = 0 THEN 1 ELSE 0 END)"

static json_t *rate(int64_t num, int64_t den)
{
	return den ? json_real((double)num * 100.0 / (double)den) : json_null();
}

/* The STATS_COLUMNS sums of some requests, then the callbacks of the period
 * and the requesters' own ratings (S_RATED...). */
enum {
	S_RECEIVED, S_SIGNED_ON_TIME, S_CLOSED, S_CLOSED_ON_TIME, S_SATISFIED, S_CALLBACKS, S_REOPENED, S_CLOSE_SECONDS,
	S_SETTLED, S_SUPERVISED, S_FIRST_TIME, S_RATED_OK, S_RATED, NSTATS
};
#define NCOLUMNS S_RATED_OK   /* the columns of STATS_COLUMNS */
struct tally {
	const char *key;      /* of a breakdown row; NULL for none */
	int64_t v[NSTATS];
};

/* The figures of a tally; their definitions are in docs/api.md (GET /requests/stats). */
static json_t *figures(const int64_t *v)
{
	int64_t received = v[S_RECEIVED], closed = v[S_CLOSED];
	json_t *o = json_pack("{s:I, s:I, s:I, s:I, s:o, s:o, s:o, s:o, s:o}", "received", (json_int_t)received,
			      "signed_on_time", (json_int_t)v[S_SIGNED_ON_TIME], "closed", (json_int_t)closed,
			      "closed_on_time", (json_int_t)v[S_CLOSED_ON_TIME],
			      "satisfaction_rate", rate(v[S_SATISFIED], v[S_CALLBACKS]),
			      "reopen_rate", rate(v[S_REOPENED], received), "close_rate", rate(closed, received),
			      "on_time_close_rate", rate(v[S_CLOSED_ON_TIME], closed),
			      "avg_hours_to_close", closed ? json_real((double)v[S_CLOSE_SECONDS] / (double)closed / 3600.0)
							   : json_null());
	json_object_set_new(o, "callbacks", json_integer(v[S_CALLBACKS]));
	json_object_set_new(o, "callbacks_satisfied", json_integer(v[S_SATISFIED]));
	json_object_set_new(o, "closed_first_time", json_integer(v[S_FIRST_TIME]));
	json_object_set_new(o, "first_time_resolution_rate", rate(v[S_FIRST_TIME], closed));
	json_object_set_new(o, "requester_ratings", json_integer(v[S_RATED]));
	json_object_set_new(o, "requester_satisfaction_rate", rate(v[S_RATED_OK], v[S_RATED]));
	return o;
}

#define CST_OFFSET (8 * 3600)   /* China time: days begin at 16:00 UTC */

/* Does t fall on a day's start, China time (a period the summary rows read)? */
static bool day_start(int64_t t)
{
	return (t + CST_OFFSET) % 86400 == 0;
}

/* ?from=YYYY-MM-DD&to=YYYY-MM-DD (inclusive, China time); default: the last
 * 365 days, today among them (whole days). */
static int period(struct req *r, int64_t *from, int64_t *to)
{
	const char *f = req_query(r, "from"), *t = req_query(r, "to");
	int64_t now = clock_now();
	*to = ((now + CST_OFFSET) / 86400 + 1) * 86400 - CST_OFFSET;
	*from = *to - 365 * 86400;
	const char *vals[2] = { f, t };
	for (int i = 0; i < 2; i++) {
		if (vals[i] == NULL)
			continue;
		struct tm tm = { 0 };
		char *end = strptime(vals[i], "%Y-%m-%d", &tm);
		if (end == NULL || *end)
			return reply_error_msg(r, ERR_VALIDATION, "日期应为年-月-日，如 2026-11-03", "Dates are YYYY-MM-DD", i ? "to" : "from");
		int64_t day = (int64_t)timegm(&tm) - CST_OFFSET;
		if (i == 0)
			*from = day;
		else
			*to = day + 86400;
	}
	if (*to <= *from)
		return reply_error_msg(r, ERR_VALIDATION, "结束日期早于开始日期", "The period ends before it starts", "to");
	return 0;
}

/* Add v to the breakdown row of key in rows (at most max, kept in key order). */
static void tally_add(struct tally *rows, int *n, int max, const char *key, const int64_t *v)
{
	int i = 0;
	while (i < *n && strcmp(rows[i].key, key) < 0)
		i++;
	if (i == *n || strcmp(rows[i].key, key)) {
		if (*n == max)
			return;
		memmove(&rows[i + 1], &rows[i], (size_t)(*n - i) * sizeof(*rows));
		rows[i] = (struct tally){ .key = key };
		(*n)++;
	}
	for (int k = 0; k < NSTATS; k++)
		rows[i].v[k] += v[k];
}

#define MAX_KEYS 128  /* of one breakdown: channels, top-level categories, levels (dictionaries) */

/*
 * Run b (the three breakdown keys, then n sums) and add each row's sums to
 * the tallies at the slots at[0..n): to the total and to the rows of each
 * breakdown.
 */
static int tally_query_at(struct req *r, struct sqlbuf *b, const int *at, int n, int64_t *total,
			  struct tally rows[3][MAX_KEYS], int nrows[3])
{
	struct db_stmt *q = sqlbuf_query(r->db, b);
	if (q == NULL)
		return DB_ERROR;
	int rc;
	while ((rc = db_step(q)) == DB_ROW) {
		int64_t v[NSTATS] = { 0 };
		for (int k = 0; k < n; k++) {
			v[at[k]] = db_column_is_null(q, 3 + k) ? 0 : db_column_int(q, 3 + k);
			total[at[k]] += v[at[k]];
		}
		for (int g = 0; g < 3; g++) {
			const char *key = db_column_text(q, g);
			tally_add(rows[g], &nrows[g], MAX_KEYS, arena_strdup(r->arena, key ? key : ""), v);
		}
	}
	db_finalize(q);
	return rc == DB_DONE ? DB_OK : rc;
}

/* The same for the slots first..first+n-1. */
static int tally_query(struct req *r, struct sqlbuf *b, int first, int n, int64_t *total, struct tally rows[3][MAX_KEYS],
		       int nrows[3])
{
	int at[NSTATS];
	for (int k = 0; k < n; k++)
		at[k] = first + k;
	return tally_query_at(r, b, at, n, total, rows, nrows);
}

/* A request's channel, top category and level: the keys of GET /requests/figures. */
#define FIGURE_KEYS                                                                                          \
	"q.channel, COALESCE((SELECT c.parent_code FROM request_categories c WHERE c.code = q.category), q.category)," \
	" CASE length(q.org_division) WHEN 6 THEN 'county' WHEN 9 THEN 'township' WHEN 12 THEN 'village'"     \
	" ELSE 'unassigned' END"

/* Every callback (and every rating by the requester) in [from, to), in the
 * period it happened whenever its request came in (an unsatisfied callback
 * that reopened the request counts too), by keys (three key columns, SQL)
 * grouped by group, added to the tallies. */
static int tally_rated(struct req *r, const char *keys, const char *group, const char *division, int64_t from,
		       int64_t to, int64_t *total, struct tally rows[3][MAX_KEYS], int nrows[3])
{
	struct sqlbuf b;
	sqlbuf_init(&b, r->arena);
	sqlbuf_add(&b, "SELECT ");
	sqlbuf_add(&b, keys);
	sqlbuf_add(&b, ", SUM(CASE WHEN s.action = 'visit' AND s.satisfaction IN ('satisfied', 'basic') THEN 1 ELSE 0 END),"
		       " SUM(CASE WHEN s.action = 'visit' THEN 1 ELSE 0 END),"
		       " SUM(CASE WHEN s.action = 'feedback' AND s.satisfaction IN ('satisfied', 'basic') THEN 1 ELSE 0 END),"
		       " SUM(CASE WHEN s.action = 'feedback' THEN 1 ELSE 0 END)"
		       " FROM request_steps s JOIN requests q ON q.id = s.request_id");
	int st = stats_where(r, &b, division, from, to, true);
	if (st)
		return st;
	sqlbuf_add(&b, " GROUP BY ");
	sqlbuf_add(&b, group);
	static const int rated[] = { S_SATISFIED, S_CALLBACKS, S_RATED_OK, S_RATED };
	return tally_query_at(r, &b, rated, 4, total, rows, nrows);
}

/* ---- the summary rows (request_figures, kept by the writes' triggers: migrations 40, 41) ------------ */

/* The summary's sums, in the order of the slots S_RECEIVED..S_RATED. */
#define FIGURE_SUMS                                                                                          \
	"SUM(received), SUM(signed_on_time), SUM(closed), SUM(closed_on_time), SUM(callbacks_ok), SUM(callbacks),"  \
	" SUM(reopened), SUM(close_seconds), SUM(settled), SUM(supervised), SUM(first_time), SUM(rated_ok), SUM(rated)"

/* The columns FIGURE_SUMS adds up. */
#define FIGURE_COLS                                                                                          \
	"dim, key, node, received, signed_on_time, closed, closed_on_time, callbacks_ok, callbacks, reopened,"      \
	" close_seconds, settled, supervised, first_time, rated_ok, rated"

/* A run of the summary rows' day column, lo..hi inclusive: days (>= 0) or months (-YYYYMM). */
struct span {
	int64_t lo, hi;
};

/* The day number (days since 1970-01-01) of the first of month m (1..12) of year y. */
static int64_t month_first(int y, int m)
{
	struct tm tm = { .tm_year = y - 1900, .tm_mon = m - 1, .tm_mday = 1 };
	return (int64_t)timegm(&tm) / 86400;
}

/* The year and month of a day number. */
static void month_of(int64_t day, int *y, int *m)
{
	time_t t = (time_t)(day * 86400);
	struct tm tm;
	gmtime_r(&t, &tm);
	*y = tm.tm_year + 1900;
	*m = tm.tm_mon + 1;
}

/* The summary rows of the whole days [from, to) (migration 41): the month rows
 * (day = -YYYYMM) of the whole months inside, the day rows of the ragged ends
 * (all day rows when no whole month lies inside); returns the spans' count. */
static int summary_spans(int64_t from, int64_t to, struct span s[3])
{
	int64_t d0 = (from + CST_OFFSET) / 86400, d1 = (to + CST_OFFSET) / 86400;
	int y0, m0, y1, m1;
	month_of(d0, &y0, &m0);
	if (month_first(y0, m0) < d0 && ++m0 > 12) {  /* the first month starting in the period */
		m0 = 1;
		y0++;
	}
	month_of(d1, &y1, &m1);                         /* the month the period ends in */
	int64_t start = month_first(y0, m0), end = month_first(y1, m1);
	int n = 0;
	if (start >= end) {
		s[n++] = (struct span){ d0, d1 - 1 };
		return n;
	}
	if (d0 < start)
		s[n++] = (struct span){ d0, start - 1 };
	int yl = m1 == 1 ? y1 - 1 : y1, ml = m1 == 1 ? 12 : m1 - 1;  /* the last whole month */
	s[n++] = (struct span){ -((int64_t)yl * 100 + ml), -((int64_t)y0 * 100 + m0) };
	if (end < d1)
		s[n++] = (struct span){ end, d1 - 1 };
	return n;
}

/* Append "node IN (...)": division's node, or without one the caller's
 * scopes (a scope inside another left out: its requests count once). */
static void summary_nodes(struct req *r, struct sqlbuf *b, const char *division)
{
	sqlbuf_add(b, "node IN (");
	if (division) {
		sqlbuf_text(b, division);
	} else {
		const struct principal *p = r->user;
		bool any = false;
		for (int i = 0; p && i < p->nscopes; i++) {
			bool inside = false;
			for (int j = 0; j < p->nscopes && !inside; j++)
				inside = j != i && division_in_subtree(p->scopes[j], p->scopes[i]) &&
					 (strcmp(p->scopes[i], p->scopes[j]) || j < i);
			if (inside)
				continue;
			if (any)
				sqlbuf_add(b, ", ");
			sqlbuf_text(b, p->scopes[i]);
			any = true;
		}
		if (!any)
			sqlbuf_add(b, "NULL");
	}
	sqlbuf_add(b, ")");
}

/* Which summary rows: those of division's node (or the caller's scopes: summary_nodes),
 * of division's node alone ('all'), or of its children ('all'). */
enum summary_of { OF_NODES, OF_NODE, OF_CHILDREN };

/* Append "(SELECT FIGURE_COLS FROM request_figures WHERE .. UNION ALL ..) f":
 * the rows of [from, to), one arm per span (each a range of the keys). */
static void summary_rows(struct req *r, struct sqlbuf *b, enum summary_of of, const char *division, int64_t from,
			 int64_t to)
{
	struct span s[3];
	int n = summary_spans(from, to, s);
	sqlbuf_add(b, "(");
	for (int i = 0; i < n; i++) {
		sqlbuf_add(b, i ? " UNION ALL SELECT " FIGURE_COLS " FROM request_figures WHERE "
				: "SELECT " FIGURE_COLS " FROM request_figures WHERE ");
		if (of == OF_NODES) {
			summary_nodes(r, b, division);
		} else {
			sqlbuf_add(b, of == OF_NODE ? "node = " : "parent = ");
			sqlbuf_text(b, division);
			sqlbuf_add(b, " AND dim = 'all'");
		}
		sqlbuf_add(b, " AND day >= ");
		sqlbuf_int(b, s[i].lo);
		sqlbuf_add(b, " AND day <= ");
		sqlbuf_int(b, s[i].hi);
	}
	sqlbuf_add(b, ") f");
}

/* Does a summary row count anything (a breakdown row appears when requests or rated steps do)? */
static bool counts(const int64_t *v)
{
	return v[S_RECEIVED] || v[S_CALLBACKS] || v[S_RATED];
}

/* Read the sums of a summary query's row from column first on. */
static void summary_sums(struct db_stmt *q, int first, int64_t *v)
{
	for (int k = 0; k < NSTATS; k++)
		v[k] = db_column_is_null(q, first + k) ? 0 : db_column_int(q, first + k);
}

/* The figures of [from, to) (whole days) from the summary rows: the total
 * and the three breakdowns. */
static int summary_stats(struct req *r, const char *division, int64_t from, int64_t to, int64_t *total,
			 struct tally rows[3][MAX_KEYS], int nrows[3])
{
	static const char *const dims[] = { "channel", "category", "level" };
	struct sqlbuf b;
	sqlbuf_init(&b, r->arena);
	sqlbuf_add(&b, "SELECT dim, key, " FIGURE_SUMS " FROM ");
	summary_rows(r, &b, OF_NODES, division, from, to);
	sqlbuf_add(&b, " GROUP BY dim, key");
	struct db_stmt *q = sqlbuf_query(r->db, &b);
	if (q == NULL)
		return DB_ERROR;
	int rc;
	while ((rc = db_step(q)) == DB_ROW) {
		const char *dim = db_column_text(q, 0), *key = db_column_text(q, 1);
		int64_t v[NSTATS];
		summary_sums(q, 2, v);
		if (dim && !strcmp(dim, "all")) {
			for (int k = 0; k < NSTATS; k++)
				total[k] += v[k];
			continue;
		}
		for (int g = 0; g < 3; g++)
			if (dim && !strcmp(dim, dims[g]) && counts(v))
				tally_add(rows[g], &nrows[g], MAX_KEYS, arena_strdup(r->arena, key ? key : ""), v);
	}
	db_finalize(q);
	return rc == DB_DONE ? DB_OK : rc;
}

/* The figures of a period, and by channel, top-level category and
 * responsible level: whole days from the summary rows; another period by
 * one pass over the requests grouped by all three, summed here. */
int requests_stats(struct req *r)
{
	const char *division = req_query(r, "division");
	int64_t from, to;
	int st = period(r, &from, &to);
	if (st)
		return st;
	if (division && *division == '\0')
		division = NULL;
	if (division && (division_level(division) == DIV_INVALID || !scope_allows(r->user, division)))
		return reply_error(r, ERR_NOT_FOUND, "division");
	static const char *const keys[] = { "by_channel", "by_category", "by_level" };
	int64_t total[NSTATS] = { 0 };
	struct tally rows[3][MAX_KEYS];
	int nrows[3] = { 0, 0, 0 };
	if (day_start(from) && day_start(to)) {
		if (summary_stats(r, division, from, to, total, rows, nrows) != DB_OK)
			return reply_error(r, ERR_INTERNAL, NULL);
	} else {
		struct sqlbuf b;
		sqlbuf_init(&b, r->arena);
		sqlbuf_add(&b, "SELECT " FIGURE_KEYS ", " STATS_COLUMNS);
		stats_where(r, &b, division, from, to, false);
		sqlbuf_add(&b, " GROUP BY 1, 2, 3");
		if (tally_query(r, &b, 0, NCOLUMNS, total, rows, nrows) != DB_OK)
			return reply_error(r, ERR_INTERNAL, NULL);
		if (tally_rated(r, FIGURE_KEYS, "1, 2, 3", division, from, to, total, rows, nrows) != DB_OK)
			return reply_error(r, ERR_INTERNAL, NULL);
	}
	json_t *out = figures(total);
	json_object_set_new(out, "disputes_settled", json_integer(total[S_SETTLED]));
	json_object_set_new(out, "supervised", json_integer(total[S_SUPERVISED]));
	for (int g = 0; g < 3; g++) {
		json_t *list = json_array();
		for (int i = 0; i < nrows[g]; i++) {
			json_t *row = figures(rows[g][i].v);
			json_object_set_new(row, "key", *rows[g][i].key ? json_string(rows[g][i].key) : json_null());
			json_array_append_new(list, row);
		}
		json_object_set_new(out, keys[g], list);
	}
	char f[21], t[21];
	clock_format_iso(from, f);
	clock_format_iso(to, t);
	json_object_set_new(out, "from", json_string(f));
	json_object_set_new(out, "to", json_string(t));
	return reply_json(r, 200, out);
}


/* ---- for the roll-ups of other domains (GET /stats) ---------------------------------------- */

/* The figures of the requests received in [from, to) under division, in the
 * caller's scope, for the whole and per child division (the first child_len
 * characters of a request's division), each with the requests overdue now
 * (any received date) beside them: {"total": {...}, "children": {code: {...}}}. */
/* The rollup's figures from the summary rows: division's (its whole scope
 * allowed) and its children's (child_len one level below); what lies in the
 * division itself, outside every child, under the division's own code. */
static int summary_rollup(struct req *r, const char *division, int64_t from, int64_t to, int64_t *total,
			  struct tally rows[3][MAX_KEYS], int nrows[3])
{
	struct sqlbuf b;
	sqlbuf_init(&b, r->arena);
	sqlbuf_add(&b, "SELECT 0, NULL, " FIGURE_SUMS " FROM ");
	summary_rows(r, &b, OF_NODE, division, from, to);
	sqlbuf_add(&b, " UNION ALL SELECT 1, node, " FIGURE_SUMS " FROM ");
	summary_rows(r, &b, OF_CHILDREN, division, from, to);
	sqlbuf_add(&b, " GROUP BY node");
	struct db_stmt *q = sqlbuf_query(r->db, &b);
	if (q == NULL)
		return DB_ERROR;
	int rc;
	int64_t own[NSTATS] = { 0 };
	while ((rc = db_step(q)) == DB_ROW) {
		int64_t v[NSTATS];
		summary_sums(q, 2, v);
		bool child = db_column_int(q, 0) == 1;
		for (int k = 0; k < NSTATS; k++) {
			if (!child)
				total[k] += v[k];
			own[k] += child ? -v[k] : v[k];
		}
		if (child && counts(v))
			tally_add(rows[0], &nrows[0], MAX_KEYS, arena_strdup(r->arena, db_column_text(q, 1)), v);
	}
	db_finalize(q);
	if (rc != DB_DONE)
		return rc;
	if (counts(own))
		tally_add(rows[0], &nrows[0], MAX_KEYS, division, own);
	return DB_OK;
}

int requests_figures_rollup(struct req *r, const char *division, int child_len, int64_t from, int64_t to, json_t **out)
{
	int64_t total[NSTATS] = { 0 };
	struct tally rows[3][MAX_KEYS];
	int nrows[3] = { 0, 0, 0 };
	struct sqlbuf b;
	bool whole = *division ? division_child_length(division) == child_len : child_len == 2;
	if (whole && day_start(from) && day_start(to) && scope_allows(r->user, division)) {
		if (summary_rollup(r, division, from, to, total, rows, nrows) != DB_OK)
			return reply_error(r, ERR_INTERNAL, NULL);
	} else {
		/* the requests of the period and the callbacks of the period, per child
		 * (the child's code as all three keys of the tallies: rows[0] holds them) */
		sqlbuf_init(&b, r->arena);
		sqlbuf_add(&b, "SELECT substr(q.division, 1, ");
		sqlbuf_int(&b, child_len);
		sqlbuf_add(&b, "), '', '', " STATS_COLUMNS);
		stats_where(r, &b, division, from, to, false);
		sqlbuf_add(&b, " GROUP BY 1");
		if (tally_query(r, &b, 0, NCOLUMNS, total, rows, nrows) != DB_OK)
			return reply_error(r, ERR_INTERNAL, NULL);
		const char *child = arena_printf(r->arena, "substr(q.division, 1, %d), '', ''", child_len);
		if (tally_rated(r, child, "1", division, from, to, total, rows, nrows) != DB_OK)
			return reply_error(r, ERR_INTERNAL, NULL);
	}
	json_t *children = json_object();
	for (int i = 0; i < nrows[0]; i++) {
		json_t *row = figures(rows[0][i].v);
		json_object_set_new(row, "overdue", json_integer(0));
		json_object_set_new(children, rows[0][i].key, row);
	}
	int rc;
	struct db_stmt *q;
	/* open requests past the deadline of their current stage (lists.c's timeliness=overdue),
	 * through the index of open requests by due time (requests_open_due) */
	sqlbuf_init(&b, r->arena);
	sqlbuf_add(&b, "SELECT substr(q.division, 1, ");
	sqlbuf_int(&b, child_len);
	sqlbuf_add(&b, "), COUNT(*) FROM requests q WHERE ");
	scope_where_under(&b, r->user, "q.division", division);
	sqlbuf_add(&b, " AND ");
	request_status_filter(&b, "q.status", true);
	sqlbuf_add(&b, " AND " REQUEST_DUE " < ");
	sqlbuf_int(&b, clock_now());
	sqlbuf_add(&b, " GROUP BY 1");
	q = sqlbuf_query(r->db, &b);
	if (q == NULL) {
		json_decref(children);
		return reply_error(r, ERR_INTERNAL, NULL);
	}
	int64_t overdue = 0;
	while ((rc = db_step(q)) == DB_ROW) {
		const char *code = db_column_text(q, 0);
		int64_t n = db_column_int(q, 1);
		overdue += n;
		json_t *row = json_object_get(children, code);
		if (row == NULL) {
			int64_t zero[NSTATS] = { 0 };
			row = figures(zero);
			json_object_set_new(children, code, row);
		}
		json_object_set_new(row, "overdue", json_integer(n));
	}
	db_finalize(q);
	if (rc != DB_DONE) {
		json_decref(children);
		return reply_error(r, ERR_INTERNAL, NULL);
	}
	json_t *all = figures(total);
	json_object_set_new(all, "overdue", json_integer(overdue));
	*out = json_pack("{s:o, s:o}", "total", all, "children", children);
	return 0;
}

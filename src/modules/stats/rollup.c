/*
 * rollup.c - every figure of one node of the division tree and of each of
 * its children, read live (GET /api/v1/stats): households, people, incomes,
 * help, notices, trainings, attendance and monitoring from the summaries the
 * triggers of migrations 26, 38, 47 and 50 keep in every writing transaction
 * (rows per division, township, county, city and province).
 *
 * Each section is one grouped query over the node's subtree (a range of
 * division codes, so an index range), grouped by the child's code prefix
 * and a key (the five household sections share one pass over stats_hh);
 * the node's figures are the sums of its children's.  The
 * request figures come from modules/requests (figures.c) and the meeting
 * compliance from modules/partylife (compliance.c), so each is defined once;
 * compliance and coverage are kept in the node memo (model/node_memo.c), a county's and
 * below's coverage as per-division parts summed.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "auth/principal.h"
#include "core/division.h"
#include "core/log.h"
#include "db/sqlbuf.h"
#include "http/reply.h"
#include "core/clock.h"
#include "modules/pairings/pairings.h"
#include "modules/partylife/partylife.h"
#include "modules/requests/requests.h"
#include "model/node_memo.h"
#include "modules/stats/stats_internal.h"

/* One row of a section's grouped query. */
struct agg {
	const char *child, *k1;
	int64_t year;        /* poverty_incidence: k1, the identification year, as a number */
	int64_t k2;          /* a second key (exit year), 0 when none */
	int64_t a, b;        /* the aggregates */
};

enum pfilter {
	P_NONE,     /* the state now */
	P_TIME,     /* pcol, a Unix time, inside the period */
	P_DATE,     /* pcol, a YYYY-MM-DD text, inside the period */
	P_DAY,      /* pcol, a China day number (months: -YYYYMM), inside the period */
	P_YEAR,     /* pcol equals the period's year */
	P_OPEN_AT,  /* pcol, a YYYY-MM-DD text (months: YYYY-MM), up to the period's last day: monitoring open then */
};

enum fold { F_MAP, F_PAIR, F_INCIDENCE, F_TREND, F_RATES };

/* A section: SELECT substr(col, 1, L), k1, k2, a, b FROM from WHERE summary rows AND
 * extra AND period GROUP BY 1, 2, 3. */
struct section {
	const char *name;
	const char *from, *col, *k1, *k2, *a, *b, *extra;
	enum pfilter pf;
	const char *pcol;
	enum fold fold;
	const char *pair[2];   /* F_PAIR/F_RATES: the names of a and b */
};

/* Every section is read from a summary the triggers keep (columns len, division: summary_rows). */
static const struct section sections[] = {
	/* the first five are derived from one pass over stats_hh (read_hh) */
	{ "households_by_status", NULL, NULL, NULL, NULL, NULL, NULL, NULL, P_NONE, NULL, F_MAP, { 0 } },
	{ "people_by_status", NULL, NULL, NULL, NULL, NULL, NULL, NULL, P_NONE, NULL, F_MAP, { 0 } },
	/* registered-poor people of each year: identified by then and not exited yet */
	{ "poverty_incidence", NULL, NULL, NULL, NULL, NULL, NULL, NULL, P_NONE, NULL, F_INCIDENCE, { 0 } },
	{ "exits_by_year", NULL, NULL, NULL, NULL, NULL, NULL, NULL, P_NONE, NULL, F_MAP, { 0 } },
	{ "causes", NULL, NULL, NULL, NULL, NULL, NULL, NULL, P_NONE, NULL, F_MAP, { 0 } },
	/* per-capita net income of the period's year, in bands around the lines (4000, 6000) */
	{ "income_distribution", "stats_income s", "s.division", "s.band", "0", "SUM(s.households)", "0", NULL, P_YEAR,
	  "s.year", F_MAP, { 0 } },
	{ "income_trend", "stats_income s", "s.division", "CAST(s.year AS TEXT)", "0", "SUM(s.households)",
	  "SUM(s.per_capita)", NULL, P_NONE, NULL, F_TREND, { 0 } },
	{ "help_by_type", "stats_help s", "s.division", "s.type", "0", "SUM(s.measures)", "SUM(s.amount)", NULL, P_DATE,
	  "s.given_on", F_PAIR, { "count", "amount" } },
	/* the cases open on the period's last day: +1 on a case's first day, -1 on its elimination (migration 50) */
	{ "monitored_by_category", "stats_monitoring s", "s.division", "s.category", "0", "SUM(s.cases)", "0", NULL, P_OPEN_AT,
	  "s.day", F_MAP, { 0 } },
	/* a notice counts as read when read; a task as completed when reported (migration 47:
	 * by the notice's kind and creation day, a training's attendees by its kind and day) */
	{ "notices", "stats_notices s", "s.division", "s.kind", "0", "SUM(s.receipts)", "SUM(s.done)", NULL, P_DAY, "s.day",
	  F_RATES, { "receipts", "done" } },
	{ "trainings", "stats_trainings s", "s.division", "s.kind", "0", "SUM(s.sessions)", "SUM(s.minutes)", NULL, P_DAY,
	  "s.day", F_PAIR, { "sessions", "minutes" } },
	{ "training_attendance", "stats_attendance s", "s.division", "s.kind", "0", "SUM(s.attendees)", "0", NULL, P_DAY,
	  "s.day", F_MAP, { 0 } },
};
#define NSECTIONS (sizeof(sections) / sizeof(sections[0]))
#define NHH 5   /* the sections read_hh fills */

struct aggs {
	struct agg *v;
	int n, cap;
};

/* YYYYMM of a YYYY-MM-DD text (the period's, well formed). */
static int64_t yyyymm(const char *day)
{
	int64_t v = 0;
	for (int i = 0; i < 7; i++)
		if (i != 4)
			v = v * 10 + (day[i] - '0');
	return v;
}

/* The period ends on a month's last day. */
static bool month_end(const struct stats_period *p)
{
	int y, m, d;
	pl_civil_from_days(p->last + 1, &y, &m, &d);
	return d == 1;
}

/* AND the section's period condition (months: a summary's monthly rows, YYYY-MM). */
static void add_period(struct req *r, struct sqlbuf *b, const struct section *s, const struct stats_period *p, bool months)
{
	switch (s->pf) {
	case P_NONE:
		break;
	case P_TIME:
		sqlbuf_add(b, " AND ");
		sqlbuf_add(b, s->pcol);
		sqlbuf_add(b, " >= ");
		sqlbuf_int(b, p->t_from);
		sqlbuf_add(b, " AND ");
		sqlbuf_add(b, s->pcol);
		sqlbuf_add(b, " < ");
		sqlbuf_int(b, p->t_to);
		break;
	case P_DATE:
		sqlbuf_add(b, " AND ");
		sqlbuf_add(b, s->pcol);
		sqlbuf_add(b, " >= ");
		sqlbuf_text(b, months ? arena_printf(r->arena, "%.7s", p->first_s) : p->first_s);
		sqlbuf_add(b, " AND ");
		sqlbuf_add(b, s->pcol);
		sqlbuf_add(b, " <= ");
		sqlbuf_text(b, months ? arena_printf(r->arena, "%.7s", p->last_s) : p->last_s);
		break;
	case P_DAY:
		/* a summary's month rows are -YYYYMM: the later month the smaller */
		sqlbuf_add(b, " AND ");
		sqlbuf_add(b, s->pcol);
		sqlbuf_add(b, " >= ");
		sqlbuf_int(b, months ? -yyyymm(p->last_s) : p->first);
		sqlbuf_add(b, " AND ");
		sqlbuf_add(b, s->pcol);
		sqlbuf_add(b, " <= ");
		sqlbuf_int(b, months ? -yyyymm(p->first_s) : p->last);
		break;
	case P_YEAR:
		sqlbuf_add(b, " AND ");
		sqlbuf_add(b, s->pcol);
		sqlbuf_add(b, " = ");
		sqlbuf_int(b, p->year);
		break;
	case P_OPEN_AT:
		/* the month rows up to the last day's month when it is the month's last day, else those
		 * before it (summary_rows adds the month's day rows) */
		sqlbuf_add(b, " AND ");
		sqlbuf_add(b, s->pcol);
		sqlbuf_add(b, months && !month_end(p) ? " < " : " <= ");
		sqlbuf_text(b, months ? arena_printf(r->arena, "%.7s", p->last_s) : p->last_s);
		break;
	}
}

/* Whole months: the period starts on a first and ends on a last day of a month. */
static bool whole_months(const struct stats_period *p)
{
	return p->first_s[8] == '0' && p->first_s[9] == '1' && month_end(p);
}

/* The summary rows a node reads (migrations 26, 38 and 50): a county or above its children's
 * rows (the country its provinces', len 2; a province its cities', len 4; a city its counties',
 * len 6; a county its townships', len 9) and those of records at the node itself (len 0, its
 * own code); a township or below its divisions' own rows (len 0).  Help, notices, trainings,
 * attendance and monitoring are kept by month above len 0, so a date range that is not whole
 * months reads the day rows (len 0) of the subtree (monitoring: of the last day's month only,
 * summary_rows).  s NULL: stats_hh (no period). */
static int summary_level(const struct section *s, const char *division, const struct stats_period *p)
{
	size_t n = strlen(division);
	if (s && (s->pf == P_DATE || s->pf == P_DAY) && !whole_months(p))
		return 0;
	return n == 0 ? 2 : n == 2 ? 4 : n == 4 ? 6 : n == 6 ? 9 : 0;
}

static void summary_rows(struct req *r, struct sqlbuf *b, const struct section *s, const char *division,
			 const struct stats_period *p)
{
	int len = summary_level(s, division, p);
	sqlbuf_add(b, " WHERE ((s.len = ");
	sqlbuf_int(b, len);
	sqlbuf_add(b, " AND ");
	sqlbuf_subtree(b, "s.division", division);
	if (s)
		add_period(r, b, s, p, len > 0);
	sqlbuf_add(b, ")");
	if (len > 0 && s && s->pf == P_OPEN_AT && !month_end(p)) {
		/* the day rows of the last day's month, up to it */
		sqlbuf_add(b, " OR (s.len = 0 AND s.day >= ");
		sqlbuf_text(b, arena_printf(r->arena, "%.7s-01", p->last_s));
		sqlbuf_add(b, " AND s.day <= ");
		sqlbuf_text(b, p->last_s);
		sqlbuf_add(b, " AND ");
		sqlbuf_subtree(b, "s.division", division);
		sqlbuf_add(b, ")");
	}
	if (len > 0) {
		sqlbuf_add(b, " OR (s.len = 0 AND s.division = ");
		sqlbuf_text(b, division);
		if (s) {
			/* the period as a filter of the node's own rows, not an index range: SQLite
			 * otherwise ranges an index by the period (stats_help_month, stats_monitoring_day)
			 * and reads every division's rows of it to find the node's */
			struct section own = *s;
			if (s->pcol)
				own.pcol = arena_printf(r->arena, s->pf == P_DATE || s->pf == P_OPEN_AT ? "(%s || '')" : "(%s + 0)", s->pcol);
			add_period(r, b, &own, p, false);
		}
		sqlbuf_add(b, ")");
	}
	sqlbuf_add(b, ")");
}

static int run_section(struct req *r, const struct section *s, const char *division, int clen,
		       const struct stats_period *p, struct aggs *out)
{
	struct sqlbuf b;
	sqlbuf_init(&b, r->arena);
	sqlbuf_add(&b, "SELECT substr(");
	sqlbuf_add(&b, s->col);
	sqlbuf_add(&b, ", 1, ");
	sqlbuf_int(&b, clen);
	sqlbuf_add(&b, "), ");
	sqlbuf_add(&b, s->k1);
	sqlbuf_add(&b, ", ");
	sqlbuf_add(&b, s->k2);
	sqlbuf_add(&b, ", ");
	sqlbuf_add(&b, s->a);
	sqlbuf_add(&b, ", ");
	sqlbuf_add(&b, s->b);
	sqlbuf_add(&b, " FROM ");
	if (db_backend(r->db) == DB_POSTGRES) {
		/* the summary and the deltas not folded into it yet (migration 26) */
		const char *sp = strchr(s->from, ' ');
		int n = sp ? (int)(sp - s->from) : (int)strlen(s->from);
		sqlbuf_add(&b, arena_printf(r->arena, "(SELECT * FROM %.*s UNION ALL SELECT * FROM %.*s_log) s", n, s->from, n,
					    s->from));
	} else
		sqlbuf_add(&b, s->from);
	summary_rows(r, &b, s, division, p);
	if (s->extra) {
		sqlbuf_add(&b, " AND ");
		sqlbuf_add(&b, s->extra);
	}
	/* rows a move or a deletion left at zero are no figures (the records have none) */
	sqlbuf_add(&b, " GROUP BY 1, 2, 3 HAVING ");
	sqlbuf_add(&b, s->a);
	sqlbuf_add(&b, " <> 0 OR ");
	sqlbuf_add(&b, s->b);
	sqlbuf_add(&b, " <> 0");
	struct db_stmt *q = sqlbuf_query(r->db, &b);
	if (q == NULL)
		return -1;
	int rc;
	out->n = 0;
	while ((rc = db_step(q)) == DB_ROW) {
		if (out->n == out->cap) {
			int cap = out->cap ? out->cap * 2 : 64;
			struct agg *g = arena_alloc(r->arena, sizeof(*g) * (size_t)cap);
			if (out->n)
				memcpy(g, out->v, sizeof(*g) * (size_t)out->n);
			out->v = g;
			out->cap = cap;
		}
		const char *k1 = db_column_text(q, 1);
		out->v[out->n++] = (struct agg){ .child = arena_strdup(r->arena, db_column_text(q, 0)),
						 .k1 = arena_strdup(r->arena, k1 ? k1 : "none"),
						 .k2 = db_column_int(q, 2), .a = db_column_int(q, 3), .b = db_column_int(q, 4) };
	}
	db_finalize(q);
	return rc == DB_DONE ? 0 : -1;
}

static void push(struct req *r, struct aggs *a, const char *child, const char *k1, int64_t year, int64_t k2, int64_t v)
{
	if (a->n == a->cap) {
		int cap = a->cap ? a->cap * 2 : 256;
		struct agg *g = arena_alloc(r->arena, sizeof(*g) * (size_t)cap);
		if (a->n)
			memcpy(g, a->v, sizeof(*g) * (size_t)a->n);
		a->v = g;
		a->cap = cap;
	}
	a->v[a->n++] = (struct agg){ .child = child, .k1 = k1, .year = year, .k2 = k2, .a = v };
}

/* The first NHH sections from one pass over stats_hh: households and people
 * by status; of the registered households (every status but 非建档立卡户),
 * the people by identification and exit year, the households by exit year
 * and by main cause. */
static int read_hh(struct req *r, const char *division, int clen, struct aggs *out)
{
	struct sqlbuf b;
	sqlbuf_init(&b, r->arena);
	/* a county's or a node above's rows are its children's, one per child and key already: no
	 * grouping (a sort of every row), the folds add them up (PostgreSQL: the summary's and its log's) */
	bool grouped = summary_level(NULL, division, NULL) == 0;
	sqlbuf_add(&b, "SELECT substr(s.division, 1, ");
	sqlbuf_int(&b, clen);
	sqlbuf_add(&b, grouped ? "), s.status, s.identified_year, s.exited_year, s.main_cause, SUM(s.households), SUM(s.people) FROM "
			       : "), s.status, s.identified_year, s.exited_year, s.main_cause, s.households, s.people FROM ");
	sqlbuf_add(&b, db_backend(r->db) == DB_POSTGRES ? "(SELECT * FROM stats_hh UNION ALL SELECT * FROM stats_hh_log) s"
							 : "stats_hh s");
	summary_rows(r, &b, NULL, division, NULL);
	if (grouped)
		sqlbuf_add(&b, " GROUP BY 1, 2, 3, 4, 5");
	struct db_stmt *q = sqlbuf_query(r->db, &b);
	if (q == NULL)
		return -1;
	int rc;
	while ((rc = db_step(q)) == DB_ROW) {
		const char *child = arena_strdup(r->arena, db_column_text(q, 0));
		const char *status = arena_strdup(r->arena, db_column_text(q, 1));
		int64_t iy = db_column_int(q, 2), ey = db_column_int(q, 3), hh = db_column_int(q, 5), people = db_column_int(q, 6);
		const char *cause = db_column_text(q, 4);
		push(r, &out[0], child, status, 0, 0, hh);
		push(r, &out[1], child, status, 0, 0, people);
		if (!strcmp(status, "not_registered"))
			continue;
		if (iy)
			push(r, &out[2], child, arena_printf(r->arena, "%lld", (long long)iy), iy, ey, people);
		if (ey)
			push(r, &out[3], child, arena_printf(r->arena, "%lld", (long long)ey), 0, 0, hh);
		if (cause && *cause)
			push(r, &out[4], child, arena_strdup(r->arena, cause), 0, 0, hh);
	}
	db_finalize(q);
	return rc == DB_DONE ? 0 : -1;
}

static json_t *ratio(int64_t num, int64_t den)
{
	return den ? json_real((double)num / (double)den) : json_null();
}

static bool known_year(int64_t y)
{
	return y >= 1900 && y <= 2200;
}

/* The section's figures over rows (a node's all, or one child's: group_by_child). */
static json_t *fold(const struct section *s, const struct aggs *rows, int64_t population, int year)
{
	json_t *o = json_object();
	for (int i = 0; i < rows->n; i++) {
		const struct agg *x = &rows->v[i];
		json_t *cur = json_object_get(o, x->k1);
		switch (s->fold) {
		case F_MAP:
			json_object_set_new(o, x->k1, json_integer(json_integer_value(cur) + x->a));
			break;
		case F_PAIR:
		case F_RATES:
		case F_TREND:
			if (cur == NULL) {
				cur = json_pack("{s:I, s:I}", s->fold == F_TREND ? "households" : s->pair[0], (json_int_t)0,
						s->fold == F_TREND ? "sum" : s->pair[1], (json_int_t)0);
				json_object_set_new(o, x->k1, cur);
			}
			json_object_set_new(cur, s->fold == F_TREND ? "households" : s->pair[0],
					    json_integer(json_integer_value(json_object_get(cur, s->fold == F_TREND ? "households" : s->pair[0])) + x->a));
			json_object_set_new(cur, s->fold == F_TREND ? "sum" : s->pair[1],
					    json_integer(json_integer_value(json_object_get(cur, s->fold == F_TREND ? "sum" : s->pair[1])) + x->b));
			break;
		case F_INCIDENCE:
			break;
		}
	}
	const char *key;
	json_t *v;
	if (s->fold == F_RATES)
		json_object_foreach(o, key, v)
			json_object_set_new(v, "rate", ratio(json_integer_value(json_object_get(v, s->pair[1])),
							     json_integer_value(json_object_get(v, s->pair[0]))));
	if (s->fold == F_TREND)
		json_object_foreach(o, key, v) {
			int64_t n = json_integer_value(json_object_get(v, "households"));
			json_object_set_new(v, "avg_per_capita", n ? json_real((double)json_integer_value(json_object_get(v, "sum")) / (double)n)
								    : json_null());
			json_object_del(v, "sum");
		}
	if (s->fold == F_INCIDENCE) {
		/* poor people at the end of each year from the first identification to the period's year */
		int first = year;
		for (int i = 0; i < rows->n; i++)
			if (known_year(rows->v[i].year) && rows->v[i].year < first)
				first = (int)rows->v[i].year;
		for (int y = first; y <= year && year - y < 30; y++) {
			int64_t poor = 0;
			for (int i = 0; i < rows->n; i++) {
				const struct agg *x = &rows->v[i];
				if (known_year(x->year) && x->year <= y && (x->k2 == 0 || x->k2 > y))
					poor += x->a;
			}
			char ys[8];
			snprintf(ys, sizeof(ys), "%d", y);
			json_object_set_new(o, ys, json_pack("{s:I, s:I, s:o}", "poor_people", (json_int_t)poor, "rural_population",
							     (json_int_t)population, "rate", ratio(poor, population)));
		}
	}
	return o;
}

/* A division of the roll-up: the node or one of its children. */
struct node {
	const char *code, *name, *level;
	int64_t population;
};

static int load_nodes(struct req *r, const char *division, struct node *self, struct node **kids, int *nkids)
{
	struct db_stmt *q;
	*self = (struct node){ .code = division, .name = "全国", .level = "country" };
	if (*division) {
		q = db_query(r->db, "SELECT name, level, COALESCE(population, 0) FROM divisions WHERE code = $1", "t", division);
		if (q == NULL)
			return -1;
		int rc = db_step(q);
		if (rc == DB_ROW) {
			self->name = arena_strdup(r->arena, db_column_text(q, 0));
			self->level = arena_strdup(r->arena, db_column_text(q, 1));
			self->population = db_column_int(q, 2);
		}
		db_finalize(q);
		if (rc != DB_ROW)
			return 1;
		q = db_query(r->db, "SELECT code, name, level, COALESCE(population, 0) FROM divisions WHERE parent_code = $1"
			     " ORDER BY code", "t", division);
	} else
		q = db_query(r->db, "SELECT code, name, level, COALESCE(population, 0) FROM divisions WHERE parent_code IS NULL"
			     " ORDER BY code", NULL);
	if (q == NULL)
		return -1;
	int cap = 16, n = 0, rc;
	struct node *v = arena_alloc(r->arena, sizeof(*v) * (size_t)cap);
	int64_t sum = 0;
	while ((rc = db_step(q)) == DB_ROW) {
		if (n == cap) {
			struct node *g = arena_alloc(r->arena, sizeof(*g) * (size_t)cap * 2);
			memcpy(g, v, sizeof(*g) * (size_t)n);
			v = g;
			cap *= 2;
		}
		v[n++] = (struct node){ .code = arena_strdup(r->arena, db_column_text(q, 0)),
					.name = arena_strdup(r->arena, db_column_text(q, 1)),
					.level = arena_strdup(r->arena, db_column_text(q, 2)), .population = db_column_int(q, 3) };
		sum += v[n - 1].population;
	}
	db_finalize(q);
	if (self->population == 0)
		self->population = sum;
	*kids = v;
	*nkids = n;
	return rc == DB_DONE ? 0 : -1;
}

/* The index of code among kids (in code order, load_nodes), or -1: the node's own rows. */
static int kid_index(const struct node *kids, int nkids, const char *code)
{
	int lo = 0, hi = nkids;
	while (lo < hi) {
		int mid = lo + (hi - lo) / 2, c = strcmp(kids[mid].code, code);
		if (c == 0)
			return mid;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

/* Each child's rows of every section, in their query's order: out[kid * NSECTIONS + section].
 * One counting pass per section (a province's 16 cities once read every row 16 times). */
static struct aggs *group_by_child(struct req *r, const struct aggs *rows, const struct node *kids, int nkids)
{
	struct aggs *out = arena_alloc(r->arena, sizeof(*out) * (size_t)(nkids > 0 ? nkids : 1) * NSECTIONS);
	int *count = arena_alloc(r->arena, sizeof(*count) * (size_t)(nkids + 1));
	for (size_t i = 0; i < NSECTIONS; i++) {
		const struct aggs *a = &rows[i];
		int *kid = arena_alloc(r->arena, sizeof(*kid) * (size_t)(a->n > 0 ? a->n : 1));
		struct agg *v = arena_alloc(r->arena, sizeof(*v) * (size_t)(a->n > 0 ? a->n : 1));
		memset(count, 0, sizeof(*count) * (size_t)(nkids + 1));
		for (int j = 0; j < a->n; j++) {
			/* a query reads a child's rows together: most rows are the row before's child */
			kid[j] = j > 0 && !strcmp(a->v[j].child, a->v[j - 1].child) ? kid[j - 1]
										   : kid_index(kids, nkids, a->v[j].child);
			if (kid[j] >= 0)
				count[kid[j] + 1]++;
		}
		for (int k = 0; k < nkids; k++)
			count[k + 1] += count[k];   /* count[k]: where kid k's rows start */
		for (int k = 0; k < nkids; k++)
			out[k * NSECTIONS + i] = (struct aggs){ .v = v + count[k], .n = 0, .cap = count[k + 1] - count[k] };
		for (int j = 0; j < a->n; j++)
			if (kid[j] >= 0) {
				struct aggs *o = &out[kid[j] * NSECTIONS + i];
				o->v[o->n++] = a->v[j];
			}
	}
	return out;
}

/* The figures of one node from its rows (child NULL: the node itself, all rows; else the child's,
 * group_by_child). */
static json_t *node_figures(const struct node *n, const char *child, const struct aggs *rows, const struct stats_period *p,
			    json_t *requests, json_t *compliance, json_t *pairing)
{
	json_t *o = json_pack("{s:s, s:s, s:s, s:I}", "code", n->code, "name", n->name, "level", n->level,
			      "rural_population", (json_int_t)n->population);
	for (size_t i = 0; i < NSECTIONS; i++)
		json_object_set_new(o, sections[i].name, fold(&sections[i], &rows[i], n->population, p->year));
	/* the headline: the poor people and incidence of the period's year */
	char ys[8];
	snprintf(ys, sizeof(ys), "%d", p->year);
	json_t *inc = json_object_get(json_object_get(o, "poverty_incidence"), ys);
	json_object_set_new(o, "incidence", inc ? json_deep_copy(inc) : json_null());
	json_t *rq = child ? json_object_get(json_object_get(requests, "children"), child) : json_object_get(requests, "total");
	if (rq == NULL && child) {
		/* no request under this child: zeros (and no rates) */
		const char *k;
		json_t *v;
		rq = json_object();
		json_object_foreach(json_object_get(requests, "total"), k, v)
			json_object_set_new(rq, k, json_is_integer(v) ? json_integer(0) : json_null());
		json_object_set_new(o, "requests", rq);
	} else
		json_object_set_new(o, "requests", rq ? json_deep_copy(rq) : json_null());
	json_t *cp = NULL;
	if (compliance) {
		if (child) {
			size_t i;
			json_t *b;
			/* a county's or a township's child: when its newest part was computed */
			json_array_foreach(json_object_get(compliance, "by_division"), i, b)
				if (!strcmp(json_string_value(json_object_get(b, "division")), child))
					cp = json_pack("{s:O, s:O, s:O, s:O}", "orgs", json_object_get(b, "orgs"), "compliant",
						       json_object_get(b, "compliant"), "rate", json_object_get(b, "rate"),
						       "computed_at", json_object_get(b, "computed_at") ? json_object_get(b, "computed_at")
												 : json_object_get(compliance, "computed_at"));
		} else {
			json_t *t = json_object_get(compliance, "totals");
			cp = json_pack("{s:O, s:O, s:O, s:O}", "orgs", json_object_get(t, "orgs"), "compliant",
				       json_object_get(t, "compliant"), "rate", json_object_get(t, "rate"), "computed_at",
				       json_object_get(compliance, "computed_at"));
		}
	}
	json_object_set_new(o, "meeting_compliance", cp ? cp : json_null());
	/* the coverage rules of the pairings (GET /coverage) on the period's last day (or today) */
	json_object_set_new(o, "pairing", pairing ? pairing : json_null());
	return o;
}

/* PostgreSQL: the deltas the triggers logged, folded into the summaries
 * (one statement per table: a concurrent fold waits for this one's row locks
 * and then finds the rows gone, so nothing is counted twice). */
static const char *const folds[] = {
	"WITH moved AS (DELETE FROM stats_hh_log RETURNING *) INSERT INTO stats_hh (len, division, status, identified_year,"
	" exited_year, main_cause, households, people) SELECT len, division, status, identified_year, exited_year, main_cause,"
	" SUM(households), SUM(people) FROM moved GROUP BY 1, 2, 3, 4, 5, 6 ON CONFLICT (len, division, status,"
	" identified_year, exited_year, main_cause) DO UPDATE SET households = stats_hh.households + excluded.households,"
	" people = stats_hh.people + excluded.people",
	"WITH moved AS (DELETE FROM stats_income_log RETURNING *) INSERT INTO stats_income (len, division, year, band,"
	" households, per_capita) SELECT len, division, year, band, SUM(households), SUM(per_capita) FROM moved"
	" GROUP BY 1, 2, 3, 4 ON CONFLICT (len, division, year, band) DO UPDATE SET households = stats_income.households +"
	" excluded.households, per_capita = stats_income.per_capita + excluded.per_capita",
	"WITH moved AS (DELETE FROM stats_help_log RETURNING *) INSERT INTO stats_help (len, division, type, given_on,"
	" measures, amount) SELECT len, division, type, given_on, SUM(measures), SUM(amount) FROM moved GROUP BY 1, 2, 3, 4"
	" ON CONFLICT (len, division, type, given_on) DO UPDATE SET measures = stats_help.measures + excluded.measures,"
	" amount = stats_help.amount + excluded.amount",
	"WITH moved AS (DELETE FROM stats_notices_log RETURNING *) INSERT INTO stats_notices (len, division, kind, day,"
	" receipts, done) SELECT len, division, kind, day, SUM(receipts), SUM(done) FROM moved GROUP BY 1, 2, 3, 4"
	" ON CONFLICT (len, division, kind, day) DO UPDATE SET receipts = stats_notices.receipts + excluded.receipts,"
	" done = stats_notices.done + excluded.done",
	"WITH moved AS (DELETE FROM stats_trainings_log RETURNING *) INSERT INTO stats_trainings (len, division, kind, day,"
	" sessions, minutes) SELECT len, division, kind, day, SUM(sessions), SUM(minutes) FROM moved GROUP BY 1, 2, 3, 4"
	" ON CONFLICT (len, division, kind, day) DO UPDATE SET sessions = stats_trainings.sessions + excluded.sessions,"
	" minutes = stats_trainings.minutes + excluded.minutes",
	"WITH moved AS (DELETE FROM stats_attendance_log RETURNING *) INSERT INTO stats_attendance (len, division, kind,"
	" day, attendees) SELECT len, division, kind, day, SUM(attendees) FROM moved GROUP BY 1, 2, 3, 4"
	" ON CONFLICT (len, division, kind, day) DO UPDATE SET attendees = stats_attendance.attendees + excluded.attendees",
	"WITH moved AS (DELETE FROM stats_monitoring_log RETURNING *) INSERT INTO stats_monitoring (len, division, category,"
	" day, cases) SELECT len, division, category, day, SUM(cases) FROM moved GROUP BY 1, 2, 3, 4"
	" ON CONFLICT (len, division, category, day) DO UPDATE SET cases = stats_monitoring.cases + excluded.cases",
};
#define FOLD_AT 5000   /* logged deltas that make a reader fold them */

/* Fold the logged deltas when there are many: readers add them up anyway,
 * so this only keeps the reads short.  0, or -1 on a database error. */
static int fold_logs(struct db *db)
{
	if (db_backend(db) != DB_POSTGRES)
		return 0;
	int64_t n = 0;
	if (db_query_int(db, &n, "SELECT (SELECT COUNT(*) FROM (SELECT 1 FROM stats_hh_log LIMIT 5001) a) +"
			 " (SELECT COUNT(*) FROM (SELECT 1 FROM stats_income_log LIMIT 5001) b) +"
			 " (SELECT COUNT(*) FROM (SELECT 1 FROM stats_help_log LIMIT 5001) c) +"
			 " (SELECT COUNT(*) FROM (SELECT 1 FROM stats_notices_log LIMIT 5001) d) +"
			 " (SELECT COUNT(*) FROM (SELECT 1 FROM stats_trainings_log LIMIT 5001) e) +"
			 " (SELECT COUNT(*) FROM (SELECT 1 FROM stats_attendance_log LIMIT 5001) f) +"
			 " (SELECT COUNT(*) FROM (SELECT 1 FROM stats_monitoring_log LIMIT 5001) g)", NULL) != DB_ROW)
		return -1;
	if (n <= FOLD_AT)
		return 0;
	int rc = db_begin(db);
	for (size_t i = 0; i < sizeof(folds) / sizeof(folds[0]) && rc == DB_OK; i++)
		rc = db_exec(db, folds[i], NULL);
	if (rc == DB_OK)
		return db_commit(db) == DB_OK ? 0 : -1;
	db_rollback(db);
	return -1;
}

/* The live computations the memo keeps (model/node_memo.h): partylife's compliance of the
 * period, the pairings' coverage on a day. */

/*
 * A county or below: compliance summed from parts, one per division (the organisations whose
 * own division it is: partylife's meetings_compliance_parts), each memoised (cmp_own), so
 * that a write recomputes the parts of its own divisions (and of their ancestors) only; when
 * many are missing (the first read of a period on a day, after a write to the organisations
 * or the rules, which clears every row) they are filled in one pass over the node.
 */
struct cmp_arg {
	const struct pl_period *pl;
	const char *key;
};

static json_t *cmp_part(json_t *from)
{
	return json_pack("{s:I, s:I}", "orgs", (json_int_t)json_integer_value(json_object_get(from, "orgs")), "compliant",
			 (json_int_t)json_integer_value(json_object_get(from, "compliant")));
}

static int own_compliance(struct req *r, const char *division, const void *arg, json_t **out)
{
	json_t *parts;
	int st = meetings_compliance_parts(r, division, true, arg, &parts);
	if (st)
		return st;
	*out = cmp_part(json_object_get(parts, division));
	json_decref(parts);
	return 0;
}

static int many_compliance(struct req *r, const char *root, const void *arg, const char *const *divisions, int n,
			   json_t **out)
{
	json_t *parts;
	int st = meetings_compliance_parts(r, root, false, arg, &parts);
	if (st)
		return st;
	*out = json_object();
	for (int i = 0; i < n; i++)
		json_object_set_new(*out, divisions[i], cmp_part(json_object_get(parts, divisions[i])));
	json_decref(parts);
	return 0;
}

static json_t *compliance_sums(int64_t orgs, int64_t compliant, int64_t at)
{
	return json_pack("{s:I, s:I, s:f, s:I}", "orgs", (json_int_t)orgs, "compliant", (json_int_t)compliant, "rate",
			 orgs ? (double)compliant / (double)orgs : 0.0, "computed_at", (json_int_t)at);
}

/* Compliance summed over parts: the node's totals and each child division's sums. */
struct cmp_acc {
	const char *division;
	size_t clen;              /* a child's code length */
	int64_t orgs, compliant, at;
	json_t *children;         /* {child: {orgs, compliant, at}} */
};

static void cmp_acc_init(struct cmp_acc *x, const char *division)
{
	*x = (struct cmp_acc){ .division = division, .clen = (size_t)division_child_length(division),
			       .children = json_object() };
}

/* Add the part of division code: o organisations, c compliant, computed at t. */
static void cmp_acc_add(struct cmp_acc *x, const char *code, int64_t o, int64_t c, int64_t t)
{
	x->orgs += o;
	x->compliant += c;
	x->at = t > x->at ? t : x->at;
	if (o == 0 || strlen(code) <= strlen(x->division) || strlen(code) < x->clen)
		return;   /* the node's own organisations count in its totals only */
	char child[DIVISION_CODE_MAX + 1];
	snprintf(child, sizeof(child), "%.*s", (int)x->clen, code);
	json_t *sum = json_object_get(x->children, child);
	if (sum == NULL) {
		sum = json_pack("{s:I, s:I, s:I}", "orgs", (json_int_t)0, "compliant", (json_int_t)0, "at", (json_int_t)0);
		json_object_set_new(x->children, child, sum);
	}
	json_object_set_new(sum, "orgs", json_integer(json_integer_value(json_object_get(sum, "orgs")) + o));
	json_object_set_new(sum, "compliant", json_integer(json_integer_value(json_object_get(sum, "compliant")) + c));
	if (t > json_integer_value(json_object_get(sum, "at")))
		json_object_set_new(sum, "at", json_integer(t));
}

/* {totals, by_division} as partylife's compliance of the node; frees the children. */
static json_t *cmp_acc_reply(struct cmp_acc *x)
{
	json_t *by = json_array(), *v;
	const char *code;
	json_object_foreach(x->children, code, v) {
		json_t *b = compliance_sums(json_integer_value(json_object_get(v, "orgs")),
					    json_integer_value(json_object_get(v, "compliant")),
					    json_integer_value(json_object_get(v, "at")));
		json_object_set_new(b, "division", json_string(code));
		json_array_append_new(by, b);
	}
	json_decref(x->children);
	json_t *totals = compliance_sums(x->orgs, x->compliant, x->at);
	json_object_del(totals, "computed_at");
	return json_pack("{s:o, s:o}", "totals", totals, "by_division", by);
}

/* The totals and by_division (each child's with the time its newest part was computed) as
 * partylife's compliance of the node. */
static int parts_compliance(struct req *r, const char *division, const void *arg, json_t **out)
{
	const struct cmp_arg *a = arg;
	json_t *parts, *v;
	int st = node_memo_subtree(r, "cmp_own", division, a->key, own_compliance, many_compliance, a->pl, &parts);
	if (st)
		return st;
	struct cmp_acc x;
	cmp_acc_init(&x, division);
	const char *code;
	json_object_foreach(parts, code, v)
		cmp_acc_add(&x, code, json_integer_value(json_object_get(v, "orgs")),
			    json_integer_value(json_object_get(v, "compliant")), json_integer_value(json_object_get(v, "computed_at")));
	json_decref(parts);
	*out = cmp_acc_reply(&x);
	return 0;
}

/* The coverage of a county or a place below it, from parts: each division's own members
 * (the rules whose members have one division each) and the node's other rules, both
 * memoised, so that a write recomputes the parts of its own divisions only. */
struct cov_arg {
	const char *rules_at, *on;
};

static int own_coverage(struct req *r, const char *division, const void *arg, json_t **out)
{
	const struct cov_arg *a = arg;
	return pairings_coverage_part(r, a->rules_at, division, COVERAGE_OWN, a->on, out);
}

static int many_coverage(struct req *r, const char *root, const void *arg, const char *const *divisions, int n, json_t **out)
{
	const struct cov_arg *a = arg;
	return pairings_coverage_own_parts(r, a->rules_at, root, a->on, divisions, n, out);
}

static int spans_coverage(struct req *r, const char *division, const void *arg, json_t **out)
{
	const struct cov_arg *a = arg;
	return pairings_coverage_part(r, a->rules_at, division, COVERAGE_SPANS, a->on, out);
}

/* Add the part's figures into the sums (rules: {code: {total, met}}). */
static void add_part(json_t *part, int64_t *total, int64_t *met, int64_t *at, json_t *rules)
{
	*total += json_integer_value(json_object_get(part, "total"));
	*met += json_integer_value(json_object_get(part, "met"));
	int64_t t = json_integer_value(json_object_get(part, "computed_at"));
	*at = t > *at ? t : *at;
	const char *code;
	json_t *v;
	json_object_foreach(json_object_get(part, "rules"), code, v) {
		json_t *sum = json_object_get(rules, code);
		if (sum == NULL) {
			sum = json_pack("{s:I, s:I}", "total", (json_int_t)0, "met", (json_int_t)0);
			json_object_set_new(rules, code, sum);
		}
		json_object_set_new(sum, "total", json_integer(json_integer_value(json_object_get(sum, "total")) +
							       json_integer_value(json_object_get(v, "total"))));
		json_object_set_new(sum, "met", json_integer(json_integer_value(json_object_get(sum, "met")) +
							     json_integer_value(json_object_get(v, "met"))));
	}
}

/* The codes of division's subtree no longer than len (6: the node, its cities, its counties), in
 * code order, into *codes (arena) and *n: 0, or -1 on a database error. */
static int upper_codes(struct req *r, const char *division, int len, const char ***codes, int *n)
{
	struct sqlbuf b;
	sqlbuf_init(&b, r->arena);
	sqlbuf_add(&b, "SELECT code FROM divisions WHERE length(code) <= ");
	sqlbuf_int(&b, len);
	sqlbuf_add(&b, " AND ");
	sqlbuf_subtree(&b, "code", division);
	sqlbuf_add(&b, " ORDER BY code");
	struct db_stmt *q = sqlbuf_query(r->db, &b);
	int cap = 16, rc = DB_ERROR;
	*n = 0;
	*codes = arena_alloc(r->arena, sizeof(**codes) * (size_t)cap);
	while (q && (rc = db_step(q)) == DB_ROW) {
		if (*n == cap) {
			const char **g = arena_alloc(r->arena, sizeof(*g) * (size_t)cap * 2);
			memcpy(g, *codes, sizeof(*g) * (size_t)*n);
			*codes = g;
			cap *= 2;
		}
		(*codes)[(*n)++] = arena_strdup(r->arena, db_column_text(q, 0));
	}
	db_finalize(q);
	return q && rc == DB_DONE ? 0 : -1;
}

/* Above a county: compliance summed from its counties' memo rows (compliance, each its parts
 * summed) and the own parts of the divisions above them (cmp_own), grouped by child as
 * parts_compliance groups them; a write under one county computes that county's row again. */
static int summed_compliance(struct req *r, const char *division, const void *arg, json_t **out)
{
	const struct cmp_arg *a = arg;
	const char **codes;
	int n, st;
	if (upper_codes(r, division, 6, &codes, &n))
		return reply_error(r, ERR_INTERNAL, NULL);
	struct cmp_acc x;
	cmp_acc_init(&x, division);
	for (int i = 0; i < n; i++) {
		bool county = strlen(codes[i]) == 6;
		json_t *v;
		if ((st = county ? node_memo(r, "compliance", codes[i], a->key, parts_compliance, a, &v)
				 : node_memo(r, "cmp_own", codes[i], a->key, own_compliance, a->pl, &v))) {
			json_decref(x.children);
			return st;
		}
		json_t *t = county ? json_object_get(v, "totals") : v;
		cmp_acc_add(&x, codes[i], json_integer_value(json_object_get(t, "orgs")),
			    json_integer_value(json_object_get(t, "compliant")), json_integer_value(json_object_get(v, "computed_at")));
		json_decref(v);
	}
	*out = cmp_acc_reply(&x);
	return 0;
}

/* The sums of a county's or a township's parts ({total, met, rules, computed_at}: no spanning rule)
 * for the rules of a.rules_at, kept as its memo row cov_sum: a county's is its own part and its
 * townships' rows, a township's its subtree's parts; a city or a province adds its counties'
 * rows.  So a write under one township computes that township's sum and its county's again (a
 * hundred parts and a county's twenty rows read), not every county's (1,740 parts of 竹山). */
static int county_sum(struct req *r, const char *county, const void *arg, json_t **out)
{
	const struct cov_arg *a = arg;
	const char *rules_key, *key;
	int st = pairings_coverage_rules_key(r, a->rules_at, &rules_key);
	if (st)
		return st;
	key = arena_printf(r->arena, "%s|%s", a->on, rules_key);
	int64_t total = 0, met = 0, at = 0;
	json_t *rules = json_object(), *v;
	if (strlen(county) == 6) {
		const char **codes;
		int n;
		if (upper_codes(r, county, 9, &codes, &n)) {
			json_decref(rules);
			return reply_error(r, ERR_INTERNAL, NULL);
		}
		for (int i = 0; i < n; i++) {
			st = strlen(codes[i]) == 9 ? node_memo(r, "cov_sum", codes[i], key, county_sum, a, &v)
						   : node_memo(r, "cov_own", codes[i], key, own_coverage, a, &v);
			if (st) {
				json_decref(rules);
				return st;
			}
			add_part(v, &total, &met, &at, rules);
			json_decref(v);
		}
		*out = json_pack("{s:I, s:I, s:o, s:I}", "total", (json_int_t)total, "met", (json_int_t)met, "rules", rules,
				 "computed_at", (json_int_t)at);
		return 0;
	}
	json_t *parts;
	if ((st = node_memo_subtree(r, "cov_own", county, key, own_coverage, many_coverage, a, &parts))) {
		json_decref(rules);
		return st;
	}
	const char *code;
	json_object_foreach(parts, code, v)
		if (division_in_subtree(county, code))
			add_part(v, &total, &met, &at, rules);
	json_decref(parts);
	*out = json_pack("{s:I, s:I, s:o, s:I}", "total", (json_int_t)total, "met", (json_int_t)met, "rules", rules, "computed_at",
			 (json_int_t)at);
	return 0;
}

/* Above a county: the coverage of the rules in force at division summed from its counties' sums
 * (cov_sum), the own parts of the divisions above the counties (cov_own: a city's, a province's
 * own cadres) and the spanning rules over division's subtree (cov_spans), each a memo row; the
 * same figures as pairings_coverage_totals (the live computation), which read every county. */
static int summed_coverage(struct req *r, const char *division, const void *arg, json_t **out)
{
	const char *on = arg, *rules_key;
	int st = pairings_coverage_rules_key(r, division, &rules_key);
	if (st)
		return st;
	const char *key = arena_printf(r->arena, "%s|%s", on, rules_key);
	struct cov_arg a = { division, on };
	const char **codes;
	int n;
	if (upper_codes(r, division, 6, &codes, &n))
		return reply_error(r, ERR_INTERNAL, NULL);
	int64_t total = 0, met = 0, at = 0;
	json_t *rules = json_object(), *v;
	for (int i = 0; i < n; i++) {
		st = strlen(codes[i]) == 6 ? node_memo(r, "cov_sum", codes[i], key, county_sum, &a, &v)
					   : node_memo(r, "cov_own", codes[i], key, own_coverage, &a, &v);
		if (st) {
			json_decref(rules);
			return st;
		}
		add_part(v, &total, &met, &at, rules);
		json_decref(v);
	}
	if ((st = node_memo(r, "cov_spans", division, key, spans_coverage, &a, &v))) {
		json_decref(rules);
		return st;
	}
	add_part(v, &total, &met, &at, rules);
	json_decref(v);
	*out = json_pack("{s:s, s:I, s:I, s:I, s:o, s:o}", "date", on, "total", (json_int_t)total, "met", (json_int_t)met, "gaps",
			 (json_int_t)(total - met), "coverage", total ? json_real((double)met / (double)total) : json_null(),
			 "rules", rules);
	return 0;
}

/* The coverage of division on the day on.  A county or below: the sum of its parts (cov_sum: a
 * county's from its townships' sums, a township's or below from its subtree's parts) and the
 * spanning rules' memo; above a county: the node memo of its counties' sums. */
static int node_coverage(struct req *r, const char *division, const char *on, json_t **out)
{
	if (strlen(division) < 6)
		return node_memo(r, "coverage", division, on, summed_coverage, on, out);
	const char *rules_key;
	int st = pairings_coverage_rules_key(r, division, &rules_key);
	if (st)
		return st;
	const char *key = arena_printf(r->arena, "%s|%s", on, rules_key);
	struct cov_arg a = { division, on };
	json_t *sum, *spans;
	if ((st = node_memo(r, "cov_sum", division, key, county_sum, &a, &sum)))
		return st;
	if ((st = node_memo(r, "cov_spans", division, key, spans_coverage, &a, &spans))) {
		json_decref(sum);
		return st;
	}
	int64_t total = 0, met = 0, at = 0;
	json_t *rules = json_object();
	add_part(sum, &total, &met, &at, rules);
	add_part(spans, &total, &met, &at, rules);
	json_decref(sum);
	json_decref(spans);
	*out = json_pack("{s:s, s:I, s:I, s:I, s:o, s:o, s:I}", "date", on, "total", (json_int_t)total, "met", (json_int_t)met,
			 "gaps", (json_int_t)(total - met), "coverage", total ? json_real((double)met / (double)total) : json_null(),
			 "rules", rules, "computed_at", (json_int_t)at);
	return 0;
}

/* The coverage of a node and of each of its children: {"node": coverage, "children": {code: coverage}}. */
struct cov_all_arg {
	const struct node *kids;
	int nkids;
	const char *on;
};

static int compute_all_coverage(struct req *r, const char *division, const void *arg, json_t **out)
{
	const struct cov_all_arg *a = arg;
	json_t *pairing;
	int st;
	json_t *children = json_object();
	for (int i = 0; i < a->nkids; i++) {
		if ((st = node_coverage(r, a->kids[i].code, a->on, &pairing))) {
			json_decref(children);
			return st;
		}
		json_object_set_new(children, a->kids[i].code, pairing);
	}
	if ((st = node_coverage(r, division, a->on, &pairing))) {
		json_decref(children);
		return st;
	}
	*out = json_pack("{s:o, s:o}", "node", pairing, "children", children);
	return 0;
}

/* The coverage of division and its children on the day on.  A county or below: kept whole in
 * the node memo as well (cov_node, keyed by the day and the rules in force at the node), so a
 * warm read is one memo row rather than its children's sums; a write under the node clears it
 * with the sums on its path (the triggers clear the written divisions' rows and their
 * ancestors'), and the next read adds the sums again, computing only the cleared ones. */
static int all_coverage(struct req *r, const char *division, const struct node *kids, int nkids, const char *on, json_t **out)
{
	struct cov_all_arg a = { kids, nkids, on };
	if (strlen(division) < 6)
		return compute_all_coverage(r, division, &a, out);
	const char *rules_key;
	int st = pairings_coverage_rules_key(r, division, &rules_key);
	if (st)
		return st;
	return node_memo(r, "cov_node", division, arena_printf(r->arena, "%s|%s", on, rules_key), compute_all_coverage, &a, out);
}

/* CPU and wall milliseconds since the last mark (log_debug of each group's time: where a
 * node's time goes; the CPU time is this thread's, which a loaded machine changes little). */
struct mark {
	struct timespec cpu, wall;
};

static double since(struct timespec *t, clockid_t clock)
{
	struct timespec now;
	clock_gettime(clock, &now);
	double ms = (double)(now.tv_sec - t->tv_sec) * 1e3 + (double)(now.tv_nsec - t->tv_nsec) / 1e6;
	*t = now;
	return ms;
}

static double lap(struct mark *m, double *wall)
{
	double cpu = since(&m->cpu, CLOCK_THREAD_CPUTIME_ID);
	*wall += since(&m->wall, CLOCK_MONOTONIC);
	return cpu;
}

int stats_rollup(struct req *r, const char *division, const struct stats_period *p, json_t **out)
{
	struct mark t0;
	double ms[6], w[6], wall = 0;
	lap(&t0, &wall);
	wall = 0;
	if (fold_logs(r->db)) {
		log_error("stats: folding the summaries' deltas: %s", db_errmsg(r->db));
		return reply_error(r, ERR_INTERNAL, NULL);
	}
	struct node self, *kids;
	int nkids;
	int rc = load_nodes(r, division, &self, &kids, &nkids);
	if (rc > 0)
		return reply_error(r, ERR_NOT_FOUND, "division");
	if (rc < 0)
		return reply_error(r, ERR_INTERNAL, NULL);
	int clen = *division ? division_child_length(division) : 2;
	struct aggs rows[NSECTIONS];
	memset(rows, 0, sizeof(rows));
	ms[0] = lap(&t0, &wall);
	w[0] = wall;
	if (read_hh(r, division, clen, rows)) {
		log_error("stats stats_hh: %s", db_errmsg(r->db));
		return reply_error(r, ERR_INTERNAL, NULL);
	}
	for (size_t i = NHH; i < NSECTIONS; i++)
		if (run_section(r, &sections[i], division, clen, p, &rows[i])) {
			log_error("stats %s: %s", sections[i].name, db_errmsg(r->db));
			return reply_error(r, ERR_INTERNAL, NULL);
		}
	ms[1] = lap(&t0, &wall);
	w[1] = wall;
	json_t *requests = NULL, *compliance = NULL;
	int st = requests_figures_rollup(r, division, clen, p->t_from, p->t_to, &requests);
	if (st)
		return st;
	ms[2] = lap(&t0, &wall);
	w[2] = wall;
	/* compliance assesses the units ended before today: the key holds which have ended (a new
	 * key on a Monday or the first of a month, not every day); a county or below sums its
	 * divisions' parts */
	char today[16], asof[64] = "";   /* "" when the period has no compliance: ca.key prints it either way */
	pl_day_text(pl_cst_day(clock_now()), today);
	if (p->has_pl && meetings_compliance_asof(r, &p->pl, asof, sizeof(asof))) {
		json_decref(requests);
		return reply_error(r, ERR_INTERNAL, NULL);
	}
	struct cmp_arg ca = { &p->pl, arena_printf(r->arena, "%s..%s@%s", p->first_s, p->last_s, asof) };
	if (p->has_pl && (st = node_memo(r, "compliance", division, ca.key, strlen(division) >= 6 ? parts_compliance : summed_compliance,
					 &ca, &compliance))) {
		json_decref(requests);
		return st;
	}
	ms[3] = lap(&t0, &wall);
	w[3] = wall;
	const char *on = strcmp(p->last_s, today) < 0 ? p->last_s : today;
	json_t *cov, *children = json_array();
	if ((st = all_coverage(r, division, kids, nkids, on, &cov))) {
		json_decref(children);
		json_decref(requests);
		json_decref(compliance);
		return st;
	}
	ms[4] = lap(&t0, &wall);
	w[4] = wall;
	struct aggs *kid_rows = group_by_child(r, rows, kids, nkids);
	for (int i = 0; i < nkids; i++)
		json_array_append_new(children, node_figures(&kids[i], kids[i].code, &kid_rows[i * NSECTIONS], p, requests, compliance,
							     json_incref(json_object_get(json_object_get(cov, "children"), kids[i].code))));
	json_t *node = node_figures(&self, NULL, rows, p, requests, compliance, json_incref(json_object_get(cov, "node")));
	json_decref(cov);
	json_decref(requests);
	json_decref(compliance);
	ms[5] = lap(&t0, &wall);
	w[5] = wall;
	log_debug("stats %s %s: CPU nodes %.1f ms, summaries %.1f, requests %.1f, compliance %.1f, coverage %.1f, json %.1f;"
		  " wall %.1f ms (summaries %.1f, requests %.1f, compliance %.1f, coverage %.1f)", division, p->label, ms[0], ms[1],
		  ms[2], ms[3], ms[4], ms[5], wall, w[1] - w[0], w[2] - w[1], w[3] - w[2], w[4] - w[3]);
	*out = json_pack("{s:s, s:{s:s, s:s, s:s, s:i}, s:o, s:o}", "division", division, "period", "label", p->label,
			 "first_day", p->first_s, "last_day", p->last_s, "year", p->year, "node", node, "children", children);
	return 0;
}

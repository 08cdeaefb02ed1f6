/*
 * visit_coverage.c - what the visits add up to: 入户率 and satisfaction of
 * a subtree over a period, by child division and by helper (GET
 * /visits/coverage); the households whose required visit interval has
 * passed, the longest overdue first, with their helpers (GET
 * /visits/overdue); the progress of 户户走到 campaigns and the households
 * they have not reached yet (GET /visits/campaigns, GET
 * /visit-campaigns/:id/progress).
 *
 * A household counts as reached (入户) in a period when it has a home visit
 * (kind "home") dated inside it.  The intervals are the visit_registered and
 * visit_monitored rules of coverage.c: a place's coverage_rules row changes
 * them for its subtree (the nearest place wins), resolved per household in
 * SQL so that the list pages and sorts in the database.  All dates are
 * China (Asia/Shanghai) calendar days, as the visits store them.
 */
#include "modules/pairings/visits.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/principal.h"
#include "auth/scope.h"
#include "core/clock.h"
#include "core/division.h"
#include "db/db.h"
#include "db/sqlbuf.h"
#include "http/reply.h"
#include "modules/pairings/pairings_entities.h"
#include "modules/pairings/pairings_internal.h"
#include "modules/pairings/visit_duties.h"

#define N(a) (int)(sizeof(a) / sizeof(a[0]))

/* ---- the households a figure counts ------------------------------------------------------- */

static const struct hh_target {
	const char *code;
	const char *where;   /* on households h */
} targets[] = {
	{ "helped", PAIRING_HELPED },                    /* registered or monitored: those with helpers */
	{ "all", "h.status <> 'removed'" },              /* every household (户户走到) */
	{ "registered", PAIRING_REGISTERED },
	{ "monitored", "h.monitor_category IS NOT NULL" },
};

const char *visit_target_where(const char *code)
{
	for (int i = 0; i < N(targets); i++)
		if (code && !strcmp(code, targets[i].code))
			return targets[i].where;
	return NULL;
}

static int query_target(struct req *r, const char *dflt, const char **code, const char **where)
{
	*code = req_query(r, "target");
	if (*code == NULL || **code == '\0')
		*code = dflt;
	*where = visit_target_where(*code);
	if (*where == NULL)
		return reply_error_msg(r, ERR_VALIDATION, "对象户应为 helped、all、registered 或 monitored",
				       "target is helped, all, registered or monitored", "target");
	return 0;
}

/* ---- figures --------------------------------------------------------------------------- */

/* One line of figures: households targeted and reached, visits and their satisfaction. */
struct vfig {
	int64_t households, reached, visits, rated, satisfied, basic, unsatisfied;
};

static json_t *ratio(int64_t part, int64_t whole)
{
	return whole ? json_real((double)(part * 10000 / whole) / 10000.0) : json_null();
}

static void fig_set(json_t *o, const struct vfig *f)
{
	json_object_set_new(o, "households", json_integer(f->households));
	json_object_set_new(o, "reached", json_integer(f->reached));
	json_object_set_new(o, "rate", ratio(f->reached, f->households));
	json_object_set_new(o, "visits", json_integer(f->visits));
	json_object_set_new(o, "rated", json_integer(f->rated));
	json_object_set_new(o, "satisfied", json_integer(f->satisfied));
	json_object_set_new(o, "basic", json_integer(f->basic));
	json_object_set_new(o, "unsatisfied", json_integer(f->unsatisfied));
	/* 满意度: satisfied and basically satisfied among the visits that recorded it */
	json_object_set_new(o, "satisfaction", ratio(f->satisfied + f->basic, f->rated));
}

/* Columns from..from+4 of q: visits, rated, satisfied, basic, unsatisfied. */
static void fig_visits(struct db_stmt *q, int from, struct vfig *f)
{
	f->visits = db_column_int(q, from);
	f->rated = db_column_int(q, from + 1);
	f->satisfied = db_column_int(q, from + 2);
	f->basic = db_column_int(q, from + 3);
	f->unsatisfied = db_column_int(q, from + 4);
}

/*
 * Parameters of every figure's SQL: $1 the first day, $2 the last, $3 and $4 the subtree.
 * Reached: the household's last home visit (household_last_visits k, kept by the visits' writes,
 * joined to the households as LAST_VISITS) decides when it is before the period (not reached) or
 * inside it (reached).  Only when it is after the period (a period in the past) is the household
 * looked up in its home visits by month (visit_months, kept by the same writes): a month row of
 * the period's months with its first or last day inside the period; when the period lies inside
 * the month strictly between them, the visits decide.
 */
#define LAST_VISITS(hid) " LEFT JOIN household_last_visits k ON k.household_id = " hid
#define REACHED(hid)                                                                                                    \
	"(COALESCE(k.last_home_on, '') >= $1 AND (k.last_home_on <= $2"                                                 \
	" OR EXISTS (SELECT 1 FROM visit_months m WHERE m.household_id = " hid " AND m.month >= SUBSTR($1, 1, 7)"       \
	" AND m.month <= SUBSTR($2, 1, 7) AND m.last_on >= $1 AND m.first_on <= $2 AND (m.first_on >= $1 OR m.last_on <= $2" \
	" OR EXISTS (SELECT 1 FROM visits v WHERE v.household_id = " hid " AND v.kind = 'home' AND v.visited_on >= $1"  \
	" AND v.visited_on <= $2)))))"
#define VISIT_SUMS                                                                                                      \
	"COUNT(*) AS n, SUM(CASE WHEN v.satisfaction IS NOT NULL THEN 1 ELSE 0 END) AS rated,"                          \
	" SUM(CASE WHEN v.satisfaction = 'satisfied' THEN 1 ELSE 0 END) AS sat,"                                         \
	" SUM(CASE WHEN v.satisfaction = 'basic' THEN 1 ELSE 0 END) AS bas,"                                             \
	" SUM(CASE WHEN v.satisfaction = 'unsatisfied' THEN 1 ELSE 0 END) AS uns"
/* The same sums from the visits' day counts (visit_days, kept by the visits' writes: the visits to
 * households by their division and day), so that a year of a county sums days, not visits. */
#define DAY_SUMS                                                                                                        \
	"SUM(v.visits) AS n, SUM(v.rated) AS rated, SUM(v.satisfied) AS sat, SUM(v.basic) AS bas,"                      \
	" SUM(v.unsatisfied) AS uns"
#define DAYS_IN " FROM visit_days v WHERE v.visited_on >= $1 AND v.visited_on <= $2 AND v.division >= $3 AND v.division < $4"

struct vperiod {
	const char *division, *from, *to, *target, *where;
	char hi[DIVISION_CODE_MAX + 2];
};

static struct db_stmt *period_query(struct req *r, const struct vperiod *p, const char *sql)
{
	return db_query(r->db, sql, "tttt", p->from, p->to, p->division, p->hi);
}

/*
 * The subtree's figures by child division: each figure is read once, grouped
 * by the first len characters of the household's (or the visits') division;
 * the subtree's total is the sum of every group (the subtree's own code
 * among them), a child's line is its group.
 */
struct vgroups {
	struct vfig total;
	json_t *by_code;   /* child code -> [households, reached, visits, rated, satisfied, basic, unsatisfied] */
};

static json_t *group_of(struct vgroups *g, const char *code)
{
	json_t *a = json_object_get(g->by_code, code);
	if (a == NULL) {
		a = json_pack("[I, I, I, I, I, I, I]", (json_int_t)0, (json_int_t)0, (json_int_t)0, (json_int_t)0, (json_int_t)0,
			      (json_int_t)0, (json_int_t)0);
		json_object_set_new(g->by_code, code, a);
	}
	return a;
}

static void group_add(json_t *a, int at, int64_t v)
{
	json_array_set_new(a, (size_t)at, json_integer(json_integer_value(json_array_get(a, (size_t)at)) + v));
}

static void group_fig(json_t *a, struct vfig *f)
{
	int64_t v[7] = { 0 };
	for (int i = 0; i < 7; i++)
		v[i] = a ? json_integer_value(json_array_get(a, (size_t)i)) : 0;
	*f = (struct vfig){ v[0], v[1], v[2], v[3], v[4], v[5], v[6] };
}

/*
 * The period's whole months, read from the visits' month counts
 * (visit_day_months), and its days outside them, read from visit_days:
 * first..last the whole months ("YYYY-MM"; none: first > last), and the
 * days before days_before or after days_after.
 */
struct month_split {
	const char *first, *last, *days_before, *days_after;
};

static const char *month_of(struct req *r, const char *date, int delta)
{
	int y = (date[0] - '0') * 1000 + (date[1] - '0') * 100 + (date[2] - '0') * 10 + (date[3] - '0');
	int m = (date[5] - '0') * 10 + (date[6] - '0') - 1 + delta;
	y += m < 0 ? -1 : m / 12;
	m = (m % 12 + 12) % 12;
	return arena_printf(r->arena, "%04d-%02d", y, m + 1);
}

static void month_split(struct req *r, const struct vperiod *p, struct month_split *ms)
{
	char after[11];
	pr_date_of(pr_day_number(p->to) + 1, after);
	ms->first = month_of(r, p->from, strcmp(p->from + 8, "01") ? 1 : 0);
	ms->last = month_of(r, p->to, strcmp(after + 8, "01") ? -1 : 0);
	if (strcmp(ms->first, ms->last) > 0) {
		/* no whole month: every day from visit_days */
		ms->first = "9999-99";
		ms->last = "0000-00";
		ms->days_before = ms->days_after = "9999-99-99";
		return;
	}
	ms->days_before = arena_printf(r->arena, "%s-01", ms->first);
	ms->days_after = arena_printf(r->arena, "%s-31", ms->last);
}

static int groups_read(struct req *r, const struct vperiod *p, struct vgroups *g)
{
	int len = division_child_length(p->division);
	g->total = (struct vfig){ 0 };
	g->by_code = json_object();
	struct db_stmt *q = period_query(r, p, arena_printf(r->arena, "SELECT SUBSTR(h.division, 1, %d), COUNT(*),"
		" SUM(CASE WHEN " REACHED("h.id") " THEN 1 ELSE 0 END) FROM households h" LAST_VISITS("h.id")
		" WHERE %s AND h.division >= $3 AND h.division < $4 GROUP BY SUBSTR(h.division, 1, %d)", len, p->where, len));
	int rc = DB_ERROR;
	while (q && (rc = db_step(q)) == DB_ROW) {
		json_t *a = group_of(g, db_column_text(q, 0));
		int64_t n = db_column_int(q, 1), reached = db_column_int(q, 2);
		group_add(a, 0, n);
		group_add(a, 1, reached);
		g->total.households += n;
		g->total.reached += reached;
	}
	db_finalize(q);
	if (q == NULL || rc != DB_DONE)
		return -1;
	struct month_split ms;
	month_split(r, p, &ms);
	/* the days before the whole months and those after them as two ranges, not one range with an OR:
	 * PostgreSQL's generic plan of the cached statement (from its sixth run) otherwise walks every
	 * day of the period in visit_days_day and filters (94 ms for a county's year, not 10) */
	const char *day_rows = arena_printf(r->arena, "SELECT SUBSTR(v.division, 1, %d) AS c, v.visits, v.rated, v.satisfied,"
					   " v.basic, v.unsatisfied" DAYS_IN, len);
	q = db_query(r->db, arena_printf(r->arena, "SELECT v.c, " DAY_SUMS " FROM (%s AND v.visited_on < $5 UNION ALL %s"
		" AND v.visited_on > $6 UNION ALL SELECT SUBSTR(v.division, 1, %d), v.visits, v.rated, v.satisfied, v.basic,"
		" v.unsatisfied FROM visit_day_months v WHERE v.division >= $3 AND v.division < $4 AND v.month >= $7"
		" AND v.month <= $8) v GROUP BY v.c", day_rows, day_rows, len), "tttttttt", p->from, p->to, p->division, p->hi,
		ms.days_before, ms.days_after, ms.first, ms.last);
	while (q && (rc = db_step(q)) == DB_ROW) {
		json_t *a = group_of(g, db_column_text(q, 0));
		struct vfig f;
		fig_visits(q, 1, &f);
		int64_t v[5] = { f.visits, f.rated, f.satisfied, f.basic, f.unsatisfied };
		for (int i = 0; i < 5; i++)
			group_add(a, 2 + i, v[i]);
		g->total.visits += f.visits;
		g->total.rated += f.rated;
		g->total.satisfied += f.satisfied;
		g->total.basic += f.basic;
		g->total.unsatisfied += f.unsatisfied;
	}
	db_finalize(q);
	return q && rc == DB_DONE ? 0 : -1;
}

/* The subtree's figures. */
static int totals(struct req *r, const struct vperiod *p, struct vfig *f, struct vgroups *g)
{
	int rc = groups_read(r, p, g);
	*f = g->total;
	return rc;
}

/* A page of the child divisions' figures (from the groups) into *out and their count into *count. */
static int by_division(struct req *r, const struct vperiod *p, struct vgroups *g, const struct paging *pg, json_t **out,
		       int64_t *count)
{
	*out = json_array();
	if (db_query_int(r->db, count, "SELECT COUNT(*) FROM divisions WHERE parent_code = $1", "t", p->division) != DB_ROW)
		return -1;
	struct db_stmt *q = db_query(r->db, arena_printf(r->arena, "SELECT d.code, d.name FROM divisions d WHERE d.parent_code = $1"
								   " ORDER BY d.code LIMIT %lld OFFSET %lld", (long long)pg->page_size,
								   (long long)pg->offset), "t", p->division);
	int rc = DB_ERROR;
	while (q && (rc = db_step(q)) == DB_ROW) {
		struct vfig f;
		group_fig(json_object_get(g->by_code, db_column_text(q, 0)), &f);
		json_t *o = json_pack("{s:s, s:s}", "division", db_column_text(q, 0), "name", db_column_text(q, 1));
		fig_set(o, &f);
		json_array_append_new(*out, o);
	}
	db_finalize(q);
	return q && rc == DB_DONE ? 0 : -1;
}

/* The helpers' pairings (帮扶责任人) that overlap the period, in the subtree. */
#define HELPERS_IN                                                                                                       \
	" FROM pairings p WHERE p.kind = 'cadre_household' AND p.start_on <= $2 AND (p.end_on IS NULL OR p.end_on >= $1)" \
	" AND p.division >= $3 AND p.division < $4"

/* s as an SQL string literal (a division code or a subtree's bound: digits, ':'; quotes doubled all the same). */
static const char *sql_literal(struct req *r, const char *s)
{
	size_t n = strlen(s), k = 0;
	char *out = arena_alloc(r->arena, 2 * n + 3);
	out[k++] = '\'';
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\'')
			out[k++] = '\'';
		out[k++] = s[i];
	}
	out[k++] = '\'';
	out[k] = '\0';
	return out;
}

/*
 * A page of the helpers' figures: the households paired with each, those
 * the helper has visited at home in the period, and the satisfaction of
 * the helper's visits (anywhere).  The helpers are counted from their
 * pairings' index; the page walks the people in order (people_division)
 * until it is full, and only its helpers' pairings and visits are read.
 */
static int by_leader(struct req *r, const struct vperiod *p, const struct paging *pg, json_t **out, int64_t *count)
{
	*out = json_array();
	*count = 0;
	/* the count: the helpers' pairings of the subtree (pairings_helpers holds what it reads) */
	struct db_stmt *q = period_query(r, p, "SELECT COUNT(DISTINCT p.person_id)" HELPERS_IN);
	int rc = q ? db_step(q) : DB_ERROR;
	if (rc == DB_ROW)
		*count = db_column_int(q, 0);
	db_finalize(q);
	if (rc != DB_ROW)
		return -1;
	/* the page: the people in their order, each asked whether it helps in the subtree, up to the page's
	 * last.  The subtree's bounds are literals here, not $3 and $4: PostgreSQL keeps a generic plan of a
	 * cached statement from its sixth run, and without the bounds it took the subtree's helper pairings
	 * for a few dozen, read them all and sorted their people (1 ms -> 72 ms for a county) */
	const char *helpers_in = arena_printf(r->arena, " FROM pairings p WHERE p.kind = 'cadre_household' AND p.start_on <= $2"
		" AND (p.end_on IS NULL OR p.end_on >= $1) AND p.division >= %s AND p.division < %s",
		sql_literal(r, p->division), sql_literal(r, p->hi));
	q = db_query(r->db, arena_printf(r->arena,
		"WITH pg AS (SELECT pe.id, pe.name, pe.division FROM people pe"
		" WHERE EXISTS (SELECT 1%s AND p.person_id = pe.id) ORDER BY pe.division, pe.id LIMIT %lld OFFSET %lld)"
		" SELECT pg.id, pg.name, pg.division, y.n, y.reached, COALESCE(s.n, 0), COALESCE(s.rated, 0), COALESCE(s.sat, 0),"
		" COALESCE(s.bas, 0), COALESCE(s.uns, 0) FROM pg JOIN (SELECT p.person_id, COUNT(DISTINCT p.household_id) AS n,"
		" COUNT(DISTINCT CASE WHEN EXISTS (SELECT 1 FROM visits v WHERE v.household_id = p.household_id"
		" AND v.person_id = p.person_id AND v.kind = 'home' AND v.visited_on >= $1 AND v.visited_on <= $2)"
		" THEN p.household_id END) AS reached%s AND p.person_id IN (SELECT id FROM pg) GROUP BY p.person_id) y"
		" ON y.person_id = pg.id"
		" LEFT JOIN (SELECT v.person_id, " VISIT_SUMS " FROM visits v WHERE v.person_id IN (SELECT id FROM pg)"
		" AND v.household_id IS NOT NULL AND v.visited_on >= $1 AND v.visited_on <= $2 GROUP BY v.person_id) s"
		" ON s.person_id = pg.id ORDER BY pg.division, pg.id", helpers_in, (long long)pg->page_size, (long long)pg->offset,
		helpers_in), "tt", p->from, p->to);
	rc = DB_ERROR;
	while (q && (rc = db_step(q)) == DB_ROW) {
		struct vfig f = { .households = db_column_int(q, 3), .reached = db_column_int(q, 4) };
		fig_visits(q, 5, &f);
		json_t *o = json_pack("{s:I, s:s, s:s}", "person_id", (json_int_t)db_column_int(q, 0), "name", db_column_text(q, 1),
				      "division", db_column_text(q, 2));
		fig_set(o, &f);
		json_array_append_new(*out, o);
	}
	db_finalize(q);
	return q && rc == DB_DONE ? 0 : -1;
}

/* ?from= and ?to= (default: the first of to's month and today), real dates in order, at most ten years. */
static int query_period(struct req *r, struct vperiod *p)
{
	char today[11];
	pr_today(today);
	const char *from = req_query(r, "from"), *to = req_query(r, "to");
	if (to == NULL || *to == '\0')
		to = arena_strdup(r->arena, today);
	if (!clock_valid_date(to))
		return reply_error_msg(r, ERR_VALIDATION, "日期应为有效的 YYYY-MM-DD", "Expected a real date as YYYY-MM-DD", "to");
	if (from == NULL || *from == '\0')
		from = arena_printf(r->arena, "%.7s-01", to);
	if (!clock_valid_date(from))
		return reply_error_msg(r, ERR_VALIDATION, "日期应为有效的 YYYY-MM-DD", "Expected a real date as YYYY-MM-DD", "from");
	if (strcmp(from, to) > 0)
		return reply_error_msg(r, ERR_VALIDATION, "开始日期晚于结束日期", "from is after to", "from");
	if (pr_day_number(to) - pr_day_number(from) > 3660)
		return reply_error_msg(r, ERR_VALIDATION, "统计期间不超过十年", "The period is at most ten years", "from");
	p->from = from;
	p->to = to;
	return 0;
}

int visit_coverage_totals(struct req *r, const char *division, const char *from, const char *to, const char *target, json_t **out)
{
	struct vperiod p = { .division = division, .from = from, .to = to, .target = target ? target : "helped" };
	p.where = visit_target_where(p.target);
	if (p.where == NULL)
		return reply_error_msg(r, ERR_VALIDATION, "对象户应为 helped、all、registered 或 monitored",
				       "target is helped, all, registered or monitored", "target");
	division_subtree_upper(division, p.hi);
	struct vfig f;
	struct vgroups g = { 0 };
	int rc = totals(r, &p, &f, &g);
	json_decref(g.by_code);
	if (rc)
		return reply_error(r, ERR_INTERNAL, NULL);
	*out = json_pack("{s:s, s:s, s:s, s:s}", "division", division, "from", from, "to", to, "target", p.target);
	fig_set(*out, &f);
	return 0;
}

int visits_coverage(struct req *r)
{
	if (pairing_is_cadre(r))
		return reply_error_msg(r, ERR_FORBIDDEN, "帮扶干部请在“我的帮扶”中查看", "A cadre sees its own pairings (/pairings/mine)", NULL);
	struct vperiod p = { 0 };
	struct paging pg;
	int st = pr_query_division(r, &p.division);
	if (!st)
		st = query_period(r, &p);
	if (!st)
		st = query_target(r, "helped", &p.target, &p.where);
	if (!st)
		st = paging_from_query(r, &pg);
	if (st)
		return st;
	division_subtree_upper(p.division, p.hi);
	struct vfig f;
	json_t *children = NULL, *leaders = NULL;
	int64_t nchildren = 0, nleaders = 0;
	struct vgroups g = { 0 };
	int rc = totals(r, &p, &f, &g) || by_division(r, &p, &g, &pg, &children, &nchildren) ||
		 by_leader(r, &p, &pg, &leaders, &nleaders);
	json_decref(g.by_code);
	if (rc) {
		json_decref(children);
		json_decref(leaders);
		return reply_error(r, ERR_INTERNAL, NULL);
	}
	json_t *o = json_pack("{s:s, s:s, s:s, s:s}", "division", p.division, "from", p.from, "to", p.to, "target", p.target);
	fig_set(o, &f);
	json_object_set_new(o, "by_division", children);
	json_object_set_new(o, "divisions_total", json_integer(nchildren));
	json_object_set_new(o, "by_leader", leaders);
	json_object_set_new(o, "leaders_total", json_integer(nleaders));
	json_object_set_new(o, "page", json_integer(pg.page));
	json_object_set_new(o, "page_size", json_integer(pg.page_size));
	return reply_json(r, 200, o);
}

/* ---- overdue households ------------------------------------------------------------------- */

const char *visit_days_since(struct req *r)
{
	return db_backend(r->db) == DB_POSTGRES ? "(CAST($1 AS DATE) - CAST(x.last AS DATE))"
						: "CAST(julianday($1) - julianday(x.last) AS INTEGER)";
}

const char *pairing_rule_sql(struct req *r, const char *rule, const char *column, const char *at, long long def)
{
	int64_t places = 0;
	/* column is the caller's constant (days or enabled), never input */
	if (db_query_int(r->db, &places, arena_printf(r->arena, "SELECT COUNT(*) FROM coverage_rules WHERE rule = $1 AND %s IS NOT NULL",
						      column), "t", rule) != DB_ROW)
		return NULL;
	if (places == 0)
		return arena_printf(r->arena, "%lld", def);
	return arena_printf(r->arena, "COALESCE((SELECT cr.%s FROM coverage_rules cr WHERE cr.rule = '%s' AND cr.%s IS NOT NULL"
				      " AND cr.division = SUBSTR(%s, 1, LENGTH(cr.division)) ORDER BY LENGTH(cr.division) DESC LIMIT 1), %lld)",
			    column, rule, column, at, def);
}

int pairing_list_total(struct req *r, int64_t *total, const char *count_sql, const char *date, const char *lo, const char *hi,
		       bool page_empty, int64_t offset)
{
	if (!page_empty)
		return 0;
	*total = 0;
	if (offset == 0)
		return 0;
	return db_query_int(r->db, total, count_sql, "ttt", date, lo, hi) == DB_ROW ? 0 : -1;
}

/* The households that need visits in the subtree ($2, $3) with their last visit up to $1 and interval:
 * "WITH x AS MATERIALIZED (...)" (the last visit looked up once per household, not once per
 * reference) and the rest of the query goes on with " FROM x WHERE <overdue>" (overdue_where).
 * The last visit is the kept one (household_last_visits) unless that is after $1 (a date in the
 * past asked for): then the visits up to $1 are read. */
static const char *overdue_cte(struct req *r, int64_t cadre)
{
	const char *monitored = pairing_rule_sql(r, "visit_monitored", "days", "h.division", VISIT_MONITORED_DAYS);
	const char *registered = pairing_rule_sql(r, "visit_registered", "days", "h.division", VISIT_REGISTERED_DAYS);
	if (monitored == NULL || registered == NULL)
		return NULL;
	return arena_printf(r->arena,
		"WITH x AS MATERIALIZED (SELECT h.id, h.head_name, h.division, h.status, h.monitor_category AS mc,"
		" CASE WHEN k.last_on <= $1 THEN k.last_on WHEN k.last_on IS NOT NULL THEN (SELECT MAX(v.visited_on) FROM visits v"
		" WHERE v.household_id = h.id AND v.visited_on <= $1) END AS last,"
		" CASE WHEN h.monitor_category IS NOT NULL THEN %s ELSE %s END AS every"
		" FROM households h" LAST_VISITS("h.id") " WHERE " PAIRING_HELPED " AND h.division >= $2 AND h.division < $3%s)",
		monitored, registered,
		cadre ? arena_printf(r->arena, " AND EXISTS (SELECT 1 FROM pairings p WHERE p.household_id = h.id AND p.person_id = %lld"
					       " AND p.start_on <= $1 AND (p.end_on IS NULL OR p.end_on >= $1))", (long long)cadre) : "");
}

static const char *overdue_where(struct req *r)
{
	return arena_printf(r->arena, " FROM x WHERE x.last IS NULL OR %s >= x.every", visit_days_since(r));
}

/* The household's current helpers (帮扶责任人, 1+X party members) on date. */
static json_t *helpers_of(struct req *r, int64_t household, const char *date)
{
	json_t *out = json_array();
	struct db_stmt *q = db_query(r->db, "SELECT pe.id, pe.name, p.kind FROM pairings p JOIN people pe ON pe.id = p.person_id"
					    " WHERE p.household_id = $1 AND p.kind IN ('cadre_household', 'member_household')"
					    " AND p.start_on <= $2 AND (p.end_on IS NULL OR p.end_on >= $2) ORDER BY p.kind, pe.id",
				     "it", household, date);
	while (q && db_step(q) == DB_ROW)
		json_array_append_new(out, json_pack("{s:I, s:s, s:s}", "person_id", (json_int_t)db_column_int(q, 0), "name",
						     db_column_text(q, 1), "kind", db_column_text(q, 2)));
	db_finalize(q);
	return out;
}

/*
 * The households whose interval has passed on ?date= (default today in
 * China): never visited first, then by the days overdue, the most first.
 * The interval is due on the day after last + every - 1: a monthly (31
 * days) household visited on 12-01 is overdue by 1 day on 01-01.  A cadre
 * sees its own paired households only.  ?by=helper answers by each
 * helper's duty instead (visit_duties.c).
 */
int visits_overdue(struct req *r)
{
	const char *by = req_query(r, "by");
	if (by && *by && strcmp(by, "household") && strcmp(by, "helper"))
		return reply_error_msg(r, ERR_VALIDATION, "统计方式应为 household（按户）或 helper（按帮扶人）",
				       "by is household or helper", "by");
	if (by && !strcmp(by, "helper"))
		return visits_overdue_by_helper(r);
	const char *division;
	char date[11], hi[DIVISION_CODE_MAX + 2];
	struct paging pg;
	int st = pairing_query_place(r, &division, date, &pg);
	if (st)
		return st;
	int64_t cadre;
	if ((st = pairing_caller_cadre(r, &cadre)) != 0)
		return st;
	division_subtree_upper(division, hi);
	const char *cte = overdue_cte(r, cadre), *since = visit_days_since(r);
	if (cte == NULL)
		return reply_error(r, ERR_INTERNAL, NULL);
	/* one pass: the page and, with it, the count of every overdue household */
	struct db_stmt *q = db_query(r->db, arena_printf(r->arena,
		"%s SELECT x.id, x.head_name, x.division, x.status, x.mc, x.last, x.every,"
		" (SELECT dn.name FROM divisions dn WHERE dn.code = x.division), COUNT(*) OVER ()%s"
		" ORDER BY CASE WHEN x.last IS NULL THEN 0 ELSE 1 END, %s - x.every DESC, x.id LIMIT %lld OFFSET %lld",
		cte, overdue_where(r), since, (long long)pg.page_size, (long long)pg.offset), "ttt", date, division, hi);
	json_t *items = json_array();
	int rc = DB_ERROR;
	int64_t today = pr_day_number(date), total = 0;
	while (q && (rc = db_step(q)) == DB_ROW) {
		int64_t id = db_column_int(q, 0), every = db_column_int(q, 6);
		total = db_column_int(q, 8);
		bool never = db_column_is_null(q, 5), monitored = !db_column_is_null(q, 4);
		json_t *o = json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:I, s:b}", "household_id", (json_int_t)id, "head_name",
				      db_column_text(q, 1), "division", db_column_text(q, 2), "status", db_column_text(q, 3), "category",
				      monitored ? "monitored" : "registered", "rule", monitored ? "visit_monitored" : "visit_registered",
				      "visit_every_days", (json_int_t)every, "never_visited", never);
		json_object_set_new(o, "division_name", db_column_is_null(q, 7) ? json_null() : json_string(db_column_text(q, 7)));
		json_object_set_new(o, "monitor_category", monitored ? json_string(db_column_text(q, 4)) : json_null());
		if (never) {
			json_object_set_new(o, "last_visit", json_null());
			json_object_set_new(o, "days_since_visit", json_null());
			json_object_set_new(o, "due_on", json_null());
			json_object_set_new(o, "days_overdue", json_null());
		} else {
			int64_t last = pr_day_number(db_column_text(q, 5));
			char due[11];
			pr_date_of(last + every - 1, due);
			json_object_set_new(o, "last_visit", json_string(db_column_text(q, 5)));
			json_object_set_new(o, "days_since_visit", json_integer(today - last));
			json_object_set_new(o, "due_on", json_string(due));
			json_object_set_new(o, "days_overdue", json_integer(today - last - every + 1));
		}
		json_object_set_new(o, "helpers", helpers_of(r, id, date));
		json_array_append_new(items, o);
	}
	db_finalize(q);
	if (q == NULL || rc != DB_DONE ||
	    pairing_list_total(r, &total, arena_printf(r->arena, "%s SELECT COUNT(*)%s", cte, overdue_where(r)), date, division, hi,
			       json_array_size(items) == 0, pg.offset)) {
		json_decref(items);
		return reply_error(r, ERR_INTERNAL, NULL);
	}
	return reply_json(r, 200, json_pack("{s:s, s:s, s:o, s:I, s:I, s:I}", "division", division, "date", date, "items", items,
					    "total", (json_int_t)total, "page", (json_int_t)pg.page, "page_size", (json_int_t)pg.page_size));
}

/* ---- 户户走到 campaigns -------------------------------------------------------------------- */

struct campaign {
	int64_t id;
	const char *name, *division, *start_on, *end_on, *target, *note;
};

static json_t *campaign_json(const struct campaign *c, const struct vfig *f)
{
	json_t *o = json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:o}", "id", (json_int_t)c->id, "name", c->name, "division", c->division,
			      "start_on", c->start_on, "end_on", c->end_on, "target", c->target, "note",
			      c->note ? json_string(c->note) : json_null());
	json_object_set_new(o, "households", json_integer(f->households));
	json_object_set_new(o, "reached", json_integer(f->reached));
	json_object_set_new(o, "rate", ratio(f->reached, f->households));
	return o;
}

#define CAMPAIGN_COLUMNS "t.id, t.name, t.division, t.start_on, t.end_on, t.target, t.note"

static void campaign_read(struct req *r, struct db_stmt *q, struct campaign *c)
{
	c->id = db_column_int(q, 0);
	c->name = arena_strdup(r->arena, db_column_text(q, 1));
	c->division = arena_strdup(r->arena, db_column_text(q, 2));
	c->start_on = arena_strdup(r->arena, db_column_text(q, 3));
	c->end_on = arena_strdup(r->arena, db_column_text(q, 4));
	c->target = arena_strdup(r->arena, db_column_text(q, 5));
	c->note = db_column_is_null(q, 6) ? NULL : arena_strdup(r->arena, db_column_text(q, 6));
}

/* The campaign's period, its place and target as the figures' query. */
static void campaign_period(const struct campaign *c, struct vperiod *p)
{
	*p = (struct vperiod){ .division = c->division, .from = c->start_on, .to = c->end_on, .target = c->target,
			       .where = visit_target_where(c->target) };
	if (p->where == NULL)
		p->where = visit_target_where("all");
	division_subtree_upper(c->division, p->hi);
}

/* "select FROM the campaigns in division's subtree and the caller's scope" into b. */
static void campaigns_in(struct req *r, struct sqlbuf *b, const char *select, const char *division)
{
	sqlbuf_init(b, r->arena);
	sqlbuf_add(b, select);
	sqlbuf_add(b, " FROM visit_campaigns t WHERE ");
	scope_where_under(b, r->user, "t.division", division);
}

/* The campaigns whose place lies in ?division= (default the caller's first scope), the latest first, with progress. */
int visits_campaigns(struct req *r)
{
	if (pairing_is_cadre(r))
		return reply_error_msg(r, ERR_FORBIDDEN, "帮扶干部请在“我的帮扶”中查看", "A cadre sees its own pairings (/pairings/mine)", NULL);
	const char *division;
	struct paging pg;
	int st = pr_query_division(r, &division);
	if (!st)
		st = paging_from_query(r, &pg);
	if (st)
		return st;
	struct sqlbuf b;
	campaigns_in(r, &b, "SELECT COUNT(*)", division);
	int64_t total = 0;
	struct db_stmt *q = sqlbuf_query(r->db, &b);
	int rc = q ? db_step(q) : DB_ERROR;
	if (rc == DB_ROW)
		total = db_column_int(q, 0);
	db_finalize(q);
	if (rc != DB_ROW)
		return reply_error(r, ERR_INTERNAL, NULL);
	campaigns_in(r, &b, "SELECT " CAMPAIGN_COLUMNS, division);
	sqlbuf_add(&b, " ORDER BY t.start_on DESC, t.id DESC");
	sqlbuf_page(&b, pg.page_size, pg.offset);
	q = sqlbuf_query(r->db, &b);
	struct campaign list[200];
	int n = 0;
	while (q && n < N(list) && (rc = db_step(q)) == DB_ROW)
		campaign_read(r, q, &list[n++]);
	db_finalize(q);
	if (q == NULL || (n < N(list) && rc != DB_DONE))
		return reply_error(r, ERR_INTERNAL, NULL);
	json_t *items = json_array();
	for (int i = 0; i < n; i++) {
		struct vperiod p;
		struct vfig f;
		struct vgroups g = { 0 };
		campaign_period(&list[i], &p);
		int grc = totals(r, &p, &f, &g);
		json_decref(g.by_code);
		if (grc) {
			json_decref(items);
			return reply_error(r, ERR_INTERNAL, NULL);
		}
		json_array_append_new(items, campaign_json(&list[i], &f));
	}
	return reply_json(r, 200, json_pack("{s:s, s:o, s:I, s:I, s:I}", "division", division, "items", items, "total",
					    (json_int_t)total, "page", (json_int_t)pg.page, "page_size", (json_int_t)pg.page_size));
}

/*
 * One campaign's progress: the target households of its place, those with
 * a home visit inside its dates, the figures of each child division, and a
 * page of the households not reached yet.
 */
int visit_campaign_progress(struct req *r)
{
	if (pairing_is_cadre(r))
		return reply_error_msg(r, ERR_FORBIDDEN, "帮扶干部请在“我的帮扶”中查看", "A cadre sees its own pairings (/pairings/mine)", NULL);
	int64_t id;
	struct paging pg;
	int st = req_path_id(r, 0, &id);
	if (!st)
		st = paging_from_query(r, &pg);
	if (st)
		return st;
	struct sqlbuf b;
	sqlbuf_init(&b, r->arena);
	sqlbuf_add(&b, "SELECT " CAMPAIGN_COLUMNS " FROM visit_campaigns t WHERE t.id = ");
	sqlbuf_int(&b, id);
	sqlbuf_add(&b, " AND ");
	scope_where(&b, r->user, "t.division");
	struct db_stmt *q = sqlbuf_query(r->db, &b);
	int rc = q ? db_step(q) : DB_ERROR;
	struct campaign c;
	if (rc == DB_ROW)
		campaign_read(r, q, &c);
	db_finalize(q);
	if (rc != DB_ROW)
		return reply_error(r, rc == DB_DONE ? ERR_NOT_FOUND : ERR_INTERNAL, NULL);
	struct vperiod p;
	struct vfig f;
	json_t *children = NULL;
	int64_t nchildren = 0, unreached = 0;
	struct vgroups g = { 0 };
	campaign_period(&c, &p);
	int grc = totals(r, &p, &f, &g) || by_division(r, &p, &g, &pg, &children, &nchildren);
	json_decref(g.by_code);
	if (grc) {
		json_decref(children);
		return reply_error(r, ERR_INTERNAL, NULL);
	}
	const char *missing = arena_printf(r->arena, " FROM households h" LAST_VISITS("h.id") " WHERE %s AND h.division >= $3"
						     " AND h.division < $4"
						     " AND NOT " REACHED("h.id"), p.where);
	q = period_query(r, &p, arena_printf(r->arena, "SELECT COUNT(*)%s", missing));
	rc = q ? db_step(q) : DB_ERROR;
	if (rc == DB_ROW)
		unreached = db_column_int(q, 0);
	db_finalize(q);
	q = rc == DB_ROW ? period_query(r, &p, arena_printf(r->arena, "SELECT h.id, h.head_name, h.division, h.status,"
									 " (SELECT dn.name FROM divisions dn WHERE dn.code = h.division)%s"
									 " ORDER BY h.division, h.id LIMIT %lld OFFSET %lld", missing,
									 (long long)pg.page_size, (long long)pg.offset))
			 : NULL;
	json_t *items = json_array();
	while (q && (rc = db_step(q)) == DB_ROW)
		json_array_append_new(items, json_pack("{s:I, s:s, s:s, s:s, s:o}", "household_id", (json_int_t)db_column_int(q, 0),
						       "head_name", db_column_text(q, 1), "division", db_column_text(q, 2), "status",
						       db_column_text(q, 3), "division_name",
						       db_column_is_null(q, 4) ? json_null() : json_string(db_column_text(q, 4))));
	db_finalize(q);
	if (q == NULL || rc != DB_DONE) {
		json_decref(items);
		json_decref(children);
		return reply_error(r, ERR_INTERNAL, NULL);
	}
	json_t *o = campaign_json(&c, &f);
	json_object_set_new(o, "by_division", children);
	json_object_set_new(o, "divisions_total", json_integer(nchildren));
	json_object_set_new(o, "unreached", json_pack("{s:o, s:I, s:I, s:I}", "items", items, "total", (json_int_t)unreached, "page",
						      (json_int_t)pg.page, "page_size", (json_int_t)pg.page_size));
	return reply_json(r, 200, o);
}

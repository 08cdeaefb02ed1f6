/*
 * coverage.c - the coverage rules (who must be paired, visited, sent) and
 * their gaps: GET /coverage evaluates every rule over a division subtree
 * on a date, with the rate and a page of the gaps, or all the gaps as
 * XLSX; GET /coverage/rules shows the rules in force at a place.
 *
 * Rules are data: the table below gives each rule its population and
 * value (one SQL), how the value is compared and its defaults from the
 * seeds (乳源's double 113 and its leaders' 3 days a week in villages, the
 * first-secretary and team rules, 竹山's 户户走到) and each helper's visit
 * duty (visit_duties.h); a coverage_rules row of a place changes a rule's threshold,
 * period or switch for that place's subtree (the nearest place wins).
 */
#include "modules/pairings/pairings.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/principal.h"
#include "auth/scope.h"
#include "core/division.h"
#include "core/xlsx_write.h"
#include "db/db.h"
#include "http/reply.h"
#include "model/dict.h"
#include "modules/pairings/pairings_entities.h"
#include "modules/pairings/pairings_internal.h"
#include "modules/pairings/visit_duties.h"
#include "model/node_memo.h"

#define N(a) (int)(sizeof(a) / sizeof(a[0]))

/* "the pairing p is current on $1" */
#define CURRENT(p) " " p ".start_on <= $1 AND (" p ".end_on IS NULL OR " p ".end_on >= $1)"
#define IN_TREE(col) " " col " >= $2 AND " col " < $3"
#define POOR_OR_WEAK VILLAGES " AND (d.poor_village = 1 OR EXISTS (SELECT 1 FROM orgs o WHERE o.division = d.code AND o.weak = 1))"

enum cov_op { OP_GE, OP_LE, OP_EQ };

/*
 * One rule: its population and each member's value (columns k, label,
 * division, v; parameters $1 the date, $2 and $3 the subtree, $4 the
 * first day of the period when the rule has one), the comparison, and the
 * defaults.
 */
struct cov_rule {
	const char *code;
	const char *gap_kind;   /* person, village, household, pairing */
	enum cov_op op;
	int64_t threshold, days;
	bool enabled;
	const char *sql;
	bool spans;   /* a member may be counted under several divisions (no per-division parts) */
	const char *wide;   /* a duty's rows read from the pairings first (visit_duties.h), for a county or more; or NULL */
};

/* The rows of one rule's population with each member's count (v): people, villages or households. */
#define PERSON_PAIRINGS(kind, population)                                                                   \
	"SELECT pe.id AS k, pe.name AS label, pe.division AS division, (SELECT COUNT(*) FROM pairings p"     \
	" WHERE p.person_id = pe.id AND p.kind = '" kind "' AND" CURRENT("p") ") AS v FROM people pe WHERE " \
	population
#define CADRES(role) "pe.cadre_role = '" role "' AND" IN_TREE("pe.division")
#define VILLAGE_COUNT(count, from) "SELECT d.code AS k, d.name AS label, d.code AS division, (" count ") AS v" from
#define HOUSEHOLD_VISITS(population)                                                                              \
	"SELECT h.id AS k, h.head_name AS label, h.division AS division, (SELECT COUNT(*) FROM visits v"           \
	" WHERE v.household_id = h.id AND v.visited_on >= $4 AND v.visited_on <= $1) AS v FROM households h WHERE " \
	population " AND" IN_TREE("h.division")
#define VILLAGES " FROM divisions d WHERE d.level = 'village' AND" IN_TREE("d.code")

static const struct cov_rule rules[] = {
	{ "leader_area", "person", OP_EQ, 1, 0, true, PERSON_PAIRINGS("leader_area", CADRES("township_leader")), false, NULL },
	{ "cadre_village", "person", OP_GE, 1, 0, true, PERSON_PAIRINGS("cadre_village", CADRES("township_staff")), false, NULL },
	{ "cadre_households", "person", OP_GE, 3, 0, true, PERSON_PAIRINGS("cadre_household", CADRES("township_staff")), false, NULL },
	{ "cadre_max_households", "person", OP_LE, 5, 0, true,
	  PERSON_PAIRINGS("cadre_household", "pe.id IN (SELECT q.person_id FROM pairings q WHERE q.kind = 'cadre_household' AND"
			  CURRENT("q") " AND" IN_TREE("q.division") ")"), true, NULL },
	{ "village_guide", "village", OP_GE, 1, 0, true,
	  VILLAGE_COUNT("SELECT COUNT(*) FROM pairings p WHERE p.target = d.code AND p.kind = 'cadre_village' AND" CURRENT("p"),
			VILLAGES), false, NULL },
	{ "household_helper", "household", OP_GE, 1, 0, true,
	  "SELECT h.id AS k, h.head_name AS label, h.division AS division, (SELECT COUNT(*) FROM pairings p"
	  " WHERE p.household_id = h.id AND p.kind = 'cadre_household' AND" CURRENT("p") ") AS v FROM households h"
	  " WHERE " PAIRING_HELPED " AND" IN_TREE("h.division"), false, NULL },
	{ "village_first_secretary", "village", OP_GE, 1, 0, true,
	  VILLAGE_COUNT("SELECT COUNT(*) FROM team_members m WHERE m.division = d.code AND m.role = 'first_secretary'"
			" AND m.start_on <= $1 AND m.end_on >= $1", POOR_OR_WEAK), false, NULL },
	{ "village_team_size", "village", OP_GE, 3, 0, true,
	  VILLAGE_COUNT("SELECT COUNT(*) FROM team_members m WHERE m.division = d.code AND m.start_on <= $1 AND m.end_on >= $1",
			POOR_OR_WEAK), false, NULL },
	{ "enterprise_village", "pairing", OP_GE, 1, 0, true,
	  "SELECT p.id AS k, u.name AS label, p.division AS division, CASE WHEN p.target IS NULL THEN 0 ELSE 1 END AS v"
	  " FROM pairings p JOIN units u ON u.id = p.unit_id WHERE p.kind = 'enterprise_village' AND" CURRENT("p") " AND"
	  IN_TREE("p.division"), false, NULL },
	{ "visit_registered", "household", OP_GE, 1, VISIT_REGISTERED_DAYS, true,
	  HOUSEHOLD_VISITS(PAIRING_REGISTERED " AND h.monitor_category IS NULL"), false, NULL },
	{ "visit_monitored", "household", OP_GE, 1, VISIT_MONITORED_DAYS, true, HOUSEHOLD_VISITS("h.monitor_category IS NOT NULL"), false, NULL },
	{ "leader_village_days", "person", OP_GE, 3, 7, true,
	  "SELECT pe.id AS k, pe.name AS label, pe.division AS division, (SELECT COUNT(DISTINCT v.visited_on) FROM visits v"
	  " WHERE v.person_id = pe.id AND v.visited_on >= $4 AND v.visited_on <= $1) AS v FROM people pe WHERE "
	  CADRES("township_leader"), false, NULL },
	{ "visit_all", "household", OP_GE, 1, 365, false, HOUSEHOLD_VISITS("h.status <> 'removed'"), false, NULL },
	/* each helper's own visits to its objects (visit_duties.h): a gap is a helper and an object */
#define DUTY_RULE(code, helper, days, on, sql, wide) { code, "duty", OP_GE, 1, days, on, DUTY_COVERAGE(sql), false, wide },
	VISIT_DUTIES(DUTY_RULE)
#undef DUTY_RULE
};

/* A rule as it applies at a place: the defaults, changed by the nearest coverage_rules row. */
struct cov_effective {
	const struct cov_rule *rule;
	int64_t threshold, days;
	bool enabled;
	const char *place;   /* the place whose row applies; NULL: the defaults */
};

static int effective_rules(struct req *r, const char *division, struct cov_effective out[])
{
	size_t best[N(rules)];
	for (int i = 0; i < N(rules); i++) {
		out[i] = (struct cov_effective){ &rules[i], rules[i].threshold, rules[i].days, rules[i].enabled, NULL };
		best[i] = 0;
	}
	struct db_stmt *q = db_query(r->db, "SELECT division, rule, threshold, days, enabled FROM coverage_rules", "");
	int rc = DB_ERROR;
	while (q && (rc = db_step(q)) == DB_ROW) {
		const char *place = db_column_text(q, 0), *code = db_column_text(q, 1);
		size_t len = strlen(place);
		if (!division_in_subtree(place, division))
			continue;
		for (int i = 0; i < N(rules); i++) {
			if (strcmp(rules[i].code, code) || (out[i].place && len <= best[i]))
				continue;
			best[i] = len;
			out[i] = (struct cov_effective){ &rules[i], rules[i].threshold, rules[i].days, rules[i].enabled,
							 arena_strdup(r->arena, place) };
			if (!db_column_is_null(q, 2))
				out[i].threshold = db_column_int(q, 2);
			if (!db_column_is_null(q, 3))
				out[i].days = db_column_int(q, 3);
			if (!db_column_is_null(q, 4))
				out[i].enabled = db_column_int(q, 4) != 0;
		}
	}
	db_finalize(q);
	return q ? 0 : -1;
}

static const char *op_name(enum cov_op op)
{
	return op == OP_GE ? "at_least" : op == OP_LE ? "at_most" : "exactly";
}

/* "x.v >= 3": the member meets the rule. */
static const char *met_sql(struct req *r, const struct cov_effective *e)
{
	return arena_printf(r->arena, "x.v %s %lld", e->rule->op == OP_GE ? ">=" : e->rule->op == OP_LE ? "<=" : "=",
			    (long long)e->threshold);
}

struct cov_query {
	const char *date, *lo, *hi;
	char from[11];   /* the first day of the rule's period */
};

static struct db_stmt *run(struct req *r, const struct cov_effective *e, const struct cov_query *cq, const char *sql)
{
	if (e->rule->days > 0)
		return db_query(r->db, sql, "tttt", cq->date, cq->lo, cq->hi, cq->from);
	return db_query(r->db, sql, "ttt", cq->date, cq->lo, cq->hi);
}

static void period_from(const struct cov_effective *e, struct cov_query *cq)
{
	pr_date_of(pr_day_number(cq->date) - (e->days > 0 ? e->days - 1 : 0), cq->from);
}

static json_t *gap_json(const struct cov_effective *e, struct db_stmt *q)
{
	int64_t v = db_column_int(q, 3);
	int64_t by = e->rule->op == OP_LE ? v - e->threshold : e->threshold - v;
	return json_pack("{s:s, s:s, s:s, s:s, s:o, s:I, s:I, s:I}", "kind", e->rule->gap_kind, "key", db_column_text(q, 0), "label",
			 db_column_text(q, 1), "division", db_column_text(q, 2),
			 "division_name", db_column_is_null(q, 4) ? json_null() : json_string(db_column_text(q, 4)),
			 "value", (json_int_t)v, "threshold", (json_int_t)e->threshold, "short_by", (json_int_t)(by < 0 ? -by : by));
}

/* A household that falls short: its current helpers and its last visit up to the date, so that
 * the list of overdue households says who is to go. */
static void household_detail(struct req *r, json_t *g, const char *date)
{
	int64_t id = strtoll(json_string_value(json_object_get(g, "key")), NULL, 10);
	json_t *helpers = json_array();
	struct db_stmt *q = db_query(r->db, "SELECT pe.id, pe.name FROM pairings p JOIN people pe ON pe.id = p.person_id"
					    " WHERE p.household_id = $1 AND p.kind = 'cadre_household' AND p.start_on <= $2"
					    " AND (p.end_on IS NULL OR p.end_on >= $2) ORDER BY pe.id", "it", id, date);
	while (q && db_step(q) == DB_ROW)
		json_array_append_new(helpers, json_pack("{s:I, s:s}", "person_id", (json_int_t)db_column_int(q, 0), "name",
							 db_column_text(q, 1)));
	db_finalize(q);
	json_object_set_new(g, "helpers", helpers);
	q = db_query(r->db, "SELECT MAX(visited_on) FROM visits WHERE household_id = $1 AND visited_on <= $2", "it", id, date);
	json_object_set_new(g, "last_visit", q && db_step(q) == DB_ROW && !db_column_is_null(q, 0) ? json_string(db_column_text(q, 0))
											       : json_null());
	db_finalize(q);
}

/* The helpers' names of a household gap, comma-separated (arena). */
static const char *helper_names(struct req *r, json_t *g)
{
	const char *out = "";
	size_t i;
	json_t *h;
	json_array_foreach(json_object_get(g, "helpers"), i, h)
		out = arena_printf(r->arena, "%s%s%s", out, i ? "、" : "", json_string_value(json_object_get(h, "name")));
	return out;
}

#define GAP_SELECT "SELECT x.k, x.label, x.division, x.v, (SELECT dn.name FROM divisions dn WHERE dn.code = x.division) FROM ("

/* A rule's counts, rate and page of gaps (owned by o from here) into its result o. */
static void rule_result_set(json_t *o, int64_t total, int64_t ok, json_t *gaps)
{
	json_object_set_new(o, "total", json_integer(total));
	json_object_set_new(o, "met", json_integer(ok));
	json_object_set_new(o, "rate", total ? json_real((double)(ok * 10000 / total) / 10000.0) : json_null());
	json_object_set_new(o, "gaps_total", json_integer(total - ok));
	json_object_set_new(o, "gaps", gaps);
}

struct cov_counts;
static int counted_rule_json(struct req *r, const struct cov_effective *e, struct cov_query *cq, const struct paging *pg,
			     const struct cov_counts *c, json_t *o);

/* One rule's figures and a page of its gaps: from the counts c when given (a county or below),
 * else all live.  0, -1 on a database error, or the status of the error reply made. */
static int rule_json(struct req *r, const struct cov_effective *e, struct cov_query *cq, const struct paging *pg,
		     const struct cov_counts *c, json_t **out)
{
	const struct cov_rule *rule = e->rule;
	const struct dict_item *label = dict_item(dict_find("coverage_rule"), rule->code);
	json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:I, s:o, s:b, s:o}", "rule", rule->code, "name", label ? label->zh : rule->code,
			      "name_en", label ? label->en : rule->code, "op", op_name(rule->op), "threshold",
			      (json_int_t)e->threshold, "days", e->days > 0 ? json_integer(e->days) : json_null(), "enabled",
			      e->enabled, "place", e->place ? json_string(e->place) : json_null());
	*out = o;
	if (!e->enabled)
		return 0;
	if (c)
		return counted_rule_json(r, e, cq, pg, c, o);
	period_from(e, cq);
	if (e->days > 0)
		json_object_set_new(o, "period_from", json_string(cq->from));
	const char *met = met_sql(r, e);
	/* one pass over the rule's members (materialized: each member's value computed once): a page of
	 * the gaps, sorted first, with the count of all members and of those meeting the rule */
	struct db_stmt *q = run(r, e, cq, arena_printf(r->arena,
		"WITH x AS MATERIALIZED (%s) SELECT y.k, y.label, y.division, y.v,"
		" (SELECT dn.name FROM divisions dn WHERE dn.code = y.division), y.t, y.m, y.gap"
		" FROM (SELECT x.k, x.label, x.division, x.v, COUNT(*) OVER () AS t,"
		" SUM(CASE WHEN %s THEN 1 ELSE 0 END) OVER () AS m, CASE WHEN %s THEN 0 ELSE 1 END AS gap"
		" FROM x ORDER BY gap DESC, x.division, x.k LIMIT %lld OFFSET %lld) y ORDER BY y.gap DESC, y.division, y.k",
		rule->sql, met, met, (long long)pg->page_size, (long long)pg->offset));
	json_t *gaps = json_array();
	int64_t total = 0, ok = 0;
	bool counted = false;
	int rc = DB_ERROR;
	while (q && (rc = db_step(q)) == DB_ROW) {
		total = db_column_int(q, 5);
		ok = db_column_int(q, 6);
		counted = true;
		if (db_column_int(q, 7) == 0)
			continue;   /* past the gaps: a member that meets the rule */
		json_t *g = gap_json(e, q);
		if (!strcmp(rule->gap_kind, "household"))
			household_detail(r, g, cq->date);
		json_array_append_new(gaps, g);
	}
	db_finalize(q);
	if (q == NULL || rc != DB_DONE) {
		json_decref(gaps);
		return -1;
	}
	if (!counted && pg->offset > 0) {   /* a page past every member: count them apart */
		q = run(r, e, cq, arena_printf(r->arena, "SELECT COUNT(*), COALESCE(SUM(CASE WHEN %s THEN 1 ELSE 0 END), 0)"
							 " FROM (%s) x", met, rule->sql));
		rc = q ? db_step(q) : DB_ERROR;
		if (rc == DB_ROW) {
			total = db_column_int(q, 0);
			ok = db_column_int(q, 1);
		}
		db_finalize(q);
		if (rc != DB_ROW) {
			json_decref(gaps);
			return -1;
		}
	}
	rule_result_set(o, total, ok, gaps);
	return 0;
}

/* ---- a county or a place below it: the counts from the node memo's parts ------------------- */

/*
 * The counts of the rules under a county or a place below it: the node memo's parts (model/node_memo.h),
 * the same kind and key as GET /stats's (modules/stats/rollup.c: "cov_own" per division, its
 * own members; key "date|rules in force"), so that each warms the other and every write clears
 * them in its transaction.  Only a page of each rule's gaps is then computed live: the parts give
 * each division's gaps, and the page's rows lie in the divisions that hold its gaps (the gaps
 * sort by division first).  A spanning rule (its members counted wherever they help: no part per
 * division) keeps its counts and its whole gap list in one memo row of the node.
 */
struct cov_counts {
	const char *key;   /* the memo's key: the date and the rules in force */
	json_t *parts;     /* {division: part} */
	const char **codes;      /* the parts' divisions in code order */
	size_t n;
};

struct cov_part_arg {
	const char *rules_at, *on;
};

static int own_part(struct req *r, const char *division, const void *arg, json_t **out)
{
	const struct cov_part_arg *a = arg;
	return pairings_coverage_part(r, a->rules_at, division, COVERAGE_OWN, a->on, out);
}

static int own_parts(struct req *r, const char *root, const void *arg, const char *const *divisions, int n, json_t **out)
{
	const struct cov_part_arg *a = arg;
	return pairings_coverage_own_parts(r, a->rules_at, root, a->on, divisions, n, out);
}

static int code_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* 0, or the status of the error reply made. */
static int counts_load(struct req *r, const char *division, const char *date, struct cov_counts *c)
{
	const char *rules_key;
	int st = pairings_coverage_rules_key(r, division, &rules_key);
	if (st)
		return st;
	const char *key = arena_printf(r->arena, "%s|%s", date, rules_key);
	struct cov_part_arg a = { division, date };
	*c = (struct cov_counts){ .key = key };
	if ((st = node_memo_subtree(r, "cov_own", division, key, own_part, own_parts, &a, &c->parts)))
		return st;
	c->codes = arena_alloc(r->arena, sizeof(*c->codes) * (json_object_size(c->parts) + 1));
	const char *code;
	json_t *v;
	json_object_foreach(c->parts, code, v)
		if (division_in_subtree(division, code))
			c->codes[c->n++] = code;
	qsort(c->codes, c->n, sizeof(*c->codes), code_cmp);
	return 0;
}

static void counts_free(struct cov_counts *c)
{
	json_decref(c->parts);
}

/* A part's total and met of rule (0 when the part does not hold it). */
static void part_rule(json_t *part, const char *rule, int64_t *total, int64_t *met)
{
	json_t *v = json_object_get(json_object_get(part, "rules"), rule);
	*total = json_integer_value(json_object_get(v, "total"));
	*met = json_integer_value(json_object_get(v, "met"));
}

/* A spanning rule's counts and all its gaps, sorted as the gaps sort, from one pass over its
 * members: {"total", "met", "gaps": [gap, ...]}, kept in the node memo (kind "cov_spans_rule"). */
struct spans_gaps_arg {
	const struct cov_effective *e;
	struct cov_query *cq;
};

static int spans_rule(struct req *r, const char *division, const void *arg, json_t **out)
{
	(void)division;
	const struct spans_gaps_arg *a = arg;
	const char *met = met_sql(r, a->e);
	struct db_stmt *q = run(r, a->e, a->cq, arena_printf(r->arena,
		"WITH x AS MATERIALIZED (%s) SELECT y.k, y.label, y.division, y.v,"
		" CASE WHEN y.gap = 1 THEN (SELECT dn.name FROM divisions dn WHERE dn.code = y.division) END, y.t, y.m, y.gap"
		" FROM (SELECT x.k, x.label, x.division, x.v, COUNT(*) OVER () AS t, SUM(CASE WHEN %s THEN 1 ELSE 0 END) OVER () AS m,"
		" CASE WHEN %s THEN 0 ELSE 1 END AS gap FROM x) y ORDER BY y.gap DESC, y.division, y.k", a->e->rule->sql, met, met));
	json_t *gaps = json_array();
	int64_t total = 0, ok = 0;
	int rc = DB_ERROR;
	while (q && (rc = db_step(q)) == DB_ROW) {
		total = db_column_int(q, 5);
		ok = db_column_int(q, 6);
		if (db_column_int(q, 7) == 0) {   /* past the gaps */
			rc = DB_DONE;
			break;
		}
		json_array_append_new(gaps, gap_json(a->e, q));
	}
	db_finalize(q);
	if (q == NULL || rc != DB_DONE) {
		json_decref(gaps);
		return reply_error(r, ERR_INTERNAL, NULL);
	}
	*out = json_pack("{s:I, s:I, s:o}", "total", (json_int_t)total, "met", (json_int_t)ok, "gaps", gaps);
	return 0;
}

/* A page of the gaps of rule e (not a spanning one) from the counts: the rows of the divisions
 * that hold them, sorted as the gaps sort (division, key).  0, or -1 on a database error. */
static int counted_gaps(struct req *r, const struct cov_effective *e, struct cov_query *cq, const struct paging *pg,
			const struct cov_counts *c, json_t *gaps)
{
	const struct cov_rule *rule = e->rule;
	struct cov_query in = *cq;
	int64_t skip = pg->offset;
	{
		/* the first division holding the page's first gap, and the one holding its last */
		size_t i = 0, j;
		int64_t t, m, seen = 0;
		for (; i < c->n; i++) {
			part_rule(json_object_get(c->parts, c->codes[i]), rule->code, &t, &m);
			if (seen + t - m > skip)
				break;
			seen += t - m;
		}
		if (i == c->n)
			return 0;   /* the page lies past the gaps */
		skip -= seen;
		seen = 0;
		size_t last = i;   /* the last division with a gap of the page */
		for (j = i; j < c->n && seen < skip + pg->page_size; j++) {
			part_rule(json_object_get(c->parts, c->codes[j]), rule->code, &t, &m);
			if (t > m) {
				seen += t - m;
				last = j;
			}
		}
		in.lo = c->codes[i];
		in.hi = arena_printf(r->arena, "%s0", c->codes[last]);   /* [lo, hi "0"): up to that division itself */
	}
	struct db_stmt *q = run(r, e, &in, arena_printf(r->arena, GAP_SELECT "%s) x WHERE NOT (%s) ORDER BY x.division, x.k"
							  " LIMIT %lld OFFSET %lld", rule->sql, met_sql(r, e),
							  (long long)pg->page_size, (long long)skip));
	int rc = DB_ERROR;
	while (q && (rc = db_step(q)) == DB_ROW) {
		json_t *g = gap_json(e, q);
		if (!strcmp(rule->gap_kind, "household"))
			household_detail(r, g, cq->date);
		json_array_append_new(gaps, g);
	}
	db_finalize(q);
	return q && rc == DB_DONE ? 0 : -1;
}

/* One rule's figures from the counts and a page of its gaps: 0, -1 on a database error, or the
 * status of the error reply made. */
static int counted_rule_json(struct req *r, const struct cov_effective *e, struct cov_query *cq, const struct paging *pg,
			     const struct cov_counts *c, json_t *o)
{
	int64_t total = 0, ok = 0, t, m;
	period_from(e, cq);
	if (e->days > 0)
		json_object_set_new(o, "period_from", json_string(cq->from));
	json_t *gaps = json_array();
	int st = 0;
	if (e->rule->spans) {
		struct spans_gaps_arg a = { e, cq };
		json_t *all;
		if ((st = node_memo(r, "cov_spans_rule", cq->lo, arena_printf(r->arena, "%s|%s", c->key, e->rule->code), spans_rule,
				     &a, &all))) {
			json_decref(gaps);
			return st;
		}
		total = json_integer_value(json_object_get(all, "total"));
		ok = json_integer_value(json_object_get(all, "met"));
		json_t *list = json_object_get(all, "gaps");
		for (size_t k = (size_t)pg->offset; k < json_array_size(list) && k < (size_t)(pg->offset + pg->page_size); k++)
			json_array_append(gaps, json_array_get(list, k));
		json_decref(all);
	} else {
		for (size_t i = 0; i < c->n; i++) {
			part_rule(json_object_get(c->parts, c->codes[i]), e->rule->code, &t, &m);
			total += t;
			ok += m;
		}
		st = total > ok ? counted_gaps(r, e, cq, pg, c, gaps) : 0;
	}
	if (st) {
		json_decref(gaps);
		return st;
	}
	rule_result_set(o, total, ok, gaps);
	return 0;
}

/* Every gap of every enabled rule as one sheet. */
static int coverage_xlsx(struct req *r, const struct cov_effective *eff, struct cov_query *cq, const char *rule_only)
{
	char err[256];
	struct sheet_writer *w = sheet_writer_open(SHEET_XLSX, "覆盖缺口", err, sizeof(err));
	if (w == NULL)
		return reply_error(r, ERR_INTERNAL, NULL);
	static const char *const head[] = { "规则", "对象类别", "对象", "区划代码", "区划", "现值", "标准", "差额", "帮扶责任人",
					    "最近走访" };
	static const unsigned bold[] = { SHEET_BOLD, SHEET_BOLD, SHEET_BOLD, SHEET_BOLD, SHEET_BOLD,
					 SHEET_BOLD, SHEET_BOLD, SHEET_BOLD, SHEET_BOLD, SHEET_BOLD };
	static const unsigned nums[] = { 0, 0, 0, 0, 0, SHEET_NUMBER, SHEET_NUMBER, SHEET_NUMBER, 0, 0 };
	int row = 0, rc = sheet_writer_row(w, row++, head, bold, 10);
	for (int i = 0; i < N(rules) && rc == 0; i++) {
		const struct cov_effective *e = &eff[i];
		if (!e->enabled || (rule_only && strcmp(rule_only, e->rule->code)))
			continue;
		period_from(e, cq);
		const struct dict_item *label = dict_item(dict_find("coverage_rule"), e->rule->code);
		struct db_stmt *q = run(r, e, cq, arena_printf(r->arena, GAP_SELECT "%s) x WHERE NOT (%s) ORDER BY x.division, x.k",
							       e->rule->sql, met_sql(r, e)));
		int st;
		while (q && (st = db_step(q)) == DB_ROW && rc == 0) {
			json_t *g = gap_json(e, q);
			bool household = !strcmp(e->rule->gap_kind, "household");
			if (household)
				household_detail(r, g, cq->date);
			const char *cells[10] = { label ? label->zh : e->rule->code, json_string_value(json_object_get(g, "kind")),
						 json_string_value(json_object_get(g, "label")),
						 json_string_value(json_object_get(g, "division")),
						 json_string_value(json_object_get(g, "division_name")),
						 arena_printf(r->arena, "%lld", (long long)json_integer_value(json_object_get(g, "value"))),
						 arena_printf(r->arena, "%lld", (long long)e->threshold),
						 arena_printf(r->arena, "%lld", (long long)json_integer_value(json_object_get(g, "short_by"))),
						 household ? helper_names(r, g) : NULL,
						 household ? json_string_value(json_object_get(g, "last_visit")) : NULL };
			rc = sheet_writer_row(w, row++, cells, nums, 10);
			json_decref(g);
		}
		if (q == NULL || (rc == 0 && st != DB_DONE))
			rc = -1;
		db_finalize(q);
	}
	return reply_sheet(r, w, rc, SHEET_XLSX, "coverage.xlsx");
}

int pr_query_division(struct req *r, const char **division)
{
	int st = req_query_division(r, "division", division);
	if (st)
		return st;
	if (*division == NULL)
		*division = r->user->nscopes > 0 ? r->user->scopes[0] : "";
	if (**division == '\0')
		return reply_error_msg(r, ERR_MISSING_FIELD, "请选择区划", "Choose a division", "division");
	if (!scope_allows(r->user, *division))
		return reply_error(r, ERR_NOT_FOUND, "division");
	return 0;
}

int pairing_query_place(struct req *r, const char **division, char date[11], struct paging *pg)
{
	int st = division ? pr_query_division(r, division) : 0;
	if (!st)
		st = pairing_query_date(r, date);
	if (!st)
		st = paging_from_query(r, pg);
	return st;
}

int coverage_get(struct req *r)
{
	if (pairing_is_cadre(r))
		return reply_error_msg(r, ERR_FORBIDDEN, "帮扶干部请在“我的帮扶”中查看", "A cadre sees its own pairings (/pairings/mine)", NULL);
	const char *division, *rule_only = req_query(r, "rule"), *format = req_query(r, "format");
	struct cov_query cq;
	char date[11], upper[DIVISION_CODE_MAX + 2];
	struct paging pg;
	int st = pairing_query_place(r, &division, date, &pg);
	if (st)
		return st;
	if (rule_only && *rule_only == '\0')
		rule_only = NULL;
	if (rule_only && dict_item(dict_find("coverage_rule"), rule_only) == NULL)
		return reply_error_msg(r, ERR_VALIDATION, "不在字典范围内", "Not a value of the dictionary", "rule");
	if (format && *format && strcmp(format, "xlsx") && strcmp(format, "json"))
		return reply_error_msg(r, ERR_VALIDATION, "format 应为 json 或 xlsx", "format is json or xlsx", "format");
	division_subtree_upper(division, upper);
	cq = (struct cov_query){ .date = date, .lo = division, .hi = upper };
	struct cov_effective eff[N(rules)];
	if (effective_rules(r, division, eff))
		return reply_error(r, ERR_INTERNAL, NULL);
	if (format && !strcmp(format, "xlsx"))
		return coverage_xlsx(r, eff, &cq, rule_only);
	/* a county or a place below it: the counts from the node memo's parts */
	struct cov_counts counts, *c = NULL;
	if (strlen(division) >= 6) {
		if ((st = counts_load(r, division, date, &counts)))
			return st;
		c = &counts;
	}
	json_t *list = json_array();
	for (int i = 0; i < N(rules); i++) {
		if (rule_only && strcmp(rule_only, rules[i].code))
			continue;
		json_t *o;
		int rc = rule_json(r, &eff[i], &cq, &pg, c, &o);
		json_array_append_new(list, o);
		if (rc) {
			json_decref(list);
			if (c)
				counts_free(c);
			return rc < 0 ? reply_error(r, ERR_INTERNAL, NULL) : rc;
		}
	}
	if (c)
		counts_free(c);
	return reply_json(r, 200, json_pack("{s:s, s:s, s:I, s:I, s:o}", "division", division, "date", date, "page", (json_int_t)pg.page,
					    "page_size", (json_int_t)pg.page_size, "rules", list));
}

int coverage_rules_effective(struct req *r)
{
	const char *division;
	int st = pr_query_division(r, &division);
	if (st)
		return st;
	struct cov_effective eff[N(rules)];
	if (effective_rules(r, division, eff))
		return reply_error(r, ERR_INTERNAL, NULL);
	json_t *list = json_array();
	for (int i = 0; i < N(rules); i++) {
		const struct dict_item *label = dict_item(dict_find("coverage_rule"), rules[i].code);
		json_array_append_new(list, json_pack("{s:s, s:s, s:s, s:s, s:I, s:o, s:b, s:o}", "rule", rules[i].code, "name",
						      label ? label->zh : rules[i].code, "name_en", label ? label->en : rules[i].code,
						      "op", op_name(rules[i].op), "threshold", (json_int_t)eff[i].threshold, "days",
						      eff[i].days > 0 ? json_integer(eff[i].days) : json_null(), "enabled", eff[i].enabled,
						      "place", eff[i].place ? json_string(eff[i].place) : json_null()));
	}
	return reply_json(r, 200, json_pack("{s:s, s:o}", "division", division, "rules", list));
}

/* ---- for the roll-ups of other domains (GET /stats) ---------------------------------------- */

/* The sums of the enabled rules in force at rules_at (the part's rules only) over the members in
 * [lo, hi) on date. */
static int coverage_sums(struct req *r, const char *rules_at, const char *lo, const char *hi, enum coverage_part part,
			 const char *date, json_t **out)
{
	struct cov_query cq = { .date = date, .lo = lo, .hi = hi };
	struct cov_effective eff[N(rules)];
	if (effective_rules(r, rules_at, eff))
		return reply_error(r, ERR_INTERNAL, NULL);
	int64_t all = 0, met = 0;
	json_t *by = json_object();
	for (int i = 0; i < N(rules); i++) {
		const struct cov_effective *e = &eff[i];
		if (!e->enabled || (part == COVERAGE_OWN && e->rule->spans) || (part == COVERAGE_SPANS && !e->rule->spans))
			continue;
		period_from(e, &cq);
		struct db_stmt *q = run(r, e, &cq, arena_printf(r->arena, "SELECT COUNT(*), COALESCE(SUM(CASE WHEN %s THEN 1 ELSE 0"
									 " END), 0) FROM (%s) x", met_sql(r, e), e->rule->sql));
		if (q == NULL || db_step(q) != DB_ROW) {
			db_finalize(q);
			json_decref(by);
			return reply_error(r, ERR_INTERNAL, NULL);
		}
		int64_t t = db_column_int(q, 0), ok = db_column_int(q, 1);
		db_finalize(q);
		all += t;
		met += ok;
		json_object_set_new(by, e->rule->code, json_pack("{s:I, s:I}", "total", (json_int_t)t, "met", (json_int_t)ok));
	}
	*out = json_pack("{s:s, s:I, s:I, s:I, s:o, s:o}", "date", date, "total", (json_int_t)all, "met", (json_int_t)met, "gaps",
			 (json_int_t)(all - met), "coverage", all ? json_real((double)met / (double)all) : json_null(), "rules", by);
	return 0;
}

int pairings_coverage_totals(struct req *r, const char *division, const char *date, json_t **out)
{
	char upper[DIVISION_CODE_MAX + 2];
	division_subtree_upper(division, upper);
	return coverage_sums(r, division, division, upper, COVERAGE_ALL, date, out);
}

int pairings_coverage_part(struct req *r, const char *rules_at, const char *division, enum coverage_part part,
			   const char *date, json_t **out)
{
	if (part == COVERAGE_OWN) {
		/* the division's own rows: codes are digits, so [X, X "0") holds X alone */
		const char *hi = arena_printf(r->arena, "%s0", division);
		return coverage_sums(r, rules_at, division, hi, part, date, out);
	}
	char upper[DIVISION_CODE_MAX + 2];
	division_subtree_upper(division, upper);
	return coverage_sums(r, rules_at, division, upper, part, date, out);
}

int pairings_coverage_own_parts(struct req *r, const char *rules_at, const char *root, const char *date,
				const char *const *divisions, int n, json_t **out)
{
	char upper[DIVISION_CODE_MAX + 2];
	division_subtree_upper(root, upper);
	struct cov_query cq = { .date = date, .lo = root, .hi = upper };
	struct cov_effective eff[N(rules)];
	if (effective_rules(r, rules_at, eff))
		return reply_error(r, ERR_INTERNAL, NULL);
	/* {division: {code: [total, met]}} from one grouped pass per rule over the subtree */
	json_t *by = json_object();
	for (int i = 0; i < N(rules); i++) {
		const struct cov_effective *e = &eff[i];
		if (!e->enabled || e->rule->spans)
			continue;
		period_from(e, &cq);
		/* a duty over a county or more: its pairings first (a tenth of the households), as by=helper reads it */
		const char *sql = e->rule->wide && strlen(root) <= 6 ? arena_printf(r->arena, DUTY_COVERAGE("%s"), e->rule->wide)
								      : e->rule->sql;
		struct db_stmt *q = run(r, e, &cq, arena_printf(r->arena, "SELECT x.division, COUNT(*), COALESCE(SUM(CASE WHEN %s"
									 " THEN 1 ELSE 0 END), 0) FROM (%s) x GROUP BY x.division",
								 met_sql(r, e), sql));
		int rc = DB_ERROR;
		while (q && (rc = db_step(q)) == DB_ROW) {
			if (db_column_is_null(q, 0))
				continue;
			const char *d = db_column_text(q, 0);
			json_t *rs = json_object_get(by, d);
			if (rs == NULL) {
				rs = json_object();
				json_object_set_new(by, d, rs);
			}
			json_object_set_new(rs, e->rule->code, json_pack("[I, I]", (json_int_t)db_column_int(q, 1),
									 (json_int_t)db_column_int(q, 2)));
		}
		db_finalize(q);
		if (q == NULL || rc != DB_DONE) {
			json_decref(by);
			return reply_error(r, ERR_INTERNAL, NULL);
		}
	}
	/* each division's part as pairings_coverage_part (COVERAGE_OWN) gives it */
	*out = json_object();
	for (int k = 0; k < n; k++) {
		json_t *rs = json_object_get(by, divisions[k]), *rules_by = json_object();
		int64_t all = 0, met = 0;
		for (int i = 0; i < N(rules); i++) {
			const struct cov_effective *e = &eff[i];
			if (!e->enabled || e->rule->spans)
				continue;
			json_t *v = json_object_get(rs, e->rule->code);
			int64_t t = v ? json_integer_value(json_array_get(v, 0)) : 0, ok = v ? json_integer_value(json_array_get(v, 1)) : 0;
			all += t;
			met += ok;
			json_object_set_new(rules_by, e->rule->code, json_pack("{s:I, s:I}", "total", (json_int_t)t, "met", (json_int_t)ok));
		}
		json_object_set_new(*out, divisions[k], json_pack("{s:s, s:I, s:I, s:I, s:o, s:o}", "date", date, "total", (json_int_t)all,
								  "met", (json_int_t)met, "gaps", (json_int_t)(all - met), "coverage",
								  all ? json_real((double)met / (double)all) : json_null(), "rules",
								  rules_by));
	}
	json_decref(by);
	return 0;
}

int pairings_coverage_rules_key(struct req *r, const char *division, const char **key)
{
	struct cov_effective eff[N(rules)];
	if (effective_rules(r, division, eff))
		return reply_error(r, ERR_INTERNAL, NULL);
	const char *k = "";
	for (int i = 0; i < N(rules); i++)
		k = arena_printf(r->arena, "%s%s%lld.%lld.%d", k, i ? "," : "", (long long)eff[i].threshold, (long long)eff[i].days,
				 eff[i].enabled ? 1 : 0);
	*key = k;
	return 0;
}

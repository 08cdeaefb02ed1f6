/* compliance.c - the per-type meeting rules and each organisation's compliance with them over a period (see partylife.h). */
#include <stdio.h>
#include <string.h>

#include "auth/scope.h"
#include "core/clock.h"
#include "core/division.h"
#include "db/sqlbuf.h"
#include "http/reply.h"
#include "model/audit.h"
#include "model/dict.h"
#include "modules/partylife/meetings.h"
#include "modules/partylife/partylife.h"

#define MAX_UNITS 60

/* ---- rules ------------------------------------------------------------------------------ */

/*
 * A rule has a place: the division subtree it applies to ("" national, the
 * 三会一课 defaults; "440232" 乳源's township meetings).  For an organisation
 * the rule of an organisation type and meeting kind in effect is the one
 * set at the nearest place up the tree from the organisation's division.
 */
struct rule {
	const char *division, *org_type, *kind;
	enum pl_freq freq;
	int64_t times;
	bool per_leader;
};

static int load_rules(struct req *r, const char *place, struct rule **out, int *n)
{
	struct db_stmt *st = place ? db_query(r->db, "SELECT division, org_type, kind, frequency, times, per_leader FROM meeting_rules"
					      " WHERE division = $1 ORDER BY org_type, kind", "t", place)
				   : db_query(r->db, "SELECT division, org_type, kind, frequency, times, per_leader FROM meeting_rules"
					      " ORDER BY division, org_type, kind", NULL);
	if (st == NULL)
		return DB_ERROR;
	int cap = 64, rc;
	struct rule *rules = arena_alloc(r->arena, sizeof(*rules) * (size_t)cap);
	*n = 0;
	while ((rc = db_step(st)) == DB_ROW) {
		if (*n == cap) {
			struct rule *g = arena_alloc(r->arena, sizeof(*rules) * (size_t)cap * 2);
			memcpy(g, rules, sizeof(*rules) * (size_t)cap);
			rules = g;
			cap *= 2;
		}
		struct rule *x = &rules[(*n)++];
		x->division = arena_strdup(r->arena, db_column_text(st, 0) ? db_column_text(st, 0) : "");
		x->org_type = arena_strdup(r->arena, db_column_text(st, 1));
		x->kind = arena_strdup(r->arena, db_column_text(st, 2));
		if (pl_freq_parse(db_column_text(st, 3), &x->freq))
			x->freq = PL_YEAR;
		x->times = db_column_int(st, 4);
		x->per_leader = db_column_int(st, 5) != 0;
	}
	db_finalize(st);
	*out = rules;
	return rc == DB_DONE ? DB_OK : rc;
}

/* Does rule x apply to an organisation of type in division (NULL type: any)?
 * Its place holds the division and no nearer rule of the same type and kind does. */
static bool rule_applies(const struct rule *rules, int n, int k, const char *type, const char *division)
{
	const struct rule *x = &rules[k];
	if ((type && strcmp(x->org_type, type)) || !division_in_subtree(x->division, division))
		return false;
	size_t len = strlen(x->division);
	for (int i = 0; i < n; i++)
		if (i != k && !strcmp(rules[i].org_type, x->org_type) && !strcmp(rules[i].kind, x->kind) &&
		    strlen(rules[i].division) > len && division_in_subtree(rules[i].division, division))
			return false;
	return true;
}

static json_t *rule_json(const struct rule *x)
{
	return json_pack("{s:s, s:s, s:s, s:s, s:s, s:I, s:b}", "division", x->division, "org_type", x->org_type, "kind",
			 x->kind, "kind_name", pl_meeting_kind_zh(x->kind), "frequency", pl_freq_name(x->freq), "times",
			 (json_int_t)x->times, "per_leader", x->per_leader);
}

static json_t *rules_json(const struct rule *rules, int n)
{
	json_t *a = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(a, rule_json(&rules[i]));
	return a;
}

/* GET ?division=: the rules set at that place ("" or absent: the national ones), which a PUT
 * there replaces, and the rules in effect there (the nearest place's of each type and kind). */
int meeting_rules_get(struct req *r)
{
	const char *place;
	int st = req_query_division(r, "division", &place);
	if (st)
		return st;
	if (place == NULL || !strcmp(place, "all"))
		place = "";
	struct rule *rules;
	int n;
	if (load_rules(r, NULL, &rules, &n) != DB_OK)
		return reply_error(r, ERR_INTERNAL, NULL);
	json_t *own = json_array(), *effective = json_array();
	for (int i = 0; i < n; i++) {
		if (!strcmp(rules[i].division, place))
			json_array_append_new(own, rule_json(&rules[i]));
		if (rule_applies(rules, n, i, NULL, place))
			json_array_append_new(effective, rule_json(&rules[i]));
	}
	json_t *k = json_array();
	for (int i = 0; i < pl_meeting_nkinds; i++)
		json_array_append_new(k, json_pack("{s:s, s:s}", "code", pl_meeting_kinds[i].code, "zh", pl_meeting_kinds[i].zh));
	return reply_json(r, 200, json_pack("{s:s, s:o, s:o, s:o}", "division", place, "rules", own, "effective", effective,
					    "kinds", k));
}

/* The keys of meeting_rules_put's body (also the route's documented fields, app/routes.c). */
const char *const meeting_rules_put_fields[] = { "rules", NULL };

/* PUT ?division= replaces the rules set at that place ("" or absent: the national
 * rules): {"rules":[{"org_type","kind","frequency","times"?,"per_leader"?}]} */
int meeting_rules_put(struct req *r)
{
	const char *place;
	int st = req_query_division(r, "division", &place);
	if (st)
		return st;
	if (place == NULL || !strcmp(place, "all"))
		place = "";
	/* the settings-by-place rule: a place's rules by a user whose scope holds it, the national ones by an administrator */
	if (!scope_may_set(r->user, place))
		return reply_error_msg(r, ERR_FORBIDDEN,
				       *place ? "只能为本辖区设置会议规则" : "全国会议规则只有系统管理员可以修改",
				       *place ? "You may set meeting rules for your own area only"
					      : "The national meeting rules are changed by an administrator only",
				       "division");
	if ((st = body_object(r, meeting_rules_put_fields)))
		return st;
	if (*place) {
		int64_t found = 0;
		if (db_query_int(r->db, &found, "SELECT COUNT(*) FROM divisions WHERE code = $1", "t", place) != DB_ROW)
			return reply_error(r, ERR_INTERNAL, NULL);
		if (!found)
			return reply_error_msg(r, ERR_BAD_DIVISION, "区划不存在", "No such division", "division");
	}
	json_t *a = json_object_get(r->json, "rules");
	if (!json_is_array(a) || json_array_size(a) > 500)
		return reply_error_msg(r, ERR_VALIDATION, "会议规则应为规则的数组", "rules is an array of rules", "rules");
	int n = (int)json_array_size(a);
	struct rule *rules = arena_zalloc(r->arena, sizeof(*rules) * (size_t)(n + 1));
	size_t i;
	json_t *v;
	json_array_foreach(a, i, v) {
		struct rule *x = &rules[i];
		const char *key;
		json_t *f;
		if (!json_is_object(v))
			return reply_error_msg(r, ERR_VALIDATION, "每条规则应为对象", "Each rule is an object", "rules");
		json_object_foreach(v, key, f)
			if (strcmp(key, "org_type") && strcmp(key, "kind") && strcmp(key, "frequency") && strcmp(key, "times") &&
			    strcmp(key, "per_leader") && strcmp(key, "kind_name") && strcmp(key, "division"))
				return reply_error(r, ERR_UNKNOWN_FIELD, arena_printf(r->arena, "rules.%s", key));
		json_t *d = json_object_get(v, "division");
		if (d && !json_is_null(d) && !(json_is_string(d) && !strcmp(json_string_value(d), place)))
			return reply_error_msg(r, ERR_VALIDATION, "规则的区划应与所设置的区划一致",
					       "A rule's division is the place being set", "rules");
		x->division = place;
		x->org_type = json_string_value(json_object_get(v, "org_type"));
		x->kind = json_string_value(json_object_get(v, "kind"));
		json_t *times = json_object_get(v, "times"), *pl = json_object_get(v, "per_leader");
		x->times = times ? json_integer_value(times) : 1;
		x->per_leader = pl && json_is_true(pl);
		if (!x->org_type || !dict_item(dict_find("org_type"), x->org_type))
			return reply_error_msg(r, ERR_VALIDATION, "未知党组织类型", "Unknown organisation type", "rules");
		if (!pl_meeting_kind_zh(x->kind))
			return reply_error_msg(r, ERR_VALIDATION, "未知会议类型", "Unknown meeting kind", "rules");
		if (pl_freq_parse(json_string_value(json_object_get(v, "frequency")), &x->freq))
			return reply_error_msg(r, ERR_VALIDATION, "会议频次应为每周、每月、每季度或每年",
					       "frequency is weekly, monthly, quarterly or yearly", "rules");
		if ((times && !json_is_integer(times)) || x->times < 1 || x->times > 31 || (pl && !json_is_boolean(pl)))
			return reply_error_msg(r, ERR_VALIDATION, "次数应为 1 到 31 的整数，“按每名领导计”应为是或否",
					       "times is an integer 1..31, per_leader a boolean", "rules");
		for (size_t k = 0; k < i; k++)
			if (!strcmp(rules[k].org_type, x->org_type) && !strcmp(rules[k].kind, x->kind))
				return reply_error_msg(r, ERR_VALIDATION, "同一组织类型和会议类型只能有一条规则",
						       "One rule per organisation type and meeting kind", "rules");
	}
	struct rule *old;
	int nold;
	int rc = load_rules(r, place, &old, &nold);
	if (rc == DB_OK)
		rc = db_begin(r->db);
	if (rc == DB_OK)
		rc = db_exec(r->db, "DELETE FROM meeting_rules WHERE division = $1", "t", place);
	for (int k = 0; k < n && rc == DB_OK; k++)
		rc = db_exec(r->db, "INSERT INTO meeting_rules (division, org_type, kind, frequency, times, per_leader) VALUES"
			     " ($1, $2, $3, $4, $5, $6)", "ttttii", place, rules[k].org_type, rules[k].kind,
			     pl_freq_name(rules[k].freq), rules[k].times, (int64_t)rules[k].per_leader);
	json_t *before = rules_json(old, rc == DB_OK ? nold : 0), *after = rules_json(rules, n);
	struct audit_entry e = { .action = "update", .entity = "meeting_rules", .entity_id = *place ? place : "national",
				 .division = *place ? place : NULL, .before = before, .after = after };
	st = audit_commit_reply(r, rc, &e);
	json_decref(before);
	if (st) {
		json_decref(after);
		return st;
	}
	return reply_json(r, 200, json_pack("{s:s, s:o}", "division", place, "rules", after));
}

/* ---- compliance -------------------------------------------------------------------------- */

/*
 * A unit (week, month, quarter, year) that has ended before today is
 * assessed: its shortfall is missing.  A unit still running (or not yet
 * begun) is in progress: what it still needs is open, not missing.  The
 * meetings counted are the held ones (not the planned), a 党员大会 only with
 * its quorum, and a party group's own 党小组会 for its branch.  A unit
 * counts every meeting inside it, wherever the selected period starts (a
 * yearly rule assessed in December counts the meeting of March).
 *
 * The units of a period: the weeks, months and quarters ending inside it;
 * for a yearly requirement (组织生活会, 民主评议党员: once a year) every year
 * the period overlaps, so that a month or a quarter shows the year's
 * requirement with its progress so far: held, still open while the year
 * runs, missing (overdue) once it has ended.
 */

struct held {
	int64_t org, day;
	const char *kind, *division;
};

struct bucket {
	const char *code;
	int64_t orgs, compliant, in_progress;
};

/*
 * What a report covers.  CMP_WHOLE: the organisations under division, each
 * counted in division's child that holds it (GET /compliance/meetings).  The
 * roll-ups keep a county's compliance in parts, one per division: the
 * organisations whose own division it is, each crediting only the held
 * meetings that lie in its own division's subtree (a meeting's write clears
 * the memo of its division and of their ancestors, so it always clears the
 * parts that count it).  CMP_PART: the part of division alone, its meetings
 * read through its organisations (after a write: a few parts).  CMP_PARTS:
 * every part under division in one pass (by_division one row per
 * organisation's own division: the first read of a day fills them all).
 */
enum cmp_mode { CMP_WHOLE, CMP_PART, CMP_PARTS };

static int assessed_units(enum pl_freq f, const struct pl_period *p, int64_t *starts, int64_t *ends, int max)
{
	if (f != PL_YEAR)
		return pl_units(f, p, starts, ends, max);
	int n = 0;
	int64_t first, last;
	for (int64_t day = p->first; day <= p->last; day = last + 1) {
		pl_unit_of(f, day, &first, &last);
		if (n < max) {
			starts[n] = first;
			ends[n] = last;
		}
		n++;
	}
	return n < max ? n : max;
}

int meetings_compliance_asof(struct req *r, const struct pl_period *period, char *out, size_t size)
{
	struct rule *rules;
	int nrules;
	if (load_rules(r, NULL, &rules, &nrules) != DB_OK)
		return -1;
	bool used[PL_FREQ_COUNT] = { false };
	for (int i = 0; i < nrules; i++)
		used[rules[i].freq] = true;
	int64_t today = pl_cst_day(clock_now()), starts[MAX_UNITS], ends[MAX_UNITS];
	size_t len = (size_t)snprintf(out, size, "%s", period->last >= today ? "p" : "e");
	for (int f = 0; f < PL_FREQ_COUNT && len < size; f++) {
		if (!used[f])
			continue;
		int n = assessed_units((enum pl_freq)f, period, starts, ends, MAX_UNITS), ended = 0;
		for (int u = 0; u < n; u++)
			ended += ends[u] < today;
		len += (size_t)snprintf(out + len, size - len, "%c%d", pl_freq_name((enum pl_freq)f)[0], ended);
	}
	return 0;
}

static bool in_page(const struct paging *pg, int64_t index)
{
	return index >= pg->offset && index < pg->offset + pg->page_size;
}

/* The held meetings counted for compliance in [w0, w1) days, by the organisation they credit.
 * CMP_PART: only the meetings that may credit an organisation of division itself (its own and
 * its party groups'), read through the organisations (index meetings_org), not the subtree's:
 * a join with them, not "org_id IN (...)", which PostgreSQL's generic plan of the cached
 * statement ran as a subquery per meeting (8-10 s for a county's own part), and without the
 * subtree's range (its generic plan scans meetings_division): the part's division lies in
 * the caller's scope (the roll-ups' node does), and compliance_report keeps the meetings of
 * the organisation's own subtree. */
static int load_held(struct req *r, const char *division, enum cmp_mode mode, int64_t w0, int64_t w1, struct held **out,
		     int *n)
{
	struct sqlbuf b;
	sqlbuf_init(&b, r->arena);
	sqlbuf_add(&b, "SELECT CASE WHEN m.kind = 'party_group' AND o.type = 'party_group' AND o.parent_id IS NOT NULL"
		       " THEN o.parent_id ELSE m.org_id END AS credited, m.kind, m.starts_at, m.division FROM ");
	if (mode == CMP_PART) {
		sqlbuf_add(&b, "(SELECT d.id FROM orgs d WHERE d.division = ");
		sqlbuf_text(&b, division);
		sqlbuf_add(&b, " UNION SELECT g.id FROM orgs g JOIN orgs p ON p.id = g.parent_id WHERE p.division = ");
		sqlbuf_text(&b, division);
		sqlbuf_add(&b, ") c JOIN meetings m ON m.org_id = c.id");
	} else
		sqlbuf_add(&b, "meetings m");
	sqlbuf_add(&b, " JOIN orgs o ON o.id = m.org_id WHERE m.status = 'held' AND (m.quorum IS NULL OR m.quorum = 1)");
	if (mode != CMP_PART) {
		sqlbuf_add(&b, " AND ");
		scope_where_under(&b, r->user, "m.division", division);
	}
	sqlbuf_add(&b, " AND m.starts_at >= ");
	sqlbuf_int(&b, w0 * 86400 - 8 * 3600);
	sqlbuf_add(&b, " AND m.starts_at < ");
	sqlbuf_int(&b, w1 * 86400 - 8 * 3600);
	sqlbuf_add(&b, " ORDER BY 1");
	struct db_stmt *q = sqlbuf_query(r->db, &b);
	if (q == NULL)
		return DB_ERROR;
	int cap = 256, rc;
	struct held *held = arena_alloc(r->arena, sizeof(*held) * (size_t)cap);
	*n = 0;
	while ((rc = db_step(q)) == DB_ROW) {
		if (*n == cap) {
			struct held *g = arena_alloc(r->arena, sizeof(*held) * (size_t)cap * 2);
			memcpy(g, held, sizeof(*held) * (size_t)cap);
			held = g;
			cap *= 2;
		}
		held[*n].org = db_column_int(q, 0);
		held[*n].kind = arena_strdup(r->arena, db_column_text(q, 1));
		held[*n].day = pl_cst_day(db_column_int(q, 2));
		held[*n].division = mode == CMP_WHOLE ? NULL : arena_strdup(r->arena, db_column_text(q, 3));
		(*n)++;
	}
	db_finalize(q);
	*out = held;
	return rc == DB_DONE ? DB_OK : rc;
}

static int compliance_report(struct req *r, const char *division, enum cmp_mode mode, struct pl_period period,
			     struct paging pg, bool only_noncompliant, json_t **out);

int meetings_compliance(struct req *r)
{
	const char *division, *ps = req_query(r, "period");
	int st = pl_division_param(r, false, &division);
	if (st)
		return st;
	struct paging pg;
	if ((st = paging_from_query(r, &pg)))
		return st;
	const char *nc = req_query(r, "noncompliant");
	bool only_noncompliant = nc && !strcmp(nc, "1");
	struct pl_period period;
	if (ps == NULL || pl_period_parse(ps, &period))
		return reply_error_msg(r, ERR_VALIDATION, "统计期应为月（如 2026-11）、季度（如 2026Q3）或年（如 2026）",
				       "period is a month 2026-11, a quarter 2026Q3 or a year 2026", "period");
	json_t *out;
	if ((st = compliance_report(r, division, CMP_WHOLE, period, pg, only_noncompliant, &out)))
		return st;
	return reply_json(r, 200, out);
}

int meetings_compliance_rollup(struct req *r, const char *division, const struct pl_period *period, json_t **out)
{
	struct paging pg = { .page = 1, .page_size = 1, .offset = 0 };
	return compliance_report(r, division, CMP_WHOLE, *period, pg, true, out);
}

int meetings_compliance_parts(struct req *r, const char *division, bool one, const struct pl_period *period, json_t **out)
{
	struct paging pg = { .page = 1, .page_size = 1, .offset = 0 };
	json_t *full;
	int st = compliance_report(r, division, one ? CMP_PART : CMP_PARTS, *period, pg, true, &full);
	if (st)
		return st;
	*out = json_object();
	size_t i;
	json_t *b;
	json_array_foreach(json_object_get(full, "by_division"), i, b)
		json_object_set_new(*out, json_string_value(json_object_get(b, "division")),
				    json_pack("{s:O, s:O, s:O}", "orgs", json_object_get(b, "orgs"), "compliant",
					      json_object_get(b, "compliant"), "in_progress", json_object_get(b, "in_progress")));
	json_decref(full);
	return 0;
}

/* The compliance of the organisations under division in period (mode: enum cmp_mode): 0 with
 * *out (the reply of GET /compliance/meetings), or the status of the error reply made. */
static int compliance_report(struct req *r, const char *division, enum cmp_mode mode, struct pl_period period,
			     struct paging pg, bool only_noncompliant, json_t **out)
{
	struct rule *rules;
	int nrules;
	if (load_rules(r, NULL, &rules, &nrules) != DB_OK)
		return reply_error(r, ERR_INTERNAL, NULL);
	int64_t today = pl_cst_day(clock_now());
	bool in_progress = period.last >= today;

	int64_t starts[PL_FREQ_COUNT][MAX_UNITS], ends[PL_FREQ_COUNT][MAX_UNITS];
	int nunits[PL_FREQ_COUNT], nended[PL_FREQ_COUNT];
	/* the window covers every assessed unit: weeks start before the period, a quarter or a year long before */
	int64_t w0 = period.first, w1 = period.last + 1;
	for (int f = 0; f < PL_FREQ_COUNT; f++) {
		nunits[f] = assessed_units((enum pl_freq)f, &period, starts[f], ends[f], MAX_UNITS);
		nended[f] = 0;
		for (int u = 0; u < nunits[f]; u++) {
			w0 = starts[f][u] < w0 ? starts[f][u] : w0;
			w1 = ends[f][u] + 1 > w1 ? ends[f][u] + 1 : w1;
			nended[f] += ends[f][u] < today;
		}
	}
	struct held *held;
	int nheld;
	if (load_held(r, division, mode, w0, w1, &held, &nheld) != DB_OK)
		return reply_error(r, ERR_INTERNAL, NULL);

	/* township leaders per division, for per-leader rules */
	struct sqlbuf b;
	sqlbuf_init(&b, r->arena);
	sqlbuf_add(&b, "SELECT division, COUNT(*) FROM people WHERE cadre_role = 'township_leader' AND ");
	if (mode == CMP_PART) {
		sqlbuf_add(&b, "division = ");
		sqlbuf_text(&b, division);
	} else
		sqlbuf_subtree(&b, "division", division);
	sqlbuf_add(&b, " GROUP BY division");
	struct db_stmt *q = sqlbuf_query(r->db, &b);
	if (q == NULL)
		return reply_error(r, ERR_INTERNAL, NULL);
	json_t *leaders = json_object();
	while (db_step(q) == DB_ROW)
		json_object_set_new(leaders, db_column_text(q, 0), json_integer(db_column_int(q, 1)));
	db_finalize(q);

	/* the organisations with rules */
	sqlbuf_init(&b, r->arena);
	sqlbuf_add(&b, "SELECT o.id, o.name, o.type, o.division FROM orgs o WHERE o.type IN"
		       " (SELECT org_type FROM meeting_rules) AND ");
	scope_where_under(&b, r->user, "o.division", division);
	if (mode == CMP_PART) {
		sqlbuf_add(&b, " AND o.division = ");
		sqlbuf_text(&b, division);
	}
	sqlbuf_add(&b, " ORDER BY o.id");
	q = sqlbuf_query(r->db, &b);
	if (q == NULL) {
		json_decref(leaders);
		return reply_error(r, ERR_INTERNAL, NULL);
	}
	int clen = division_child_length(division);
	/* CMP_PARTS: one bucket per organisation's division (a county holds a few hundred) */
	int nb = 0, bcap = 256;
	struct bucket *buckets = arena_alloc(r->arena, sizeof(*buckets) * (size_t)bcap);
	/* the orgs and missing lists are paged; the totals and the roll-up count every organisation */
	json_t *orgs = json_array(), *missing = json_array();
	int64_t total_orgs = 0, total_ok = 0, total_running = 0, hi = 0, listed_orgs = 0, listed_missing = 0;
	int64_t all_due = 0, all_held = 0, all_missing = 0, all_open = 0;
	while (db_step(q) == DB_ROW) {
		int64_t id = db_column_int(q, 0);
		const char *name = db_column_text(q, 1), *type = db_column_text(q, 2), *odiv = db_column_text(q, 3);
		while (hi < nheld && held[hi].org < id)
			hi++;
		int64_t lo = hi;
		while (hi < nheld && held[hi].org == id)
			hi++;
		/* a part counts the meetings of its own subtree only (kind "" matches no rule) */
		if (mode != CMP_WHOLE)
			for (int64_t h = lo; h < hi; h++)
				if (!division_in_subtree(odiv, held[h].division))
					held[h].kind = "";
		json_t *ks = json_array();
		int64_t org_missing = 0, org_open = 0;
		for (int k = 0; k < nrules; k++) {
			const struct rule *x = &rules[k];
			if (nunits[x->freq] == 0 || !rule_applies(rules, nrules, k, type, odiv))
				continue;
			int64_t per = x->times;
			if (x->per_leader) {
				int64_t nl = json_integer_value(json_object_get(leaders, odiv));
				per *= nl > 0 ? nl : 1;
			}
			int64_t expected = per * nunits[x->freq], due = per * nended[x->freq];
			int64_t held_n = 0, miss = 0, open = 0, units_met = 0;
			for (int u = 0; u < nunits[x->freq]; u++) {
				int64_t c = 0;
				for (int64_t h = lo; h < hi; h++)
					if (held[h].day >= starts[x->freq][u] && held[h].day <= ends[x->freq][u] &&
					    !strcmp(held[h].kind, x->kind))
						c++;
				held_n += c;
				int64_t short_by = c < per ? per - c : 0;
				if (ends[x->freq][u] < today)
					miss += short_by;
				else
					open += short_by;
				units_met += c >= per;
			}
			org_missing += miss;
			org_open += open;
			all_due += due;
			all_held += held_n;
			all_missing += miss;
			all_open += open;
			json_array_append_new(ks, json_pack("{s:s, s:s, s:s, s:s, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:b}",
							    "kind", x->kind, "kind_name", pl_meeting_kind_zh(x->kind),
							    "rule_division", x->division, "frequency", pl_freq_name(x->freq),
							    "units", (json_int_t)nunits[x->freq], "units_ended",
							    (json_int_t)nended[x->freq], "expected", (json_int_t)expected,
							    "due", (json_int_t)due, "held", (json_int_t)held_n, "missing",
							    (json_int_t)miss, "open", (json_int_t)open, "units_met",
							    (json_int_t)units_met, "in_progress", nended[x->freq] < nunits[x->freq]));
			if (miss && in_page(&pg, listed_missing++))
				json_array_append_new(missing, json_pack("{s:I, s:s, s:s, s:s, s:s, s:I, s:I, s:I, s:I}", "org_id",
									 (json_int_t)id, "org_name", name, "division", odiv,
									 "kind", x->kind, "frequency", pl_freq_name(x->freq),
									 "expected", (json_int_t)expected, "due", (json_int_t)due,
									 "held", (json_int_t)held_n, "missing", (json_int_t)miss));
		}
		if (json_array_size(ks) == 0) {
			json_decref(ks);
			continue;
		}
		/* compliant: nothing missed in the ended units; in progress: nothing missed, something still open */
		bool ok = org_missing == 0, running = ok && org_open > 0;
		const char *status = !ok ? "noncompliant" : running ? "in_progress" : "compliant";
		total_orgs++;
		total_ok += ok;
		total_running += running;
		if ((!only_noncompliant || !ok) && in_page(&pg, listed_orgs++))
			json_array_append_new(orgs, json_pack("{s:I, s:s, s:s, s:s, s:b, s:s, s:I, s:I, s:o}", "org_id",
							      (json_int_t)id, "name", name, "type", type, "division", odiv,
							      "compliant", ok, "status", status, "missing", (json_int_t)org_missing,
							      "open", (json_int_t)org_open, "kinds", ks));
		else
			json_decref(ks);
		char child[DIVISION_CODE_MAX + 1];
		if (mode != CMP_WHOLE)
			snprintf(child, sizeof(child), "%s", odiv);
		else if ((int)strlen(odiv) > (int)strlen(division) && (int)strlen(odiv) >= clen)
			snprintf(child, sizeof(child), "%.*s", clen, odiv);
		else
			snprintf(child, sizeof(child), "%s", division);
		int bi = 0;
		while (bi < nb && strcmp(buckets[bi].code, child))
			bi++;
		if (bi == nb) {
			if (nb == bcap) {
				struct bucket *g = arena_alloc(r->arena, sizeof(*g) * (size_t)bcap * 2);
				memcpy(g, buckets, sizeof(*g) * (size_t)nb);
				buckets = g;
				bcap *= 2;
			}
			buckets[nb++] = (struct bucket){ .code = arena_strdup(r->arena, child) };
		}
		buckets[bi].orgs++;
		buckets[bi].compliant += ok;
		buckets[bi].in_progress += running;
	}
	db_finalize(q);
	json_decref(leaders);
	json_t *by = json_array();
	for (int i = 0; i < nb; i++)
		json_array_append_new(by, json_pack("{s:s, s:I, s:I, s:I, s:f}", "division", buckets[i].code, "orgs",
						    (json_int_t)buckets[i].orgs, "compliant", (json_int_t)buckets[i].compliant,
						    "in_progress", (json_int_t)buckets[i].in_progress, "rate",
						    buckets[i].orgs ? (double)buckets[i].compliant / (double)buckets[i].orgs : 0.0));
	if (mode == CMP_WHOLE)
		pl_name_divisions(r, by);
	char first[16], last[16], asof[16];
	pl_day_text(period.first, first);
	pl_day_text(period.last, last);
	pl_day_text(today, asof);
	json_t *units = json_object(), *ended = json_object();
	for (int f = 0; f < PL_FREQ_COUNT; f++) {
		json_object_set_new(units, pl_freq_name((enum pl_freq)f), json_integer(nunits[f]));
		json_object_set_new(ended, pl_freq_name((enum pl_freq)f), json_integer(nended[f]));
	}
	*out = json_pack("{s:s, s:{s:s, s:s, s:s, s:o, s:o, s:b, s:s, s:s},"
					    " s:{s:I, s:I, s:I, s:I, s:f, s:I, s:I, s:I, s:I}, s:o, s:o, s:o,"
					    " s:{s:I, s:I, s:I, s:I}}",
		"division", division, "period", "label", period.label, "first_day", first, "last_day", last, "units", units,
		"units_ended", ended, "in_progress", in_progress, "as_of", asof,
		"rule", "a weekly, monthly or quarterly requirement is assessed in the period where its week"
			" (Monday-Sunday, CST), month or quarter ends, a yearly one in every period that overlaps its year,"
			" counting every held meeting of that unit; a unit that has not ended is in progress: its"
			" shortfall is open, not missing",
		"totals", "orgs", (json_int_t)total_orgs, "compliant", (json_int_t)total_ok, "in_progress",
		(json_int_t)total_running, "noncompliant", (json_int_t)(total_orgs - total_ok), "rate",
		total_orgs ? (double)total_ok / (double)total_orgs : 0.0, "due", (json_int_t)all_due, "held",
		(json_int_t)all_held, "missing", (json_int_t)all_missing, "open", (json_int_t)all_open,
		"by_division", by, "missing", missing, "orgs", orgs,
		"paging", "page", (json_int_t)pg.page, "page_size", (json_int_t)pg.page_size, "orgs_total",
		(json_int_t)listed_orgs, "missing_total", (json_int_t)listed_missing);
	return 0;
}
